// Nobody online: the offline form, then an honest notice of how the team will reply (by e-mail,
// phone, or here) instead of a queue position nobody is there to honour; the notice survives a
// reload, and when an agent comes online the chat turns live. In en and zh-CN.
import { expect, test } from './test';
import { AgentAPI, conversationWith, env, tag } from './kefu';
import { bubble, open, visit } from './widget';

/** freshInbox creates an agent (offline until it connects) and an inbox only they answer. */
async function freshInbox(name: string): Promise<{ inbox: { id: string; key: string }; agent: AgentAPI }> {
  const e = env();
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const suffix = Math.random().toString(36).slice(2, 8);
  const email = `offline-${suffix}@example.com`;
  const password = 'a long agent password';
  const a = await owner.call<{ id: string }>('POST', '/api/v1/agents', { email, name: `${name} ${suffix}`, password, role: 'agent' });
  const ib = await owner.call<{ id: string; widget_key: string }>('POST', '/api/v1/inboxes', {
    name, allowed_origins: [e.hostOrigin, e.crossSiteOrigin], member_ids: [a.id],
  });
  return { inbox: { id: ib.id, key: ib.widget_key }, agent: await AgentAPI.login(e.base, email, password) };
}

const cases = [
  {
    locale: 'en', contact: { Email: 'bob@example.com' }, message: 'Message', send: 'Send message',
    notice: "We're away right now. We'll reply by email to bob@example.com.", online: 'We are online', away: 'We are away',
  },
  {
    locale: 'zh-CN', contact: { 电话: '+86 138 0000 0000' }, message: '留言内容', send: '提交留言',
    notice: '我们暂时不在线，会通过电话 +86 138 0000 0000 联系您。', online: '客服在线', away: '客服暂时不在',
  },
];

for (const tc of cases) {
  test.describe(tc.locale, () => {
    test.use({ locale: tc.locale });

    test('after the offline form: how the reply comes, no queue position; live once an agent is online', async ({ page }) => {
      const { inbox, agent } = await freshInbox(`Away ${tc.locale}`);
      const text = tag(tc.locale === 'en' ? 'Do you ship to Norway?' : '可以寄到挪威吗？');
      await visit(page, inbox.key);
      let frame = await open(page);
      const form = frame.getByTestId('offline-form');
      await expect(form).toBeVisible();
      for (const [label, value] of Object.entries(tc.contact)) await form.getByLabel(label).fill(value);
      await form.getByLabel(tc.message).fill(text);
      const queueAsked = page.waitForResponse((r) => /\/widget\/conversations\/[^/]+\/queue/.test(r.url()));
      await form.getByRole('button', { name: tc.send }).click();
      await expect(bubble(frame, text)).toBeVisible();
      await queueAsked;
      await frame.evaluate(() => new Promise((r) => requestAnimationFrame(r))); // its answer is drawn
      await expect(frame.getByTestId('queue')).toHaveCount(0);
      await expect(frame.getByTestId('offline-notice')).toHaveText(tc.notice);
      await expect(frame.locator('.kefu-status')).toHaveText(tc.away);

      // The notice comes from the conversation and the contact, not the page's memory.
      await page.reload();
      frame = await open(page);
      await expect(bubble(frame, text)).toBeVisible();
      await expect(frame.getByTestId('offline-notice')).toHaveText(tc.notice);
      await expect(frame.getByTestId('queue')).toHaveCount(0);

      // The agent comes online: the chat is live (the offline message stays a follow-up, never
      // queued), and the notice stays where it was said.
      const offline = agent.online();
      try {
        // Usually pushed at once; the widget's queue poll (every 15 s) is what guarantees it, for
        // a page whose socket was still reconnecting after the reload when the agent came.
        await expect(frame.locator('.kefu-status')).toHaveText(tc.online, { timeout: 20_000 });
        await expect(frame.getByTestId('away')).toHaveCount(0);
        await expect(frame.getByTestId('queue')).toHaveCount(0);
        await expect(frame.getByTestId('offline-notice')).toHaveText(tc.notice);
        const conv = await conversationWith(agent, inbox.id, text);
        const reply = tag(tc.locale === 'en' ? 'Yes, we do.' : '可以的。');
        await agent.reply(conv.id, reply);
        await expect(bubble(frame, reply)).toBeVisible();
      } finally {
        offline();
      }
    });
  });
}
