// A host site's setUser with attributes signed on its server: the customer becomes a vip
// contact, and their conversation carries the signed region — through the real loader, frame
// and server.
import { createHmac } from 'node:crypto';
import { expect, test } from './test';
import { AgentAPI, conversationWith, env, tag } from './kefu';
import { open, say, visit } from './widget';

test('setUser with signed attributes makes the contact vip and routes by the signed region', async ({ page }) => {
  const { base, owner, inboxes } = env();
  const admin = await AgentAPI.login(base, owner.email, owner.password);
  const { identity_secret: secret } = await admin.call<{ identity_secret: string }>('GET', `/api/v1/inboxes/${inboxes.identity.id}/identity-secret`);
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    // What the site's server computes (docs/widget.md), for a customer of this run only.
    const id = `vip-${Date.now()}`;
    const attributes = { level: 'vip', region: 'CN-GD' };
    const canonical = [id, ...Object.keys(attributes).sort().map((k) => `${k}=${attributes[k as keyof typeof attributes]}`)].join('\n');
    const user = {
      id, name: 'Wang Wu', hash: createHmac('sha256', secret).update(id).digest('hex'),
      attributes, attributes_hash: createHmac('sha256', secret).update(canonical).digest('hex'),
    };
    await page.addInitScript((u) => {
      (window as unknown as { $kefu: unknown[] }).$kefu = [['setUser', u]];
    }, user);
    await visit(page, inboxes.identity.key, true);
    const frame = await open(page);
    const text = tag('hello from a vip');
    await say(frame, text);
    const conv = await conversationWith(agent, inboxes.identity.id, text);
    const contact = await admin.call<{ level: string; attributes: Record<string, string> }>('GET', `/api/v1/contacts/${conv.contact_id}`);
    expect(contact.level).toBe('vip');
    expect(contact.attributes).toMatchObject({ signed_level: 'vip', signed_region: 'CN-GD' });
    const routed = await agent.call<{ region: string }>('GET', `/api/v1/conversations/${conv.id}`);
    expect(routed.region).toBe('CN-GD');
  } finally {
    offline();
  }
});
