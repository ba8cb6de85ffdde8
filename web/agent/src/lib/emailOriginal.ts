// The server keeps a mail's remote images unloaded: each img carries its address in
// data-kefu-src instead of src. These helpers count them and, when the agent asks, give them
// back their src, on a parsed copy so no other attribute is touched.

/** remoteImages counts the images of a sanitised mail that wait to be loaded. */
export function remoteImages(html: string): number {
  return parse(html).querySelectorAll('img[data-kefu-src]').length;
}

/** showImages returns the mail with every waiting image's https address moved back to src. */
export function showImages(html: string): string {
  const doc = parse(html);
  for (const img of Array.from(doc.querySelectorAll('img[data-kefu-src]'))) {
    const src = img.getAttribute('data-kefu-src') ?? '';
    if (/^https?:\/\//i.test(src)) img.setAttribute('src', src);
    img.removeAttribute('data-kefu-src');
  }
  return doc.body.innerHTML;
}

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}
