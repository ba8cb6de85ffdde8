// The workspace's first hour: a clean console on sign-in, Settings opening where the role needs
// it, the new-message sound switch, the onboarding checklist of a new owner (en and zh-CN) and
// the conversation on a 390×844 phone.
import { expect, test, type Page } from '@playwright/test';
import { AgentAPI, env, rowOf, shot, signIn, Visitor } from './kefu';
import { startKefu, type Kefu } from './server';

// Several sign-ins and a server of its own per test: more than the default minute on a busy box.
test.describe.configure({ timeout: 150_000 });

/** watchErrors collects console errors and failed HTTP requests of page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  // A request still in flight when the page reloads or navigates is cancelled by the browser
  // (net::ERR_ABORTED): the page going away, not a failure of the app.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
  });
  return errors;
}

test('no console error or failed request on the sign-in page, after sign-in, or on reload', async ({ page }) => {
  const e = env();
  const errors = watchErrors(page);
  await page.goto(`${e.base}/login`);
  await expect(page.getByTestId('login-submit')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('login-submit')).toBeVisible();
  await signIn(page, e.agents.li);
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveClass(/open/);
  await page.getByTestId('nav-settings').click();
  await expect(page).toHaveURL(/\/settings\//);
  expect(errors).toEqual([]);
});

test('Settings opens on Inboxes for an admin and on Canned replies for an agent', async ({ browser }) => {
  const e = env();
  const owner = await browser.newPage();
  await signIn(owner, e.owner);
  await owner.getByTestId('nav-settings').click();
  await expect(owner).toHaveURL(/\/settings\/inboxes$/);
  await expect(owner.getByTestId('settings-inboxes')).toHaveClass(/router-link-active/);
  await owner.close();

  const agent = await browser.newPage();
  await signIn(agent, e.agents.li);
  await agent.getByTestId('nav-settings').click();
  await expect(agent).toHaveURL(/\/settings\/canned$/);
  // A page the role may not open sends the agent to one it may, never to an empty page.
  await agent.goto(`${e.base}/settings/inboxes`);
  await expect(agent).toHaveURL(/\/settings\/canned$/);
  await agent.close();
});

test('the new-message sound can be switched off, per browser, and stays off after a reload', async ({ page }) => {
  const e = env();
  // Count the chime's notes with a stand-in AudioContext, and make the tab look hidden, as the
  // chime is only for a tab the agent is not looking at.
  await page.addInitScript(() => {
    const w = window as unknown as { notes: number };
    w.notes = 0;
    const node = () => ({ connect: (n: unknown) => n, start() {}, stop() {}, frequency: { value: 0 }, gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} } });
    class FakeAudio {
      state = 'running';
      currentTime = 0;
      destination = {};
      createOscillator() {
        w.notes++;
        return node();
      }
      createGain() {
        return node();
      }
    }
    Object.assign(window, { AudioContext: FakeAudio });
    Object.defineProperty(Document.prototype, 'hidden', { get: () => true });
  });
  await signIn(page, e.owner);
  const sound = page.getByTestId('sound-switch');
  await expect(sound).toHaveAttribute('aria-checked', 'true');
  await sound.click(); // the first gesture also unlocks audio
  await expect(sound).toHaveAttribute('aria-checked', 'false');
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveClass(/open/);
  await expect(sound).toHaveAttribute('aria-checked', 'false');
  await page.getByTestId('view-unassigned').click(); // also the gesture that unlocks audio

  const visitor = await Visitor.open(e.base, e.inboxes.live.key);
  const quiet = await visitor.start('A message while the sound is off');
  await expect(rowOf(page, quiet)).toBeVisible();
  await visitor.send(quiet, 'And another one');
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { notes: number }).notes)).toBe(0);

  await sound.click();
  await expect(sound).toHaveAttribute('aria-checked', 'true');
  await visitor.send(quiet, 'Now you hear me');
  await expect.poll(() => page.evaluate(() => (window as unknown as { notes: number }).notes)).toBeGreaterThan(0);
});

test.describe('a new owner', () => {
  let kefu: Kefu;
  test.beforeEach(async () => {
    kefu = await startKefu(env().bin);
  });
  test.afterEach(() => kefu?.stop());

  /** setUp runs first-run setup in the browser, which signs the owner in. */
  async function setUp(page: Page, email: string): Promise<AgentAPI> {
    await page.goto(kefu.base);
    await page.getByTestId('setup-org').fill('Plum Blossom Books');
    await page.getByTestId('setup-name').fill('Chen Jing');
    await page.getByTestId('setup-email').fill(email);
    await page.getByTestId('setup-password').fill('a long enough password');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('view-mine')).toBeVisible();
    return AgentAPI.login(kefu.base, email, 'a long enough password');
  }

  const step = (page: Page, id: string) => page.getByTestId(`onboarding-${id}`);

  test('is guided by a checklist that ticks itself off from real data and then goes (en)', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const api = await setUp(page, 'chen.jing@example.com');
    const list = page.getByTestId('onboarding');
    await expect(list).toContainText('Get started with kefu');
    await expect(list).toContainText('0 of 4 done');
    for (const id of ['inbox', 'snippet', 'agents', 'test']) await expect(step(page, id)).toHaveAttribute('data-done', 'false');
    await shot(page, 'onboarding');

    // The inbox step leads to Settings › Inboxes; an inbox made there ticks it.
    await page.getByTestId('onboarding-inbox-go').click();
    await expect(page).toHaveURL(/\/settings\/inboxes$/);
    const inbox = await api.call<{ widget_key: string }>('POST', '/api/v1/inboxes', { name: 'Bookshop' });
    await page.getByTestId('nav-conversations').click();
    await page.reload();
    await expect(step(page, 'inbox')).toHaveAttribute('data-done', 'true');
    await expect(page.getByTestId('onboarding-test-go')).toHaveAttribute('href', `/chat/${inbox.widget_key}`);

    // Copying the snippet from the checklist copies the inbox's real snippet.
    await page.getByTestId('onboarding-snippet-go').click();
    await expect(step(page, 'snippet')).toHaveAttribute('data-done', 'true');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(inbox.widget_key);

    await expect(page.getByTestId('onboarding-agents-go')).toHaveAttribute('href', '/settings/agents');
    await api.call('POST', '/api/v1/agents', { email: 'wu.lan@example.com', name: 'Wu Lan', password: 'a long agent password', role: 'agent' });
    await page.reload();
    await expect(step(page, 'agents')).toHaveAttribute('data-done', 'true');
    await expect(page.getByTestId('onboarding')).toContainText('3 of 4 done');

    // The first visitor's message completes the list, live, and the list goes.
    const visitor = await Visitor.open(kefu.base, inbox.widget_key);
    await visitor.start('Hello, is this thing on?');
    await expect(page.getByTestId('onboarding')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('view-mine')).toBeVisible();
    await expect(page.getByTestId('onboarding')).toHaveCount(0);
  });

  test.describe('in Chinese', () => {
    test.use({ locale: 'zh-CN' });
    test('sees the checklist in 简体中文, can dismiss it for good; an agent never sees it', async ({ page, browser }) => {
      const api = await setUp(page, 'chen.jing@example.cn');
      const list = page.getByTestId('onboarding');
      await expect(list).toContainText('开始使用客服');
      await expect(list).toContainText('已完成 0/4');
      await expect(step(page, 'inbox')).toContainText('创建收件箱');
      await page.getByTestId('onboarding-dismiss').click();
      await expect(list).toHaveCount(0);
      await page.reload();
      await expect(page.getByTestId('view-mine')).toBeVisible();
      await expect(list).toHaveCount(0);

      await api.call('POST', '/api/v1/agents', { email: 'wu.lan@example.cn', name: '吴兰', password: 'a long agent password', role: 'agent' });
      const agent = await browser.newPage({ locale: 'zh-CN' });
      await agent.goto(`${kefu.base}/login`);
      await agent.getByTestId('login-email').fill('wu.lan@example.cn');
      await agent.getByTestId('login-password').fill('a long agent password');
      await agent.getByTestId('login-submit').click();
      await expect(agent.getByTestId('view-mine')).toBeVisible();
      await expect(agent.getByTestId('onboarding')).toHaveCount(0);
      await agent.close();
    });
  });
});

