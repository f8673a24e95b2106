'use strict';
// What only the control API can trigger: greetings, queue, disconnect reasons, group status, token
// expiry, injected failures.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useEmulator } = require('../harness/suite');
const { rejection } = require('../harness/customer');

const ctx = useEmulator();
const T = { timeout: 30000 };

test('greeting: incoming_greeting, acceptGreeting -> greeting_accepted; the next login carries it', T, async () => {
  const b = ctx.browser('greeted');
  const c = await ctx.open({ browser: b });
  const r = await ctx.emu.control('greetings', { customer_id: c.id, text: 'Need help?' });
  const g = await c.waitFor('incoming_greeting');
  assert.equal(g.id, r.greeting_id);
  assert.equal(g.uniqueId, r.unique_id);
  assert.equal(g.event.text, 'Need help?');
  assert.equal(g.accepted, false);
  assert.equal(typeof g.displayedFirstTime, 'boolean');
  assert.equal(g.subtype, 'greeting');
  assert.equal(g.agent.id, 'jane@emulator.local');
  assert.equal(g.agent.isBot, false);
  assert.deepEqual(await c.api.acceptGreeting({ greetingId: g.id, uniqueId: g.uniqueId }), { success: true });
  assert.deepEqual(await c.waitFor('greeting_accepted'), { uniqueId: g.uniqueId });
  const tab2 = await ctx.open({ browser: b });
  assert.equal(tab2.connected.greeting.uniqueId, g.uniqueId, 'login response carries the greeting');
  assert.equal(tab2.connected.greeting.accepted, true);
  const stats = (await c.api.getCustomer()).statistics;
  assert.ok(stats.greetingsShownCount >= 1 && stats.greetingsAcceptedCount >= 1);
});

test('greeting: cancelGreeting -> greeting_canceled; unknown ids -> GREETING_NOT_FOUND', T, async () => {
  const c = await ctx.open();
  await ctx.emu.control('greetings', { customer_id: c.id });
  const g = await c.waitFor('incoming_greeting');
  assert.deepEqual(await c.api.cancelGreeting({ uniqueId: g.uniqueId }), { success: true });
  assert.deepEqual(await c.waitFor('greeting_canceled'), { uniqueId: g.uniqueId });
  const e1 = await rejection(c.api.cancelGreeting({ uniqueId: 'nope' }));
  assert.equal(e1.code, 'GREETING_NOT_FOUND');
  const e2 = await rejection(c.api.acceptGreeting({ greetingId: 999, uniqueId: 'nope' }));
  assert.equal(e2.code, 'GREETING_NOT_FOUND');
});

test('a new greeting cancels the displayed one', T, async () => {
  const c = await ctx.open();
  await ctx.emu.control('greetings', { customer_id: c.id, text: 'first' });
  const first = await c.waitFor('incoming_greeting');
  await ctx.emu.control('greetings', { customer_id: c.id, text: 'second' });
  assert.deepEqual(await c.waitFor('greeting_canceled'), { uniqueId: first.uniqueId });
  const second = await c.waitFor('incoming_greeting');
  assert.equal(second.event.text, 'second');
});

test('queue: queue_position_updated', T, async () => {
  const { c, chat } = await ctx.chatting();
  await ctx.emu.control('queue', { chat_id: chat.id, position: 2, wait_time: 90 });
  assert.deepEqual(await c.waitFor('queue_position_updated'), {
    chatId: chat.id,
    threadId: chat.thread.id,
    queue: { position: 2, waitTime: 90 },
  });
  const got = await c.api.getChat({ chatId: chat.id });
  assert.equal(got.thread.queue.position, 2);
  assert.equal(got.thread.queue.waitTime, 90);
  assert.equal(typeof got.thread.queue.queuedAt, 'string');
});

test('group offline/online: availability_updated and incoming_multicast; GROUP_OFFLINE', T, async () => {
  const c = await ctx.open();
  try {
    await ctx.emu.control('group_status', { group_id: 0, status: 'offline' });
    assert.deepEqual(await c.waitFor('availability_updated'), { availability: 'offline' });
    const m = await c.waitFor('incoming_multicast');
    assert.equal(m.type, 'lc2');
    assert.equal(m.content.name, 'groups_update');
    assert.equal((await c.api.listGroupStatuses({ groupIds: [0] }))[0], 'offline');
    const err = await rejection(c.api.getPredictedAgent({ groupId: 0 }));
    assert.equal(err.code, 'GROUP_OFFLINE');
    const other = await ctx.open();
    assert.equal(other.connected.availability, 'offline', 'login availability follows the group');
  } finally {
    await ctx.emu.control('group_status', { group_id: 0, status: 'online' });
  }
  assert.deepEqual(await c.waitFor('availability_updated'), { availability: 'online' });
});

