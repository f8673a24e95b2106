'use strict';
// Per test file: one emulator process (bot off unless asked), customers closed at the end.

const { before, after } = require('node:test');
const { Emulator } = require('./emulator');
const { Customer, Browser } = require('./customer');

function useEmulator({ bot = false, args = [] } = {}) {
  const ctx = { customers: [] };
  before(async () => {
    ctx.emu = await Emulator.start({ args });
    await ctx.emu.control('bot', { enabled: bot });
  });
  after(async () => {
    for (const c of ctx.customers) c.close();
    if (ctx.emu) await ctx.emu.stop();
  });
  /** A new tab; `browser` reuses a cookie identity, `{ config }` is passed to `init`. */
  ctx.open = async (opts = {}) => {
    const c = await Customer.open(ctx.emu, opts);
    ctx.customers.push(c);
    return c;
  };
  ctx.browser = (name) => new Browser(ctx.emu.url, name);
  /** A customer with an active chat started with one message. */
  ctx.chatting = async (opts = {}) => {
    const c = await ctx.open(opts);
    const { chat } = await c.api.startChat({ chat: { thread: { events: [{ type: 'message', text: 'hello' }] } } });
    return { c, chat };
  };
  /** Polls the control `state` until `pred(state)` holds (a hang becomes a failure). */
  ctx.until = async (pred, what) => {
    const deadline = Date.now() + 10000;
    for (;;) {
      const st = await ctx.emu.control('state');
      const hit = pred(st);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`state never satisfied: ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return ctx;
}

module.exports = { useEmulator };
