// Entry of the chat app, for both pages: /widget/frame?key=K (inside the loader's iframe) and
// /chat/K (the standalone page). Neither page has inline script: the key comes from the URL.

import { render } from 'preact';
import '../styles/app.css';
import { App } from './App';
import { hostOriginOf } from './bridge';
import { Ctx } from './context';
import { Controller } from './controller';

function widgetKey(): string {
  const fromQuery = new URLSearchParams(location.search).get('key');
  if (fromQuery) return fromQuery;
  const last = location.pathname.split('/').filter(Boolean).pop() ?? '';
  return decodeURIComponent(last);
}

const embedded = window.parent !== window;
const hostOrigin = embedded ? hostOriginOf(location.search, location.ancestorOrigins) : null;
const root = document.getElementById('kefu') as HTMLElement;
if (embedded && !hostOrigin) {
  root.textContent = 'kefu: this chat must be embedded with widget.js';
} else {
  document.documentElement.classList.toggle('standalone', !embedded);
  const ctrl = new Controller(widgetKey(), hostOrigin, new URLSearchParams(location.search).get('locale') ?? '');
  render(
    <Ctx.Provider value={ctrl}>
      <App />
    </Ctx.Provider>,
    root,
  );
}
