// The differential suite: every scenario runs once with the official @livechat/customer-sdk@3.0.0 and
// once with our React Native package (N-API flavour) against one emulator; the two normalised recordings
// are deep-compared, and every difference must be in known-differences.json.
//
//   cd bindings/react-native && node --import tsx ../../differential/run.ts [name-filter]
//
// Env: DIFF_VERBOSE=1 prints both normalised recordings; DIFF_OUT=<dir> writes them as JSON files;
// LIVECHAT_EMULATOR_BIN / TARGET_DIR pick the emulator binary (see emulator/conformance/README.md).
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { OfficialDriver, OurDriver, type Driver, type RecordedEvent } from './drivers.ts';
import { normalizePair } from './normalize.ts';
import { scenarios } from './scenarios.ts';
import type { CallStep, Scenario, Step, Vars } from './scenario.ts';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const { Emulator } = createRequire(import.meta.url)('../emulator/conformance/harness/emulator.js');

const CALL_TIMEOUT_MS = 10_000;
const WAIT_TIMEOUT_MS = 10_000;
const QUIET_MS = 200;
const JOBS = Number(process.env.DIFF_JOBS ?? 3);
process.setMaxListeners(0); // one exit listener per emulator (harness/emulator.js)

// ----- recording -----------------------------------------------------------------------------------

type Outcome =
  | { outcome: 'resolved' | 'returned'; value: unknown }
  | { outcome: 'rejected' | 'threw'; error: { code: unknown; message: string } }
  | { outcome: 'timeout' }
  | { outcome: 'seen' | 'not seen' };

