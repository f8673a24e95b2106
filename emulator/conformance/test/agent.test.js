'use strict';
// The agent side (Agent Chat API Web subset) acting on a customer's chat, and the pushes the official
// client turns into events.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useEmulator } = require('../harness/suite');
const { rejection } = require('../harness/customer');

const ctx = useEmulator();
const T = { timeout: 30000 };
const JANE = 'jane@emulator.local';
const BOT = 'bot@emulator.local';

test('agent send_event: incoming_event with the agent as author', T, async () => {
  const { c, chat } = await ctx.chatting();
  const r = await ctx.emu.agent('send_event', { chat_id: chat.id, event: { type: 'message', text: 'Hi, Jane here', recipients: 'all' } });
  assert.equal(typeof r.event_id, 'string');
  const p = await c.waitFor('incoming_event', (x) => x.event.id === r.event_id);
  assert.equal(p.chatId, chat.id);
  assert.equal(p.event.type, 'message');
  assert.equal(p.event.text, 'Hi, Jane here');
  assert.equal(p.event.authorId, JANE);
  assert.equal(p.event.threadId, chat.thread.id);
  const got = await c.api.getChat({ chatId: chat.id });
  assert.ok(got.users.some((u) => u.id === JANE && u.type === 'agent'), 'the writing agent is a chat user');
});

test('agent send_event recipients=agents stays hidden from the customer', T, async () => {
  const { c, chat } = await ctx.chatting();
  const hidden = await ctx.emu.agent('send_event', { chat_id: chat.id, event: { type: 'message', text: 'internal note', recipients: 'agents' } });
  const shown = await ctx.emu.agent('send_event', { chat_id: chat.id, event: { type: 'message', text: 'public' } });
  await c.waitFor('incoming_event', (x) => x.event.id === shown.event_id);
  assert.equal(c.seen('incoming_event', (x) => x.event.id === hidden.event_id).length, 0);
});

test('agent rich message; customer postback: incoming_rich_message_postback and event_updated', T, async () => {
  const { c, chat } = await ctx.chatting();
  const r = await ctx.emu.agent('send_event', {
    chat_id: chat.id,
    event: {
      type: 'rich_message',
      template_id: 'quick_replies',
      elements: [
        {
          title: 'Pick one',
          buttons: [
            { type: 'message', text: 'Yes', postback_id: 'yes', user_ids: [], value: 'yes' },
            { type: 'url', text: 'Docs', postback_id: 'docs', user_ids: [], value: 'https://example.com/', target: 'new' },
          ],
        },
      ],
    },
  });
  const p = await c.waitFor('incoming_event', (x) => x.event.id === r.event_id);
  assert.equal(p.event.type, 'rich_message');
  assert.equal(p.event.template, 'quick_replies');
  const [yes, docs] = p.event.elements[0].buttons;
  assert.deepEqual(yes, { type: 'message', text: 'Yes', postbackId: 'yes', userIds: [], value: 'yes', role: 'default' });
  assert.equal(docs.target, 'new');
  const res = await c.api.sendRichMessagePostback({
    chatId: chat.id,
    threadId: chat.thread.id,
    eventId: r.event_id,
    postback: { id: 'yes', toggled: true },
  });
  assert.deepEqual(res, { success: true });
  const pb = await c.waitFor('incoming_rich_message_postback');
  assert.deepEqual(pb, { userId: c.id, chatId: chat.id, threadId: chat.thread.id, eventId: r.event_id, postback: { id: 'yes', toggled: true } });
  const upd = await c.waitFor('event_updated');
  assert.equal(upd.chatId, chat.id);
  assert.equal(upd.threadId, chat.thread.id);
  assert.deepEqual(upd.event.elements[0].buttons[0].userIds, [c.id]);
});

