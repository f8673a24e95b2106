// Test helpers: the SDK bound to the N-API flavour of the generated bindings (run by Node through
// @ubjs/node against target/release/liblivechat.so), and the emulator binary on an ephemeral port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { bindSdk, type LivechatModule } from '../src/sdk';

const here = path.dirname(fileURLToPath(import.meta.url));

// The N-API flavour of the generated bindings (scripts/generate.sh). Loaded by path at run time: its
// FFI file is typed against @ubjs/node internals that the published .d.ts omits, and its public API is
// the one of the JSI flavour, which tsc checks (LivechatModule).
const napi = await import(path.resolve(here, '../generated/napi/index.ts'));
export const livechat: LivechatModule = napi.default.livechat;
export const sdk = bindSdk(livechat);
const targetDir = process.env.TARGET_DIR ?? path.resolve(here, '../../../target');

/** The `livechat-emulator` binary, started per test file on 127.0.0.1:0. */
export class Emulator {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(): Promise<Emulator> {
    const binary = path.join(targetDir, 'release', 'livechat-emulator');
    const child = spawn(binary, ['--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! });
    const url = await new Promise<string>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`emulator exited with ${code} before listening`)));
      lines.on('line', (line) => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m) resolve(m[1]);
      });
    });
    child.removeAllListeners('exit');
    return new Emulator(child, url);
  }

  /** `POST /emulator/<op>` (control API); returns the JSON reply. */
  async control(op: string, body: unknown = {}): Promise<any> {
    const res = await fetch(`${this.url}/emulator/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`control ${op} -> ${res.status}: ${JSON.stringify(json)}`);
    return json;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill();
    await exited;
  }
}

/** Resolves with the next `name` event of `client`; rejects after `ms` (turns a hang into a failure). */
export function nextEvent(
  client: { once(name: string, handler: (payload: any) => void): void },
  name: string,
  ms = 30_000,
): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${name}' event within ${ms} ms`)), ms);
    client.once(name, (payload) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}
