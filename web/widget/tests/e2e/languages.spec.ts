// Greetings and away messages per language: a zh-CN browser gets the inbox's Chinese texts, an
// en browser the English ones, on a desktop and on a 390×844 phone.
import { expect, test } from './test';
import { AgentAPI, env, until } from './kefu';
import { open, visit } from './widget';

const texts = {
  en: { greeting: 'Hi there! Ask us anything.', away_message: 'We are out of the office, leave a note.' },
  'zh-CN': { greeting: '您好！有问题尽管问。', away_message: '我们下班了，请留言。' },
};

/** inboxWithTexts creates an agent and an inbox only they answer, with per-language texts. */
async function inboxWithTexts(name: string): Promise<{ key: string; agent: AgentAPI }> {
  const e = env();
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const suffix = Math.random().toString(36).slice(2, 8);
  const email = `texts-${suffix}@example.com`;
  const password = 'a long agent password';
  const a = await owner.call<{ id: string }>('POST', '/api/v1/agents', { email, name: `${name} ${suffix}`, password, role: 'agent' });
  const ib = await owner.call<{ widget_key: string }>('POST', '/api/v1/inboxes', {
    name, greeting: 'Default greeting', allowed_origins: [e.hostOrigin, e.crossSiteOrigin], member_ids: [a.id],
    widget: { color: '#1677ff', away_message: 'Default away message', locale: '', pre_chat: { enabled: false, fields: [] }, translations: texts },
  });
  return { key: ib.widget_key, agent: await AgentAPI.login(e.base, email, password) };
}

const viewports = [
  { name: 'desktop', size: { width: 1280, height: 800 } },
  { name: 'phone', size: { width: 390, height: 844 } },
];

for (const locale of ['en', 'zh-CN'] as const) {
  for (const vp of viewports) {
    test.describe(`${locale} on a ${vp.name}`, () => {
      test.use({ locale, viewport: vp.size });

      test('the greeting is in the visitor’s language', async ({ page }) => {
        const { key, agent } = await inboxWithTexts(`Texts ${locale} ${vp.name}`);
        const offline = agent.online();
        try {
          await until(async () => {
            const r = await fetch(`${env().base}/api/v1/widget/config?widget_key=${key}`);
            return ((await r.json()) as { online: boolean }).online;
          }, 'the agent online');
          await visit(page, key);
          const frame = await open(page);
          await expect(frame.locator('.kefu-greeting')).toHaveText(texts[locale].greeting);
        } finally {
          offline();
        }
      });

      test('the away message is in the visitor’s language', async ({ page }) => {
        const { key } = await inboxWithTexts(`Away texts ${locale} ${vp.name}`);
        await visit(page, key);
        const frame = await open(page);
        const form = frame.getByTestId('offline-form');
        await expect(form.getByText(texts[locale].away_message)).toBeVisible();
        await expect(form.getByText('Default away message')).toHaveCount(0);
      });
    });
  }
}
