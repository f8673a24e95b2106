// Normalisation of one driver's recording, so that two runs against the same emulator compare equal when
// the SDKs behave the same:
//   - ids (chat, thread, event, greeting unique ids, customer UUIDs, page ids, numeric greeting ids) are
//     replaced by placeholders numbered in order of first appearance in the recording: the same id gets
//     the same placeholder everywhere within a run (also inside other strings and object keys, e.g. an
//     event id `<id:2>_1` or an eventsSeenUpToMap key), so "which id refers to which" is still compared;
//   - timestamps (RFC 3339 strings anywhere, numbers under *At/*Date/timestamp keys) become `<time>`;
//   - access tokens become `<token>`; the emulator's 127.0.0.1:port becomes `<emulator>`;
//   - values become plain JSON-like data: `undefined` object members are dropped (the docs' "returned only
//     if set" cannot tell them from absent), functions become `<function>`, errors `{code, message}`.
// Placeholders keep their kind, so a chat id that turns into a uuid would still show.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const UUID_EXACT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHORT_ID = /^[A-Z0-9]{10}$/; // chat/thread/event-base/greeting ids of the emulator
const EVENT_ID = /^([A-Z0-9]{10})_\d+$/;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g;
const TIME_KEY = /(At|Date|Timestamp|timestamp|Time)$/;
const ID_KEY = /^(id|ids|.*Id|.*Ids|uniqueId)$/;
const PAGE_KEY = /PageId$/;
const HOST = /127\.0\.0\.1:\d+/g;

/** One side's id table; the counters are shared by the two sides of a comparison. */
export class Normalizer {
  readonly ids = new Map<string, string>();
  readonly nums = new Map<number, string>();

  constructor(private readonly counters: Record<string, number> = {}) {}

  placeholder(kind: string): string {
    this.counters[kind] = (this.counters[kind] ?? 0) + 1;
    return `<${kind}:${this.counters[kind]}>`;
  }

  /** The canonical id string `s` stands for (the thread part of an event id), or undefined. */
  static idOf(s: string, key: string): { base: string; kind: string } | undefined {
    if (PAGE_KEY.test(key)) return { base: s, kind: 'page' };
    if (!ID_KEY.test(key)) return undefined;
    const ev = EVENT_ID.exec(s);
    if (ev) return { base: ev[1], kind: 'id' };
    if (SHORT_ID.test(s)) return { base: s, kind: 'id' };
    return undefined;
  }

  private rewriteString(s: string): string {
    if (this.ids.has(s)) return this.ids.get(s)!;
    let out = s.replace(ISO_TIME, '<time>').replace(/\/files\/[a-z0-9]{10}\//g, '/files/<key>/').replace(HOST, '<emulator>').replace(UUID, (m) => this.ids.get(m) ?? m);
    // Ids embedded in longer strings (event ids, URLs, messages): whole-token replacement only.
    out = out.replace(/[A-Z0-9]{10}(?![A-Za-z0-9])/g, (m, offset: number, str: string) => {
      if (offset > 0 && /[A-Za-z0-9]/.test(str[offset - 1])) return m;
      return this.ids.get(m) ?? m;
    });
    return out;
  }

  /** A plain, normalised copy of `value` (after `collect`). */
  rewrite(value: unknown, key = '', inGreeting = false): unknown {
    if (value === undefined) return undefined;
    if (value === null) return null;
    if (typeof value === 'function') return '<function>';
    if (typeof value === 'bigint') return `<bigint ${value}>`;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') {
      if (TIME_KEY.test(key) || key === 'creationDate') return '<time>';
      if ((key === 'greetingId' || (inGreeting && key === 'id')) && this.nums.has(value)) return this.nums.get(value);
      return value;
    }
    if (typeof value === 'string') {
      if (key === 'accessToken' || key === 'access_token') return '<token>';
      return this.rewriteString(value);
    }
    if (Array.isArray(value)) return value.map((v) => this.rewrite(v, key));
    if (value instanceof Error) {
      const e = value as Error & { code?: unknown };
      return { code: this.rewrite(e.code), message: this.rewrite(e.message) };
    }
    if (typeof value === 'object') {
      const isGreeting = isGreetingObject(key, value);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const r = this.rewrite(v, k, isGreeting);
        if (r !== undefined) out[this.rewriteString(k)] = r;
      }
      return out;
    }
    return String(value);
  }
}

function isGreetingObject(key: string, value: object): boolean {
  return key === 'greeting' || ('uniqueId' in value && 'displayedFirstTime' in value);
}

/**
 * Builds the two id tables by walking both recordings in parallel: an id met at the same place on both
 * sides gets the same placeholder, so one missing field does not shift the numbering of every later id.
 * Ids met on one side only get placeholders of their own.
 */
