'use strict';
// Chats, threads and events through the official client: start/resume/deactivate, send_event,
// get_chat, list_chats, list_threads, history, seen markers, sneak peek, customer page.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useEmulator } = require('../harness/suite');
const { rejection } = require('../harness/customer');

const ctx = useEmulator();
const T = { timeout: 30000 };

const isTime = (s) => typeof s === 'string' && !Number.isNaN(Date.parse(s));

test('startChat: resolves with the chat and its first thread; the other tab gets incoming_chat', T, async () => {
  const b = ctx.browser('tabs');
  const tab1 = await ctx.open({ browser: b });
  const tab2 = await ctx.open({ browser: b });
  const { chat } = await tab1.api.startChat({
    chat: {
      properties: { source: { channel: 'conformance' } },
      thread: { events: [{ type: 'message', text: 'first!', customId: 'c-1' }] },
    },
  });
  assert.equal(typeof chat.id, 'string');
  assert.deepEqual(chat.properties.source, { channel: 'conformance' });
  assert.ok(chat.users.some((u) => u.id === tab1.id && u.type === 'customer'), 'customer is a chat user');
  const t = chat.thread;
  assert.equal(t.chatId, chat.id);
  assert.equal(t.active, true);
  assert.ok(isTime(t.createdAt));
  assert.equal(t.events.length, 1);
  const ev = t.events[0];
  assert.equal(ev.type, 'message');
  assert.equal(ev.text, 'first!');
  assert.equal(ev.customId, 'c-1');
  assert.equal(ev.authorId, tab1.id);
  assert.equal(ev.threadId, t.id);
  assert.ok(typeof ev.id === 'string' && isTime(ev.createdAt));
  assert.ok(tab1.seen('user_data').some((u) => u.id === tab1.id), 'user_data before the start_chat result');
  const pushed = await tab2.waitFor('incoming_chat', (p) => p.chat.id === chat.id);
  assert.equal(pushed.chat.thread.id, t.id);
  assert.equal(pushed.chat.thread.events[0].text, 'first!');
  // The requesting tab settles from the push carrying its request_id and does not also emit it.
  await tab1.barrier();
  assert.equal(tab1.seen('incoming_chat').length, 0, `tab1 events: ${tab1.names()}`);
});

test('sendEvent: message, custom and filled_form round-trip; other tab gets incoming_event', T, async () => {
  const b = ctx.browser('send');
  const tab1 = await ctx.open({ browser: b });
  const { chat } = await tab1.api.startChat();
  const tab2 = await ctx.open({ browser: b });
  const msg = await tab1.api.sendEvent({ chatId: chat.id, event: { type: 'message', text: 'ping', customId: 'm-1', properties: { ns: { k: 'v' } } } });
  assert.equal(msg.type, 'message');
  assert.equal(msg.text, 'ping');
  assert.equal(msg.customId, 'm-1');
  assert.equal(msg.authorId, tab1.id);
  assert.equal(msg.threadId, chat.thread.id);
  assert.deepEqual(msg.properties, { ns: { k: 'v' } });
  const inc = await tab2.waitFor('incoming_event', (p) => p.event.id === msg.id);
  assert.equal(inc.chatId, chat.id);
  assert.equal(inc.event.text, 'ping');
  assert.equal(inc.event.threadId, chat.thread.id);

  const custom = await tab1.api.sendEvent({ chatId: chat.id, event: { type: 'custom', content: { cart: [1, 2] } } });
  assert.equal(custom.type, 'custom');
  assert.deepEqual(custom.content, { cart: [1, 2] });

  const form = await tab1.api.sendEvent({
    chatId: chat.id,
    event: {
      type: 'filled_form',
      formId: 'prechat-0',
      fields: [
        { type: 'name', id: 'name', label: 'Name:', answer: 'Ann' },
        { type: 'group_chooser', id: 'group', label: 'Department', answer: { id: '1', label: 'Sales', groupId: 1 } },
      ],
    },
  });
  assert.equal(form.type, 'filled_form');
  assert.equal(form.formId, 'prechat-0');
  assert.equal(form.fields[0].answer, 'Ann');
  assert.deepEqual(form.fields[1].answer, { id: '1', label: 'Sales', groupId: 1 });

  await tab1.barrier();
  assert.equal(tab1.seen('incoming_event').length, 0, 'own events are settled, not emitted');
  const ids = new Set([msg.id, custom.id, form.id]);
  assert.equal(ids.size, 3, 'server-assigned ids are distinct');
});

