// uploadFile ({promise, cancel}, onProgress, size limit) and getChatHistory's next() paging to done.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Emulator, connected, sdk, within, T, codeOf } from './helpers';

let emulator: Emulator;
before(async () => {
  emulator = await Emulator.start();
  await emulator.control('bot', { enabled: false }); // exact thread contents
});
after(() => emulator.stop());


test('uploadFile reports progress up to 1, its URL serves the bytes and sends as a file event', T, async (t) => {
  const { sdk: client } = await connected(t, emulator);
  const { chat } = await client.startChat();
  const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => i % 251);
  const progress: number[] = [];
  const { promise } = client.uploadFile({
    file: { data: bytes.subarray(0), name: 'data.bin', type: 'application/octet-stream' },
    onProgress: (p) => progress.push(p),
  });
  const { url } = await within(promise, 20_000, 'upload');
  assert.ok(progress.length > 0, 'progress reported');
  assert.deepEqual([...progress].sort((a, b) => a - b), progress, 'never goes back');
  assert.ok(progress.every((p) => p >= 0 && p <= 1));
  assert.equal(progress.at(-1), 1);

  const served = await fetch(url);
  assert.equal(served.status, 200);
  assert.deepEqual(new Uint8Array(await served.arrayBuffer()), bytes);

  const event = await client.sendEvent({ chatId: chat.id, event: { type: 'file', url } });
  assert.equal(event.type, 'file');
  assert.equal(event.name, 'data.bin');
  assert.equal(event.contentType, 'application/octet-stream');
});

test('cancel rejects with UPLOAD_CANCELED; over 10 MB with TOO_BIG_FILE', T, async (t) => {
  const { sdk: client } = await connected(t, emulator);
  await emulator.control('delay', { action: 'upload_file', ms: 20_000 });
  t.after(() => emulator.control('delay', { action: 'upload_file', ms: 0 }).then(() => {}));
  const slow = client.uploadFile({ file: { data: new ArrayBuffer(1000), name: 'slow.txt', type: 'text/plain' } });
  slow.cancel();
  assert.equal(await codeOf(slow.promise), 'UPLOAD_CANCELED');

  const big = client.uploadFile({ file: { data: new ArrayBuffer(10 * 1024 * 1024 + 1), name: 'big.bin' } });
  assert.equal(await codeOf(big.promise), 'TOO_BIG_FILE');
});

test('getChatHistory: next() goes back thread by thread until done, and stays done', T, async (t) => {
  const { sdk: client } = await connected(t, emulator);
  const message = (text: string) => ({ type: 'message' as const, text });
  const { chat } = await client.startChat({ chat: { thread: { events: [message('first thread')] } } });
  await client.deactivateChat({ id: chat.id });
  await client.resumeChat({ chat: { id: chat.id, thread: { events: [message('second thread')] } } });
  await client.deactivateChat({ id: chat.id });
  await client.resumeChat({ chat: { id: chat.id, thread: { events: [message('third thread')] } } });

  const history = client.getChatHistory({ chatId: chat.id });
  const texts: string[] = [];
  let pages = 0;
  for (;;) {
    const { done, value } = await history.next();
    pages++;
    // Each page: older threads, oldest first; prepend to keep the whole history in order (system
    // messages such as "Customer archived the chat" left out).
    texts.unshift(...value.threads.flatMap((thread) => thread.events.filter((e) => e.type === 'message').map((e) => e.text)));
    if (done) break;
    assert.ok(pages < 20, 'history never ends');
  }
  assert.deepEqual(texts, ['first thread', 'second thread', 'third thread']);
  const again = await history.next();
  assert.equal(again.done, true, 'stays done');
  assert.deepEqual(again.value.threads, []);
});