for (const locale of ['en-US', 'zh-CN']) {
  test.describe(`on a 390×844 phone (${locale})`, () => {
    test.use({ viewport: { width: 390, height: 844 }, locale, isMobile: true, hasTouch: true });
    test('list, thread and customer are separate screens with a way back', async ({ page }) => {
      const e = env();
      const visitor = await Visitor.open(e.base, e.inboxes.live.key, { page_url: 'https://tea.example.com/oolong' });
      await visitor.profile({ name: locale === 'zh-CN' ? '周婷' : 'Emma Clarke' });
      const id = await visitor.start(locale === 'zh-CN' ? '请问乌龙茶有小包装吗？' : 'Do you sell the oolong in small tins?');
      await signIn(page, e.owner);
      await page.getByTestId('view-unassigned').click();
      await rowOf(page, id).click();

      const thread = page.getByTestId('conversation-pane');
      const customer = page.getByTestId('contact-sidebar');
      await expect(thread).toBeVisible();
      await expect(page.getByTestId('thread')).toContainText(locale === 'zh-CN' ? '乌龙茶' : 'oolong');
      // The customer panel waits to be asked for: it does not cover the thread.
      await expect(customer).toBeHidden();
      await expect(rowOf(page, id)).toBeHidden();
      if (locale === 'en-US') await shot(page, 'phone-conversation');

      await page.getByTestId('toggle-sidebar').click();
      await expect(customer).toBeVisible();
      await expect(customer).toContainText(locale === 'zh-CN' ? '周婷' : 'Emma Clarke');
      await expect(thread).toBeHidden();
      const back = page.getByTestId('customer-panel-back');
      await expect(back).toContainText(locale === 'zh-CN' ? '返回会话' : 'Back to the conversation');
      await back.click();
      await expect(thread).toBeVisible();
      await expect(customer).toBeHidden();

      // Back to the list, and another conversation opens on its thread again.
      await thread.getByRole('link', { name: locale === 'zh-CN' ? /返回/ : /Back/ }).click();
      await expect(rowOf(page, id)).toBeVisible();
      await expect(thread).toBeHidden();
    });
  });
}
