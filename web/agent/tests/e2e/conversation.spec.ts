// A visitor and an agent talking in real time, both ways: the visitor through the visitor REST
// API, the agent in the workspace. Nothing is reloaded; everything arrives over the WebSocket.
import { expect, test } from '@playwright/test';
import { env, rowOf, shot, signIn, Visitor } from './kefu';

test('a visitor and an agent talk in real time', async ({ page }) => {
  const e = env();
  await signIn(page, e.owner);
  await page.getByTestId('view-unassigned').click();
  await expect(page).toHaveURL(/view=unassigned/);

  // A visitor arrives while the agent watches the Unassigned view.
  const visitor = await Visitor.open(e.base, e.inboxes.live.key, {
    page_url: 'https://shop.example.com/teapots/yixing', referrer: 'https://www.baidu.com/',
    user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
    order: 'A-1024',
  });
  await visitor.profile({ name: 'Chen Jing', email: 'chen.jing@example.com' });
  const id = await visitor.start('Hello, is the Yixing teapot still in stock?');

  const row = rowOf(page, id);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Chen Jing');
  await expect(row.getByTestId('unread')).toBeVisible();
  await expect(row.getByTestId('waiting')).toBeVisible();

  // Open it: the message is there, the row is read, the sidebar shows where they came from.
  await row.click();
  const thread = page.getByTestId('thread');
  await expect(thread).toContainText('Yixing teapot still in stock?');
  await expect(row.getByTestId('unread')).toHaveCount(0);
  const sidebar = page.getByTestId('contact-sidebar');
  await expect(sidebar.getByTestId('contact-name')).toHaveText('Chen Jing');
  await expect(sidebar).toContainText('chen.jing@example.com');
  await expect(sidebar).toContainText('shop.example.com/teapots/yixing');
  await expect(sidebar).toContainText('Chrome 131');
  await expect(sidebar.getByTestId('contact-attributes')).toContainText('A-1024');

  // Take it, then reply with Enter.
  await page.getByTestId('assign-me').click();
  await expect(page.getByTestId('conversation-assignee')).toContainText(e.owner.name);
  await expect(thread).toContainText(`${e.owner.name} took this conversation`);
  const input = page.getByTestId('composer-input');
  await input.fill('Yes, we have three left. Shall I reserve one for you?');
  await input.press('Enter');
  await expect(thread.getByTestId('message').last()).toContainText('three left');
  await expect(thread.getByTestId('message').last().getByTestId('message-state')).toHaveText('Sent');

  // The visitor gets the reply ...
  await expect.poll(async () => (await visitor.messages(id)).map((m) => m.content)).toContain('Yes, we have three left. Shall I reserve one for you?');

  // ... and answers, typing first: the agent sees both live.
  await visitor.typing(id, true);
  await expect(page.getByTestId('typing')).toContainText('is typing');
  await visitor.send(id, 'Yes please! 谢谢');
  await expect(thread).toContainText('Yes please! 谢谢');
  await expect(page.getByTestId('typing')).not.toContainText('is typing');

  // Shift+Enter makes a new line instead of sending.
  await input.fill('Reserved.');
  await input.press('Shift+Enter');
  await input.pressSequentially('Pick-up is at our Nanjing Road shop.');
  await expect(input).toHaveValue('Reserved.\nPick-up is at our Nanjing Road shop.');
  await input.press('Enter');
  await expect(thread.getByTestId('message').last()).toContainText('Nanjing Road');

  // The visitor read it: the agent's message turns "Read". The thread shows it while it is still
  // being sent, so wait until the visitor has it before marking it read.
  await expect.poll(async () => (await visitor.messages(id)).at(-1)?.content ?? '').toContain('Nanjing Road');
  const mine = (await visitor.messages(id)).at(-1)!;
  await fetch(`${e.base}/api/v1/widget/conversations/${id}/read`, {
    method: 'POST', headers: { authorization: `Bearer ${visitor.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ seq: mine.seq }),
  });
  await expect(thread.getByTestId('message').last().getByTestId('message-state')).toHaveText('Read');

  // Canned reply by /shortcut.
  await input.fill('/hel');
  await expect(page.getByTestId('canned-list')).toContainText('/hello');
  await input.press('Enter');
  await expect(input).toHaveValue('Hello! Thanks for contacting Lotus Tea House.');
  await input.fill('');

  await page.getByTestId('view-mine').click();
  await expect(rowOf(page, id)).toBeVisible();
  await shot(page, 'conversation');

  // The inbox: every open conversation, the customer panel folded away.
  await page.getByTestId('toggle-sidebar').click();
  await expect(page.getByTestId('contact-sidebar')).toHaveCount(0);
  await page.getByTestId('view-all').click();
  await expect(rowOf(page, id)).toBeVisible();
  await shot(page, 'inbox');
});