interface Recording {
  steps: { label: string; result: Outcome }[];
  events: RecordedEvent[];
  /** Error messages, for the report only (compared by category). */
  messages: Record<string, string>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `undefined` when `p` does not settle within `ms`. */
async function settle(p: Promise<unknown>, ms: number): Promise<{ ok: true; value: unknown } | { ok: false; error: any } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)));
  try {
    return await Promise.race([p.then((value) => ({ ok: true as const, value }), (error) => ({ ok: false as const, error })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A rejection as compared: its code, and whether it has a message (the wording is free text). */
function errorOf(e: any): { code: unknown; message: string } {
  const message = typeof e?.message === 'string' ? e.message : String(e);
  return { code: e?.code ?? `<no code: ${e?.name ?? typeof e}>`, message: message === '' ? '<empty>' : '<text>' };
}

class Run {
  readonly rec: Recording = { steps: [], events: [], messages: {} };
  readonly v: Vars = {};
  private readonly labels = new Map<string, number>();
  private readonly taken = new Set<number>();
  private wake: (() => void)[] = [];

  constructor(
    readonly d: Driver,
    readonly emu: any,
  ) {
    d.onEvent = () => {
      for (const w of this.wake.splice(0)) w();
    };
  }

  private label(base: string): string {
    const n = (this.labels.get(base) ?? 0) + 1;
    this.labels.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  }

  private record(label: string, result: Outcome, rawError?: any): void {
    this.rec.steps.push({ label, result });
    if (rawError !== undefined) this.rec.messages[label] = String(rawError?.message ?? rawError);
  }

  private arg<T>(a: T | ((v: Vars, d: Driver) => T)): T {
    return typeof a === 'function' ? (a as any)(this.v, this.d) : a;
  }

  /** Issues a call; returns a function that settles and records it. */
  private issue(step: CallStep, label: string): () => Promise<void> {
    let value: unknown;
    try {
      const args = step.args === undefined ? [] : [this.arg(step.args)];
      value = this.d.call(step.call, args);
    } catch (error) {
      return async () => this.record(label, { outcome: 'threw', error: errorOf(error) }, error);
    }
    let target = value;
    if (step.awaitField && value && typeof value === 'object') target = (value as any)[step.awaitField];
    // Settled from now on (a rejection is handled at once, even while other calls are still issued).
    const settled = target instanceof Promise ? settle(target, step.timeoutMs ?? CALL_TIMEOUT_MS) : undefined;
    return async () => {
      if (!settled) {
        if (step.save) this.v[step.save] = value;
        this.record(label, { outcome: 'returned', value });
        return;
      }
      const s = await settled;
      if (!s) this.record(label, { outcome: 'timeout' });
      else if (s.ok) {
        if (step.save) this.v[step.save] = s.value;
        this.record(label, { outcome: 'resolved', value: s.value });
      } else this.record(label, { outcome: 'rejected', error: errorOf(s.error) }, s.error);
    };
  }

  /** The first unconsumed event `name` matching `where`, waiting up to `ms`. */
  async waitFor(name: string, where: (p: any, v: Vars) => boolean, ms: number): Promise<RecordedEvent | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.d.events.findIndex((e, i) => !this.taken.has(i) && e.name === name && safe(() => where(e.payload, this.v)));
      if (i >= 0) {
        this.taken.add(i);
        return this.d.events[i];
      }
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake.push(() => (clearTimeout(t), resolve()));
      });
    }
  }

  async step(step: Step): Promise<void> {
    if ('call' in step) {
      await this.issue(step, this.label(step.label ?? step.call))();
    } else if ('concurrent' in step) {
      const base = this.label(step.label);
      const settlers = step.concurrent.map((s, i) => this.issue(s, `${base}[${i}]`));
      for (const s of settlers) await s(); // recorded in call order
    } else if ('wait' in step) {
      const e = await this.waitFor(step.wait, step.where ?? (() => true), step.timeoutMs ?? WAIT_TIMEOUT_MS);
      if (e && step.save) this.v[step.save] = e.payload;
      this.record(this.label(step.label ?? `wait ${step.wait}`), { outcome: e ? 'seen' : 'not seen' });
    } else if ('agent' in step) {
      const r = await this.emu.agent(step.agent, this.arg(step.body ?? {}));
      if (step.save) this.v[step.save] = r;
    } else if ('control' in step) {
      const r = await this.emu.control(step.control, this.arg(step.body ?? {}));
      if (step.save) this.v[step.save] = r;
    } else if ('next' in step) {
      const it = this.v[step.next];
      const label = this.label(step.label ?? `${step.next}.next`);
      const s = await settle(Promise.resolve().then(() => it.next()), CALL_TIMEOUT_MS);
      if (!s) this.record(label, { outcome: 'timeout' });
      else if (s.ok) this.record(label, { outcome: 'resolved', value: s.value });
      else this.record(label, { outcome: 'rejected', error: errorOf(s.error) }, s.error);
    } else if ('barrier' in step) {
      await settle(Promise.resolve().then(() => this.d.call('getCustomer', [])), CALL_TIMEOUT_MS);
    } else if ('sleep' in step) {
      await sleep(step.sleep);
    }
  }
}

/** Resolves once `d` has emitted no event for `ms` (at most 5 s). */
async function quiet(d: Driver, ms: number): Promise<void> {
  const deadline = Date.now() + 5000;
  let count = -1;
  while (count !== d.events.length && Date.now() < deadline) {
    count = d.events.length;
    await sleep(ms);
  }
}

function safe(fn: () => boolean): boolean {
  try {
    return fn();
  } catch {
    return false;
  }
}

async function runDriver(sc: Scenario, d: Driver, emu: any): Promise<Recording> {
  const run = new Run(d, emu);
  try {
    for (const step of sc.setup ?? []) await run.step(step);
    d.init(sc.config ?? {});
    const waitConnected = sc.waitConnected ?? sc.config?.autoConnect !== false;
    if (waitConnected) {
      const c = await run.waitFor('connected', () => true, WAIT_TIMEOUT_MS);
      if (!c) throw new Error('no connected event');
      run.v.customerId = (c.payload as any).customer.id;
    }
    for (const step of sc.steps) await run.step(step);
    // Every push sent before this round trip's answer has been handled (fails harmlessly when destroyed).
    await run.step({ barrier: true });
    // Our SDK delivers events on their own path (not ordered with call results): wait until none arrive.
    await quiet(d, QUIET_MS);
  } finally {
    await d.close();
    await sleep(50); // let a destroyed instance's last events land before the next driver starts
  }
  run.rec.events = d.events.map((e) => ({ name: e.name, payload: e.payload }));
  return run.rec;
}

