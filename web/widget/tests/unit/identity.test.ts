// setUser's signed attributes reach the session request as the host site gave them, so that
// the HMAC its server computed over them still verifies.
import { describe, expect, it } from 'vitest';
import { Api } from '../../src/core/api';
import { Identity, sessionUser } from '../../src/core/identity';
import { memoryKV } from '../../src/core/storage';
import type { User } from '../../src/core/types';

describe('setUser attributes', () => {
  it('passes attributes and attributes_hash through to the session', async () => {
    const bodies: unknown[] = [];
    const fetchFn = (async (_url: string, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)));
      return new Response(JSON.stringify({ token: 't', visitor_key: 'vk', contact: { id: 'k' } }), { status: 200 });
    }) as typeof fetch;
    const user: User = { id: 'u-1', hash: 'h1', attributes: { level: 'vip', region: 'CN-GD' }, attributes_hash: 'h2' };
    await new Identity(new Api('', fetchFn), memoryKV(), 'wk').open(user, { locale: 'zh-CN' });
    expect(bodies[0]).toMatchObject({ widget_key: 'wk', user: { id: 'u-1', hash: 'h1', attributes: { level: 'vip', region: 'CN-GD' }, attributes_hash: 'h2' } });
  });

  it('sends attribute values as text and leaves out unknown fields', () => {
    const odd = { id: 42, attributes: { vip_since: 2020, gone: null }, extra: 'x' } as unknown as User;
    expect(sessionUser(odd)).toEqual({ id: '42', attributes: { vip_since: '2020' } });
  });
});
