// The loader's elements on the host page: a launcher button and the iframe holding the chat app,
// both inside a shadow root so the host's CSS cannot reach them. The root is open: a closed one
// would not stop the host's scripts (they run in the same page anyway) but would hide the
// launcher from testing tools and browser extensions. Styles are set through
// the CSSOM with !important, which strict host CSPs allow (no <style> element, no style
// attribute in markup) and which beats any host rule that still applies to the host element.

/** Props are CSS declarations. */
type Props = Record<string, string>;

/** css applies declarations as !important inline styles. */
export function css(el: HTMLElement | SVGElement, props: Props): void {
  for (const k in props) el.style.setProperty(k, props[k], 'important');
}

const RESET: Props = { all: 'initial', 'box-sizing': 'border-box' };
const SVG = 'http://www.w3.org/2000/svg';

/** The loader's elements. */
export interface Parts {
  host: HTMLElement;
  button: HTMLButtonElement;
  badge: HTMLSpanElement;
  frame: HTMLIFrameElement;
}

/** build creates the elements (not yet in the document). */
export function build(frameURL: string): Parts {
  const host = document.createElement('kefu-widget');
  css(host, { ...RESET, position: 'fixed', right: '20px', bottom: '20px', 'z-index': '2147483000', display: 'block' });
  const root = host.attachShadow({ mode: 'open' });
  const button = document.createElement('button');
  button.type = 'button';
  css(button, {
    ...RESET, width: '56px', height: '56px', 'border-radius': '50%', background: '#1677ff', cursor: 'pointer',
    display: 'flex', 'align-items': 'center', 'justify-content': 'center', position: 'relative',
    'box-shadow': '0 4px 16px rgba(0,0,0,.25)', outline: 'revert',
  });
  button.append(icon());
  const badge = document.createElement('span');
  css(badge, {
    ...RESET, position: 'absolute', top: '-4px', right: '-4px', 'min-width': '20px', height: '20px', padding: '0 6px',
    'border-radius': '10px', background: '#e53935', color: '#fff', font: 'bold 12px/20px sans-serif', 'text-align': 'center', display: 'none',
  });
  badge.setAttribute('aria-hidden', 'true');
  button.append(badge);
  const frame = document.createElement('iframe');
  frame.src = frameURL;
  frame.allow = 'autoplay';
  frame.setAttribute('referrerpolicy', 'origin');
  css(frame, { ...RESET, position: 'fixed', border: '0', background: 'transparent', display: 'none', 'color-scheme': 'normal' });
  root.append(frame, button);
  return { host, button, badge, frame };
}

function icon(): SVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '28');
  svg.setAttribute('height', '28');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('fill', '#fff');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z');
  svg.append(path);
  return svg;
}

/**
 * place sizes the iframe: a panel above the launcher, or the whole screen on phones. Nothing
 * shows until the chat is ready: a page the inbox does not allow gets no launcher at all.
 */
export function place(p: Parts, open: boolean, phone: boolean, ready: boolean): void {
  if (!ready) {
    css(p.frame, { display: 'none' });
    css(p.button, { display: 'none' });
    return;
  }
  const panel: Props = phone
    ? { top: '0', left: '0', right: 'auto', bottom: 'auto', width: '100vw', height: '100%', 'border-radius': '0', 'box-shadow': 'none' }
    : { top: 'auto', left: 'auto', right: '20px', bottom: '88px', width: '376px', height: 'min(640px, calc(100vh - 108px))', 'border-radius': '12px', 'box-shadow': '0 8px 32px rgba(0,0,0,.2)' };
  css(p.frame, { ...panel, display: open ? 'block' : 'none' });
  // On a phone the open chat covers the launcher; the chat's own close button takes its place.
  css(p.button, { display: open && phone ? 'none' : 'flex' });
}
