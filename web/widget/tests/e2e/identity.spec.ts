// A host site's setUser with a malformed field: the chat still loads and works, the field is
// left out, and the site's developer is told in the console which one.
import { expect, test } from './test';
import { AgentAPI, conversationWith, env, tag } from './kefu';
import { bubble, open, say, visit } from './widget';

test('setUser with an invalid e-mail keeps the chat and warns in the console', async ({ page }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Li Lei');
  const offline = agent.online();
  try {
    // Queued before the loader arrives, as a site calls it from its own script.
    await page.addInitScript(() => {
      (window as unknown as { $kefu: unknown[] }).$kefu = [['setUser', { id: 'shop-user-7', name: 'Ada Lovelace', email: 'not-an-email' }]];
    });
    const warned = page.waitForEvent('console', (m) => m.type() === 'warning' && /user\.email/.test(m.text()));
    await visit(page, inboxes.identity.key, true);
    const frame = await open(page);
    await expect(frame.getByRole('textbox', { name: /type a message/i })).toBeVisible();
    await expect(frame.getByText('The chat could not be loaded.')).toHaveCount(0);
    expect((await warned).text()).toMatch(/kefu: user\.email was not saved/);
    const text = tag('hello with a bad e-mail');
    await say(frame, text);
    const conv = await conversationWith(agent, inboxes.identity.id, text);
    await agent.reply(conv.id, 'we got you');
    await expect(bubble(frame, 'we got you')).toBeVisible();
    const contact = await agent.call<{ name: string; email: string }>('GET', `/api/v1/contacts/${conv.contact_id}`);
    expect(contact).toMatchObject({ name: 'Ada Lovelace', email: '' });
  } finally {
    offline();
  }
});