// ----- comparison ----------------------------------------------------------------------------------

/** The comparable form of a recording: step outcomes by label, the event order, events by name#k. */
function comparable(rec: Recording): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of rec.steps) out[s.label] = s.result;
  out['events'] = rec.events.map((e) => e.name);
  const seen = new Map<string, number>();
  for (const e of rec.events) {
    const n = (seen.get(e.name) ?? 0) + 1;
    seen.set(e.name, n);
    out[`event:${e.name}#${n}`] = e.payload === undefined ? '<no payload>' : e.payload;
  }
  return out;
}

export interface Difference {
  step: string;
  path: string;
  official: unknown;
  ours: unknown;
}

const MISSING = '<missing>';

function diff(a: unknown, b: unknown, step: string, p: string, out: Difference[]): void {
  if (a === b) return;
  const isObj = (x: unknown) => x !== null && typeof x === 'object';
  if (Array.isArray(a) && Array.isArray(b)) {
    if (step === 'events') {
      if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ step, path: p, official: a, ours: b });
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) diff(i < a.length ? a[i] : MISSING, i < b.length ? b[i] : MISSING, step, `${p}[${i}]`, out);
    return;
  }
  if (isObj(a) && isObj(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const k of keys) {
      const x = k in (a as object) ? (a as any)[k] : MISSING;
      const y = k in (b as object) ? (b as any)[k] : MISSING;
      diff(x, y, step, p ? `${p}.${k}` : k, out);
    }
    return;
  }
  out.push({ step, path: p, official: a, ours: b });
}

// ----- known differences ---------------------------------------------------------------------------

interface Known {
  scenario: string;
  step: string;
  path: string;
  reason: string;
  /** Line in /work/shared/reference/customer-sdk-3.0.0-docs.txt (docs/parity.md quotes it). */
  docsLine: number | null;
  /** Optional: the difference matches only with these (normalised) values; "<missing>" for absent. */
  official?: unknown;
  ours?: unknown;
  pending?: string;
  used?: number;
}

const glob = (pattern: string) =>
  new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

function loadKnown(): Known[] {
  const list: Known[] = JSON.parse(readFileSync(path.join(here, 'known-differences.json'), 'utf8')).differences;
  for (const k of list) {
    if (!k.reason || !('docsLine' in k)) throw new Error(`known-differences.json: entry without reason/docsLine: ${JSON.stringify(k)}`);
    k.used = 0;
  }
  return list;
}

function explain(known: Known[], scenario: string, d: Difference): Known | undefined {
  const same = (want: unknown, got: unknown) => want === undefined || JSON.stringify(want) === JSON.stringify(got);
  return known.find(
    (k) =>
      glob(k.scenario).test(scenario) &&
      glob(k.step).test(d.step) &&
      glob(k.path).test(d.path) &&
      same(k.official, d.official) &&
      same(k.ours, d.ours),
  );
}

// ----- main ----------------------------------------------------------------------------------------

const show = (x: unknown) => (x === MISSING ? MISSING : JSON.stringify(x));

interface Result {
  lines: string[];
  unexplained: number;
  explained: number;
  pending: number;
}