test('getChat returns the thread with all events; with threadId it returns that thread', T, async () => {
  const { c, chat } = await ctx.chatting();
  const sent = await c.api.sendEvent({ chatId: chat.id, event: { type: 'message', text: 'second' } });
  const got = await c.api.getChat({ chatId: chat.id });
  assert.equal(got.id, chat.id);
  assert.equal(got.thread.id, chat.thread.id);
  assert.deepEqual(got.thread.events.map((e) => e.text), ['hello', 'second']);
  assert.equal(got.thread.events[1].id, sent.id);
  assert.ok(got.users.some((u) => u.id === c.id));
  assert.ok(c.id in got.eventsSeenUpToMap);
  const byThread = await c.api.getChat({ chatId: chat.id, threadId: chat.thread.id });
  assert.equal(byThread.thread.id, chat.thread.id);
  const err = await rejection(c.api.getChat({ chatId: 'NOSUCHCHAT' }));
  assert.equal(typeof err.code, 'string');
  assert.notEqual(err.code, '', 'unknown chat is a typed error');
});

test('deactivateChat / resumeChat: new thread each time, chat_deactivated on the other tab', T, async () => {
  const b = ctx.browser('lifecycle');
  const tab1 = await ctx.open({ browser: b });
  const tab2 = await ctx.open({ browser: b });
  const { chat } = await tab1.api.startChat({ chat: { thread: { events: [{ type: 'message', text: 'one' }] } } });
  assert.deepEqual(await tab1.api.deactivateChat({ id: chat.id }), { success: true });
  const d = await tab2.waitFor('chat_deactivated', (p) => p.chatId === chat.id);
  assert.deepEqual(d, { chatId: chat.id });
  const { chat: resumed } = await tab1.api.resumeChat({ chat: { id: chat.id, thread: { events: [{ type: 'message', text: 'two' }] } } });
  assert.equal(resumed.id, chat.id);
  assert.notEqual(resumed.thread.id, chat.thread.id);
  assert.equal(resumed.thread.active, true);
  assert.equal(resumed.thread.events[0].text, 'two');
  await tab2.waitFor('incoming_chat', (p) => p.chat.thread.id === resumed.thread.id);
  const again = await rejection(tab1.api.resumeChat({ chat: { id: chat.id } }), 'resume of an active chat');
  assert.equal(again.code, 'CHAT_ALREADY_ACTIVE');
  const limit = await rejection(tab1.api.startChat(), 'second active chat');
  assert.equal(limit.code, 'CHAT_LIMIT_REACHED');
  const threads = await tab1.api.listThreads({ chatId: chat.id });
  assert.deepEqual(threads.threads.map((t) => t.id), [resumed.thread.id, chat.thread.id], 'newest first');
  assert.equal(threads.threads[0].previousThreadId, chat.thread.id);
  assert.equal(threads.threads[1].nextThreadId, resumed.thread.id);
  assert.equal(threads.threads[1].active, false);
});

test('listChats: summaries with last event, total, paging by pageId', T, async () => {
  const { c, chat } = await ctx.chatting();
  const last = await c.api.sendEvent({ chatId: chat.id, event: { type: 'message', text: 'latest' } });
  const list = await c.api.listChats();
  assert.equal(list.totalChats, 1);
  assert.equal(list.chatsSummary.length, 1);
  const s = list.chatsSummary[0];
  assert.equal(s.id, chat.id);
  assert.equal(s.active, true);
  assert.equal(s.lastThreadId, chat.thread.id);
  assert.ok(isTime(s.lastThreadCreatedAt));
  assert.equal(s.lastEvent.id, last.id);
  assert.equal(s.lastEvent.text, 'latest');
  assert.equal(s.lastEventsPerType.message.id, last.id);
  assert.ok(list.users.some((u) => u.id === c.id));
  assert.equal(list.nextPageId, null);
  const one = await c.api.listChats({ limit: 1 });
  assert.equal(one.chatsSummary.length, 1);
});

