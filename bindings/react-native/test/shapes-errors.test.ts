// Shapes as the docs and the reference client give them ({chat}, null vs absent, the RN upload file) and
// errors a host can rely on (a code on every failure, VALIDATION for bad arguments, one list of codes).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { ERROR_CODES } from '../src/sdk';
import { Emulator, connected, livechat, sdk, within, T, codeOf } from './helpers';

let emulator: Emulator;
before(async () => {
  emulator = await Emulator.start();
  await emulator.control('bot', { enabled: false });
});
after(() => emulator.stop());

/** The error `promise` rejects with (fails if it resolves). */
async function errorOf(promise: Promise<unknown>): Promise<any> {
  return within(promise.then(() => assert.fail('resolved')), 20_000, 'call').catch((e) => e);
}

test('startChat and resumeChat resolve with { chat }, as the reference client does', T, async (t) => {
  const { sdk: client } = await connected(t, emulator);
  const { chat } = await client.startChat();
  assert.equal(typeof chat.id, 'string');
  await client.deactivateChat({ id: chat.id });
  const { chat: resumed } = await client.resumeChat({ chat: { id: chat.id } });
  assert.equal(resumed.id, chat.id);
});

test('fields the docs give as null when there is none are null, not missing keys', T, async (t) => {
  const { sdk: client } = await connected(t, emulator);
  const { chat } = await client.startChat();
  const thread = chat.thread!;
  assert.ok('previousThreadId' in thread && 'nextThreadId' in thread, 'keys present');
  assert.equal(thread.previousThreadId, null);
  assert.equal(thread.nextThreadId, null);
  const page = await client.listThreads({ chatId: chat.id });
  assert.ok('previousPageId' in page && 'nextPageId' in page, 'keys present');
  assert.equal(page.previousPageId, null);
  assert.equal(page.nextPageId, null);
  const chats = await client.listChats();
  assert.equal(chats.previousPageId, null);
  assert.equal(chats.nextPageId, null);
  // "Returned only if set" stays absent: a customer without a name has no `name` key.
  const me = await client.getCustomer();
  assert.ok(!('name' in me), `no name key: ${JSON.stringify(me)}`);
});

test('uploadFile takes the docs\' React Native file { uri, type, name }: a file:// URI or a path', T, async (t) => {
  const { sdk: client } = await connected(t, emulator);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'livechat-rn-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'photo.jpg');
  const bytes = Uint8Array.from({ length: 5000 }, (_, i) => i % 256);
  await fs.writeFile(file, bytes);
  for (const uri of [pathToFileURL(file).href, file]) {
    const { url } = await within(client.uploadFile({ file: { uri, type: 'image/jpeg', name: 'photo.jpg' } }).promise, 20_000, uri);
    const served = await fetch(url);
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), bytes, uri);
  }
  // `name` and `type` are optional in the docs: the name comes from the URI.
  const { url } = await client.uploadFile({ file: { uri: pathToFileURL(file).href } }).promise;
  const { chat } = await client.startChat();
  const event = await client.sendEvent({ chatId: chat.id, event: { type: 'file', url } });
  assert.equal(event.name, 'photo.jpg');
});

test('cancel() in the same tick as uploadFile always cancels: UPLOAD_CANCELED', T, async (t) => {
  const { sdk: client } = await connected(t, emulator);
  for (let i = 0; i < 10; i++) {
    const upload = client.uploadFile({ file: { data: new Uint8Array([1, 2, 3]), name: `tiny-${i}.txt` } });
    upload.cancel();
    assert.equal(await codeOf(upload.promise), 'UPLOAD_CANCELED', `run ${i}`);
  }
});

test('setSneakPeek and updateCustomerPage are fire-and-forget after destroy too', T, async (t) => {
  const { sdk: client } = await connected(t, emulator);
  await client.destroy();
  client.setSneakPeek({ chatId: 'CHAT', sneakPeekText: 'typing' });
  client.updateCustomerPage({ url: 'https://example.com/', title: 'Example' });
});

test('bad arguments are VALIDATION errors naming the argument, never an internal error', T, async (t) => {
  const { sdk: client } = await connected(t, emulator);
  const cases: [string, Promise<unknown>, string][] = [
    ['getForm type', client.getForm({ groupId: 0, type: 'bogus' as any }), 'type'],
    ['getChat chatId', client.getChat({ chatId: 42 as any }), 'chatId'],
    ['listChats limit', client.listChats({ limit: -1 }), 'limit'],
    ['listThreads sortOrder', client.listThreads({ chatId: 'C', sortOrder: 'up' as any }), 'sortOrder'],
    ['acceptGreeting greetingId', client.acceptGreeting({ greetingId: '7' as any, uniqueId: 'U' }), 'greetingId'],
    ['sendEvent event', client.sendEvent({ chatId: 'C', event: undefined as any }), 'event'],
    ['rateChat score', client.rateChat({ chatId: 'C', rating: { score: 'good' as any } }), 'score'],
    ['no parameters', (client.getChat as any)(), 'getChat'],
    ['uploadFile data', client.uploadFile({ file: { data: 'text' as any, name: 'a.txt' } }).promise, 'data'],
  ];
  for (const [what, promise, named] of cases) {
    const error = await errorOf(promise);
    assert.ok(error instanceof sdk.CustomerSdkError, `${what}: not a CustomerSdkError: ${error}`);
    assert.equal(error.code, 'VALIDATION', `${what}: ${error.message}`);
    assert.ok(error.message.includes(named), `${what}: names ${named}: ${error.message}`);
    assert.ok(!/backtrace|ERR_INVALID_ARG_TYPE|panicked|\.rs:/i.test(error.message), `${what}: internal text: ${error.message}`);
  }
  assert.throws(
    () => client.setSneakPeek({ chatId: undefined as any, sneakPeekText: 'x' }),
    (e: any) => e instanceof sdk.CustomerSdkError && e.code === 'VALIDATION' && e.message.includes('chatId'),
  );
});

test('init with invalid options throws VALIDATION with the reference client\'s message', () => {
  for (const options of [{}, { licenseId: '12345', clientId: 'c' }, { licenseId: 12345 }]) {
    assert.throws(
      () => sdk.init(options as any),
      (e: any) =>
        e instanceof sdk.CustomerSdkError &&
        e.code === 'VALIDATION' &&
        e.message.includes('You need to pass valid configuration object: { licenseId, clientId }.'),
    );
  }
});

test('ERROR_CODES (the TS union) is the SDK\'s one table of codes, NOT_FOUND included', () => {
  assert.deepEqual([...ERROR_CODES], livechat.errorCodes());
  assert.ok(ERROR_CODES.includes('NOT_FOUND'));
});
