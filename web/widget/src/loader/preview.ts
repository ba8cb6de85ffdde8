// The preview by the launcher of a message the team started a conversation with (phones: see
// app/proactive.ts). It is plain text in the loader's shadow root; a tap opens the chat.

import { css, type Parts } from './ui';

const PREVIEW_ID = 'kefu-preview';

/** showPreview shows sender and text above the launcher; open runs on a tap. */
export function showPreview(p: Parts, sender: string, text: string, open: () => void): void {
  hidePreview(p);
  const box = document.createElement('button');
  box.type = 'button';
  box.id = PREVIEW_ID;
  css(box, {
    all: 'initial', 'box-sizing': 'border-box', position: 'absolute', right: '0', bottom: '68px', width: 'min(280px, calc(100vw - 40px))',
    padding: '10px 12px', background: '#fff', color: '#1f1f1f', 'border-radius': '12px', 'box-shadow': '0 4px 16px rgba(0,0,0,.2)',
    font: '14px/1.4 -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif',
    'text-align': 'left', cursor: 'pointer', display: 'block',
  });
  if (sender) {
    const who = document.createElement('strong');
    who.textContent = sender;
    css(who, { all: 'initial', display: 'block', font: 'inherit', 'font-weight': '600', color: 'inherit', 'margin-bottom': '2px' });
    box.append(who);
  }
  const body = document.createElement('span');
  body.textContent = text; // message text is data
  css(body, { all: 'initial', display: 'block', font: 'inherit', color: 'inherit', 'word-break': 'break-word' });
  box.append(body);
  box.addEventListener('click', open);
  p.button.parentNode?.append(box);
}

/** hidePreview removes the preview, if shown. */
export function hidePreview(p: Parts): void {
  (p.button.getRootNode() as ShadowRoot).getElementById?.(PREVIEW_ID)?.remove();
}
