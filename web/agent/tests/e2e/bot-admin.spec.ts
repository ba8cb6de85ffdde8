// The bot's administration in a real browser, each test on an inbox of its own (the server is
// shared with the other files): an admin sets an inbox's bot in the inbox editor (refused
// before sending when the suggestion level is above the answer level), saves the organisation's
// language model pointed at an address where nothing listens and reads the test's failure in
// words, and reads the bot's performance for the inbox. With the bot running, a visitor's
// conversation goes through it: an answer from an article, a "talk to a person" hand-off the
// agent sees explained at the top of the conversation, a question it could not answer added to
// the article from the unanswered list, and the figures of the day.
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { freePort } from './fakes';
import { AgentAPI, env, rowOf, shot, signIn, Visitor } from './kefu';

interface BotSettings { mode: string; queue_threshold: number; answer_threshold: number; suggest_threshold: number; low_confidence_limit: number; hide_human_button: boolean; name: string; greeting: string; use_llm: boolean }

const owner = () => AgentAPI.login(env().base, env().owner.email, env().owner.password);

/** ownInbox makes a web inbox for one test; its members are the owner, so nobody else sees it. */
async function ownInbox(api: AgentAPI, name: string, bot?: Partial<BotSettings>) {
  const me = await api.call<{ agent: { id: string } }>('GET', '/api/v1/auth/me');
  const ib = await api.call<{ id: string; widget_key: string }>('POST', '/api/v1/inboxes', { name, member_ids: [me.agent.id] });
  const off: BotSettings = { mode: '', queue_threshold: 0, answer_threshold: 0, suggest_threshold: 0, low_confidence_limit: 0, hide_human_button: false, name: '', greeting: '', use_llm: false };
  if (bot) await api.call('PATCH', `/api/v1/inboxes/${ib.id}`, { bot: { ...off, ...bot } });
  return { id: ib.id, key: ib.widget_key, name };
}

async function openInbox(page: Page, name: string) {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-inboxes').click();
  await page.getByTestId(`inbox-${name}`).click();
  await expect(page.getByTestId('inbox-name')).toHaveValue(name);
}

/** setNumber types into an Element Plus number input and leaves it, which commits the value. */
async function setNumber(page: Page, testid: string, value: string) {
  const input = page.getByTestId(testid).locator('input');
  await input.fill(value);
  await input.press('Tab');
}

test('the inbox editor explains the bot modes and refuses a suggestion level above the answer level', async ({ page }) => {
  const tag = randomUUID().slice(0, 8);
  const inbox = await ownInbox(await owner(), `Bot checks ${tag}`);
  await signIn(page, env().owner);
  await openInbox(page, inbox.name);
  const bot = page.getByTestId('inbox-bot');
  await expect(bot.getByTestId('bot-mode-hint')).toHaveText('New conversations go straight to your agents.');
  await expect(bot.getByTestId('bot-answer')).toHaveCount(0); // off: nothing else to set
  await bot.getByTestId('bot-mode-when_busy').click();
  await expect(bot.getByTestId('bot-mode-hint')).toContainText('no agent of this inbox has room');
  await expect(bot.getByTestId('bot-queue')).toBeVisible();
  await setNumber(page, 'bot-answer', '0.4');
  await setNumber(page, 'bot-suggest', '0.5');

  const patches: string[] = [];
  page.on('request', (r) => r.method() === 'PATCH' && r.url().includes(`/inboxes/${inbox.id}`) && patches.push(r.url()));
  await page.getByTestId('inbox-save').click();
  await expect(bot).toContainText('The suggestion level cannot be above the answer level.');
  expect(patches).toEqual([]); // refused before sending
});

test('an admin sets an inbox’s bot in the inbox editor', async ({ page }) => {
  const tag = randomUUID().slice(0, 8);
  const api = await owner();
  const inbox = await ownInbox(api, `Bot ${tag}`);
  await signIn(page, env().owner);
  await openInbox(page, inbox.name);
  const bot = page.getByTestId('inbox-bot');
  await bot.getByTestId('bot-mode-outside_hours').click();
  await setNumber(page, 'bot-answer', '0.6');
  await setNumber(page, 'bot-suggest', '0.25');
  await setNumber(page, 'bot-low-confidence', '3');
  await bot.getByTestId('bot-hide-human').click();
  await bot.getByTestId('bot-name').fill('小莲');
  await bot.getByTestId('bot-greeting').fill('您好，我是小莲，有什么可以帮您？');
  await bot.getByTestId('bot-use-llm').click();
  await bot.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot(page, 'bot-inbox-settings');
  await page.getByTestId('inbox-save').click();
  await expect(page.locator('.el-message--success')).toBeVisible();

  const stored = await api.call<{ bot: BotSettings }>('GET', `/api/v1/inboxes/${inbox.id}`);
  expect(stored.bot).toEqual({
    mode: 'outside_hours', queue_threshold: 0, answer_threshold: 0.6, suggest_threshold: 0.25, low_confidence_limit: 3,
    hide_human_button: true, name: '小莲', greeting: '您好，我是小莲，有什么可以帮您？', use_llm: true,
  });
  // Shown again as saved; a blank level is the default again.
  await page.reload();
  await openInbox(page, inbox.name);
  await expect(bot.getByTestId('bot-answer').locator('input')).toHaveValue('0.60');
  await setNumber(page, 'bot-answer', '');
  await page.getByTestId('inbox-save').click();
  await expect.poll(async () => (await api.call<{ bot: BotSettings }>('GET', `/api/v1/inboxes/${inbox.id}`)).bot.answer_threshold).toBe(0);
});

