import { chatOf, type Scenario } from './scenario.ts';

const JANE = 'jane@emulator.local';

export const scenarios: Scenario[] = [
  {
    name: 'main-flow',
    steps: [
      { call: 'startChat', args: { chat: { thread: { events: [{ type: 'message', text: 'hello', customId: 'c-1' }] } } }, save: 'start' },
      { call: 'sendEvent', args: (v) => ({ chatId: chatOf(v.start).id, event: { type: 'message', text: 'ping' } }) },
      { agent: 'send_event', body: (v) => ({ chat_id: chatOf(v.start).id, event: { type: 'message', text: 'Hi, Jane here' } }) },
      { wait: 'incoming_event' },
      { call: 'getChat', args: (v) => ({ chatId: chatOf(v.start).id }) },
      { call: 'listChats' },
      { call: 'getCustomer' },
    ],
  },
];
