import { describe, expect, it } from 'vitest';
import { formatSize, linkExpired } from '../../src/core/files';

describe('linkExpired', () => {
  const now = Date.UTC(2026, 0, 1);
  const link = (exp: number) => `/api/v1/widget/files/a1?org=o&conv=c&exp=${exp}&sig=s`;

  it('keeps a link whose expiry is ahead', () => {
    expect(linkExpired(link(now / 1000 + 600), now)).toBe(false);
  });
  it('expires a link at its expiry, and just before it (the margin)', () => {
    expect(linkExpired(link(now / 1000 - 1), now)).toBe(true);
    expect(linkExpired(link(now / 1000 + 2), now)).toBe(true);
  });
  it('treats a link without an expiry as expired', () => {
    expect(linkExpired('/api/v1/widget/files/a1', now)).toBe(true);
  });
});

describe('formatSize', () => {
  it('shows sizes as the agent workspace does, never rounding bytes up to 1 KB', () => {
    expect(formatSize(193)).toBe('193 B');
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1024)).toBe('1 KB');
    expect(formatSize(150 * 1024)).toBe('150 KB');
    expect(formatSize(5.25 * (1 << 20))).toBe('5.3 MB');
  });
});
