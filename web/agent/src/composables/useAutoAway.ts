// Automatic away: an online agent who has not touched the workspace for a while is set away
// (so auto-assignment skips them) and back online on their next input — but only when it was
// this timer, not the agent, that set them away.
import { onBeforeUnmount, onMounted } from 'vue';
import { useAuthStore } from '@/stores/auth';

const events = ['pointerdown', 'keydown', 'mousemove', 'wheel', 'touchstart'] as const;

export function useAutoAway(minutes = 10) {
  const auth = useAuthStore();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let awayByTimer = false;
  let lastActivity = 0;

  function idle() {
    if (auth.agent?.availability !== 'online') return;
    awayByTimer = true;
    void auth.update({ availability: 'away' }).catch(() => (awayByTimer = false));
  }

  function active() {
    const now = Date.now();
    if (now - lastActivity < 1000) return; // mousemove fires constantly; one reset a second is plenty
    lastActivity = now;
    clearTimeout(timer);
    timer = setTimeout(idle, minutes * 60_000);
    if (awayByTimer && auth.agent?.availability === 'away') {
      awayByTimer = false;
      void auth.update({ availability: 'online' }).catch(() => undefined);
    }
  }

  onMounted(() => {
    for (const e of events) window.addEventListener(e, active, { passive: true });
    active();
  });
  onBeforeUnmount(() => {
    clearTimeout(timer);
    for (const e of events) window.removeEventListener(e, active);
  });
}
