// The phone's preview of a proactive message: a small bubble above the launcher with the
// team's message, so the chat does not cover the page the visitor is reading. Tapping it opens
// the chat; its × dismisses it. Text goes in as text (textContent), never as markup.

import { css } from './ui';

/** Preview is the bubble, built on first use inside the loader's shadow root. */
export class Preview {
  private box: HTMLDivElement | null = null;

  constructor(
    private readonly root: ShadowRoot,
    private readonly open: () => void,
  ) {}

  /** show puts text from sender in the bubble; hide takes it away. */
  show(sender: string, text: string, closeLabel: string): void {
    const box = this.box ?? (this.box = this.build());
    const [name, body, close] = box.children as unknown as [HTMLElement, HTMLElement, HTMLButtonElement];
    name.textContent = sender.slice(0, 100);
    body.textContent = text.slice(0, 500);
    close.setAttribute('aria-label', closeLabel);
    css(box, { display: 'block' });
  }

  hide(): void {
    if (this.box) css(this.box, { display: 'none' });
  }

  private build(): HTMLDivElement {
    const box = document.createElement('div');
    box.setAttribute('role', 'status');
    box.dataset.kefu = 'preview';
    css(box, {
      all: 'initial', 'box-sizing': 'border-box', position: 'absolute', right: '0', bottom: '68px', width: 'min(280px, calc(100vw - 40px))',
      background: '#fff', color: '#1f2329', 'border-radius': '12px', padding: '10px 30px 10px 12px', cursor: 'pointer',
      'box-shadow': '0 4px 20px rgba(0,0,0,.2)', font: '14px/1.45 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif', display: 'none',
    });
    const name = document.createElement('div');
    css(name, { all: 'initial', display: 'block', font: 'bold 12px/1.4 system-ui, sans-serif', color: '#646a73', 'margin-bottom': '2px' });
    const body = document.createElement('div');
    css(body, { all: 'initial', display: '-webkit-box', font: 'inherit', color: 'inherit', 'white-space': 'pre-wrap', 'overflow-wrap': 'anywhere', '-webkit-line-clamp': '4', '-webkit-box-orient': 'vertical', overflow: 'hidden' });
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    css(close, { all: 'initial', position: 'absolute', top: '4px', right: '8px', font: '18px/1 sans-serif', color: '#8f959e', cursor: 'pointer', padding: '4px' });
    close.addEventListener('click', (e) => (e.stopPropagation(), this.hide()));
    box.addEventListener('click', () => (this.hide(), this.open()));
    box.append(name, body, close);
    this.root.append(box);
    return box;
  }
}
