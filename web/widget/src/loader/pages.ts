// Page changes of the host page, for the team's live visitor list: the first page is in the
// loader's hello (init); single-page apps change the URL with history.pushState/replaceState
// or the hash, which this reports, throttled: after a change settles (frameworks set the new
// document.title a moment after the URL) and at most once per MIN_GAP_MS, so a router that
// rewrites the URL on every keystroke costs one request, not hundreds.

const SETTLE_MS = 500;
const MIN_GAP_MS = 2000;

/** watchPages calls report(url, title) after each URL change of the page. */
export function watchPages(report: (url: string, title: string) => void): void {
  let last = location.href;
  let sentAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (location.href === last) return;
    last = location.href;
    sentAt = Date.now();
    report(last, document.title);
  };
  const changed = () => {
    if (timer !== undefined) return;
    timer = setTimeout(flush, Math.max(SETTLE_MS, sentAt + MIN_GAP_MS - Date.now()));
  };
  wrapHistory('pushState', changed);
  wrapHistory('replaceState', changed);
  addEventListener('popstate', changed);
  addEventListener('hashchange', changed);
}

// wrapHistory calls after() after every call of history[name], keeping the host's own
// behaviour (and any other script's wrapper) intact.
function wrapHistory(name: 'pushState' | 'replaceState', after: () => void): void {
  const original = history[name];
  history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
    const result = original.apply(this, args);
    try {
      after();
    } catch {
      // never break the host page's navigation
    }
    return result;
  };
}
