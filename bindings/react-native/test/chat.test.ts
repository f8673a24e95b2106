// Chats, events, properties, rating, seen markers and agent-side pushes, through the documented parameter
// objects, against the emulator (bot on: it answers each customer message with typing, then a reply).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Emulator, connected, sdk, within, T, codeOf } from './helpers';

let emulator: Emulator;
before(async () => {
  emulator = await Emulator.start();
});
after(() => emulator.stop());


const hello = { chat: { thread: { events: [{ type: 'message' as const, text: 'Hello' }] } } };

test('startChat with a message, the bot types and answers, sendEvent returns the stored event', T, async (t) => {
  const { sdk: client, events, customerId } = await connected(t, emulator);
  const { chat } = await client.startChat(hello);
  assert.ok(chat.thread?.active);
  assert.deepEqual(chat.properties, {}, 'properties are an object, not JSON text');
  const [first] = chat.thread.events;
  assert.equal(first.type, 'message');
  assert.equal(first.text, 'Hello');
  assert.equal(first.authorId, customerId);
  assert.ok(chat.users.some((u) => u.type === 'customer' && u.id === customerId));

  const typing = await events.waitFor('incoming_typing_indicator', (p) => p.chatId === chat.id);
  assert.equal(typeof typing.typingIndicator.isTyping, 'boolean');
  const reply = await events.waitFor('incoming_event', (p) => p.chatId === chat.id && p.event.authorId !== customerId);
  assert.equal(reply.event.type, 'message');
  assert.equal(typeof reply.event.text, 'string');

  const sent = await client.sendEvent({ chatId: chat.id, event: { type: 'message', text: 'Thanks!', customId: 'c-1' } });
  assert.equal(sent.text, 'Thanks!');
  assert.equal(sent.customId, 'c-1');
  assert.equal(sent.authorId, customerId);
  assert.equal(sent.threadId, chat.thread.id);

  const custom = await client.sendEvent({
    chatId: chat.id,
    event: { type: 'custom', content: { cart: [1, 2] }, properties: { ns: { flag: true } } },
  });
  assert.equal(custom.type, 'custom');
  assert.deepEqual(custom.content, { cart: [1, 2] });
  assert.deepEqual(custom.properties, { ns: { flag: true } });

  assert.equal(await codeOf(client.sendEvent({ chatId: chat.id, event: { type: 'annotation' } as any })), 'VALIDATION');

  const fetched = await client.getChat({ chatId: chat.id });
  assert.ok(fetched.thread?.events.some((e) => e.id === sent.id));
  assert.ok(customerId in fetched.eventsSeenUpToMap, 'a plain object keyed by user id');
  assert.ok(fetched.users.some((u) => u.type === 'agent'), 'the bot joined');
  const list = await client.listChats();
  assert.equal(list.totalChats, 1);
  assert.equal(list.chatsSummary[0].id, chat.id);
  const threads = await client.listThreads({ chatId: chat.id, sortOrder: 'desc', limit: 5 });
  assert.equal(threads.threads[0].id, chat.thread.id);
  assert.equal(threads.threads[0].chatId, chat.id);
});

test('a second startChat: CHAT_LIMIT_REACHED; deactivate then resume; resume again: CHAT_ALREADY_ACTIVE', T, async (t) => {
  const { sdk: client, events } = await connected(t, emulator);
  const { chat } = await client.startChat();
  assert.equal(await codeOf(client.startChat()), 'CHAT_LIMIT_REACHED');
  assert.deepEqual(await client.deactivateChat({ id: chat.id }), { success: true });
  assert.equal((await client.getChat({ chatId: chat.id })).thread?.active, false);
  const { chat: resumed } = await client.resumeChat({ chat: { id: chat.id, thread: { events: [{ type: 'message', text: 'back' }] } } });
  assert.equal(resumed.id, chat.id);
  assert.ok(resumed.thread?.active);
  assert.notEqual(resumed.thread.id, chat.thread?.id, 'a new thread');
  assert.equal(await codeOf(client.resumeChat({ chat: { id: chat.id } })), 'CHAT_ALREADY_ACTIVE');
  // An agent-side deactivation arrives as `chat_deactivated`.
  await emulator.agent('deactivate_chat', { id: chat.id });
  assert.deepEqual(await events.waitFor('chat_deactivated'), { chatId: chat.id });
});

test('chat, thread and event properties: plain objects in, plain objects in their events', T, async (t) => {
  const { sdk: client, events } = await connected(t, emulator);
  const { chat } = await client.startChat({ chat: { thread: { events: [{ type: 'message', text: 'props' }] } } });
  const chatId = chat.id;
  const threadId = chat.thread!.id;
  const eventId = chat.thread!.events[0].id;

  assert.deepEqual(await client.updateChatProperties({ id: chatId, properties: { routing: { priority: 'high' } } }), { success: true });
  const updated = await events.waitFor('chat_properties_updated', (p) => p.chatId === chatId);
  assert.deepEqual(updated.properties, { routing: { priority: 'high' } });
  assert.equal((await client.getChat({ chatId })).properties.routing?.priority, 'high');

  await client.updateThreadProperties({ chatId, threadId, properties: { routing: { score: 3 } } });
  const thread = await events.waitFor('thread_properties_updated', (p) => p.threadId === threadId);
  assert.deepEqual(thread.properties, { routing: { score: 3 } });
  await client.updateEventProperties({ chatId, threadId, eventId, properties: { routing: { flag: true } } });
  const event = await events.waitFor('event_properties_updated', (p) => p.eventId === eventId);
  assert.deepEqual(event, { chatId, threadId, eventId, properties: { routing: { flag: true } } });

  assert.deepEqual(await client.deleteChatProperties({ id: chatId, properties: { routing: ['priority'] } }), { success: true });
  assert.deepEqual((await events.waitFor('chat_properties_deleted')).properties, { routing: ['priority'] });
  await client.deleteThreadProperties({ chatId, threadId, properties: { routing: ['score'] } });
  assert.deepEqual((await events.waitFor('thread_properties_deleted')).properties, { routing: ['score'] });
  await client.deleteEventProperties({ chatId, threadId, eventId, properties: { routing: ['flag'] } });
  assert.deepEqual(await events.waitFor('event_properties_deleted'), { chatId, threadId, eventId, properties: { routing: ['flag'] } });

  // Not an object of namespaces: rejected by the native layer before anything is sent.
  assert.equal(await codeOf(client.updateChatProperties({ id: chatId, properties: { routing: 5 } as any })), 'VALIDATION');
});

