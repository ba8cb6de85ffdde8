// Regenerates src/api/schema.d.ts from kefu's OpenAPI document, so the client's types follow
// the server's Go types. The source is, in order: the first argument (a URL or a file), the
// KEFU_OPENAPI environment variable, or a throwaway kefu spawned from ../../bin/kefu (or $KEFU_BIN).
//   npm run gen:api                                          # spawn bin/kefu (run `make build` first)
//   npm run gen:api -- http://127.0.0.1:8080/api/v1/openapi.json
//   npm run gen:api -- ./openapi.json
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const here = import.meta.dirname;
const out = resolve(here, '../src/api/schema.d.ts');
const bin = process.env.KEFU_BIN ?? resolve(here, '../../../bin/kefu');

async function main() {
  const source = process.argv[2] ?? process.env.KEFU_OPENAPI;
  if (source) return generate(source);
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-genapi-'));
  const kefu = spawn(bin, ['serve', '--addr', '127.0.0.1:0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const base = await listening(kefu);
    const doc = await (await fetch(`${base}/api/v1/openapi.json`)).text();
    const file = join(dataDir, 'openapi.json');
    writeFileSync(file, doc);
    generate(file);
  } finally {
    stop(kefu);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function generate(source) {
  execFileSync(resolve(here, '../node_modules/.bin/openapi-typescript'), [source, '-o', out], { stdio: 'inherit' });
}

// stop ends the server without letting it hold this script open: SIGTERM, then SIGKILL if it
// has not exited after a grace period.
function stop(p) {
  p.kill('SIGTERM');
  setTimeout(() => p.kill('SIGKILL'), 5000).unref();
  p.stdout.destroy();
  p.stderr.destroy();
  p.unref();
}

// listening resolves with kefu's base URL once it logs the address it bound.
function listening(p) {
  let log = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`kefu did not start:\n${log}`)), 30_000);
    const onData = (b) => {
      log += b.toString();
      const m = /kefu listening"? addr=(\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        ok(`http://${m[1].replace(/"/g, '')}`);
      }
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.on('exit', (code) => fail(new Error(`kefu exited with ${code}:\n${log}`)));
  });
}

await main();
