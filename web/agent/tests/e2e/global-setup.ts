// Global setup of the browser tests: build and start a real kefu, then provision it over its
// API — an organisation, agents and one inbox per test file, so the files stay independent.
// Inbox members are a "Night Owl" agent who never connects: nobody is auto-assigned, so every
// new conversation waits in Unassigned for the test to act on. A test OpenID Connect provider
// (cmd/kefu-testoidc) runs beside it for the single sign-on test, and fakes of the channels'
// platforms (tests/e2e/fakes.ts) for the channel tests: a Telegram Bot API kefu is pointed at
// (telegram_api_url), the WeChat Official Account API (wechat_api_url), an SMTP server taking
// kefu's replies, and kefu's own SMTP listener
// (smtp_listen) the tests hand customers' mail to. kefu runs on a port chosen beforehand so that
// its public_url (which Telegram webhooks need) is its real address.
import { startFakes, freePort } from './fakes';
import { AgentAPI, type Account, type E2EEnv } from './kefu';
import { buildKefu, startKefu, startTestOIDC } from './server';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const bin = process.env.KEFU_BIN ?? buildKefu();
  const fakes = await startFakes();
  const [port, smtpListen] = [await freePort(), await freePort()];
  const kefu = await startKefu(bin, port, [
    '--public-url', `http://127.0.0.1:${port}`, '--telegram-api-url', fakes.telegram, '--wechat-api-url', fakes.wechat, '--smtp-listen', `127.0.0.1:${smtpListen}`,
  ]).catch((e) => {
    fakes.stop();
    throw e;
  });
  const oidc = await startTestOIDC('sun.wukong@example.com').catch((e) => {
    kefu.stop();
    fakes.stop();
    throw e;
  });
  const stop = () => {
    oidc.stop();
    kefu.stop();
    fakes.stop();
  };
  try {
    const { stop: _, ...provider } = oidc;
    const channels = { telegram: fakes.telegram, wechat: fakes.wechat, smtpPort: fakes.smtpPort, smtpListen };
    process.env.KEFU_E2E = JSON.stringify({ ...(await provision(kefu.base, bin)), oidc: provider, channels });
  } catch (e) {
    stop();
    throw e;
  }
  return async () => stop();
}

async function provision(base: string, bin: string): Promise<Omit<E2EEnv, 'oidc' | 'channels'>> {
  const owner = { name: 'Wang Fang', email: 'owner@example.com', password: 'a long owner password' };
  const res = await fetch(`${base}/api/v1/setup`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ org_name: 'Lotus Tea House', ...owner }),
  });
  if (!res.ok) throw new Error(`setup: ${res.status} ${await res.text()}`);
  const admin = await AgentAPI.login(base, owner.email, owner.password);
  const me = await admin.call<{ agent: { id: string } }>('GET', '/api/v1/auth/me');
  const agent = async (name: string, role: string): Promise<Account> => {
    const email = `${name.replace(/\s/g, '').toLowerCase()}@example.com`;
    const password = 'a long agent password';
    const a = await admin.call<{ id: string }>('POST', '/api/v1/agents', { email, name, password, role });
    return { id: a.id, name, email, password };
  };
  const agents = { li: await agent('Li Lei', 'agent'), han: await agent('Han Meimei', 'agent'), sup: await agent('Zhao Min', 'supervisor') };
  const nightOwl = await agent('Night Owl', 'agent');
  const inbox = async (name: string) => {
    const ib = await admin.call<{ id: string; widget_key: string }>('POST', '/api/v1/inboxes', {
      name, greeting: 'Hello! How can we help?', member_ids: [nightOwl.id],
    });
    return { id: ib.id, key: ib.widget_key, name };
  };
  await admin.call('POST', '/api/v1/labels', { name: 'refund', color: '#e5484d' });
  await admin.call('POST', '/api/v1/labels', { name: 'vip', color: '#f5a623' });
  await admin.call('POST', '/api/v1/teams', { name: 'Billing', member_ids: [agents.han.id] });
  await admin.call('POST', '/api/v1/canned-replies', { shortcut: 'hello', content: 'Hello! Thanks for contacting Lotus Tea House.', scope: 'shared' });
  const masking = await inbox('Masking');
  await admin.call('PATCH', `/api/v1/inboxes/${masking.id}`, { pii_policy: 'mask' });
  return {
    base, bin, agents,
    owner: { id: me.agent.id, ...owner },
    inboxes: {
      live: await inbox('Website'),
      notes: await inbox('Notes'),
      safety: await inbox('Safety'),
      transfer: await inbox('Transfer'),
      i18n: await inbox('中文站'),
      keys: await inbox('Keyboard'),
      files: await inbox('Files'),
      masking,
      roles: await inbox('Roles'),
      privacy: await inbox('Privacy'),
    },
  };
}
