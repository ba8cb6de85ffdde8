// The frames of the agent WebSocket (docs/realtime.md). Only the ones the workspace acts on are
// typed; unknown types are ignored, as the protocol asks.
import type { Conversation, LiveVisitor, Message } from '@/api/types';

export interface TypingState {
  sender_type: string;
  sender_id?: string;
  name: string;
  typing: boolean;
  private?: boolean;
}

export type ServerFrame =
  | { type: 'welcome'; role: string; cursor: number }
  | { type: 'resync_required' }
  | { type: 'message.created'; cursor?: number; conversation_id: string; message: Message; conversation?: Conversation }
  | { type: 'message.updated'; cursor?: number; conversation_id: string; message: Message }
  | { type: 'conversation.created'; cursor?: number; conversation_id: string; conversation: Conversation }
  | { type: 'conversation.updated'; cursor?: number; conversation_id: string; conversation: Conversation }
  /** The conversation's content is gone (its customer was erased, or retention took it). */
  | { type: 'conversation.erased'; cursor?: number; conversation_id: string }
  | { type: 'typing'; conversation_id: string; typing: TypingState }
  | { type: 'presence'; presence: { agent_id: string; availability: string; connected: boolean } }
  /** This agent read a conversation up to seq (in another tab); nobody else's receipts arrive. */
  | { type: 'read'; conversation_id: string; read: { agent_id: string; seq: number } }
  /** A live visitor arrived or changed page (docs/realtime.md), or left. */
  | { type: 'visitor.updated'; visitor: LiveVisitor }
  | { type: 'visitor.left'; visitor: LiveVisitor }
  /** The agent's view counts, coalesced (a few a second at most); sent to hellos with views. */
  | { type: 'counts'; counts: { mine: number; unassigned: number; all: number } }
  | { type: 'ack'; ref?: string }
  | { type: 'pong'; ref?: string }
  | { type: 'error'; ref?: string; code: string; message: string; field?: string };

/** The lists a connection shows (docs/realtime.md): their conversations' events arrive as items,
 *  everything else only as counts. */
export type ViewName = 'mine' | 'unassigned' | 'all' | 'board';

export type ClientFrame =
  | { type: 'hello'; cursor?: number; views?: ViewName[]; conversation_id?: string }
  | { type: 'views'; ref: string; views: ViewName[]; conversation_id?: string }
  | { type: 'typing'; conversation_id: string; typing: boolean; private: boolean }
  | { type: 'ping'; ref: string };
