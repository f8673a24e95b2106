'use strict';
// One official-SDK instance ("a customer in a browser tab") wired to the emulator, with an event log.

const { Browser, installGlobals } = require('./browser');

installGlobals(); // before the SDK is loaded: its storage module probes window.localStorage at load time
const CustomerSDK = require('@livechat/customer-sdk');

const LICENSE_ID = 12345;
const WAIT_MS = Number(process.env.CONFORMANCE_WAIT_MS || 10000); // only turns a hang into a failure

// The SDK has known unhandled rejections (client-behavior.md §8.3); keep them visible, never fatal.
const unhandled = [];
process.on('unhandledRejection', (reason) => {
  unhandled.push(reason);
  if (process.env.CONFORMANCE_DEBUG) console.error('unhandled rejection:', reason);
});

function withTimeout(promise, what, ms = WAIT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`timed out after ${ms} ms waiting for ${what}`), { harnessTimeout: true })),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

class Customer {
  /**
   * Opens a tab: `init` inside `browser` (a new browser = a new cookie identity), waits for `connected`
   * unless `autoConnect` is false or `waitConnected` is false.
   */
  static async open(emu, { browser, config = {}, env, waitConnected = true, name } = {}) {
    browser = browser || new Browser(emu.url, name);
    const c = new Customer(emu, browser);
    c.sdk = browser.run(() => CustomerSDK.init({ licenseId: LICENSE_ID, clientId: 'conformance-suite', ...config }, env));
    c.api = wrapInBrowser(c.sdk, browser);
    c.sdk.on('*', (name, payload) => c._record(name, payload));
    if (waitConnected && config.autoConnect !== false) {
      c.connected = await c.waitFor('connected');
      c.id = c.connected.customer.id;
    }
    return c;
  }

  constructor(emu, browser) {
    this.emu = emu;
    this.browser = browser;
    this.events = [];
    this._taken = new Set();
    this._waiters = [];
  }

  _record(name, payload) {
    const entry = { name, payload, index: this.events.length };
    this.events.push(entry);
    for (const w of [...this._waiters]) {
      if (!this._taken.has(entry.index) && w.name === name && w.pred(payload)) {
        this._taken.add(entry.index);
        this._waiters.splice(this._waiters.indexOf(w), 1);
        w.resolve(payload);
      }
    }
  }

  /** The first not-yet-consumed event `name` matching `pred` (already logged or still to come). */
  waitFor(name, pred = () => true, ms = WAIT_MS) {
    const hit = this.events.find((e) => e.name === name && !this._taken.has(e.index) && pred(e.payload));
    if (hit) {
      this._taken.add(hit.index);
      return Promise.resolve(hit.payload);
    }
    const p = new Promise((resolve) => this._waiters.push({ name, pred, resolve }));
    return withTimeout(p, `event ${name} on ${this.browser.name}`, ms);
  }

  /** Events named `name` logged so far. */
  seen(name, pred = () => true) {
    return this.events.filter((e) => e.name === name && pred(e.payload)).map((e) => e.payload);
  }

  /** Names of all events so far (for failure messages). */
  names() {
    return this.events.map((e) => e.name);
  }

  /**
   * A full request/response round trip on this tab's socket. Frames on one socket are ordered, so
   * after it every push the server sent before answering it has been handled.
   */
  async barrier() {
    await withTimeout(this.api.getCustomer(), 'getCustomer barrier');
  }

  close() {
    try {
      this.api.destroy();
    } catch {
      /* already destroyed */
    }
  }
}

/** Calls every SDK method (and `auth.*`) inside the tab's browser, so its HTTP/storage find the right jar. */
function wrapInBrowser(sdk, browser) {
  // The SDK object is frozen (a Proxy may not change its methods), so build a plain facade.
  const wrap = (obj) => {
    const facade = {};
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      if (typeof v === 'function') facade[key] = (...args) => browser.run(() => v.apply(obj, args));
      else if (key === 'auth' && v && typeof v === 'object') facade[key] = wrap(v);
      else facade[key] = v;
    }
    return facade;
  };
  return wrap(sdk);
}

/** Rejection of `promise` (fails if it resolves). */
async function rejection(promise, what = 'request') {
  try {
    const value = await withTimeout(promise, what);
    throw Object.assign(new Error(`${what} resolved but a rejection was expected: ${JSON.stringify(value)}`), {
      unexpectedResolve: true,
    });
  } catch (err) {
    if (err.unexpectedResolve || err.harnessTimeout) throw err;
    return err;
  }
}

module.exports = { Customer, Browser, LICENSE_ID, WAIT_MS, withTimeout, rejection, unhandled };
