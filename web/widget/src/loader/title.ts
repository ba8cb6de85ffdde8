// Title blinking on the host page: the iframe cannot change the host's title, so the loader
// alternates it while the tab is hidden and a new message came in, until the visitor returns.

/** TitleBlink alternates document.title with a notice. */
export class TitleBlink {
  private timer: ReturnType<typeof setInterval> | undefined;
  private original = '';

  constructor() {
    document.addEventListener('visibilitychange', () => !document.hidden && this.stop());
  }

  /** start blinks text until the tab is visible again. */
  start(text: string): void {
    if (!document.hidden) return;
    this.stop();
    this.original = document.title;
    let on = false;
    this.timer = setInterval(() => {
      on = !on;
      document.title = on ? text : this.original;
    }, 1000);
  }

  /** stop restores the title. */
  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    document.title = this.original;
  }
}