// The language model is the organisation's, shared with the other files: these tests leave it
// switched off (the test button checks the saved address and model whether or not it is on).
const modelOff = async () => (await owner()).call('PUT', '/api/v1/bot/llm', { enabled: false, base_url: '', model: '', embedding_model: '', clear_api_key: true });

async function openModel(page: Page) {
  await signIn(page, env().owner);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-ai').click();
  return page.getByTestId('llm-form');
}

test('the language model is saved with a write-only key, which can be removed', async ({ page }) => {
  const port = await freePort(); // closed again: nothing listens there
  const form = await openModel(page);
  await form.getByTestId('llm-example-ollama').click();
  await expect(form.getByTestId('llm-base-url')).toHaveValue('http://127.0.0.1:11434/v1');
  await form.getByTestId('llm-base-url').fill(`http://127.0.0.1:${port}/v1`);
  await form.getByTestId('llm-model').fill('qwen2.5:7b');
  await form.getByTestId('secret-input-api_key').fill('sk-e2e-not-a-real-key');
  await expect(form.getByTestId('llm-test')).toBeDisabled(); // the test uses the saved settings
  await form.getByTestId('llm-save').click();
  await expect(page.locator('.el-message--success')).toBeVisible();
  await expect(form.getByTestId('secret-set')).toBeVisible(); // the key is stored, never shown
  await expect(form.getByTestId('llm-test')).toBeEnabled();
  const api = await owner();
  expect(await api.call('GET', '/api/v1/bot/llm')).toMatchObject({ enabled: false, api_key_set: true, base_url: `http://127.0.0.1:${port}/v1`, model: 'qwen2.5:7b' });

  await form.getByTestId('secret-clear').click();
  await expect(form.getByTestId('secret-will-clear')).toBeVisible();
  await form.getByTestId('llm-save').click();
  await expect(form.getByTestId('secret-input-api_key')).toBeVisible();
  expect(await api.call('GET', '/api/v1/bot/llm')).toMatchObject({ api_key_set: false, model: 'qwen2.5:7b' });
  await modelOff();
});

test('the language model’s test says in words that nothing answers at its address', async ({ page }) => {
  const port = await freePort(); // closed again: nothing listens there
  await (await owner()).call('PUT', '/api/v1/bot/llm', { enabled: false, base_url: `http://127.0.0.1:${port}/v1`, model: 'qwen2.5:7b', embedding_model: '' });
  const form = await openModel(page);
  await form.getByTestId('llm-test').click();
  const result = form.getByTestId('llm-test-result');
  await expect(result).toHaveAttribute('data-code', 'llm_unreachable');
  await expect(result).toContainText('Cannot reach the model: nothing answers at the base URL');
  await shot(page, 'bot-llm-settings');
  await modelOff();
});

test('the bot’s performance page shows an inbox’s figures', async ({ page }) => {
  const tag = randomUUID().slice(0, 8);
  const inbox = await ownInbox(await owner(), `Bot metrics ${tag}`, { mode: 'always' });
  await signIn(page, env().owner);
  await openPerformance(page, inbox.name);
  await page.getByTestId('bot-range-30').click();
  const metrics = page.getByTestId('bot-metrics');
  await expect(metrics.getByTestId('bot-started')).toHaveText('0');
  await expect(metrics.getByTestId('bot-resolution-rate')).toHaveText('—');
  await expect(metrics.getByTestId('bot-metrics-empty')).toBeVisible();
  await expect(metrics.getByTestId('bot-chart').locator('g.bar')).toHaveCount(30);
  await expect(page.getByTestId('bot-unanswered')).toBeVisible();
});