test('listThreads paging (limit + pageId, sortOrder) and getChatHistory', T, async () => {
  const { c, chat } = await ctx.chatting();
  const texts = ['hello'];
  for (let i = 0; i < 3; i++) {
    await c.api.deactivateChat({ id: chat.id });
    await c.api.resumeChat({ chat: { id: chat.id, thread: { events: [{ type: 'message', text: `t${i}` }] } } });
    texts.push(`t${i}`);
  }
  const p1 = await c.api.listThreads({ chatId: chat.id, limit: 2 });
  assert.equal(p1.threads.length, 2);
  assert.equal(typeof p1.nextPageId, 'string');
  assert.equal(p1.previousPageId, null);
  const p2 = await c.api.listThreads({ chatId: chat.id, pageId: p1.nextPageId });
  assert.equal(p2.threads.length, 2);
  assert.equal(p2.nextPageId, null);
  const desc = [...p1.threads, ...p2.threads].map((t) => t.events[0].text);
  assert.deepEqual(desc, [...texts].reverse());
  const asc = await c.api.listThreads({ chatId: chat.id, sortOrder: 'asc', limit: 4 });
  assert.deepEqual(asc.threads.map((t) => t.events[0].text), texts);
  const min = await c.api.listThreads({ chatId: chat.id, minEventsCount: 2 });
  assert.ok(min.threads.length >= 2, 'min_events_count collects threads until enough events');

  const history = c.api.getChatHistory({ chatId: chat.id });
  const seen = [];
  for (let i = 0; i < 10; i++) {
    const { value, done } = await history.next();
    if (value) {
      const page = value.threads.flatMap((t) => t.events.filter((e) => e.type === 'message').map((e) => e.text));
      seen.unshift(...page);
    }
    if (done) break;
  }
  // Pages come newest first, each page oldest-first: prepend pages to get the whole chat in order.
  // (Deactivation adds system messages; only the customer's messages are compared.)
  assert.deepEqual(seen, texts);
  assert.deepEqual(await history.next(), { value: undefined, done: true });
});

test('markEventsAsSeen: events_marked_as_seen push and eventsSeenUpToMap', T, async () => {
  const { c, chat } = await ctx.chatting();
  const seenUpTo = chat.thread.events[0].createdAt;
  assert.deepEqual(await c.api.markEventsAsSeen({ chatId: chat.id, seenUpTo }), { success: true });
  const p = await c.waitFor('events_marked_as_seen');
  assert.equal(p.chatId, chat.id);
  assert.equal(p.userId, c.id);
  assert.equal(Date.parse(p.seenUpTo), Date.parse(seenUpTo));
  const got = await c.api.getChat({ chatId: chat.id });
  assert.equal(Date.parse(got.eventsSeenUpToMap[c.id]), Date.parse(seenUpTo));
});

test('setSneakPeek reaches the server once the chat is known active', T, async () => {
  const { c, chat } = await ctx.chatting();
  c.api.setSneakPeek({ chatId: chat.id, sneakPeekText: 'I am typ' });
  await ctx.until((s) => s.chats.find((x) => x.id === chat.id && x.sneak_peek === 'I am typ'), 'sneak peek stored');
});

test('updateCustomerPage sends the page; login sends it as customer_page', T, async () => {
  const c = await ctx.open({ config: { page: { url: 'https://shop.example.test/a', title: 'A' } } });
  c.api.updateCustomerPage({ url: 'https://shop.example.test/b', title: 'B' });
  const me = await ctx.until(
    (s) => s.customers.find((x) => x.id === c.id && x.page && x.page.url === 'https://shop.example.test/b'),
    'page b',
  );
  assert.equal(me.page.title, 'B');
  assert.ok(isTime(me.page.opened_at));
});

test('on/once/off: once fires a single time, off stops a handler', T, async () => {
  const { c, chat } = await ctx.chatting();
  const onceSeen = [];
  const onSeen = [];
  const handler = (p) => onSeen.push(p.event.text);
  c.api.once('incoming_event', (p) => onceSeen.push(p.event.text));
  c.api.on('incoming_event', handler);
  await ctx.emu.agent('send_event', { chat_id: chat.id, event: { type: 'message', text: 'a' } });
  await c.waitFor('incoming_event', (p) => p.event.text === 'a');
  c.api.off('incoming_event', handler);
  await ctx.emu.agent('send_event', { chat_id: chat.id, event: { type: 'message', text: 'b' } });
  await c.waitFor('incoming_event', (p) => p.event.text === 'b');
  assert.deepEqual(onceSeen, ['a']);
  assert.deepEqual(onSeen, ['a']);
});
