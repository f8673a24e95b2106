// Connecting through the built-in cookie grant, the `connected` payload, auth.getToken, disconnect /
// connect / destroy and their error codes, and the docs' on/once/off semantics.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Emulator, Recorder, connected, sdk, within } from './helpers';

let emulator: Emulator;
before(async () => {
  emulator = await Emulator.start();
});
after(() => emulator.stop());

const T = { timeout: 60_000 };

/** Resolves with the `code` of the CustomerSdkError `promise` rejects with. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error: any = await within(promise.then(() => assert.fail('resolved')), 20_000, 'call').catch((e) => e);
  assert.ok(error instanceof sdk.CustomerSdkError, `not a CustomerSdkError: ${error}`);
  assert.ok(error.message.length > 0);
  return error.code;
}

test('autoConnect: customer_id, then connected with the documented payload', T, async (t) => {
  const client = sdk.init(emulator.options());
  t.after(() => client.destroy());
  const events = new Recorder(client); // same tick as init: nothing is missed
  const { customer, availability } = await events.waitFor('connected');
  const id = await events.waitFor('customer_id');
  assert.equal(typeof id, 'string');
  assert.equal(customer.id, id);
  assert.equal(customer.type, 'customer');
  assert.equal(availability, 'online');
  assert.equal(typeof customer.statistics.visitsCount, 'number');
  assert.deepEqual(customer.sessionFields, {});
});

test('auth.getToken returns the customer token with numbers', T, async (t) => {
  const { sdk: client, customerId } = await connected(t, emulator);
  const token = await client.auth.getToken();
  assert.equal(token.entityId, customerId);
  assert.equal(token.licenseId, 12345);
  assert.equal(token.tokenType, 'Bearer');
  assert.ok(token.accessToken.length > 0);
  assert.equal(typeof token.expiresIn, 'number');
  assert.ok(token.creationDate > Date.parse('2020-01-01'));
  assert.deepEqual(await client.auth.getToken(), token, 'cached token reused');
});

test('connect twice: ALREADY_CONNECTED; disconnect: NO_CONNECTION until connect', T, async (t) => {
  const { sdk: client, events } = await connected(t, emulator);
  assert.equal(await codeOf(client.connect()), 'ALREADY_CONNECTED');
  await client.disconnect();
  assert.equal(await codeOf(client.getCustomer()), 'NO_CONNECTION');
  await client.connect();
  await events.waitFor('connected');
  assert.equal((await client.getCustomer()).type, 'customer');
});

test('a server-side disconnect reason reaches `disconnected`; connect() resumes', T, async (t) => {
  const { sdk: client, events, customerId } = await connected(t, emulator);
  await emulator.control('disconnect', { customer_id: customerId, reason: 'inactivity_timeout' });
  assert.deepEqual(await events.waitFor('disconnected'), { reason: 'inactivity_timeout' });
  await client.connect();
  await events.waitFor('connected');
});

test('after destroy every call rejects with SDK_DESTROYED; destroy is idempotent', T, async (t) => {
  const { sdk: client } = await connected(t, emulator);
  await client.destroy();
  assert.equal(await codeOf(client.getCustomer()), 'SDK_DESTROYED');
  assert.equal(await codeOf(client.startChat()), 'SDK_DESTROYED');
  assert.equal(await codeOf(client.auth.getToken()), 'SDK_DESTROYED');
  assert.equal(await codeOf(client.getChatHistory({ chatId: 'X' }).next()), 'SDK_DESTROYED');
  assert.equal(await codeOf(client.uploadFile({ file: { data: new Uint8Array(1), name: 'a' } }).promise), 'SDK_DESTROYED');
  await client.destroy();
});

test('on / once / off: by name and identity, once fires once, `*` gets (name, payload)', T, async (t) => {
  const client = sdk.init(emulator.options({ autoConnect: false }));
  t.after(() => client.destroy());
  const events = new Recorder(client);
  const calls: string[] = [];
  const a = () => calls.push('a');
  const b = () => calls.push('b');
  const removed = () => calls.push('removed');
  const onceRemoved = () => calls.push('onceRemoved');
  client.on('customer_id', a);
  client.on('customer_id', removed);
  client.once('customer_id', b);
  client.once('customer_id', onceRemoved);
  client.on('connected', removed);
  client.on('*', (name) => calls.push(`*${name}`));
  client.off('customer_id', removed); // by identity, the others stay
  client.off('customer_id', onceRemoved); // `once` handlers too, by the function given
  client.off('connected'); // every handler of a name

  await client.connect();
  await events.waitFor('connected');
  assert.deepEqual(calls, ['a', 'b', '*customer_id', '*connected']);

  // A reconnect: `once` handlers are gone, `on` ones stay.
  calls.length = 0;
  await client.disconnect();
  await client.connect();
  await events.waitFor('connected');
  assert.ok(!calls.includes('b'), `once handler called again: ${calls}`);
  assert.ok(calls.includes('*connected'));

  // off(): everything, `*` included; a handler added afterwards still works.
  client.off();
  calls.length = 0;
  await client.disconnect();
  const reconnected = new Promise((resolve) => client.once('connected', resolve));
  await client.connect();
  await within(reconnected, 20_000, 'connected');
  assert.deepEqual(calls, []);
});

test('a throwing handler does not stop the others', T, async (t) => {
  const client = sdk.init(emulator.options({ autoConnect: false }));
  t.after(() => client.destroy());
  const events = new Recorder(client);
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  t.after(() => {
    console.error = original;
  });
  let after = false;
  client.on('connected', () => {
    throw new Error('boom');
  });
  client.on('connected', () => {
    after = true;
  });
  await client.connect();
  await events.waitFor('connected');
  assert.ok(after);
  assert.equal(errors.length, 1);
});
