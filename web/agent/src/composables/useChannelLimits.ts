// The limits of the channel of the conversation a composer answers: its inbox's capabilities
// from the directory, the customer's last message from the thread, and a clock that moves the
// reply window along while the conversation stays open; the thread also gives the replies a
// channel with a count limit still takes.
import { computed, onBeforeUnmount, ref } from 'vue';
import { attachable, repliesLeft, replyWindow, textBytes } from '@/lib/channelLimits';
import { useDirectoryStore } from '@/stores/directory';
import { useMessagesStore } from '@/stores/messages';

export function useChannelLimits(inboxId: () => string | undefined, conversationId: () => string) {
  const directory = useDirectoryStore();
  const messages = useMessagesStore();
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), 30_000);
  onBeforeUnmount(() => clearInterval(timer));

  const caps = computed(() => {
    const id = inboxId();
    return id ? directory.inboxById[id]?.capabilities : undefined;
  });
  const lastCustomerAt = computed(() => {
    const list = messages.threads[conversationId()]?.messages ?? [];
    return [...list].reverse().find((m) => m.sender_type === 'contact')?.created_at;
  });
  const files = computed(() => attachable(caps.value));
  const maxText = computed(() => caps.value?.max_text_bytes ?? 0);
  const maxFile = computed(() => caps.value?.max_attachment_bytes ?? 0);
  const window = computed(() => replyWindow(caps.value, lastCustomerAt.value, now.value));
  const replies = computed(() => {
    const t = messages.threads[conversationId()];
    return repliesLeft(caps.value, t?.messages ?? [], t?.outgoing ?? []);
  });
  const tooLong = (s: string) => maxText.value > 0 && textBytes(s) > maxText.value;

  return { caps, files, maxText, maxFile, window, replies, tooLong };
}
