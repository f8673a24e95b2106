// Test helpers: the SDK bound to the N-API flavour of the generated bindings (run by Node through
// @ubjs/node against target/release/liblivechat.so), and the emulator binary on an ephemeral port.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { bindSdk, type CustomerSDK, type InitOptions, type LivechatModule, type Token } from '../src/sdk';

const here = path.dirname(fileURLToPath(import.meta.url));

// The N-API flavour of the generated bindings (scripts/generate.sh). Loaded by path at run time: its
// FFI file is typed against @ubjs/node internals that the published .d.ts omits, and its public API is
// the one of the JSI flavour, which tsc checks (LivechatModule).
const napi = await import(path.resolve(here, '../generated/napi/index.ts'));
export const livechat: LivechatModule = napi.default.livechat;
// Node serves `uploadFile` URIs from its disk: a `file://` URL or a plain path.
const readFile = async (uri: string) => {
  const bytes = await fs.readFile(uri.startsWith('file:') ? fileURLToPath(uri) : uri);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};
export const sdk = bindSdk(livechat, { readFile });
const targetDir = process.env.TARGET_DIR ?? path.resolve(here, '../../../target');

/** The `livechat-emulator` binary, started per test file on 127.0.0.1:0. */
export class Emulator {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    /** Bearer tokens of the agent Jane and of the control API (random, printed by the emulator). */
    readonly agentToken: string,
    private readonly controlToken: string,
  ) {}

  static async start(): Promise<Emulator> {
    const binary = path.join(targetDir, 'release', 'livechat-emulator');
    const child = spawn(binary, ['--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! });
    // `agent token: T` and `control token: T` come before `listening on URL`.
    const tokens: Record<string, string> = {};
    const url = await new Promise<string>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`emulator exited with ${code} before listening`)));
      lines.on('line', (line) => {
        const token = /^(agent|control) token: (\S+)$/.exec(line);
        if (token) tokens[token[1]] = token[2];
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m) resolve(m[1]);
      });
    });
    child.removeAllListeners('exit');
    // A test file that dies early must not leave its emulator behind (it holds the runner's stderr).
    process.once('exit', () => child.kill());
    return new Emulator(child, url, tokens.agent, tokens.control);
  }

  /** `init` options for the demo license 12345 with every origin pointed at the emulator. */
  options(overrides: Partial<InitOptions> = {}): InitOptions {
    return {
      licenseId: 12345,
      clientId: 'rn-tests',
      apiOriginDal: this.url,
      apiOriginFra: `${this.url}/fra`,
      accountsOrigin: this.url,
      requestTimeoutMs: 10_000,
      ...overrides,
    };
  }

  /** `POST /emulator/<op>` (control API); returns the JSON reply. */
  async control(op: string, body: unknown = {}): Promise<any> {
    const res = await fetch(`${this.url}/emulator/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.controlToken}` },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`control ${op} -> ${res.status}: ${JSON.stringify(json)}`);
    return json;
  }

  /** `POST /v3.3/agent/action/<action>` as the agent Jane. */
  async agent(action: string, body: unknown): Promise<any> {
    const res = await fetch(`${this.url}/v3.3/agent/action/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.agentToken}` },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`agent ${action} -> ${res.status}: ${JSON.stringify(json)}`);
    return json;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill();
    await exited;
  }
}

/** Records every event of an SDK instance (`on('*')`) in arrival order; `waitFor` is bounded. */
export class Recorder {
  readonly seen: { name: string; payload: any }[] = [];
  private waiters: (() => void)[] = [];

  constructor(sdk: CustomerSDK) {
    sdk.on('*', (name, payload) => {
      this.seen.push({ name, payload });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** The first recorded `name` event (earlier or coming) matching `predicate`, consumed; rejects after `ms`. */
  async waitFor(name: string, predicate: (payload: any) => boolean = () => true, ms = 20_000): Promise<any> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.seen.findIndex((e) => e.name === name && predicate(e.payload));
      if (i >= 0) return this.seen.splice(i, 1)[0].payload;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no matching '${name}' event within ${ms} ms; seen: ${this.seen.map((e) => e.name).join(', ')}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }
}

/** A connected SDK instance and its recorder. `autoConnect: false`, then `connect()` once subscribed,
 * so no event is missed; destroyed by `t.after`. */
export async function connected(
  t: { after(fn: () => Promise<void>): void },
  emulator: Emulator,
  overrides: Partial<InitOptions> = {},
): Promise<{ sdk: CustomerSDK; events: Recorder; customerId: string }> {
  const client = sdk.init(emulator.options({ ...overrides, autoConnect: false }));
  t.after(() => client.destroy());
  const events = new Recorder(client);
  await client.connect();
  const { customer } = await events.waitFor('connected');
  return { sdk: client, events, customerId: customer.id };
}

/** Bounds any promise (turns a hang into a failure). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A host-side token source, as a WebView or an app's own login would be: the emulator's cookie grant
 * fetched by JS (the SDK's built-in flow is not involved), cookies kept like a browser (one customer),
 * the token cached until `invalidate()`, and concurrent asks served by one fetch. */
export class CookieGrantTokens {
  fetches = 0;
  invalidations = 0;
  private cookies = '';
  private cached?: Promise<Token>;

  constructor(private readonly emulator: Emulator) {}

  getToken(): Promise<Token> {
    this.cached ??= this.fetch().catch((e) => {
      this.cached = undefined;
      throw e;
    });
    return this.cached;
  }

  async invalidate(): Promise<void> {
    this.invalidations++;
    this.cached = undefined;
  }

  private async fetch(): Promise<Token> {
    this.fetches++;
    const res = await fetch(`${this.emulator.url}/customer/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.cookies && { cookie: this.cookies }) },
      body: JSON.stringify({ grant_type: 'cookie', client_id: 'rn-tests', license_id: 12345, response_type: 'token' }),
    });
    const set = res.headers.getSetCookie().map((c) => c.split(';')[0]);
    if (set.length) this.cookies = set.join('; ');
    const body = await res.json();
    if (!res.ok) throw new sdk.CustomerSdkError('AUTHENTICATION', `token endpoint answered ${res.status}`);
    return {
      accessToken: body.access_token,
      entityId: body.entity_id,
      expiresIn: body.expires_in * 1000, // the endpoint's seconds; tokens carry milliseconds
      tokenType: body.token_type,
      creationDate: Date.now(),
      licenseId: body.license_id,
    };
  }
}

/** Options of every test: a generous bound that only turns a hang into a failure. */
export const T = { timeout: 60_000 };

/** The `code` of the `CustomerSdkError` that `promise` rejects with (fails if it resolves). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error: any = await within(promise.then(() => assert.fail('resolved')), 20_000, 'call').catch((e) => e);
  assert.ok(error instanceof sdk.CustomerSdkError, `not a CustomerSdkError: ${error}`);
  return error.code;
}
