// The size budget: the loader runs on every page of the host site and the app loads with the
// iframe, so both are checked gzipped on the built files (run `npm run build` first).
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../dist/', import.meta.url);
const gz = (f: string) => gzipSync(readFileSync(new URL(f, dist)), { level: 9 }).length;
const KB = 1024;

describe('bundle size (gzip)', () => {
  it('loader widget.js is at most 5 KB', () => {
    const size = gz('widget.js');
    console.log(`widget.js: ${(size / KB).toFixed(2)} KB gz`);
    expect(size).toBeLessThanOrEqual(5 * KB);
  });

  it('chat app (scripts and styles the frame loads) is at most 30 KB', () => {
    const assets = readdirSync(new URL('assets/', dist)).filter((f) => /\.(js|css)$/.test(f));
    expect(assets.length, 'no built assets: run npm run build').toBeGreaterThan(0);
    const size = assets.reduce((n, f) => n + gz(`assets/${f}`), 0) + gz('frame.html');
    console.log(`app: ${(size / KB).toFixed(2)} KB gz`);
    expect(size).toBeLessThanOrEqual(30 * KB);
  });
});
