// Attention for new messages while the visitor looks elsewhere: a short beep made with WebAudio
// (no sound file to fetch) and, on the standalone page, a blinking title. Browsers only let
// audio start after the visitor interacted with this document, so the audio context is made
// on the first key or pointer press and reused.

/** Beeper plays a notification tone. */
export class Beeper {
  private ctx: AudioContext | null = null;

  constructor() {
    const unlock = () => {
      try {
        this.ctx ??= new AudioContext();
        void this.ctx.resume();
      } catch {
        /* no audio: notifications stay silent */
      }
    };
    addEventListener('pointerdown', unlock, { once: true, capture: true });
    addEventListener('keydown', unlock, { once: true, capture: true });
  }

  /** beep plays two short tones, if audio is unlocked. */
  beep(): void {
    const ctx = this.ctx;
    if (!ctx || ctx.state !== 'running') return;
    const t = ctx.currentTime;
    for (const [freq, at] of [[880, 0], [1320, 0.12]] as const) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t + at);
      gain.gain.exponentialRampToValueAtTime(0.15, t + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + at + 0.1);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t + at);
      osc.stop(t + at + 0.11);
    }
  }
}
