// The scenarios of the differential suite (format: scenario.ts). Each runs once per SDK against one
// emulator; see README.md. Names are referenced by known-differences.json.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chatOf, type Scenario, type Step, type Vars } from './scenario.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => path.join(here, '..', 'emulator', 'conformance', 'fixtures', name);

const JANE = 'jane@emulator.local';
const BOT = 'bot@emulator.local';

// Shorthands over the saved `start` (startChat's result) of a scenario.
const chatId = (v: Vars) => chatOf(v.start).id;
const threadId = (v: Vars) => chatOf(v.start).thread.id;
const firstEventId = (v: Vars) => chatOf(v.start).thread.events[0].id;
const start = (text = 'hello'): Step => ({
  call: 'startChat',
  args: { chat: { thread: { events: [{ type: 'message', text, customId: 'c-1' }] } } },
  save: 'start',
});
const agentSays = (text: string): Step => ({ agent: 'send_event', body: (v) => ({ chat_id: chatId(v), event: { type: 'message', text } }) });
const waitText = (text: string): Step => ({ wait: 'incoming_event', where: (p) => p.event.text === text });

const FILLED_FORM = {
  type: 'filled_form',
  formId: 'prechat-0',
  fields: [
    { type: 'name', id: 'name', label: 'Name:', answer: 'Ann' },
    { type: 'group_chooser', id: 'group', label: 'Department', answer: { id: '1', label: 'Sales', groupId: 1 } },
  ],
};

/** Disconnect reasons the control API can push (`customer_disconnected`), and what happens after them. */
const PUSHED_REASONS = [
  'access_token_expired',
  'access_token_revoked',
  'connection_evicted',
  'connection_timeout',
  'customer_banned',
  'customer_temporarily_blocked',
  'identity_mismatch',
  'inactivity_timeout',
  'internal_error',
  'license_expired',
  'license_not_found',
  'logged_out_remotely',
  'product_version_changed',
  'service_temporarily_unavailable',
  'too_many_connections',
  'too_many_unauthorized_connections',
  'unsupported_version',
  'users_limit_reached',
];

const disconnectReason = (reason: string): Scenario => ({
  name: `disconnect-${reason}`,
  about: `control disconnect ${reason}: the event, then reconnect / pause / destroy`,
  steps: [
    { control: 'disconnect', body: (v) => ({ customer_id: v.customerId, reason }) },
    { wait: 'disconnected', timeoutMs: 3000 },
    // Reconnecting reasons log in again within ~0.1-1 s (the reference: 100 ms, or one login backoff
    // for service_temporarily_unavailable); the others never do.
    { wait: 'connected', timeoutMs: 2000, label: 'reconnected' },
    { call: 'getCustomer', label: 'getCustomer after' },
  ],
});

