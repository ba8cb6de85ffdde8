// Global setup of the browser tests: build and start a real kefu on a free port with a temp
// data dir, set it up over its API (organisation, agents, inboxes), and serve host pages with
// the embed snippet from ANOTHER origin (another port; and another site, see host-server.ts). Everything the tests need goes to them in KEFU_E2E.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHostServer } from './host-server';
import { AgentAPI, type E2EEnv } from './kefu';

const repo = resolve(import.meta.dirname, '../../../..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  const bin = process.env.KEFU_BIN ?? buildKefu();
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-e2e-'));
  const { kill, base } = await startKefu(bin, dataDir);
  const host = await startHostServer(base);
  try {
    process.env.KEFU_E2E = JSON.stringify(await provision(base, host.origin, host.crossSiteOrigin));
  } catch (e) {
    kill();
    throw e;
  }
  return async () => {
    kill();
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

// buildKefu compiles the binary with the freshly built dist/ embedded; Go's cache makes this
// quick when nothing changed.
function buildKefu(): string {
  const out = join(repo, 'bin', 'kefu');
  execFileSync('go', ['build', '-o', out, './cmd/kefu'], { cwd: repo, stdio: 'inherit', env: { ...process.env, CGO_ENABLED: '0' } });
  return out;
}

function startKefu(bin: string, dataDir: string): Promise<{ kill: () => void; base: string }> {
  const p = spawn(bin, ['serve', '--addr', '127.0.0.1:0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`kefu did not start:\n${log}`)), 30_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      if (process.env.KEFU_E2E_LOG) process.stderr.write(b);
      const m = /kefu listening"? addr=(\S+)/.exec(log);
      if (!m) return;
      clearTimeout(timer);
      ok({ kill: () => p.kill('SIGTERM'), base: `http://${m[1].replace(/"/g, '')}` });
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.on('exit', (code) => fail(new Error(`kefu exited with ${code}:\n${log}`)));
  });
}

async function provision(base: string, hostOrigin: string, crossSiteOrigin: string): Promise<E2EEnv> {
  const owner = { email: 'owner@example.com', password: 'a long owner password' };
  const setup = await fetch(`${base}/api/v1/setup`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ org_name: 'E2E Shop', name: 'Owner', ...owner }),
  });
  if (!setup.ok) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
  const admin = await AgentAPI.login(base, owner.email, owner.password);
  const agents: E2EEnv['agents'] = {};
  for (const name of ['Li Lei', 'Han Meimei', 'Night Owl']) {
    const email = `${name.replace(/\s/g, '').toLowerCase()}@example.com`;
    const password = 'a long agent password';
    const a = await admin.call<{ id: string }>('POST', '/api/v1/agents', { email, name, password, role: 'agent' });
    agents[name] = { id: a.id, email, password };
  }
  const inbox = async (name: string, extra: object) => {
    const ib = await admin.call<{ id: string; widget_key: string }>('POST', '/api/v1/inboxes', { name, allowed_origins: [hostOrigin, crossSiteOrigin], ...extra });
    return { id: ib.id, key: ib.widget_key };
  };
  const nightOwl = agents['Night Owl'].id;
  return {
    base, hostOrigin, crossSiteOrigin, owner, agents,
    inboxes: {
      // One inbox per test file keeps the tests independent of each other's conversations.
      chat: await inbox('Chat', { greeting: 'Hello! How can we help?', member_ids: [agents['Li Lei'].id] }),
      resilience: await inbox('Resilience', { member_ids: [agents['Li Lei'].id] }),
      safety: await inbox('Safety', { member_ids: [agents['Li Lei'].id] }),
      rating: await inbox('Rating', { member_ids: [agents['Han Meimei'].id] }),
      prechat: await inbox('Pre-chat', {
        member_ids: [agents['Han Meimei'].id],
        widget: { color: '#aa3300', away_message: '', locale: 'en', pre_chat: { enabled: true, fields: [
          { name: 'name', required: true }, { name: 'email', required: false }, { name: 'inquiry_type', required: true, options: ['Billing', 'Shipping'] },
        ] } },
      }),
      offline: await inbox('Offline', { member_ids: [nightOwl], widget: { color: '#1677ff', away_message: 'We are closed, leave a message.', locale: 'en', pre_chat: { enabled: false, fields: [] } } }),
      elsewhere: await inbox('Elsewhere', { allowed_origins: ['https://shop.example.com'] }),
      crossSite: await inbox('Cross-site', { member_ids: [agents['Li Lei'].id] }),
      identity: await inbox('Identity', { member_ids: [agents['Li Lei'].id] }),
    },
  };
}