class Pairing {
  /** First pass: only ids present at the same place on both sides; second pass: the rest. */
  pairedOnly = true;
  readonly counters: Record<string, number> = {};
  readonly a = new Normalizer(this.counters);
  readonly b = new Normalizer(this.counters);

  private assign(kind: string, x?: string, y?: string): void {
    if (this.pairedOnly && (x === undefined || y === undefined)) return;
    const p = (x !== undefined && this.a.ids.get(x)) || (y !== undefined && this.b.ids.get(y)) || this.a.placeholder(kind);
    if (x !== undefined && !this.a.ids.has(x)) this.a.ids.set(x, p);
    if (y !== undefined && !this.b.ids.has(y)) this.b.ids.set(y, p);
  }

  private assignNum(x?: number, y?: number): void {
    if (this.pairedOnly && (x === undefined || y === undefined)) return;
    const p = (x !== undefined && this.a.nums.get(x)) || (y !== undefined && this.b.nums.get(y)) || this.a.placeholder('n');
    if (x !== undefined && !this.a.nums.has(x)) this.a.nums.set(x, p);
    if (y !== undefined && !this.b.nums.has(y)) this.b.nums.set(y, p);
  }

  /** `x`, `y`: the values at the same place on each side (undefined: absent on that side). */
  walk(x: unknown, y: unknown, key = '', inGreeting = false): void {
    if (typeof x === 'string' || typeof y === 'string') {
      const sx = typeof x === 'string' ? x : undefined;
      const sy = typeof y === 'string' ? y : undefined;
      const uuids = (s?: string) => (s ? s.match(UUID) ?? [] : []);
      const ux = uuids(sx);
      const uy = uuids(sy);
      for (let i = 0; i < Math.max(ux.length, uy.length); i++) this.assign('uuid', ux[i], uy[i]);
      const ix = sx === undefined ? undefined : Normalizer.idOf(sx, key);
      const iy = sy === undefined ? undefined : Normalizer.idOf(sy, key);
      if (ix || iy) this.assign(ix?.kind ?? iy!.kind, ix?.base, iy?.base);
      if (typeof x !== 'string') this.walk(x, undefined, key, inGreeting);
      if (typeof y !== 'string') this.walk(undefined, y, key, inGreeting);
      return;
    }
    if (typeof x === 'number' || typeof y === 'number') {
      if (key === 'greetingId' || (inGreeting && key === 'id')) {
        this.assignNum(typeof x === 'number' ? x : undefined, typeof y === 'number' ? y : undefined);
      }
      return;
    }
    const ax = Array.isArray(x) ? x : undefined;
    const ay = Array.isArray(y) ? y : undefined;
    if (ax || ay) {
      for (let i = 0; i < Math.max(ax?.length ?? 0, ay?.length ?? 0); i++) this.walk(ax?.[i], ay?.[i], key);
      if (!ax) this.walk(x, undefined, key);
      if (!ay) this.walk(undefined, y, key);
      return;
    }
    const ox = x && typeof x === 'object' && !(x instanceof Error) ? (x as Record<string, unknown>) : undefined;
    const oy = y && typeof y === 'object' && !(y instanceof Error) ? (y as Record<string, unknown>) : undefined;
    if (!ox && !oy) return;
    const gx = ox ? isGreetingObject(key, ox) : false;
    const gy = oy ? isGreetingObject(key, oy) : false;
    // Keys are compared after normalisation, but ids used as keys (eventsSeenUpToMap) pair in order.
    const kx = ox ? Object.keys(ox) : [];
    const ky = oy ? Object.keys(oy) : [];
    const idKeys = (ks: string[]) => ks.filter((k) => UUID_EXACT.test(k) || SHORT_ID.test(k));
    const ikx = idKeys(kx);
    const iky = idKeys(ky);
    for (let i = 0; i < Math.max(ikx.length, iky.length); i++) {
      const k1 = ikx[i];
      const k2 = iky[i];
      this.walk(k1, k2, 'id');
      this.walk(k1 === undefined ? undefined : ox![k1], k2 === undefined ? undefined : oy![k2], k1 ?? k2);
    }
    const plain = new Set([...kx, ...ky].filter((k) => !ikx.includes(k) && !iky.includes(k)));
    for (const k of plain) this.walk(ox?.[k], oy?.[k], k, gx || gy);
  }
}

/** Normalises the two recordings of one scenario with paired id tables. */
export function normalizePair<T extends { events?: unknown }>(official: T, ours: T): [T, T] {
  const p = new Pairing();
  // Events first: the first one, customer_id, names the customer on both sides.
  p.walk(official.events, ours.events);
  p.walk(official, ours);
  p.pairedOnly = false;
  p.walk(official, ours);
  return [p.a.rewrite(official) as T, p.b.rewrite(ours) as T];
}