export const scenarios: Scenario[] = [
  {
    name: 'main-flow',
    about: 'init, customer_id, connected, startChat, sendEvent (message/custom/filled_form), agent message, getChat, listChats, getCustomer',
    steps: [
      start(),
      { call: 'sendEvent', args: (v) => ({ chatId: chatId(v), event: { type: 'message', text: 'ping', customId: 'm-1', properties: { ns: { k: 'v' } } } }) },
      { call: 'sendEvent', args: (v) => ({ chatId: chatId(v), event: { type: 'custom', content: { cart: [1, 2] } } }) },
      { call: 'sendEvent', args: (v) => ({ chatId: chatId(v), event: FILLED_FORM }) },
      { call: 'sendEvent', args: (v) => ({ chatId: chatId(v), event: { type: 'file', url: 'https://example.com/a.png', alternativeText: 'A' } }) },
      agentSays('Hi, Jane here'),
      waitText('Hi, Jane here'),
      { agent: 'send_typing_indicator', body: (v) => ({ chat_id: chatId(v), is_typing: true }) },
      { wait: 'incoming_typing_indicator' },
      { call: 'getChat', args: (v) => ({ chatId: chatId(v) }) },
      { call: 'getChat', args: (v) => ({ chatId: chatId(v), threadId: threadId(v) }), label: 'getChat by thread' },
      { call: 'listChats' },
      { call: 'listChats', args: { limit: 1 }, label: 'listChats limit 1' },
      { call: 'listThreads', args: (v) => ({ chatId: chatId(v) }) },
      { call: 'getCustomer' },
      { call: 'auth.getToken' },
      { call: 'setSneakPeek', args: (v) => ({ chatId: chatId(v), sneakPeekText: 'I am typ' }) },
      { call: 'updateCustomerPage', args: { url: 'https://shop.example.test/b', title: 'B' } },
      { barrier: true },
    ],
  },
  {
    name: 'seen-markers',
    about: 'markEventsAsSeen, events_marked_as_seen from the customer and from the agent',
    steps: [
      start(),
      agentSays('join'),
      waitText('join'),
      { call: 'markEventsAsSeen', args: (v) => ({ chatId: chatId(v), seenUpTo: chatOf(v.start).thread.events[0].createdAt }) },
      { wait: 'events_marked_as_seen', where: (p, v) => p.userId === v.customerId },
      { agent: 'mark_events_as_seen', body: (v) => ({ chat_id: chatId(v), seen_up_to: chatOf(v.start).thread.events[0].createdAt }) },
      { wait: 'events_marked_as_seen', where: (p) => p.userId === JANE },
      { call: 'getChat', args: (v) => ({ chatId: chatId(v) }) },
    ],
  },
  {
    name: 'threads-history',
    about: 'deactivateChat, resumeChat, listThreads paging/sort/minEventsCount, getChatHistory to the end, CHAT_ALREADY_ACTIVE, CHAT_LIMIT_REACHED',
    steps: [
      start('one'),
      { call: 'deactivateChat', args: (v) => ({ id: chatId(v) }) },
      { call: 'resumeChat', args: (v) => ({ chat: { id: chatId(v), thread: { events: [{ type: 'message', text: 'two' }] } } }) },
      { call: 'sendEvent', args: (v) => ({ chatId: chatId(v), event: { type: 'message', text: 'two-b' } }) },
      { call: 'deactivateChat', args: (v) => ({ id: chatId(v) }) },
      { call: 'resumeChat', args: (v) => ({ chat: { id: chatId(v), thread: { events: [{ type: 'message', text: 'three' }] } } }) },
      { call: 'resumeChat', args: (v) => ({ chat: { id: chatId(v) } }), label: 'resumeChat active' },
      { call: 'startChat', label: 'startChat second' },
      { call: 'listThreads', args: (v) => ({ chatId: chatId(v), limit: 2 }), save: 'p1' },
      { call: 'listThreads', args: (v) => ({ chatId: chatId(v), pageId: v.p1.nextPageId }), label: 'listThreads page 2' },
      { call: 'listThreads', args: (v) => ({ chatId: chatId(v), sortOrder: 'asc', limit: 4 }), label: 'listThreads asc' },
      { call: 'listThreads', args: (v) => ({ chatId: chatId(v), minEventsCount: 2 }), label: 'listThreads minEventsCount' },
      { call: 'getChat', args: (v) => ({ chatId: chatId(v), threadId: chatOf(v.start).thread.id }), label: 'getChat first thread' },
      { call: 'getChatHistory', args: (v) => ({ chatId: chatId(v) }), save: 'history' },
      { next: 'history' },
      { next: 'history' },
      { next: 'history' },
      { next: 'history' },
      { call: 'deactivateChat', args: (v) => ({ id: chatId(v) }), label: 'deactivateChat last' },
      { call: 'deactivateChat', args: (v) => ({ id: chatId(v) }), label: 'deactivateChat inactive' },
      { call: 'listChats' },
    ],
  },
  {
    name: 'several-chats',
    about: 'listChats paging over three chats (emulator config chats_per_customer 3), CHAT_LIMIT_REACHED',
    emulatorArgs: ['--config', fixture('three-chats.json')],
    steps: [
      { call: 'startChat', args: { chat: { thread: { events: [{ type: 'message', text: 'chat 0' }] } } }, save: 'c0' },
      { call: 'deactivateChat', args: (v) => ({ id: chatOf(v.c0).id }) },
      { call: 'startChat', args: { chat: { properties: { source: { n: 1 } } } }, save: 'c1' },
      { call: 'deactivateChat', args: (v) => ({ id: chatOf(v.c1).id }) },
      { call: 'startChat', args: { active: false }, save: 'c2' },
      { call: 'startChat', label: 'startChat fourth' },
      { call: 'listChats', args: { limit: 2 }, save: 'p1' },
      { call: 'listChats', args: (v) => ({ pageId: v.p1.nextPageId }), label: 'listChats page 2' },
      { call: 'listChats', args: { limit: 26 }, label: 'listChats limit 26' },
    ],
  },
  {
    name: 'customer-properties',
    about: 'update/delete chat, thread and event properties by the customer, with their pushes',
    steps: [
      start(),
      { call: 'updateChatProperties', args: (v) => ({ id: chatId(v), properties: { shop: { cart: 3 } } }) },
      { call: 'updateThreadProperties', args: (v) => ({ chatId: chatId(v), threadId: threadId(v), properties: { shop: { step: 'pay' } } }) },
      { call: 'updateEventProperties', args: (v) => ({ chatId: chatId(v), threadId: threadId(v), eventId: firstEventId(v), properties: { shop: { sku: 'A1' } } }) },
      { call: 'getChat', args: (v) => ({ chatId: chatId(v) }) },
      { call: 'deleteChatProperties', args: (v) => ({ id: chatId(v), properties: { shop: ['cart'] } }) },
      { call: 'deleteThreadProperties', args: (v) => ({ chatId: chatId(v), threadId: threadId(v), properties: { shop: ['step'] } }) },
      { call: 'deleteEventProperties', args: (v) => ({ chatId: chatId(v), threadId: threadId(v), eventId: firstEventId(v), properties: { shop: ['sku'] } }) },
      { call: 'getChat', args: (v) => ({ chatId: chatId(v) }), label: 'getChat after delete' },
      { call: 'updateChatProperties', args: { id: 'NOSUCHCHAT', properties: { shop: { cart: 1 } } }, label: 'updateChatProperties unknown chat' },
      { call: 'updateEventProperties', args: (v) => ({ chatId: chatId(v), threadId: threadId(v), eventId: 'NOPE_1', properties: { shop: { a: 1 } } }), label: 'updateEventProperties unknown event' },
    ],
  },
  {
    name: 'agent-properties',
    about: 'the six property events from agent actions; lc2 queue_pos -> queue_position_updated',
    steps: [
      start(),
      { agent: 'update_chat_properties', body: (v) => ({ id: chatId(v), properties: { crm: { lead: true } } }) },
      { wait: 'chat_properties_updated' },
      { agent: 'delete_chat_properties', body: (v) => ({ id: chatId(v), properties: { crm: ['lead'] } }) },
      { wait: 'chat_properties_deleted' },
      { agent: 'update_thread_properties', body: (v) => ({ chat_id: chatId(v), thread_id: threadId(v), properties: { crm: { stage: 'new' } } }) },
      { wait: 'thread_properties_updated' },
      { agent: 'delete_thread_properties', body: (v) => ({ chat_id: chatId(v), thread_id: threadId(v), properties: { crm: ['stage'] } }) },
      { wait: 'thread_properties_deleted' },
      { agent: 'update_event_properties', body: (v) => ({ chat_id: chatId(v), thread_id: threadId(v), event_id: firstEventId(v), properties: { crm: { flag: 1 } } }) },
      { wait: 'event_properties_updated' },
      { agent: 'delete_event_properties', body: (v) => ({ chat_id: chatId(v), thread_id: threadId(v), event_id: firstEventId(v), properties: { crm: ['flag'] } }) },
      { wait: 'event_properties_deleted' },
      { agent: 'update_thread_properties', body: (v) => ({ chat_id: chatId(v), thread_id: threadId(v), properties: { lc2: { queue_pos: 4, queue_waiting_time: 120 } } }) },
      { wait: 'queue_position_updated' },
      { wait: 'thread_properties_updated' },
    ],
  },
  {
    name: 'rating',
    about: 'rateChat, cancelRate (default and named properties), rating without a chat',
    steps: [
      { call: 'rateChat', args: { chatId: 'NOSUCHCHAT', rating: { score: 1 } }, label: 'rateChat unknown chat' },
      start(),
      { call: 'rateChat', args: (v) => ({ chatId: chatId(v), rating: { score: 1, comment: 'great' } }) },
      { call: 'getChat', args: (v) => ({ chatId: chatId(v) }) },
      { call: 'cancelRate', args: (v) => ({ chatId: chatId(v) }) },
      { call: 'getChat', args: (v) => ({ chatId: chatId(v) }), label: 'getChat after cancel' },
      { call: 'cancelRate', args: (v) => ({ chatId: chatId(v), properties: ['comment'] }), label: 'cancelRate comment' },
      { call: 'rateChat', args: (v) => ({ chatId: chatId(v), rating: { score: 0 } }), label: 'rateChat bad' },
      { call: 'getChat', args: (v) => ({ chatId: chatId(v) }), label: 'getChat final' },
    ],
  },
  {
    name: 'customer-data',
    about: 'updateCustomer -> customer_updated, setCustomerSessionFields (merge, 100-field limit), getCustomer',
    steps: [
      { call: 'updateCustomer', args: { name: 'Bob', email: 'bob@example.test', sessionFields: { order: '42' } } },
      { wait: 'customer_updated' },
      { call: 'getCustomer' },
      { call: 'setCustomerSessionFields', args: { sessionFields: { a: '1', b: '2' } } },
      { call: 'setCustomerSessionFields', args: { sessionFields: { b: '3', c: '4' } }, label: 'setCustomerSessionFields merge' },
      { call: 'getCustomer', label: 'getCustomer after fields' },
      {
        call: 'setCustomerSessionFields',
        args: { sessionFields: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, 'x'])) },
        label: 'setCustomerSessionFields 101',
      },
      { call: 'updateCustomer', args: { email: 'not an email' }, label: 'updateCustomer bad email' },
    ],
  },
  {
    name: 'customer-data-provider',
    about: 'customerDataProvider applied at login',
    config: { customerDataProvider: () => ({ name: 'Provided', email: 'provided@example.test', sessionFields: { plan: 'pro' } }) },
    steps: [{ barrier: true }, { call: 'getCustomer' }],
  },
  {
    name: 'forms-and-info',
    about: 'getForm (prechat/postchat/ticket/disabled/unknown group), getPredictedAgent, listGroupStatuses, getUrlInfo, sendTicketForm',
    steps: [
      { call: 'getForm', args: { groupId: 0, type: 'prechat' }, label: 'getForm prechat' },
      { call: 'getForm', args: { groupId: 0, type: 'postchat' }, label: 'getForm postchat' },
      { call: 'getForm', args: { groupId: 0, type: 'ticket' }, label: 'getForm ticket', save: 'ticket' },
      { call: 'getForm', args: { groupId: 1, type: 'prechat' }, label: 'getForm disabled' },
      { call: 'getForm', args: { groupId: 99, type: 'prechat' }, label: 'getForm unknown group' },
      { call: 'getPredictedAgent', args: { groupId: 0 } },
      { call: 'getPredictedAgent', args: { groupId: 99 }, label: 'getPredictedAgent unknown group' },
      { call: 'listGroupStatuses' },
      { call: 'listGroupStatuses', args: { groupIds: [1] }, label: 'listGroupStatuses [1]' },
      { call: 'getUrlInfo', args: { url: 'https://example.com/' } },
      { call: 'getUrlInfo', args: { url: 'not a url' }, label: 'getUrlInfo invalid' },
      {
        call: 'sendTicketForm',
        args: (v) => {
          const answers: Record<string, string> = { name: 'Ann', email: 'ann@example.test', subject: 'Broken cart', textarea: 'It does not work' };
          const form = v.ticket.form;
          return {
            filledForm: { ...form, fields: form.fields.filter((f: any) => f.type in answers).map((f: any) => ({ ...f, answer: answers[f.type] })) },
            groupId: 0,
          };
        },
      },
    ],
  },
  {
    name: 'greetings',
    about: 'incoming_greeting, acceptGreeting -> greeting_accepted, a second greeting cancels the first, cancelGreeting, GREETING_NOT_FOUND',
    steps: [
      { control: 'greetings', body: (v) => ({ customer_id: v.customerId, text: 'Need help?' }) },
      { wait: 'incoming_greeting', save: 'g' },
      { call: 'acceptGreeting', args: (v) => ({ greetingId: v.g.id, uniqueId: v.g.uniqueId }) },
      { wait: 'greeting_accepted' },
      { control: 'greetings', body: (v) => ({ customer_id: v.customerId, text: 'first' }) },
      { wait: 'incoming_greeting', where: (p) => p.event.text === 'first' },
      { control: 'greetings', body: (v) => ({ customer_id: v.customerId, text: 'second' }) },
      { wait: 'greeting_canceled' },
      { wait: 'incoming_greeting', where: (p) => p.event.text === 'second', save: 'g2' },
      { call: 'cancelGreeting', args: (v) => ({ uniqueId: v.g2.uniqueId }) },
      { wait: 'greeting_canceled' },
      { call: 'cancelGreeting', args: { uniqueId: 'nope' }, label: 'cancelGreeting unknown' },
      { call: 'acceptGreeting', args: { greetingId: 999, uniqueId: 'nope' }, label: 'acceptGreeting unknown' },
      { call: 'getCustomer' },
    ],
  },
  {
    name: 'agent-actions',
    about: 'add/remove user, transfer, rich message + postback (incoming_rich_message_postback, event_updated), typing, agent deactivate',
    steps: [
      start(),
      { agent: 'add_user_to_chat', body: (v) => ({ chat_id: chatId(v), user_id: BOT, user_type: 'agent' }) },
      { wait: 'user_added_to_chat' },
      { agent: 'remove_user_from_chat', body: (v) => ({ chat_id: chatId(v), user_id: BOT, user_type: 'agent' }) },
      { wait: 'user_removed_from_chat' },
      { agent: 'transfer_chat', body: (v) => ({ id: chatId(v), target: { type: 'group', ids: [1] }, force: true }) },
      { wait: 'chat_transferred' },
      {
        agent: 'send_event',
        save: 'rich',
        body: (v) => ({
          chat_id: chatId(v),
          event: {
            type: 'rich_message',
            template_id: 'quick_replies',
            elements: [
              {
                title: 'Pick one',
                buttons: [
                  { type: 'message', text: 'Yes', postback_id: 'yes', user_ids: [], value: 'yes' },
                  { type: 'url', text: 'Docs', postback_id: 'docs', user_ids: [], value: 'https://example.com/', target: 'new' },
                ],
              },
            ],
          },
        }),
      },
      { wait: 'incoming_event', where: (p, v) => p.event.id === v.rich.event_id },
      {
        call: 'sendRichMessagePostback',
        args: (v) => ({ chatId: chatId(v), threadId: threadId(v), eventId: v.rich.event_id, postback: { id: 'yes', toggled: true } }),
      },
      { wait: 'incoming_rich_message_postback' },
      { wait: 'event_updated' },
      { call: 'getChat', args: (v) => ({ chatId: chatId(v) }) },
      { agent: 'deactivate_chat', body: (v) => ({ id: chatId(v) }) },
      { wait: 'chat_deactivated' },
      { call: 'listChats' },
    ],
  },
  {
    name: 'queue',
    about: 'control queue -> queue_position_updated; getChat thread.queue',
    steps: [
      start(),
      { control: 'queue', body: (v) => ({ chat_id: chatId(v), position: 2, wait_time: 90 }) },
      { wait: 'queue_position_updated' },
      { call: 'getChat', args: (v) => ({ chatId: chatId(v) }) },
    ],
  },
  {
    name: 'group-offline',
    about: 'group offline: availability_updated + incoming_multicast, listGroupStatuses, GROUP_OFFLINE; back online',
    steps: [
      { control: 'group_status', body: { group_id: 0, status: 'offline' } },
      { wait: 'availability_updated' },
      { wait: 'incoming_multicast', timeoutMs: 1000 },
      { call: 'listGroupStatuses', args: { groupIds: [0] } },
      { call: 'getPredictedAgent', args: { groupId: 0 } },
      { control: 'group_status', body: { group_id: 0, status: 'online' } },
      { wait: 'availability_updated' },
    ],
  },
  {
    name: 'connection-lifecycle',
    about: 'disconnect() / calls while paused / connect(), connect while connected, destroy and calls after it',
    steps: [
      { call: 'disconnect' },
      { sleep: 300 },
      { call: 'getCustomer', label: 'getCustomer paused' },
      { call: 'connect' },
      { wait: 'connected' },
      { call: 'connect', label: 'connect again' },
      { call: 'getCustomer' },
      { call: 'destroy' },
      { call: 'getCustomer', label: 'getCustomer destroyed' },
      { call: 'startChat', label: 'startChat destroyed' },
    ],
  },
  {
    name: 'auto-connect-false',
    about: 'autoConnect false: no connection until connect(); NO_CONNECTION before',
    config: { autoConnect: false },
    steps: [
      { sleep: 300 },
      { call: 'getCustomer', label: 'getCustomer before connect' },
      { call: 'connect' },
      { wait: 'connected' },
      { call: 'getCustomer' },
    ],
  },
  {
    name: 'drop-and-ban',
    about: 'socket dropped (connection_lost) and reconnect; agent ban -> customer_banned destroys',
    steps: [
      { control: 'drop', body: (v) => ({ customer_id: v.customerId }) },
      { wait: 'disconnected' },
      { wait: 'connected', timeoutMs: 8000 },
      { call: 'getCustomer' },
      { agent: 'ban_customer', body: (v) => ({ id: v.customerId, ban: { days: 1 } }) },
      { wait: 'disconnected', label: 'wait banned' },
      { call: 'getCustomer', label: 'getCustomer banned' },
    ],
  },
  {
    name: 'expire-token',
    about: 'control expire_token: disconnected access_token_expired, fresh token, connected again as the same customer',
    steps: [
      { control: 'expire_token', body: (v) => ({ customer_id: v.customerId }) },
      { wait: 'disconnected' },
      { wait: 'connected' },
      { call: 'getCustomer' },
    ],
  },
  {
    name: 'misdirected',
    about: 'misdirected_connection with data.region fra: the client follows (and fra sends it back)',
    steps: [
      { control: 'disconnect', body: (v) => ({ customer_id: v.customerId, reason: 'misdirected_connection', data: { region: 'fra' } }) },
      { wait: 'connected', timeoutMs: 5000 },
      { call: 'getCustomer' },
    ],
  },
  ...PUSHED_REASONS.map(disconnectReason),
  {
    name: 'login-users-limit',
    about: 'login fails users_limit_reached: disconnected, paused until connect()',
    setup: [{ control: 'fail', body: { action: 'login', count: 1, error: { type: 'users_limit_reached', message: 'full' } } }],
    waitConnected: false,
    steps: [
      { wait: 'disconnected' },
      { call: 'getCustomer', label: 'getCustomer paused' },
      { call: 'connect' },
      { wait: 'connected' },
    ],
  },
  {
    name: 'injected-errors',
    about: 'server errors reach the caller upper-cased with their message; only `count` requests fail',
    steps: [
      { control: 'fail', body: { action: 'get_customer', count: 1, error: { type: 'internal', message: 'boom' } } },
      { call: 'getCustomer', label: 'getCustomer failing' },
      { call: 'getCustomer' },
      { control: 'fail', body: { action: 'start_chat', count: 1, error: { type: 'service_unavailable', message: 'busy' } } },
      { call: 'startChat', label: 'startChat failing' },
      { control: 'fail', body: { action: 'list_chats', count: 1, error: { type: 'request_timeout', message: 'slow' } } },
      { call: 'listChats', label: 'listChats failing' },
    ],
  },
  {
    name: 'wrong-ids',
    about: 'unknown chat / thread / event ids across methods',
    steps: [
      start(),
      { call: 'getChat', args: { chatId: 'NOSUCHCHAT' } },
      { call: 'getChat', args: (v) => ({ chatId: chatId(v), threadId: 'NOSUCHTHRD' }), label: 'getChat unknown thread' },
      { call: 'sendEvent', args: { chatId: 'NOSUCHCHAT', event: { type: 'message', text: 'x' } } },
      { call: 'listThreads', args: { chatId: 'NOSUCHCHAT' } },
      { call: 'deactivateChat', args: { id: 'NOSUCHCHAT' } },
      { call: 'resumeChat', args: { chat: { id: 'NOSUCHCHAT' } } },
      { call: 'markEventsAsSeen', args: { chatId: 'NOSUCHCHAT', seenUpTo: '2020-01-01T00:00:00.000000Z' } },
      { call: 'updateThreadProperties', args: (v) => ({ chatId: chatId(v), threadId: 'NOSUCHTHRD', properties: { a: { b: 1 } } }) },
      { call: 'deleteChatProperties', args: { id: 'NOSUCHCHAT', properties: { a: ['b'] } } },
      { call: 'sendRichMessagePostback', args: (v) => ({ chatId: chatId(v), threadId: threadId(v), eventId: 'NOPE_9', postback: { id: 'x', toggled: true } }) },
      { call: 'cancelRate', args: { chatId: 'NOSUCHCHAT' } },
      { call: 'getChatHistory', args: { chatId: 'NOSUCHCHAT' }, save: 'history' },
      { next: 'history' },
    ],
  },
  {
    name: 'argument-errors',
    about: 'invalid arguments: missing/wrong-typed parameters, unknown event type, bad form type',
    steps: [
      start(),
      { call: 'getChat', args: {}, label: 'getChat no chatId' },
      { call: 'sendEvent', args: (v) => ({ chatId: chatId(v), event: { type: 'bogus' } }), label: 'sendEvent unknown type' },
      { call: 'sendEvent', args: (v) => ({ chatId: chatId(v), event: { type: 'message' } }), label: 'sendEvent no text' },
      { call: 'sendEvent', args: (v) => ({ chatId: chatId(v), event: { type: 'message', text: 42 } }), label: 'sendEvent text number' },
      { call: 'getForm', args: { groupId: 0, type: 'bogus' }, label: 'getForm bad type' },
      { call: 'listThreads', args: (v) => ({ chatId: chatId(v), sortOrder: 'sideways' }), label: 'listThreads bad sortOrder' },
      { call: 'updateChatProperties', args: (v) => ({ id: chatId(v), properties: 'nope' }), label: 'updateChatProperties not an object' },
      { call: 'markEventsAsSeen', args: (v) => ({ chatId: chatId(v), seenUpTo: 'yesterday' }), label: 'markEventsAsSeen bad date' },
    ],
  },
  {
    name: 'pending-requests-limit',
    about: '12 concurrent getCustomer while the server holds get_customer for 1 s: 10 in flight, the rest PENDING_REQUESTS_LIMIT_REACHED',
    steps: [
      { control: 'delay', body: { action: 'get_customer', ms: 1000 } },
      { concurrent: Array.from({ length: 12 }, () => ({ call: 'getCustomer' })), label: 'getCustomer x12' },
      { control: 'delay', body: { action: 'get_customer', ms: 0 } },
    ],
  },
  {
    name: 'send-order',
    about: '8 sendEvent without awaiting: results in call order, stored in call order',
    steps: [
      start(),
      {
        concurrent: Array.from({ length: 8 }, (_, i) => ({ call: 'sendEvent', args: (v: Vars) => ({ chatId: chatId(v), event: { type: 'message', text: `m${i}` } }) })),
        label: 'sendEvent x8',
      },
      { call: 'getChat', args: (v) => ({ chatId: chatId(v) }) },
    ],
  },
  {
    name: 'upload',
    about: 'uploadFile then a file event; the client-side 10 MB limit',
    steps: [
      start(),
      { call: 'uploadFile', args: (_v, d) => ({ file: d.file({ content: '%PDF-1.4 differential\n'.repeat(50), name: 'report.pdf', type: 'application/pdf' }) }), awaitField: 'promise', save: 'upload' },
      { call: 'sendEvent', args: (v) => ({ chatId: chatId(v), event: { type: 'file', url: v.upload.url } }) },
      { call: 'uploadFile', args: (_v, d) => ({ file: d.file({ content: 'a'.repeat(10 * 1024 * 1024 + 1), name: 'big.bin', type: 'application/octet-stream' }) }), awaitField: 'promise', label: 'uploadFile too big' },
    ],
  },
];