test('agent typing indicator: incoming_typing_indicator', T, async () => {
  const { c, chat } = await ctx.chatting();
  await ctx.emu.agent('send_typing_indicator', { chat_id: chat.id, is_typing: true });
  const p = await c.waitFor('incoming_typing_indicator');
  assert.deepEqual(p, { chatId: chat.id, typingIndicator: { authorId: JANE, isTyping: true } });
  await ctx.emu.agent('send_typing_indicator', { chat_id: chat.id, is_typing: false });
  const q = await c.waitFor('incoming_typing_indicator');
  assert.equal(q.typingIndicator.isTyping, false);
});

test('agent mark_events_as_seen: events_marked_as_seen with the agent id', T, async () => {
  const { c, chat } = await ctx.chatting();
  const seen = chat.thread.events[0].createdAt;
  await ctx.emu.agent('send_event', { chat_id: chat.id, event: { type: 'message', text: 'join' } });
  await ctx.emu.agent('mark_events_as_seen', { chat_id: chat.id, seen_up_to: seen });
  const p = await c.waitFor('events_marked_as_seen', (x) => x.userId === JANE);
  assert.equal(p.chatId, chat.id);
  assert.equal(Date.parse(p.seenUpTo), Date.parse(seen));
});

test('agent add/remove user: user_added_to_chat (+ user_data) and user_removed_from_chat', T, async () => {
  const { c, chat } = await ctx.chatting();
  await ctx.emu.agent('add_user_to_chat', { chat_id: chat.id, user_id: BOT, user_type: 'agent' });
  const added = await c.waitFor('user_added_to_chat', (x) => x.user.id === BOT);
  assert.equal(added.chatId, chat.id);
  assert.equal(added.user.type, 'agent');
  assert.equal(added.user.name, 'Emulator Bot');
  assert.equal(typeof added.present, 'boolean');
  const ud = await c.waitFor('user_data', (u) => u.id === BOT);
  assert.equal(ud.type, 'agent');
  assert.equal(ud.jobTitle, 'Bot');
  await ctx.emu.agent('remove_user_from_chat', { chat_id: chat.id, user_id: BOT, user_type: 'agent' });
  const removed = await c.waitFor('user_removed_from_chat', (x) => x.userId === BOT);
  assert.deepEqual(removed, { chatId: chat.id, userId: BOT });
});

test('agent transfer_chat to a group: chat_transferred', T, async () => {
  const { c, chat } = await ctx.chatting();
  await ctx.emu.agent('transfer_chat', { id: chat.id, target: { type: 'group', ids: [1] }, force: true });
  const p = await c.waitFor('chat_transferred');
  assert.equal(p.chatId, chat.id);
  assert.equal(p.threadId, chat.thread.id);
  assert.deepEqual(p.transferredTo.groupIds, [1]);
  assert.equal(p.reason, 'manual');
  assert.equal(p.requesterId, JANE);
  const got = await c.api.getChat({ chatId: chat.id });
  assert.deepEqual(got.access.groupIds, [1]);
});

test('agent property updates/deletes: the six property events', T, async () => {
  const { c, chat } = await ctx.chatting();
  const eventId = chat.thread.events[0].id;
  const base = { chat_id: chat.id, thread_id: chat.thread.id };
  await ctx.emu.agent('update_chat_properties', { id: chat.id, properties: { crm: { lead: true } } });
  assert.deepEqual(await c.waitFor('chat_properties_updated'), { chatId: chat.id, properties: { crm: { lead: true } } });
  await ctx.emu.agent('delete_chat_properties', { id: chat.id, properties: { crm: ['lead'] } });
  assert.deepEqual(await c.waitFor('chat_properties_deleted'), { chatId: chat.id, properties: { crm: ['lead'] } });
  await ctx.emu.agent('update_thread_properties', { ...base, properties: { crm: { stage: 'new' } } });
  assert.deepEqual(await c.waitFor('thread_properties_updated'), { chatId: chat.id, threadId: chat.thread.id, properties: { crm: { stage: 'new' } } });
  await ctx.emu.agent('delete_thread_properties', { ...base, properties: { crm: ['stage'] } });
  assert.deepEqual(await c.waitFor('thread_properties_deleted'), { chatId: chat.id, threadId: chat.thread.id, properties: { crm: ['stage'] } });
  await ctx.emu.agent('update_event_properties', { ...base, event_id: eventId, properties: { crm: { flag: 1 } } });
  assert.deepEqual(await c.waitFor('event_properties_updated'), {
    chatId: chat.id,
    threadId: chat.thread.id,
    eventId,
    properties: { crm: { flag: 1 } },
  });
  await ctx.emu.agent('delete_event_properties', { ...base, event_id: eventId, properties: { crm: ['flag'] } });
  assert.deepEqual(await c.waitFor('event_properties_deleted'), {
    chatId: chat.id,
    threadId: chat.thread.id,
    eventId,
    properties: { crm: ['flag'] },
  });
});