test('disconnect inactivity_timeout: disconnected with the raw payload, then the client reconnects', T, async () => {
  const c = await ctx.open();
  await ctx.emu.control('disconnect', { customer_id: c.id, reason: 'inactivity_timeout' });
  const d = await c.waitFor('disconnected');
  assert.equal(d.reason, 'inactivity_timeout');
  await c.waitFor('connected');
});

test('disconnect internal_error: reconnects on its own', T, async () => {
  const c = await ctx.open();
  await ctx.emu.control('disconnect', { customer_id: c.id, reason: 'internal_error' });
  assert.equal((await c.waitFor('disconnected')).reason, 'internal_error');
  await c.waitFor('connected');
});

for (const reason of ['too_many_connections', 'license_not_found', 'unsupported_version', 'customer_temporarily_blocked']) {
  test(`disconnect ${reason}: disconnected, SDK destroyed`, T, async () => {
    const c = await ctx.open();
    await ctx.emu.control('disconnect', { customer_id: c.id, reason });
    assert.deepEqual(await c.waitFor('disconnected'), { reason });
    const err = await rejection(c.api.getCustomer());
    assert.equal(err.code, 'SDK_DESTROYED');
  });
}

test('expire_token: disconnected access_token_expired, fresh token, same customer again', T, async () => {
  const c = await ctx.open();
  const before = await c.api.auth.getToken();
  const r = await ctx.emu.control('expire_token', { customer_id: c.id });
  assert.ok(r.connections >= 1);
  assert.equal((await c.waitFor('disconnected')).reason, 'access_token_expired');
  const again = await c.waitFor('connected');
  assert.equal(again.customer.id, c.id);
  const after = await c.api.auth.getToken();
  assert.notEqual(after.accessToken, before.accessToken, 'a fresh token was fetched and accepted');
});

test('misdirected_connection pushed to a dal client with region fra: client follows to fra', T, async () => {
  const c = await ctx.open();
  await ctx.emu.control('disconnect', { customer_id: c.id, reason: 'misdirected_connection', data: { region: 'fra' } });
  // The license lives in dal, so fra sends it back: the client ends connected again either way.
  await ctx.until(
    () => c.browser.requests.some((r) => r.kind === 'ws' && r.original.startsWith('wss://api-fra.livechatinc.com/')),
    'socket to fra',
  );
  // Requests need a logged-in socket: wait for the reconnect to settle before asking.
  await c.waitFor('connected');
  assert.equal((await c.api.getCustomer()).id, c.id);
});

test('fail: an injected error reaches the caller with its code upper-cased', T, async () => {
  const c = await ctx.open();
  await ctx.emu.control('fail', { action: 'get_customer', count: 1, error: { type: 'internal', message: 'boom' } });
  const err = await rejection(c.api.getCustomer());
  assert.equal(err.code, 'INTERNAL');
  assert.equal(err.message, 'boom');
  assert.equal((await c.api.getCustomer()).id, c.id, 'only `count` requests fail');
});

test('login users_limit_reached: the client pauses with disconnected users_limit_reached', T, async () => {
  await ctx.emu.control('fail', { action: 'login', count: 1, error: { type: 'users_limit_reached', message: 'full' } });
  const c = await ctx.open({ waitConnected: false });
  assert.deepEqual(await c.waitFor('disconnected'), { reason: 'users_limit_reached' });
  assert.equal(c.seen('connected').length, 0);
  c.api.connect();
  await c.waitFor('connected');
});

test('login authentication error: the client fetches a fresh token and logs in', T, async () => {
  await ctx.emu.control('fail', { action: 'login', count: 1, error: { type: 'authentication', message: 'bad token' } });
  const c = await ctx.open();
  const tokenFetches = c.browser.requests.filter((r) => r.original === 'https://accounts.livechatinc.com/customer/token');
  // A plain login fetches one token (prefetch and login share it); AUTHENTICATION forces a fresh one.
  assert.ok(tokenFetches.length >= 2, `token fetches: ${tokenFetches.length}`);
  const plain = await ctx.open();
  await plain.barrier();
  assert.equal(plain.browser.requests.filter((r) => r.original === 'https://accounts.livechatinc.com/customer/token').length, 1);
});
