// Data subject requests from the contact panel: an owner exports a customer's data (a ZIP
// download), is stopped by a legal hold, then erases the customer with a typed confirmation; the
// open thread empties over the WebSocket and the customer's text is gone from the API.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { AgentAPI, env, rowOf, signIn, Visitor } from './kefu';

test('an owner exports and then erases a customer from the contact panel', async ({ page }) => {
  const e = env();
  const canary = `canary-${randomUUID().slice(0, 8)}`;
  const name = `Erin ${randomUUID().slice(0, 4)}`;
  const visitor = await Visitor.open(e.base, e.inboxes.privacy.key);
  await visitor.profile({ name, email: `${canary}@example.com` });
  const id = await visitor.start(`Please forget me: ${canary}`);

  await signIn(page, e.owner);
  await page.getByTestId('view-unassigned').click();
  await rowOf(page, id).click();
  const thread = page.getByTestId('thread');
  await expect(thread).toContainText(canary);
  const card = page.getByTestId('contact-privacy');

  // Export: the browser gets a ZIP named after the contact.
  const download = page.waitForEvent('download');
  await card.getByTestId('export-contact').click();
  expect((await download).suggestedFilename()).toMatch(/^contact-.+\.zip$/);

  // A legal hold disables erasure until it is released.
  await card.getByTestId('legal-hold').click();
  await expect(card.getByTestId('erase-contact')).toBeDisabled();
  await card.getByTestId('legal-hold').click();
  await expect(card.getByTestId('erase-contact')).toBeEnabled();

  // Erase, confirmed by typing the customer's name.
  await card.getByTestId('erase-contact').click();
  const submit = page.getByTestId('erase-submit');
  await expect(submit).toBeDisabled();
  await page.getByTestId('erase-confirm').fill('not the name');
  await expect(submit).toBeDisabled();
  await page.getByTestId('erase-confirm').fill(name);
  await submit.click();
  await expect(card.getByTestId('erased-at')).toBeVisible();
  await expect(thread).not.toContainText(canary);

  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const msgs = await owner.call<{ messages: unknown[] }>('GET', `/api/v1/conversations/${id}/messages`);
  expect(JSON.stringify(msgs)).not.toContain(canary);
  await expect(visitor.messages(id)).rejects.toThrow(/401/);
});
