// Getting an agent's attention while the workspace is in a background tab: a short chime
// (synthesised with WebAudio, so there is no sound file to load) and a system notification.

/** chime plays two soft notes; it does nothing until the page has had a user gesture. */
export function chime(ctx: AudioContext | null): void {
  if (!ctx || ctx.state !== 'running') return;
  const start = ctx.currentTime;
  [880, 1320].forEach((freq, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start + i * 0.12);
    gain.gain.exponentialRampToValueAtTime(0.15, start + i * 0.12 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.12 + 0.25);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + i * 0.12);
    osc.stop(start + i * 0.12 + 0.3);
  });
}

/** notify shows a system notification when allowed; clicking it brings the tab forward. */
export function notify(title: string, body: string, onClick: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const n = new Notification(title, { body, tag: 'kefu', silent: true });
  n.onclick = () => {
    window.focus();
    onClick();
    n.close();
  };
}

/** askNotificationPermission asks once, on a user gesture, as browsers require. */
export function askNotificationPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission();
}

/** titleWithCount puts the unread count in front of the tab title, e.g. "(3) kefu". */
export function titleWithCount(base: string, unread: number): string {
  return unread > 0 ? `(${unread}) ${base}` : base;
}
