import { describe, expect, it } from 'vitest';
import { Positions } from '../../src/core/positions';

describe('Positions', () => {
  it('keeps the newest seq per conversation, whatever the arrival order', () => {
    const p = new Positions();
    p.see('c1', 3);
    p.see('c1', 7); // a jump: a private note took the seqs between
    p.see('c1', 5); // replayed late: must not move the position back
    p.see('c2', 1);
    expect(p.get('c1')).toBe(7);
    expect(p.since()).toEqual({ c1: 7, c2: 1 });
    expect(p.query()).toBe('c1:7,c2:1');
  });

  it('records a conversation with nothing in it as 0, so it is resumed from the start', () => {
    const p = new Positions();
    p.see('c1', 0);
    expect(p.since()).toEqual({ c1: 0 });
  });

  it('unknown conversations are at 0 and clear forgets all', () => {
    const p = new Positions();
    expect(p.get('x')).toBe(0);
    p.see('c1', 2);
    p.clear();
    expect(p.since()).toEqual({});
  });
});
