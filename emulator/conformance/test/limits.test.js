'use strict';
// Limits: paging over several chats (needs a config allowing more than the documented 1 chat per
// customer) and the pending-requests limit.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { useEmulator } = require('../harness/suite');
const { rejection } = require('../harness/customer');

const ctx = useEmulator({ args: ['--config', path.join(__dirname, '..', 'fixtures', 'three-chats.json')] });
const T = { timeout: 30000 };

test('listChats over several chats: limit and pageId paging, every chat once', T, async () => {
  const c = await ctx.open();
  const ids = [];
  for (let i = 0; i < 3; i++) {
    const { chat } = await c.api.startChat({ chat: { thread: { events: [{ type: 'message', text: `chat ${i}` }] } } });
    ids.push(chat.id);
    await c.api.deactivateChat({ id: chat.id });
  }
  const p1 = await c.api.listChats({ limit: 2 });
  assert.equal(p1.totalChats, 3);
  assert.equal(p1.chatsSummary.length, 2);
  assert.equal(typeof p1.nextPageId, 'string');
  const p2 = await c.api.listChats({ pageId: p1.nextPageId });
  assert.equal(p2.chatsSummary.length, 1);
  assert.equal(p2.nextPageId, null);
  assert.equal(typeof p2.previousPageId, 'string');
  const all = [...p1.chatsSummary, ...p2.chatsSummary].map((s) => s.id);
  assert.deepEqual([...all].sort(), [...ids].sort(), 'every chat exactly once');
  assert.ok(p1.chatsSummary.every((s) => s.active === false));
});

test('a fourth chat is refused with CHAT_LIMIT_REACHED', T, async () => {
  const c = await ctx.open();
  for (let i = 0; i < 3; i++) {
    const { chat } = await c.api.startChat();
    await c.api.deactivateChat({ id: chat.id });
  }
  const err = await rejection(c.api.startChat());
  assert.equal(err.code, 'CHAT_LIMIT_REACHED');
});

test('pending requests limit: PENDING_REQUESTS_LIMIT_REACHED while 10 requests are in flight', T, async () => {
  const c = await ctx.open();
  await ctx.emu.control('delay', { action: 'get_customer', ms: 60000 });
  let pending;
  try {
    pending = Array.from({ length: 10 }, () => c.api.getCustomer());
    const err = await rejection(c.api.listGroupStatuses(), '11th request');
    assert.equal(err.code, 'PENDING_REQUESTS_LIMIT_REACHED');
  } finally {
    await ctx.emu.control('delay', { action: 'get_customer', ms: 0 });
  }
  // Clearing the delay does not release requests already waiting: end them by dropping the socket.
  await ctx.emu.control('drop', { customer_id: c.id });
  const settled = await Promise.allSettled(pending);
  assert.ok(settled.every((s) => s.status === 'rejected' || s.value.id === c.id));
});
