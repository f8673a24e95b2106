// Customer data, greetings (pushed through the emulator's control API), forms and tickets, groups,
// predicted agent and URL info.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Emulator, connected, sdk, within, T, codeOf } from './helpers';

let emulator: Emulator;
before(async () => {
  emulator = await Emulator.start();
});
after(() => emulator.stop());


test('getCustomer, updateCustomer (customer_updated), setCustomerSessionFields, updateCustomerPage', T, async (t) => {
  const { sdk: client, events, customerId } = await connected(t, emulator);
  const before = await client.getCustomer();
  assert.equal(before.id, customerId);
  assert.equal(before.type, 'customer');
  assert.equal(typeof before.statistics.chatsCount, 'number');

  const update = { name: 'RN Tester', email: 'rn@example.com', sessionFields: { plan: 'pro' } };
  assert.deepEqual(await client.updateCustomer(update), { success: true });
  const pushed = await events.waitFor('customer_updated');
  assert.equal(pushed.name, 'RN Tester');
  await client.setCustomerSessionFields({ sessionFields: { plan: 'team', seats: '5' } });
  const after = await client.getCustomer();
  assert.equal(after.name, 'RN Tester');
  assert.equal(after.email, 'rn@example.com');
  assert.deepEqual(after.sessionFields, { plan: 'team', seats: '5' });

  assert.equal(client.updateCustomerPage({ url: 'https://example.com/pricing', title: 'Pricing' }), undefined);
});

test('greetings: incoming_greeting, acceptGreeting, cancelGreeting, GREETING_NOT_FOUND', T, async (t) => {
  const { sdk: client, events, customerId } = await connected(t, emulator);
  const first = await emulator.control('greetings', { customer_id: customerId, text: 'Need help?' });
  const greeting = await events.waitFor('incoming_greeting');
  assert.equal(greeting.uniqueId, first.unique_id);
  assert.equal(greeting.id, first.greeting_id);
  assert.equal(greeting.text, 'Need help?');
  assert.equal(typeof greeting.agent.isBot, 'boolean');
  assert.deepEqual(await client.acceptGreeting({ greetingId: greeting.id, uniqueId: greeting.uniqueId }), { success: true });
  assert.deepEqual(await events.waitFor('greeting_accepted'), { uniqueId: first.unique_id });

  const second = await emulator.control('greetings', { customer_id: customerId, text: 'Still there?' });
  await events.waitFor('incoming_greeting', (g) => g.uniqueId === second.unique_id);
  assert.deepEqual(await client.cancelGreeting({ uniqueId: second.unique_id }), { success: true });
  assert.deepEqual(await events.waitFor('greeting_canceled', (g) => g.uniqueId === second.unique_id), { uniqueId: second.unique_id });
  assert.equal(await codeOf(client.cancelGreeting({ uniqueId: 'unknown' })), 'GREETING_NOT_FOUND');
});

test('getForm, sendTicketForm, getPredictedAgent, listGroupStatuses, getUrlInfo', T, async (t) => {
  const { sdk: client } = await connected(t, emulator);
  const prechat = await client.getForm({ groupId: 0, type: 'prechat' });
  assert.equal(prechat.enabled, true);
  assert.equal(prechat.form.id, 'prechat-0');
  const chooser = prechat.form.fields.find((f: any) => f.type === 'group_chooser');
  assert.deepEqual(chooser.options[1], { id: '1', label: 'Sales', groupId: 1 });
  assert.equal((await client.getForm({ groupId: 1, type: 'postchat' })).enabled, false);

  const ticketForm = (await client.getForm({ groupId: 0, type: 'ticket' })).form;
  const ticket = await client.sendTicketForm({
    groupId: 0,
    filledForm: {
      type: 'filled_form',
      formId: ticketForm.id,
      fields: [
        { type: 'email', id: '1', label: 'E-mail', answer: 'rn@example.com' },
        { type: 'textarea', id: '2', label: 'Message', answer: 'Where is my order?' },
        { type: 'checkbox', id: '3', label: 'Topics', answers: [{ id: '0', label: 'Shipping' }] },
      ],
    },
  });
  assert.equal(typeof ticket.id, 'string');
  assert.ok(ticket.id.length > 0);

  const predicted = await client.getPredictedAgent({ groupId: 0 });
  assert.equal(predicted.agent.type, 'agent');
  assert.equal(typeof predicted.agent.isBot, 'boolean');
  assert.equal(predicted.queue, false);

  assert.deepEqual(await client.listGroupStatuses({ groupIds: [0, 1] }), { 0: 'online', 1: 'online' });
  await emulator.control('group_status', { group_id: 1, status: 'offline' });
  t.after(() => emulator.control('group_status', { group_id: 1, status: 'online' }).then(() => {}));
  const all = await client.listGroupStatuses();
  assert.equal(all[1], 'offline');
  assert.equal(await codeOf(client.getPredictedAgent({ groupId: 1 })), 'GROUP_OFFLINE');

  const info = await client.getUrlInfo({ url: 'https://example.com/' });
  assert.equal(info.title, 'Example Domain');
  assert.equal(info.imageWidth, 200);
  assert.equal(info.imageHeight, 100);
});
