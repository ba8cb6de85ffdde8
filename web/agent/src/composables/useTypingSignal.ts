// Tells others that this agent is typing: "true" at most every few seconds while keys are
// pressed, "false" after a pause or on send, as the realtime protocol asks.
import { onBeforeUnmount } from 'vue';
import { useRealtimeStore } from '@/stores/realtime';

const resendAfter = 3000;
const stopAfter = 4000;

export function useTypingSignal(conversationId: () => string, isPrivate: () => boolean) {
  const realtime = useRealtimeStore();
  let lastSent = 0;
  let stopTimer: ReturnType<typeof setTimeout> | undefined;

  function typed() {
    const now = Date.now();
    if (now - lastSent > resendAfter) {
      lastSent = now;
      realtime.sendTyping(conversationId(), true, isPrivate());
    }
    clearTimeout(stopTimer);
    stopTimer = setTimeout(stopped, stopAfter);
  }

  function stopped() {
    clearTimeout(stopTimer);
    if (!lastSent) return;
    lastSent = 0;
    realtime.sendTyping(conversationId(), false, isPrivate());
  }

  onBeforeUnmount(stopped);
  return { typed, stopped };
}