test('lc2 queue_pos thread property: queue_position_updated before thread_properties_updated', T, async () => {
  const { c, chat } = await ctx.chatting();
  await ctx.emu.agent('update_thread_properties', {
    chat_id: chat.id,
    thread_id: chat.thread.id,
    properties: { lc2: { queue_pos: 4, queue_waiting_time: 120 } },
  });
  const q = await c.waitFor('queue_position_updated');
  assert.deepEqual(q, { chatId: chat.id, threadId: chat.thread.id, queue: { position: 4, waitTime: 120 } });
  await c.waitFor('thread_properties_updated');
  const names = c.names();
  assert.ok(names.indexOf('queue_position_updated') < names.indexOf('thread_properties_updated'));
});

test('agent deactivate_chat: system message and chat_deactivated', T, async () => {
  const { c, chat } = await ctx.chatting();
  await ctx.emu.agent('deactivate_chat', { id: chat.id });
  const sys = await c.waitFor('incoming_event', (x) => x.event.type === 'system_message');
  assert.equal(sys.event.authorId, 'system');
  assert.equal(sys.event.systemMessageType, 'manual_archived_agent');
  assert.deepEqual(await c.waitFor('chat_deactivated'), { chatId: chat.id });
  const list = await c.api.listChats();
  assert.equal(list.chatsSummary.find((s) => s.id === chat.id).active, false);
});

test('agent get_chat / list_chats / list_threads see the customer chat', T, async () => {
  const { c, chat } = await ctx.chatting();
  const got = await ctx.emu.agent('get_chat', { chat_id: chat.id });
  assert.equal(got.id, chat.id);
  assert.equal(got.thread.events[0].text, 'hello');
  const threads = await ctx.emu.agent('list_threads', { chat_id: chat.id });
  assert.equal(threads.threads[0].id, chat.thread.id);
  const list = await ctx.emu.agent('list_chats', { limit: 100 });
  assert.ok(list.chats_summary.some((s) => s.id === chat.id));
  assert.ok(c.id);
});

test('agent API rejects a wrong bearer token', T, async () => {
  await assert.rejects(ctx.emu.agent('list_chats', {}, { token: 'wrong' }), (e) => e.status === 401 && e.body.error.type === 'authentication');
});

test('ban_customer: disconnected customer_banned destroys the SDK; a new login is refused', T, async () => {
  const b = ctx.browser('banned');
  const { c, chat } = await ctx.chatting({ browser: b });
  await ctx.emu.agent('ban_customer', { id: c.id, ban: { days: 1 } });
  assert.deepEqual(await c.waitFor('disconnected'), { reason: 'customer_banned' });
  const err = await rejection(c.api.getChat({ chatId: chat.id }));
  assert.equal(err.code, 'SDK_DESTROYED');
  const again = await ctx.open({ browser: b, waitConnected: false });
  const d = await again.waitFor('disconnected');
  assert.equal(d.reason, 'customer_banned');
  assert.equal(again.seen('connected').length, 0);
});
