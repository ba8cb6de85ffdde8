// Building and starting a real kefu for the browser tests: the binary with the freshly built
// workspace embedded, on a free port, with its own temporary data directory.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const agentDir = resolve(import.meta.dirname, '../..');
const repo = resolve(agentDir, '../..');

/** buildKefu builds the workspace and the widget if needed (live visitors and proactive messages
 * drive the real widget), then the binary (Go's cache makes a rebuild quick).
 * It builds into a temp dir so a concurrent `make build` elsewhere never races on bin/kefu. */
export function buildKefu(): string {
  if (!existsSync(join(agentDir, 'dist', 'index.html'))) {
    execFileSync('npx', ['vite', 'build'], { cwd: agentDir, stdio: 'inherit' });
  }
  const widgetDir = resolve(agentDir, '../widget');
  if (staleBuild(join(widgetDir, 'dist', 'widget.js'), join(widgetDir, 'src'))) {
    execFileSync('npm', ['run', 'build'], { cwd: widgetDir, stdio: 'inherit' });
  }
  const out = join(tmpdir(), 'kefu-agent-e2e', 'kefu');
  execFileSync('go', ['build', '-o', out, './cmd/kefu'], { cwd: repo, stdio: 'inherit', env: { ...process.env, CGO_ENABLED: '0' } });
  return out;
}

/** staleBuild reports whether built is missing or older than a file under src (the widget the
 * tests drive must be the one in the tree, not a build from before a pull). */
function staleBuild(built: string, src: string): boolean {
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? newer(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs > builtAt);
  return newer(src);
}

/** A running kefu and how to stop it. */
export interface Kefu {
  base: string;
  stop(): void;
}

/** startKefu runs bin serve on 127.0.0.1:port (0: any) with extra flags and resolves once it
 * logs its address. */
export function startKefu(bin: string, port = 0, extra: string[] = []): Promise<Kefu> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-agent-e2e-'));
  // Webhook tests deliver to a server of their own on 127.0.0.1, which kefu otherwise refuses.
  const args = ['serve', '--addr', `127.0.0.1:${port}`, '--data-dir', dataDir, '--outbound-allow', '127.0.0.1/32', ...extra];
  const p = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const stop = () => {
    p.kill('SIGTERM');
    // A server that does not stop must not keep the test run alive.
    setTimeout(() => p.kill('SIGKILL'), 5000).unref();
    p.stdout.destroy();
    p.stderr.destroy();
    p.unref();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`kefu did not start:\n${log}`)), 30_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      if (process.env.KEFU_E2E_LOG) process.stderr.write(b);
      const m = /kefu listening"? addr=(\S+)/.exec(log);
      if (!m) return;
      clearTimeout(timer);
      ok({ base: `http://${m[1].replace(/"/g, '')}`, stop });
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.on('exit', (code) => fail(new Error(`kefu exited with ${code}:\n${log}`)));
  });
}

/** A running test OpenID Connect provider (cmd/kefu-testoidc) and how to stop it. */
export interface TestOIDC {
  issuer: string;
  clientId: string;
  clientSecret: string;
  email: string;
  stop(): void;
}

/** startTestOIDC builds and runs the test provider, which signs every authorization in as
 * email without asking, and resolves once it prints its issuer URL. */
export function startTestOIDC(email: string): Promise<TestOIDC> {
  const bin = join(tmpdir(), 'kefu-agent-e2e', 'kefu-testoidc');
  execFileSync('go', ['build', '-o', bin, './cmd/kefu-testoidc'], { cwd: repo, stdio: 'inherit', env: { ...process.env, CGO_ENABLED: '0' } });
  const clientId = 'kefu-e2e';
  const clientSecret = 'kefu-e2e-secret';
  const p = spawn(bin, ['--client-id', clientId, '--client-secret', clientSecret, '--email', email, '--name', 'Sun Wukong'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => {
    p.kill('SIGTERM');
    p.stdout.destroy();
    p.stderr.destroy();
    p.unref();
  };
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`kefu-testoidc did not start:\n${out}`)), 30_000);
    p.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /^issuer (\S+)/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      ok({ issuer: m[1], clientId, clientSecret, email, stop });
    });
    p.stderr.on('data', (b: Buffer) => (out += b.toString()));
    p.on('exit', (code) => fail(new Error(`kefu-testoidc exited with ${code}:\n${out}`)));
  });
}
