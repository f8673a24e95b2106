// Host plug-ins written in JS and called by Rust: a tokenProvider (async: the WebView / own-login case,
// fetching the emulator's cookie grant itself) and a customerDataProvider (sync, before each login).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { CookieGrantTokens, Emulator, connected, sdk, within, T, codeOf } from './helpers';

let emulator: Emulator;
before(async () => {
  emulator = await Emulator.start();
});
after(() => emulator.stop());


test('the SDK connects with tokens the JS tokenProvider fetched itself', T, async (t) => {
  const tokens = new CookieGrantTokens(emulator);
  const { sdk: client, customerId } = await connected(t, emulator, { tokenProvider: tokens });
  assert.ok(tokens.fetches >= 1);
  const token = await client.auth.getToken();
  assert.equal(token.entityId, customerId);
  assert.equal(token.accessToken, (await tokens.getToken()).accessToken, "the provider's token, not one of the SDK's");
  const { chat } = await client.startChat();
  assert.ok(chat.users.some((u) => u.id === customerId));
});

test('an expired token is invalidated through the provider and fetched again', T, async (t) => {
  const tokens = new CookieGrantTokens(emulator);
  const { events, customerId } = await connected(t, emulator, { tokenProvider: tokens });
  const before = tokens.fetches;
  await emulator.control('expire_token', { customer_id: customerId });
  assert.equal((await events.waitFor('disconnected')).reason, 'access_token_expired');
  const { customer } = await events.waitFor('connected');
  assert.equal(customer.id, customerId, 'same customer (the provider kept its cookies)');
  assert.ok(tokens.invalidations >= 1, 'invalidate() called');
  assert.ok(tokens.fetches > before, 'a new token was fetched');
});

test("a provider's rejection reaches the caller with its code; a plain Error as CALLBACK_FAILED", T, async (t) => {
  const failing = sdk.init(
    emulator.options({
      autoConnect: false,
      tokenProvider: { getToken: () => Promise.reject(new sdk.CustomerSdkError('AUTHENTICATION', 'user logged out')) },
    }),
  );
  t.after(() => failing.destroy());
  assert.equal(await codeOf(failing.auth.getToken()), 'AUTHENTICATION');
  assert.equal(await codeOf(failing.connect().then(() => failing.getCustomer())), 'NO_CONNECTION');

  const buggy = sdk.init(
    emulator.options({ autoConnect: false, tokenProvider: { getToken: () => Promise.reject(new Error('bug in host code')) } }),
  );
  t.after(() => buggy.destroy());
  assert.equal(await codeOf(buggy.auth.getToken()), 'CALLBACK_FAILED');
});

test('a provider that never answers is bounded by requestTimeoutMs (REQUEST_TIMEOUT)', T, async (t) => {
  const silent = sdk.init(
    emulator.options({ autoConnect: false, requestTimeoutMs: 500, tokenProvider: { getToken: () => new Promise(() => {}) } }),
  );
  t.after(() => silent.destroy());
  assert.equal(await codeOf(silent.auth.getToken()), 'REQUEST_TIMEOUT');
});

test('customerDataProvider is asked at login', T, async (t) => {
  let asked = 0;
  const { sdk: client } = await connected(t, emulator, {
    customerDataProvider: () => {
      asked++;
      return { name: 'RN Tester', email: 'rn@example.com', sessionFields: { plan: 'pro' } };
    },
  });
  assert.ok(asked >= 1);
  const customer = await client.getCustomer();
  assert.equal(customer.name, 'RN Tester');
  assert.equal(customer.email, 'rn@example.com');
  assert.equal(customer.sessionFields.plan, 'pro');
});
