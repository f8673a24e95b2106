// The contract from JS: handlers added right after `init` never miss the first events (1,000 times under a
// CPU hog), sends made without awaiting are stored in call order, the state is observable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';

import { Emulator, Recorder, connected, sdk, within, T } from './helpers';

let emulator: Emulator;
before(async () => {
  emulator = await Emulator.start();
});
after(() => emulator.stop());

/** A busy process on every core until the returned function is called. */
function cpuHog(): () => void {
  const hogs: ChildProcess[] = Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
  return () => hogs.forEach((h) => h.kill());
}

test('init then on(...) sees customer_id, then connected: 1,000 clients under a CPU hog', { timeout: 300_000 }, async () => {
  const stop = cpuHog();
  const misses: string[] = [];
  try {
    for (let batch = 0; batch < 20; batch++) {
      const clients = Array.from({ length: 50 }, () => {
        const client = sdk.init(emulator.options());
        const seen: string[] = [];
        client.on('customer_id', () => seen.push('customer_id'));
        client.on('connected', () => seen.push('connected'));
        return { client, seen, events: new Recorder(client) };
      });
      for (const [i, { client, seen, events }] of clients.entries()) {
        await events.waitFor('connected');
        if (seen[0] !== 'customer_id' || seen[1] !== 'connected') misses.push(`client ${batch * 50 + i}: ${seen}`);
        await client.destroy();
      }
    }
  } finally {
    stop();
  }
  assert.deepEqual(misses, [], `${misses.length} of 1000 missed`);
});

test('eight sendEvent calls not awaited are stored in call order (5 rounds)', T, async (t) => {
  const { sdk: client } = await connected(t, emulator);
  const started: any = await client.startChat({});
  const chatId = (started.chat ?? started).id;
  let outOfPlace = 0;
  for (let round = 0; round < 5; round++) {
    const texts = Array.from({ length: 8 }, (_, i) => `round ${round} message ${i}`);
    await within(Promise.all(texts.map((text) => client.sendEvent({ chatId, event: { type: 'message', text } }))), 20_000, 'sends');
    const chat: any = await client.getChat({ chatId });
    const stored = chat.thread.events.map((e: any) => e.text).filter((text: string) => text?.startsWith(`round ${round} `));
    assert.equal(stored.length, 8);
    outOfPlace += stored.filter((text: string, i: number) => text !== texts[i]).length;
  }
  assert.equal(outOfPlace, 0, 'messages stored out of call order (of 40)');
});

test('observeState: the current state at once, then every change, destroyed last', T, async () => {
  const client = sdk.init(emulator.options());
  const events = new Recorder(client);
  await events.waitFor('connected');
  const states: { status: string; customerId: string | null }[] = [];
  let wake = () => {};
  const stop = client.observeState((state) => {
    states.push(state);
    wake();
  });
  const seen = async (status: string) => {
    while (!states.some((s) => s.status === status)) await within(new Promise<void>((r) => (wake = r)), 20_000, status);
  };
  await seen('connected');
  assert.equal(states[0].status, 'connected');
  assert.ok(states[0].customerId);
  await client.destroy();
  await seen('destroyed');
  assert.equal(states.at(-1)!.status, 'destroyed');
  stop();
});
