// Once the team resolves the conversation the visitor may rate it; kefu stores the rating.
import { expect, test } from './test';
import { AgentAPI, conversationWith, env } from './kefu';
import { open, say, visit } from './widget';

test('the visitor rates a resolved conversation', async ({ page }) => {
  const { inboxes } = env();
  const agent = await AgentAPI.as('Han Meimei');
  const offline = agent.online();
  try {
    await visit(page, inboxes.rating.key);
    const frame = await open(page);
    const text = `thanks, all done ${Math.random()}`; // unique: tests may run repeatedly, in parallel
    await say(frame, text);
    const conv = await conversationWith(agent, inboxes.rating.id, text);
    await agent.call('POST', `/api/v1/conversations/${conv.id}/status`, { status: 'resolved' });
    const rating = frame.getByTestId('rating');
    await expect(rating).toBeVisible();
    await rating.getByLabel('4 of 5').check();
    await rating.getByRole('textbox').fill('Quick and friendly');
    await rating.getByRole('button', { name: 'Submit' }).click();
    await expect(frame.getByText('Thank you for your feedback!')).toBeVisible();
    const got = await agent.call<{ rating: { score: number; comment: string } | null }>('GET', `/api/v1/conversations/${conv.id}`);
    expect(got.rating).toMatchObject({ score: 4, comment: 'Quick and friendly' });
  } finally {
    offline();
  }
});
