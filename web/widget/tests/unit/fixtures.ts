// Builders for the unit tests.
import type { Conversation, Message } from '../../src/core/types';

export function msg(p: Partial<Message> & { id: string; seq: number }): Message {
  return {
    conversation_id: 'c1', sender_type: 'contact', sender_name: '', kind: 'text', content: `m${p.seq}`,
    attachments: [], client_msg_id: '', created_at: '2025-01-01T00:00:00Z', ...p,
  };
}

export function conv(p: Partial<Conversation> & { id: string }): Conversation {
  return {
    inbox_id: 'i1', status: 'open', last_seq: 0, contact_last_read_seq: 0, agent_last_read_seq: 0,
    last_activity_at: '2025-01-01T00:00:00Z', created_at: '2025-01-01T00:00:00Z', rating: null, ...p,
  };
}
