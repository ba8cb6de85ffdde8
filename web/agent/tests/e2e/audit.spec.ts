// Settings › Audit log: a role changed in Settings › Agents shows up in the audit log with the
// field it changed, and the log can be exported.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { AgentAPI, env, shot, signIn } from './kefu';

test('changing an agent’s role is recorded in the audit log', async ({ page }) => {
  const e = env();
  const owner = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const email = `audited-${randomUUID().slice(0, 8)}@example.com`;
  await owner.call('POST', '/api/v1/agents', { email, name: 'Audited Agent', password: 'password-1', role: 'agent' });

  await signIn(page, e.owner);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-agents').click();
  const row = page.locator('.el-table__row', { hasText: email });
  await row.locator('.el-select').first().click();
  await page.getByRole('option', { name: 'Supervisor', exact: true }).locator('visible=true').click();
  await expect(page.locator('.el-message--success')).toBeVisible();

  await page.getByTestId('settings-audit').click();
  const entry = page.getByTestId('audit-table').locator('.el-table__row', { hasText: 'agent.role_changed' }).filter({ hasText: 'Audited Agent' });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('127.0.0.1');
  await entry.click();
  await expect(page.getByTestId('audit-before')).toContainText('"role": "agent"');
  await expect(page.getByTestId('audit-after')).toContainText('"role": "supervisor"');
  await shot(page, 'settings-audit');
  await page.keyboard.press('Escape');

  await page.getByTestId('audit-filter-action').fill('agent.role_changed');
  await page.getByTestId('audit-search').click();
  await expect(page.getByTestId('audit-table').locator('.el-table__row').filter({ hasNotText: 'agent.role_changed' })).toHaveCount(0);

  await page.getByTestId('audit-export').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('audit-export-csv').click();
  expect((await download).suggestedFilename()).toBe('audit-log.csv');
});
