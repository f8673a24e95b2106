'use strict';
// Login, identity, connect/disconnect/destroy, token, regions, lost sockets, online/offline.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useEmulator } = require('../harness/suite');
const { rejection } = require('../harness/customer');

const ctx = useEmulator();
const T = { timeout: 30000 };

test('init: customer_id, then connected with the login payload the client reads', T, async () => {
  const c = await ctx.open();
  const names = c.names();
  assert.ok(names.indexOf('customer_id') < names.indexOf('connected'), `order: ${names}`);
  const [id] = c.seen('customer_id');
  assert.equal(typeof id, 'string');
  assert.equal(c.connected.customer.id, id);
  assert.equal(c.connected.customer.type, 'customer');
  assert.deepEqual(Object.keys(c.connected.customer.statistics).sort(), [
    'chatsCount',
    'greetingsAcceptedCount',
    'greetingsShownCount',
    'pageViewsCount',
    'threadsCount',
    'visitsCount',
  ]);
  for (const v of Object.values(c.connected.customer.statistics)) assert.equal(typeof v, 'number');
  assert.equal(c.connected.availability, 'online');
  // The non-enumerable extras the client builds from the login response.
  assert.equal(typeof c.connected.__unsafeDynamicConfig, 'object');
  assert.ok(Array.isArray(c.connected.__unsafeChats));
  // The token request went to the accounts host as a cookie grant and the socket to the dal API host.
  const tokenReq = c.browser.requests.find((r) => r.original === 'https://accounts.livechatinc.com/customer/token');
  assert.ok(tokenReq, 'token request');
  assert.equal(tokenReq.status, 200);
  assert.equal(JSON.parse(tokenReq.body).grant_type, 'cookie');
  assert.ok(c.browser.requests.some((r) => r.kind === 'ws' && r.original === 'wss://api.livechatinc.com/v3.3/customer/rtm/ws?license_id=12345'));
  const st = await ctx.until((s) => s.customers.find((x) => x.id === id && x.online), 'customer online');
  assert.ok(st.connections >= 1);
});

test('cookie identity: same browser = same customer (tabs), new browser = new customer', T, async () => {
  const b = ctx.browser('shared');
  const tab1 = await ctx.open({ browser: b });
  const tab2 = await ctx.open({ browser: b });
  const other = await ctx.open();
  assert.equal(tab1.id, tab2.id);
  assert.notEqual(tab1.id, other.id);
  await ctx.until((s) => s.customers.find((x) => x.id === tab1.id && x.connections === 2), 'two connections');
});

test('auth: getToken matches the customer; getFreshToken keeps identity; hasToken/invalidate', T, async () => {
  const c = await ctx.open();
  const tok = await c.api.auth.getToken();
  assert.equal(tok.entityId, c.id);
  assert.equal(tok.tokenType, 'Bearer');
  assert.equal(tok.licenseId, 12345);
  assert.ok(tok.expiresIn > 0 && typeof tok.accessToken === 'string' && tok.accessToken.length > 0);
  const fresh = await c.api.auth.getFreshToken();
  assert.equal(fresh.entityId, c.id);
  assert.equal(await c.api.auth.hasToken(), true);
  await c.api.auth.invalidate();
  assert.equal(await c.api.auth.hasToken(), false);
  const again = await c.api.auth.getToken();
  assert.equal(again.entityId, c.id, 'cookie grant keeps the identity after invalidate');
});

test('getCustomer returns the customer with statistics', T, async () => {
  const c = await ctx.open();
  const cust = await c.api.getCustomer();
  assert.equal(cust.id, c.id);
  assert.equal(cust.type, 'customer');
  assert.equal(typeof cust.statistics.visitsCount, 'number');
  assert.deepEqual(cust.sessionFields, {});
});

test('customerDataProvider, page and referrer are applied at login', T, async () => {
  const c = await ctx.open({
    config: {
      customerDataProvider: () => ({ name: 'Ann', email: 'ann@example.test', sessionFields: { plan: 'gold', tier: '2' } }),
      page: { url: 'https://shop.example.test/cart', title: 'Cart' },
      referrer: 'https://search.example.test/',
    },
  });
  const cust = await c.api.getCustomer();
  assert.equal(cust.name, 'Ann');
  assert.equal(cust.email, 'ann@example.test');
  assert.deepEqual(cust.sessionFields, { plan: 'gold', tier: '2' });
  const me = await ctx.until((s) => s.customers.find((x) => x.id === c.id), 'customer');
  assert.equal(me.page.url, 'https://shop.example.test/cart');
  assert.equal(me.page.title, 'Cart');
});

