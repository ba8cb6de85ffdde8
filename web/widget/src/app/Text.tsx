// Message text as text nodes — never as HTML — with http(s) links made into anchors that open
// in a new tab without giving that tab a handle on this one.

import { linkify } from '../core/linkify';

/** Text draws message text with its http(s) links as anchors. */
export function Text({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((p, i) =>
        p.href ? (
          <a key={i} href={p.href} target="_blank" rel="noopener noreferrer">
            {p.text}
          </a>
        ) : (
          p.text
        ),
      )}
    </>
  );
}
