import { describe, expect, it } from 'vitest';
import { Backoff, retryAfterMs } from '../../src/core/backoff';

describe('Backoff', () => {
  const cases = [
    { name: 'lowest jitter', r: 0 },
    { name: 'middle jitter', r: 0.5 },
    { name: 'highest jitter', r: 0.999999 },
  ];
  for (const c of cases) {
    it(`stays within [d/2, d] with d doubling to the cap (${c.name})`, () => {
      const b = new Backoff({ base: 500, max: 30_000, random: () => c.r });
      const want = [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000];
      for (const d of want) {
        const got = b.next();
        expect(got).toBeGreaterThanOrEqual(d / 2);
        expect(got).toBeLessThanOrEqual(d);
      }
    });
  }

  it('spreads clients: different random draws give different delays', () => {
    const lo = new Backoff({ base: 500, max: 30_000, random: () => 0 }).next();
    const hi = new Backoff({ base: 500, max: 30_000, random: () => 0.99 }).next();
    expect(hi - lo).toBeGreaterThan(200);
  });

  it('reset starts from the base again', () => {
    const b = new Backoff({ base: 500, max: 30_000, random: () => 1 });
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(500);
  });

  it('never overflows after many attempts', () => {
    const b = new Backoff({ base: 500, max: 30_000, random: () => 1 });
    for (let i = 0; i < 2000; i++) b.next();
    expect(b.next()).toBe(30_000);
  });
});

describe('retryAfterMs', () => {
  it('reads the 1013 close reason', () => {
    expect(retryAfterMs('over capacity; retry_after=5')).toBe(5000);
    expect(retryAfterMs('server shutting down; reconnect')).toBeNull();
  });
});