test('disconnect() pauses: NO_CONNECTION, no disconnected event; connect() logs in again', T, async () => {
  const c = await ctx.open();
  c.api.disconnect();
  const err = await rejection(c.api.getCustomer(), 'getCustomer while paused');
  assert.equal(err.code, 'NO_CONNECTION');
  await ctx.until((s) => s.customers.find((x) => x.id === c.id && x.connections === 0), 'socket closed');
  c.api.connect();
  const again = await c.waitFor('connected');
  assert.equal(again.customer.id, c.id);
  assert.equal(c.seen('disconnected').length, 0, `events: ${c.names()}`);
  assert.equal((await c.api.getCustomer()).id, c.id);
});

test('destroy(): later requests reject with SDK_DESTROYED and the socket closes', T, async () => {
  const c = await ctx.open();
  c.api.destroy();
  const err = await rejection(c.api.getCustomer());
  assert.equal(err.code, 'SDK_DESTROYED');
  await ctx.until((s) => s.customers.find((x) => x.id === c.id && x.connections === 0), 'socket closed');
});

test('a socket dropped without close frame: disconnected connection_lost, then reconnected', T, async () => {
  const c = await ctx.open();
  const r = await ctx.emu.control('drop', { customer_id: c.id });
  assert.ok(r.connections >= 1);
  const d = await c.waitFor('disconnected');
  assert.equal(d.reason, 'connection_lost');
  const again = await c.waitFor('connected');
  assert.equal(again.customer.id, c.id);
});

test('in-flight requests fail with CONNECTION_LOST when the socket drops', T, async () => {
  const c = await ctx.open();
  await ctx.emu.control('delay', { action: 'get_customer', ms: 60000 });
  try {
    const pending = c.api.getCustomer();
    await ctx.until((s) => s.connections > 0, 'state'); // the request is on the wire before the drop
    await ctx.emu.control('drop', { customer_id: c.id });
    const err = await rejection(pending, 'delayed getCustomer');
    assert.equal(err.code, 'CONNECTION_LOST');
  } finally {
    await ctx.emu.control('delay', { action: 'get_customer', ms: 0 });
  }
  await c.waitFor('connected');
});

test('browser offline/online: connection_unstable, then connection_recovered on the next frame', T, async () => {
  const c = await ctx.open();
  c.browser.dispatchWindowEvent('offline');
  await c.waitFor('connection_unstable');
  c.browser.dispatchWindowEvent('online');
  await c.api.getCustomer(); // any frame within the 2 s check proves the socket alive
  await c.waitFor('connection_recovered');
});

test('region fra for a dal license: misdirected_connection moves the client to dal', T, async () => {
  const c = await ctx.open({ config: { region: 'fra' } });
  const ws = c.browser.requests.filter((r) => r.kind === 'ws').map((r) => r.original);
  assert.equal(ws[0], 'wss://api-fra.livechatinc.com/v3.3/customer/rtm/ws?license_id=12345');
  assert.equal(ws[ws.length - 1], 'wss://api-dal.livechatinc.com/v3.3/customer/rtm/ws?license_id=12345');
  assert.equal(c.seen('disconnected').length, 0, 'the client emits nothing for misdirected_connection');
  assert.equal((await c.api.getCustomer()).id, c.id);
});

test('autoConnect false: check_goals over HTTP, customer_id, then connect()', T, async () => {
  const c = await ctx.open({
    config: { autoConnect: false, page: { url: 'https://shop.example.test/goal', title: 'Goal' } },
  });
  const id = await c.waitFor('customer_id');
  const goals = () =>
    c.browser.requests.find((r) => r.original === 'https://api.livechatinc.com/v3.3/customer/action/check_goals?license_id=12345');
  await ctx.until(() => goals() && goals().status, 'check_goals answered');
  assert.equal(goals().status, 200);
  assert.deepEqual(JSON.parse(goals().body), { session_fields: [], group_id: 0, page_url: 'https://shop.example.test/goal' });
  assert.equal(c.seen('connected').length, 0);
  c.api.connect();
  const conn = await c.waitFor('connected');
  assert.equal(conn.customer.id, id);
});
