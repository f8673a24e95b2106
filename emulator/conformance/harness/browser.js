'use strict';
// A minimal "browser" for the official SDK in Node 20 (client-behavior.md §8.3).
//
// The SDK reads process-wide globals (WebSocket, XMLHttpRequest, window, localStorage, Image). Several
// customers live in one test process, so each customer gets its own Browser (cookie jar, localStorage,
// window listeners) and the globals find the current one through AsyncLocalStorage: `browser.run(fn)`
// enters it, and every socket, timer and promise created inside keeps it.
//
// The SDK's hard-coded LiveChat hosts are rewritten to the emulator here; the SDK package is never patched.

const { AsyncLocalStorage } = require('node:async_hooks');
const { WebSocket: WsWebSocket } = require('ws');
const { CookieJar } = require('tough-cookie');

const current = new AsyncLocalStorage();
const fallbackStorage = new Map(); // used only by the SDK's module-load storage probe

class Browser {
  constructor(emulatorUrl, name = 'browser') {
    this.emulatorUrl = emulatorUrl;
    this.name = name;
    this.jar = new CookieJar();
    this.storage = new Map();
    this.windowListeners = new Map(); // type -> Set(fn)
    this.requests = []; // what left the SDK: {kind, original, url?, method?, headers?, body?, status?}
    this.sockets = [];
  }

  run(fn) {
    return current.run(this, fn);
  }

  /** Fires a window event (`online` / `offline`) at this browser's listeners only. */
  dispatchWindowEvent(type) {
    for (const fn of [...(this.windowListeners.get(type) || [])]) this.run(() => fn({ type }));
  }

  /** Maps a LiveChat URL to the emulator (client-behavior.md §1.3). Unknown hosts are refused. */
  rewrite(original) {
    const u = new URL(original);
    const base = new URL(this.emulatorUrl);
    let prefix = '';
    const api = /^api(?:-([a-z]+))?\.livechatinc\.com$/.exec(u.hostname);
    if (api) {
      if (api[1]) prefix = `/${api[1]}`;
    } else if (u.hostname !== 'accounts.livechatinc.com') {
      throw new Error(`harness: no emulator route for host ${u.hostname}`);
    }
    const scheme = u.protocol === 'wss:' || u.protocol === 'ws:' ? 'ws:' : 'http:';
    return `${scheme}//${base.host}${prefix}${u.pathname}${u.search}`;
  }
}

function currentBrowser() {
  const b = current.getStore();
  if (!b) throw new Error('harness: SDK activity outside of a Browser context');
  return b;
}

/** `ws` WebSocket whose URL is rewritten to the emulator. */
class RewritingWebSocket extends WsWebSocket {
  constructor(url, protocols) {
    const browser = currentBrowser();
    super(browser.rewrite(url), protocols);
    browser.requests.push({ kind: 'ws', original: String(url) });
    browser.sockets.push(this);
  }
}

/**
 * XMLHttpRequest over Node's fetch: what unfetch (token, check_goals, tickets) and @livechat/file-upload
 * use. Cookies go through the browser's jar under the ORIGINAL https URL, as a browser would see them,
 * and only when `withCredentials` is set. Upload progress: fetch reports none while sending, so one
 * final progress event (loaded == total) is fired once the body was sent.
 */
class FetchXMLHttpRequest {
  constructor() {
    this.browser = currentBrowser();
    this.readyState = 0;
    this.status = 0;
    this.statusText = '';
    this.responseText = '';
    this.response = '';
    this.responseURL = '';
    this.withCredentials = false;
    this.upload = { onprogress: null };
    this.onload = this.onerror = this.onabort = this.onreadystatechange = null;
    this._headers = {};
    this._resHeaders = [];
    this._abort = new AbortController();
    this._aborted = false;
  }

  open(method, url) {
    this._method = method.toUpperCase();
    this._original = String(url);
    this.readyState = 1;
  }

  setRequestHeader(name, value) {
    this._headers[name] = String(value);
  }

  getAllResponseHeaders() {
    return this._resHeaders.map(([k, v]) => `${k}: ${v}`).join('\r\n');
  }

