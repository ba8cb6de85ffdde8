// The tests' `test`: Playwright's, plus a check that no page broke its Content Security Policy
// (the widget's pages allow no inline script or style, the host page allows no inline style).
import { test as base, expect } from '@playwright/test';

export { expect };

export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const seen: string[] = [];
      context.on('console', (m) => {
        const t = m.text();
        // Playwright's trace snapshots re-fetch blob: images (the upload previews); that fetch
        // is the tool's, not the widget's.
        if (/Content Security Policy/i.test(t) && !/^Connecting to 'blob:/.test(t)) seen.push(t);
      });
      await use(seen);
      expect(seen, 'CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});
