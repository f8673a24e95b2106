'use strict';
// The official client never sends the `ping` action; it must stay connected as long as it answers
// WebSocket control pings. Runs an emulator that pings every 1 s and cuts after 2 s of silence.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { useEmulator } = require('../harness/suite');
const { withTimeout } = require('../harness/customer');

const ctx = useEmulator({ args: ['--config', path.join(__dirname, '..', 'fixtures', 'fast-keepalive.json')] });

test('a silent client that answers control pings is not cut (idle timeout 2 s, 3 pings)', { timeout: 30000 }, async () => {
  const c = await ctx.open();
  const socket = c.browser.sockets[c.browser.sockets.length - 1];
  let pings = 0;
  await withTimeout(
    new Promise((resolve) =>
      socket.on('ping', () => {
        if (++pings === 3) resolve();
      }),
    ),
    'three control pings',
  );
  assert.equal(socket.readyState, socket.OPEN);
  assert.equal(c.seen('disconnected').length, 0, `events: ${c.names()}`);
  assert.equal(c.browser.sockets.length, 1, 'no reconnect happened');
  assert.equal((await c.api.getCustomer()).id, c.id);
});