async function runScenario(sc: Scenario, known: Known[], outDir?: string): Promise<Result> {
  const t0 = Date.now();
  const lines: string[] = [];
  const emu = await Emulator.start({ args: sc.emulatorArgs ?? [] });
  let recs: [Recording, Recording];
  try {
    await emu.control('bot', { enabled: sc.bot ?? false });
    const official = await runDriver(sc, new OfficialDriver(emu.url), emu);
    const ours = await runDriver(sc, new OurDriver(emu.url), emu);
    recs = [official, ours];
  } finally {
    await emu.stop();
  }
  const [a, b] = normalizePair({ ...recs[0], messages: undefined }, { ...recs[1], messages: undefined });
  if (outDir) writeFileSync(path.join(outDir, `${sc.name}.json`), JSON.stringify({ official: a, ours: b }, null, 2));
  if (process.env.DIFF_VERBOSE) lines.push(JSON.stringify({ scenario: sc.name, official: a, ours: b }, null, 1));
  const ca = comparable(a);
  const cb = comparable(b);
  const diffs: Difference[] = [];
  for (const k of new Set([...Object.keys(ca), ...Object.keys(cb)])) diff(k in ca ? ca[k] : MISSING, k in cb ? cb[k] : MISSING, k, '', diffs);
  const bad: Difference[] = [];
  const ok: [Difference, Known][] = [];
  for (const d of diffs) {
    const k = explain(known, sc.name, d);
    if (k) {
      k.used!++;
      ok.push([d, k]);
    } else bad.push(d);
  }
  const pending = ok.filter(([, k]) => k.pending).length;
  const mark = bad.length ? 'FAIL' : 'ok  ';
  lines.push(
    `${mark} ${sc.name} (${sc.steps.length} steps, ${recs[0].events.length}/${recs[1].events.length} events, ` +
      `${ok.length} known differences${pending ? ` (${pending} pending)` : ''}, ${Date.now() - t0} ms)`,
  );
  for (const d of bad) {
    lines.push(`       ${d.step}${d.path ? ' ' + d.path : ''}: official ${show(d.official)} | ours ${show(d.ours)}`);
    const m0 = recs[0].messages[d.step];
    const m1 = recs[1].messages[d.step];
    if (m0 !== undefined || m1 !== undefined) lines.push(`         messages: official ${JSON.stringify(m0)} | ours ${JSON.stringify(m1)}`);
  }
  if (process.env.DIFF_VERBOSE) for (const [d, k] of ok) lines.push(`       known: ${d.step} ${d.path} (${k.reason})`);
  return { lines, unexplained: bad.length, explained: ok.length, pending };
}

async function main(): Promise<number> {
  const filter = process.argv[2];
  const known = loadKnown();
  const selected = scenarios.filter((s) => !filter || s.name.includes(filter));
  const outDir = process.env.DIFF_OUT;
  if (outDir) mkdirSync(outDir, { recursive: true });
  const start = Date.now();
  // A few scenarios at a time (each has its own emulator); results are printed in scenario order.
  const results: Promise<Result>[] = [];
  const running = new Set<Promise<unknown>>();
  for (const sc of selected) {
    while (running.size >= JOBS) await Promise.race(running);
    const p = runScenario(sc, known, outDir).catch((e) => ({ lines: [`FAIL ${sc.name}: ${e?.stack ?? e}`], unexplained: 1, explained: 0, pending: 0 }));
    results.push(p);
    const tracked = p.finally(() => running.delete(tracked));
    running.add(tracked);
  }
  let unexplained = 0;
  let explained = 0;
  let pending = 0;
  for (const r of results) {
    const res = await r;
    for (const l of res.lines) console.log(l);
    unexplained += res.unexplained;
    explained += res.explained;
    pending += res.pending;
  }
  for (const k of known) if (k.used === 0 && !filter) console.log(`note: known difference never seen (stale?): ${k.scenario} / ${k.step} / ${k.path}`);
  const steps = selected.reduce((n, s) => n + s.steps.length, 0);
  console.log(
    `differential: ${selected.length} scenarios, ${steps} steps, ${explained} known differences (${pending} of them pending fixes), ` +
      `${unexplained} unexplained, ${Math.round((Date.now() - start) / 1000)}s`,
  );
  return unexplained ? 1 : 0;
}

// Native handles (our SDK's threads, the official SDK's timers) must not keep the process alive.
process.exit(await main());
