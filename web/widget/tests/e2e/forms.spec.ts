// The forms before a conversation: the inbox's pre-chat questions, and the offline form when
// no agent is available, whose message becomes a conversation for the team.
import { expect, test } from './test';
import { AgentAPI, conversationWith, env, tag } from './kefu';
import { bubble, launcher, open, say, visit } from './widget';

// Texts tagged per run: see tag().
let T0 = '', T1 = '';
test.beforeEach(() => {
  T0 = tag('a billing question');
  T1 = tag('Please call me back about my order.');
});

interface Contact {
  name: string;
  email: string;
  phone: string;
  attributes: Record<string, string>;
}

test('the pre-chat form asks the configured questions before the chat', async ({ page }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Han Meimei');
  const offline = agent.online();
  try {
    await visit(page, inboxes.prechat.key);
    const frame = await open(page);
    const form = frame.getByTestId('prechat-form');
    await expect(form).toBeVisible();
    await expect(frame.locator('.kefu-header')).toHaveCSS('background-color', 'rgb(170, 51, 0)'); // the inbox colour
    await expect(launcher(page)).toHaveCSS('background-color', 'rgb(170, 51, 0)');
    await form.getByRole('button', { name: 'Start chat' }).click();
    await expect(form.getByRole('alert')).toHaveText('Please fill in Name.');
    await form.getByLabel('Name').fill('Ann Visitor');
    await form.getByLabel('Email').fill('ann@example.com');
    await form.getByLabel('Topic').selectOption('Billing');
    await form.getByRole('button', { name: 'Start chat' }).click();
    await say(frame, T0);
    const conv = await conversationWith(agent, inboxes.prechat.id, T0);
    const contact = await agent.call<Contact>('GET', `/api/v1/contacts/${conv.contact_id}`);
    expect(contact).toMatchObject({ name: 'Ann Visitor', email: 'ann@example.com' });
    expect(contact.attributes).toMatchObject({ inquiry_type: 'Billing', plan: 'gold' }); // plan: $kefu setAttributes
  } finally {
    offline();
  }
});

test('with no agent online, the offline form leaves a message the team sees', async ({ page }) => {
  const { inboxes } = env();
  const owner = await AgentAPI.login(env().base, env().owner.email, env().owner.password);
  await visit(page, inboxes.offline.key);
  const frame = await open(page);
  const form = frame.getByTestId('offline-form');
  await expect(form).toBeVisible();
  await expect(form.getByText('We are closed, leave a message.')).toBeVisible();
  await form.getByLabel('Name').fill('Bob Buyer');
  await form.getByLabel('Email').fill('not-an-email');
  await form.getByLabel('Message').fill(T1);
  await form.getByRole('button', { name: 'Send message' }).click();
  await expect(form.getByRole('alert')).toHaveText('Please enter a valid email address.');
  await form.getByLabel('Email').fill('bob@example.com');
  await form.getByLabel('Phone').fill('+86 138 0000 0000');
  await form.getByRole('button', { name: 'Send message' }).click();
  await expect(bubble(frame, T1)).toBeVisible();
  const conv = await conversationWith(owner, inboxes.offline.id, T1);
  const contact = await owner.call<Contact>('GET', `/api/v1/contacts/${conv.contact_id}`);
  expect(contact).toMatchObject({ name: 'Bob Buyer', email: 'bob@example.com', phone: '+86 138 0000 0000' });
});