test('rateChat and cancelRate set and remove the rating; markEventsAsSeen is acknowledged', T, async (t) => {
  const { sdk: client, events, customerId } = await connected(t, emulator);
  const { chat } = await client.startChat(hello);
  assert.deepEqual(await client.rateChat({ chatId: chat.id, rating: { score: 1, comment: 'great' } }), { success: true });
  const rated = await events.waitFor('thread_properties_updated', (p) => p.chatId === chat.id && 'rating' in p.properties);
  assert.deepEqual(rated.properties.rating, { score: 1, comment: 'great' });
  await client.cancelRate({ chatId: chat.id });
  const cancelled = await events.waitFor('thread_properties_deleted', (p) => p.chatId === chat.id);
  assert.deepEqual(cancelled.properties, { rating: ['score'] });
  assert.ok(['MISSING_CHAT_THREAD', 'NOT_FOUND'].includes(await codeOf(client.rateChat({ chatId: 'NO_SUCH_CHAT', rating: { score: 0 } }))));

  const last = chat.thread!.events.at(-1)!;
  assert.deepEqual(await client.markEventsAsSeen({ chatId: chat.id, seenUpTo: last.createdAt }), { success: true });
  const seen = await events.waitFor('events_marked_as_seen', (p) => p.chatId === chat.id);
  assert.equal(seen.userId, customerId);
  assert.equal(seen.seenUpTo, last.createdAt);
});

test('agent messages, typing, rich messages and the customer postback', T, async (t) => {
  const { sdk: client, events } = await connected(t, emulator);
  await emulator.control('bot', { enabled: false });
  t.after(() => emulator.control('bot', { enabled: true }).then(() => {}));
  const { chat } = await client.startChat(hello);
  const chatId = chat.id;
  const threadId = chat.thread!.id;

  await emulator.agent('send_event', { chat_id: chatId, event: { type: 'message', text: 'Hi from Jane' } });
  const fromJane = await events.waitFor('incoming_event', (p) => p.event.text === 'Hi from Jane');
  assert.equal(fromJane.chatId, chatId);
  assert.equal(fromJane.event.authorId, 'jane@emulator.local');

  await emulator.agent('send_typing_indicator', { chat_id: chatId, is_typing: true });
  const typing = await events.waitFor('incoming_typing_indicator', (p) => p.typingIndicator.authorId === 'jane@emulator.local');
  assert.equal(typing.typingIndicator.isTyping, true);

  const { event_id: eventId } = await emulator.agent('send_event', {
    chat_id: chatId,
    event: {
      type: 'rich_message',
      template_id: 'quick_replies',
      elements: [{ title: 'Pick', buttons: [{ text: 'Yes', type: 'message', value: 'yes', postback_id: 'yes' }] }],
    },
  });
  const rich = (await events.waitFor('incoming_event', (p) => p.event.id === eventId)).event;
  assert.equal(rich.type, 'rich_message');
  assert.equal(rich.template, 'quick_replies');
  assert.deepEqual(
    { title: rich.elements[0].title, type: rich.elements[0].buttons[0].type, postbackId: rich.elements[0].buttons[0].postbackId },
    { title: 'Pick', type: 'message', postbackId: 'yes' },
  );
  const postback = { chatId, threadId, eventId, postback: { id: 'yes', toggled: true } };
  assert.deepEqual(await client.sendRichMessagePostback(postback), { success: true });
  const echoed = await events.waitFor('incoming_rich_message_postback');
  assert.deepEqual(echoed.postback, { id: 'yes', toggled: true });
  const updated = await events.waitFor('event_updated', (p) => p.event?.id === eventId);
  assert.equal(updated.event.elements[0].buttons[0].userIds.length, 1);

  // Returns at once, no Promise (as documented); the emulator records it.
  assert.equal(client.setSneakPeek({ chatId, sneakPeekText: 'typing...' }), undefined);
  const deadline = Date.now() + 10_000;
  while ((await emulator.control('state')).chats.find((c: any) => c.id === chatId)?.sneak_peek !== 'typing...') {
    assert.ok(Date.now() < deadline, 'sneak peek not recorded');
    await new Promise((r) => setTimeout(r, 50));
  }
});

test('queue_position_updated from the control API', T, async (t) => {
  const { sdk: client, events } = await connected(t, emulator);
  const { chat } = await client.startChat(hello);
  await emulator.control('queue', { chat_id: chat.id, position: 2, wait_time: 60 });
  const queued = await events.waitFor('queue_position_updated');
  assert.deepEqual(queued, { chatId: chat.id, threadId: chat.thread!.id, queue: { position: 2, waitTime: 60 } });
});