  getResponseHeader(name) {
    const hit = this._resHeaders.filter(([k]) => k === name.toLowerCase()).map(([, v]) => v);
    return hit.length ? hit.join(', ') : null;
  }

  abort() {
    if (this._aborted || this.readyState === 4) return;
    this._aborted = true;
    this._abort.abort();
    if (this.onabort) this.onabort({ type: 'abort' });
  }

  send(body) {
    const browser = this.browser;
    browser.run(() => this._send(browser, body === undefined ? null : body));
  }

  async _send(browser, body) {
    let url;
    try {
      url = browser.rewrite(this._original);
    } catch (err) {
      this._fail(err);
      return;
    }
    const headers = { ...this._headers };
    if (this.withCredentials) {
      const cookie = await browser.jar.getCookieString(this._original);
      if (cookie) headers.cookie = cookie;
    }
    const size = body instanceof FormData ? formDataSize(body) : body ? Buffer.byteLength(String(body)) : 0;
    const record = { kind: 'http', original: this._original, url, method: this._method, headers, body };
    browser.requests.push(record);
    let res;
    try {
      res = await fetch(url, { method: this._method, headers, body, signal: this._abort.signal });
    } catch (err) {
      if (!this._aborted) this._fail(err);
      return;
    }
    if (this._aborted) return;
    record.status = res.status;
    if (this.upload.onprogress && size > 0) this.upload.onprogress({ loaded: size, total: size, lengthComputable: true });
    if (this.withCredentials) {
      for (const c of res.headers.getSetCookie()) {
        // A cookie the jar refuses for the original host is a finding; keep the error visible.
        await browser.jar.setCookie(c, this._original);
      }
    }
    const text = await res.text().catch(() => '');
    if (this._aborted) return;
    this.status = res.status;
    this.statusText = res.statusText;
    this.responseText = this.response = text;
    this.responseURL = this._original;
    this._resHeaders = [...res.headers.entries()];
    this.readyState = 4;
    if (this.onreadystatechange) this.onreadystatechange();
    if (this.onload) this.onload({ type: 'load' });
  }

  _fail(err) {
    this.readyState = 4;
    this.error = err;
    if (this.onreadystatechange) this.onreadystatechange();
    if (this.onerror) this.onerror({ type: 'error', error: err });
  }
}

function formDataSize(fd) {
  let n = 0;
  for (const [, v] of fd.entries()) n += typeof v === 'string' ? Buffer.byteLength(v) : v.size;
  return n;
}

/** The production remote log (`new Image().src = queue.livechatinc.com/...`): recorded, never sent. */
class RecordingImage {
  constructor() {
    this._browser = current.getStore();
    this.onload = this.onerror = null;
  }
  set src(value) {
    this._src = value;
    if (this._browser) this._browser.requests.push({ kind: 'image', original: value });
    setImmediate(() => this.onload && this.onload());
  }
  get src() {
    return this._src;
  }
}

/** localStorage of the current browser (a fallback map only for the SDK's load-time probe). */
const localStorage = {
  _map() {
    const b = current.getStore();
    return b ? b.storage : fallbackStorage;
  },
  getItem(k) {
    const m = this._map();
    return m.has(String(k)) ? m.get(String(k)) : null;
  },
  setItem(k, v) {
    this._map().set(String(k), String(v));
  },
  removeItem(k) {
    this._map().delete(String(k));
  },
};

let installed = false;
function installGlobals() {
  if (installed) return;
  installed = true;
  globalThis.WebSocket = RewritingWebSocket;
  globalThis.XMLHttpRequest = FetchXMLHttpRequest;
  globalThis.Image = RecordingImage;
  globalThis.window = {
    location: new URL('https://shop.example.test/products/1'),
    localStorage,
    addEventListener(type, fn) {
      const b = current.getStore();
      if (!b) return;
      if (!b.windowListeners.has(type)) b.windowListeners.set(type, new Set());
      b.windowListeners.get(type).add(fn);
    },
    removeEventListener(type, fn) {
      const b = current.getStore();
      if (b && b.windowListeners.has(type)) b.windowListeners.get(type).delete(fn);
    },
  };
}

module.exports = { Browser, installGlobals, currentBrowser };