test('a conversation goes through the bot, which hands it over explained, and the figures follow', async ({ page }) => {
  test.setTimeout(120_000);
  const tag = randomUUID().slice(0, 8);
  const api = await owner();
  const inbox = await ownInbox(api, `Bot flow ${tag}`, { mode: 'always', name: '小莲' });
  const title = `退货运费谁承担 ${tag}`;
  const article = await api.call<{ id: string }>('POST', '/api/v1/kb/articles', {
    title, body: '质量问题由我们承担运费，其他情况由买家承担。', category: '', locale: 'zh-CN', status: 'published', questions: [`退货运费 ${tag}`],
  });

  // One customer is answered from the article and says it helped: resolved by the bot.
  const happy = await Visitor.open(env().base, inbox.key);
  const helped = await happy.start(`退货运费 ${tag}`);
  const answer = await botMessage(happy, helped, 'answer');
  await fetch(`${env().base}/api/v1/widget/conversations/${helped}/bot/feedback`, {
    method: 'POST', headers: { authorization: `Bearer ${happy.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ message_id: answer.id, helpful: true }),
  }).then((r) => expect(r.status).toBe(200));

  // Another asks something the bot cannot answer, then presses "talk to a person"; a third
  // complains, which the bot hands over at once.
  const visitor = await Visitor.open(env().base, inbox.key);
  const id = await visitor.start(`qzx vbnm ${tag}`);
  await botMessage(visitor, id, 'rephrase');
  await fetch(`${env().base}/api/v1/widget/conversations/${id}/bot/handoff`, { method: 'POST', headers: { authorization: `Bearer ${visitor.token}` } })
    .then((r) => expect(r.status).toBe(200));
  const upset = await Visitor.open(env().base, inbox.key);
  const complaint = await upset.start(`我要投诉，退货三天了还没处理 ${tag}`);
  await botMessage(upset, complaint, 'handoff');

  // The agent sees the bot's messages as the bot's and why it handed over.
  await signIn(page, env().owner);
  await page.getByTestId('view-all').click();
  const banner = page.getByTestId('bot-banner');
  await expect(rowOf(page, complaint).getByTestId(/^emotion-/)).toBeVisible();
  await rowOf(page, complaint).click();
  await expect(banner.getByTestId('bot-banner-reason')).toHaveText('The customer is upset');
  await expect(banner.getByTestId('bot-banner-emotion')).toBeVisible();
  await expect(banner.getByTestId('bot-banner-question')).toHaveText(`我要投诉，退货三天了还没处理 ${tag}`);
  await expect(page.getByTestId('conversation-pane').getByTestId(/^emotion-/)).toBeVisible();

  await rowOf(page, id).click();
  await expect(banner).toHaveAttribute('data-state', 'handed_off');
  await expect(banner.getByTestId('bot-banner-reason')).toHaveText('The customer pressed “talk to a person”');
  await expect(banner.getByTestId('bot-banner-turns')).toContainText('1 message with the bot');
  const botMessages = page.getByTestId('thread').locator('.msg.bot');
  await expect(botMessages.first()).toContainText('小莲');
  await expect(botMessages.last().getByTestId('bot-card-action')).toHaveText('Handed over to a person');
  await page.getByTestId('assist-toggle').click();
  await expect(page.getByTestId('assist-panel')).toBeVisible();
  await shot(page, 'bot-handoff');

  // The answer names its article, which opens in the knowledge base.
  await page.goto(`${env().base}/conversations/${helped}`);
  const answerCard = page.getByTestId('thread').locator('[data-action="answer"]');
  await expect(answerCard.getByTestId('message-text')).toHaveText('质量问题由我们承担运费，其他情况由买家承担。');
  await answerCard.getByTestId('bot-card-title').click();
  await expect(page.getByTestId('kb-title')).toHaveValue(title);
  await page.keyboard.press('Escape');

  // The figures, and the question it could not answer made an alternative question of the article.
  await openPerformance(page, inbox.name);
  const metrics = page.getByTestId('bot-metrics');
  await expect(metrics.getByTestId('bot-started')).toHaveText('3');
  await expect(metrics.getByTestId('bot-resolved')).toHaveText('1');
  await expect(metrics.getByTestId('bot-resolution-rate')).toHaveText('33.3%');
  await expect(metrics.getByTestId('bot-handoff-rate')).toHaveText('66.7%');
  await expect(page.getByTestId('bot-legend-button')).toContainText('1');
  await expect(page.getByTestId('bot-legend-negative_emotion')).toContainText('1');
  const row = page.getByTestId('unanswered-table').locator('.el-table__row', { hasText: `qzx vbnm ${tag}` });
  await expect(row).toBeVisible();
  await shot(page, 'bot-metrics');

  await row.getByTestId('unanswered-add').click();
  await page.getByTestId('article-picker').click();
  await page.keyboard.type(tag);
  await page.getByRole('option', { name: title }).click();
  await page.getByTestId('unanswered-add-save').click();
  await expect(row).toHaveCount(0);
  const stored = await api.call<{ questions: string[] }>('GET', `/api/v1/kb/articles/${article.id}`);
  expect(stored.questions).toContain(`qzx vbnm ${tag}`);
});

/** openPerformance opens Settings › Bot performance for one inbox. */
async function openPerformance(page: Page, inboxName: string) {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-bot').click();
  await page.getByTestId('bot-inbox').click();
  await page.getByRole('option', { name: inboxName, exact: true }).click();
}

/** botMessage waits for the bot's message with a card of action in a visitor's conversation. */
async function botMessage(v: Visitor, conversationId: string, action: string) {
  let found: { id: string } | undefined;
  await expect.poll(async () => {
    const all = (await v.messages(conversationId)) as unknown as { id: string; sender_type: string; bot?: { action: string } }[];
    found = all.find((m) => m.sender_type === 'bot' && m.bot?.action === action);
    return !!found;
  }, { timeout: 30_000 }).toBe(true);
  return found!;
}
