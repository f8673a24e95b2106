'use strict';
// Customer data and customer-side properties, rating, forms, predicted agent, URL info, group statuses.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useEmulator } = require('../harness/suite');
const { rejection } = require('../harness/customer');

const ctx = useEmulator();
const T = { timeout: 30000 };

test('updateCustomer: customer_updated push and getCustomer reflect the change', T, async () => {
  const c = await ctx.open();
  const r = await c.api.updateCustomer({ name: 'Bob', email: 'bob@example.test', sessionFields: { order: '42' } });
  assert.deepEqual(r, { success: true });
  const upd = await c.waitFor('customer_updated');
  assert.equal(upd.id, c.id);
  assert.equal(upd.name, 'Bob');
  assert.equal(upd.email, 'bob@example.test');
  const cust = await c.api.getCustomer();
  assert.equal(cust.name, 'Bob');
  assert.equal(cust.email, 'bob@example.test');
  assert.deepEqual(cust.sessionFields, { order: '42' });
});

test('setCustomerSessionFields merges fields; the 100-field limit is a typed error', T, async () => {
  const c = await ctx.open();
  assert.deepEqual(await c.api.setCustomerSessionFields({ sessionFields: { a: '1', b: '2' } }), { success: true });
  await c.api.setCustomerSessionFields({ sessionFields: { b: '3', c: '4' } });
  assert.deepEqual((await c.api.getCustomer()).sessionFields, { a: '1', b: '3', c: '4' });
  const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, 'x']));
  const err = await rejection(c.api.setCustomerSessionFields({ sessionFields: many }));
  assert.equal(err.code, 'CUSTOMER_SESSION_FIELDS_LIMIT_REACHED');
});

test('customer properties: update/delete on chat, thread and event persist', T, async () => {
  const { c, chat } = await ctx.chatting();
  const eventId = chat.thread.events[0].id;
  const threadId = chat.thread.id;
  const ok = { success: true };
  assert.deepEqual(await c.api.updateChatProperties({ id: chat.id, properties: { shop: { cart: 3 } } }), ok);
  assert.deepEqual(await c.api.updateThreadProperties({ chatId: chat.id, threadId, properties: { shop: { step: 'pay' } } }), ok);
  assert.deepEqual(await c.api.updateEventProperties({ chatId: chat.id, threadId, eventId, properties: { shop: { sku: 'A1' } } }), ok);
  let got = await c.api.getChat({ chatId: chat.id });
  assert.deepEqual(got.properties.shop, { cart: 3 });
  assert.deepEqual(got.thread.properties.shop, { step: 'pay' });
  assert.deepEqual(got.thread.events[0].properties.shop, { sku: 'A1' });
  // The customer is a chat user, so the pushes reach it too.
  assert.deepEqual(await c.waitFor('chat_properties_updated'), { chatId: chat.id, properties: { shop: { cart: 3 } } });
  assert.deepEqual(await c.api.deleteChatProperties({ id: chat.id, properties: { shop: ['cart'] } }), ok);
  assert.deepEqual(await c.api.deleteThreadProperties({ chatId: chat.id, threadId, properties: { shop: ['step'] } }), ok);
  assert.deepEqual(await c.api.deleteEventProperties({ chatId: chat.id, threadId, eventId, properties: { shop: ['sku'] } }), ok);
  got = await c.api.getChat({ chatId: chat.id });
  assert.equal(got.properties.shop?.cart, undefined);
  assert.equal(got.thread.properties.shop?.step, undefined);
  assert.equal(got.thread.events[0].properties.shop?.sku, undefined);
});

test('rateChat / cancelRate act on the latest thread (list_threads then thread properties)', T, async () => {
  const { c, chat } = await ctx.chatting();
  assert.deepEqual(await c.api.rateChat({ chatId: chat.id, rating: { score: 1, comment: 'great' } }), { success: true });
  let got = await c.api.getChat({ chatId: chat.id });
  assert.deepEqual(got.thread.properties.rating, { score: 1, comment: 'great' });
  assert.deepEqual(await c.api.cancelRate({ chatId: chat.id }), { success: true });
  got = await c.api.getChat({ chatId: chat.id });
  assert.equal(got.thread.properties.rating?.score, undefined);
  assert.equal(got.thread.properties.rating?.comment, 'great');
});

test('getForm: prechat, postchat and ticket forms as the client converts them', T, async () => {
  const c = await ctx.open();
  const pre = await c.api.getForm({ groupId: 0, type: 'prechat' });
  assert.equal(pre.enabled, true);
  assert.equal(pre.form.id, 'prechat-0');
  const chooser = pre.form.fields.find((f) => f.type === 'group_chooser');
  assert.deepEqual(chooser.options.map((o) => o.groupId), [0, 1]);
  const post = await c.api.getForm({ groupId: 0, type: 'postchat' });
  assert.equal(post.form.id, 'postchat-0');
  const ticket = await c.api.getForm({ groupId: 0, type: 'ticket' });
  assert.deepEqual(ticket.form.fields.map((f) => f.id), ticket.form.fields.map((_, i) => String(i)), 'ticket fields get index ids');
  const none = await c.api.getForm({ groupId: 1, type: 'prechat' });
  assert.deepEqual(none, { enabled: false });
  const err = await rejection(c.api.getForm({ groupId: 99, type: 'prechat' }));
  assert.equal(err.code, 'GROUP_NOT_FOUND');
});

test('getPredictedAgent, listGroupStatuses, getUrlInfo', T, async () => {
  const c = await ctx.open();
  const pa = await c.api.getPredictedAgent({ groupId: 0 });
  assert.equal(pa.agent.type, 'agent');
  assert.equal(typeof pa.agent.id, 'string');
  assert.equal(typeof pa.agent.isBot, 'boolean');
  assert.equal(pa.queue, false);
  assert.deepEqual(await c.api.listGroupStatuses(), { 0: 'online', 1: 'online' });
  assert.deepEqual(await c.api.listGroupStatuses({ groupIds: [1] }), { 1: 'online' });
  const info = await c.api.getUrlInfo({ url: 'https://example.com/' });
  assert.equal(info.url, 'https://example.com/');
  assert.equal(info.title, 'Example Domain');
  assert.equal(info.imageUrl, 'https://emulator.local/files/example.png');
  assert.equal(info.imageWidth, 200);
  assert.equal(info.imageHeight, 100);
  const bad = await rejection(c.api.getUrlInfo({ url: 'not a url' }));
  assert.equal(bad.code, 'VALIDATION');
});
