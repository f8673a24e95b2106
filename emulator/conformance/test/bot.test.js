'use strict';
// The demo bot (on by default): a customer message gets a typing indicator, then a reply.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { useEmulator } = require('../harness/suite');

const ctx = useEmulator({ bot: true });

test('bot replies to a customer message with typing first', { timeout: 30000 }, async () => {
  const { c, chat } = await ctx.chatting();
  const typing = await c.waitFor('incoming_typing_indicator', (p) => p.typingIndicator.isTyping);
  assert.equal(typing.chatId, chat.id);
  const reply = await c.waitFor('incoming_event', (p) => p.event.type === 'message' && p.event.authorId === typing.typingIndicator.authorId);
  assert.equal(reply.chatId, chat.id);
  assert.equal(typeof reply.event.text, 'string');
  assert.ok(reply.event.text.length > 0);
  const names = c.names();
  assert.ok(names.indexOf('incoming_typing_indicator') < names.lastIndexOf('incoming_event'));
  const st = await ctx.emu.control('state');
  assert.ok(st.agents.some((a) => a.id === typing.typingIndicator.authorId && a.is_bot));
});
