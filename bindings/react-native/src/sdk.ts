// The hand-written TypeScript face of the SDK: the documented `@livechat/customer-sdk` 3.0.0 API (`init`,
// `on/once/off`, `startChat({chat})`, `sendEvent({chatId, event})`, ...) over the UniFFI-generated
// `livechat` module: parameter objects in, plain JS objects out (numbers, not bigint; objects, not Maps or
// JSON text; `type: 'message'`, not tagged enums), errors as `CustomerSdkError` with the docs' `code`.
//
// Only the async (Promise) forms of the generated API are used: in React Native a blocking call into
// Rust would freeze the single JS thread, and a blocking call that waits on a JS callback (listener,
// token provider) would deadlock it. The few generated methods without an async twin return at once.
//
// The generated module is injected (`bindSdk(livechat)`) instead of imported, so the very same code runs
// on React Native (JSI flavour, src/index.ts) and in Node tests (N-API flavour, test/).

import type * as Livechat from './generated/livechat';

/** The generated `livechat` module (either flavour; both have the same API). */
export type LivechatModule = typeof Livechat;

/** Properties by namespace: `{ routing: { priority: 'high' } }`. */
export type Properties = Record<string, Record<string, unknown>>;
/** Property names to delete, by namespace: `{ routing: ['priority'] }`. */
export type PropertyNames = Record<string, string[]>;

/** A customer access token, as `auth.getToken()` returns it (`expiresIn` in milliseconds). */
export interface Token {
  accessToken: string;
  entityId: string;
  expiresIn: number;
  tokenType: string;
  creationDate: number;
  licenseId: number;
}

/** Supplies customer tokens instead of the built-in cookie grant (e.g. from a WebView). `getToken` may
 * return a cached token; after `invalidate` it must fetch a fresh one. Reject with a `CustomerSdkError`
 * to fail with its code (e.g. `AUTHENTICATION`). Missing `tokenType`/`creationDate`/`licenseId` default. */
export interface TokenProvider {
  getToken(): Promise<Omit<Token, 'tokenType' | 'creationDate' | 'licenseId'> & Partial<Token>>;
  invalidate?(): Promise<void>;
}

/** What `customerDataProvider` returns and `updateCustomer` takes. */
export interface CustomerData {
  name?: string;
  email?: string;
  avatar?: string;
  sessionFields?: Record<string, string>;
}

/** `init` options, as in the SDK docs, plus host plug-ins and endpoint overrides. */
export interface InitOptions {
  licenseId: number;
  clientId: string;
  /** Connect on init and reconnect on its own (default true). */
  autoConnect?: boolean;
  /** Group to connect to (default 0). */
  groupId?: number;
  /** The license's region (default 'dal'). */
  region?: 'dal' | 'fra';
  /** OAuth redirect URI (WebView-based hosts). */
  redirectUri?: string;
  /** Called before every login (on an SDK thread: keep it fast and synchronous). */
  customerDataProvider?: () => CustomerData;
  /** Host-supplied tokens (default: the SDK's own cookie grant). */
  tokenProvider?: TokenProvider;
  /** Endpoint overrides (emulator, proxy): the API origin of each region and the token endpoint's. */
  apiOriginDal?: string;
  apiOriginFra?: string;
  accountsOrigin?: string;
  /** Upper bound of every request, token fetch and login (default 15000). */
  requestTimeoutMs?: number;
}

/** An event to send (`sendEvent`, initial thread events), by `type`. */
export type NewEvent = { customId?: string; properties?: Properties } & (
  | { type: 'message'; text: string; postback?: { id: string; threadId: string; eventId: string; type?: string; value?: string } }
  | { type: 'file'; url: string; alternativeText?: string }
  | { type: 'filled_form'; formId: string; fields: FilledFormField[] }
  | { type: 'system_message'; text: string; systemMessageType: string; recipients?: string }
  | { type: 'custom'; content?: unknown }
);

export interface FormChoice {
  id: string;
  label: string;
  groupId?: number;
}

/** A filled form field: `answer` is the text, or the chosen option; `answers` for checkboxes. */
export interface FilledFormField {
  type: string;
  id: string;
  label: string;
  answer?: string | FormChoice;
  answers?: FormChoice[];
}

export interface InitialThread {
  events?: NewEvent[];
  properties?: Properties;
}

export interface ChatData {
  access?: { groupIds?: number[] };
  properties?: Properties;
  thread?: InitialThread;
}

/** A chat event as received: common fields plus those of its `type` (`text`, `url`, `fields`, ...). */
export interface Event {
  id: string;
  type: string;
  authorId: string;
  createdAt: string;
  threadId?: string;
  properties: Properties;
  customId?: string;
  [field: string]: any;
}

export interface User {
  id: string;
  type: 'customer' | 'agent';
  name?: string;
  avatar?: string;
  [field: string]: any;
}

export interface Thread {
  id: string;
  chatId: string;
  active: boolean;
  access: { groupIds?: number[] };
  createdAt: string;
  userIds: string[];
  events: Event[];
  properties: Properties;
  previousThreadId: string | null;
  nextThreadId: string | null;
  queue: { position: number; waitTime: number; queuedAt?: string } | null;
}

export interface Chat {
  id: string;
  access: { groupIds?: number[] };
  users: User[];
  properties: Properties;
  eventsSeenUpToMap: Record<string, string | null>;
  thread: Thread | null;
}

/** What documented void requests resolve with. */
export type Success = { success: true };

/** What `observeState` reports. */
export interface ConnectionState {
  status: 'disconnected' | 'connected' | 'reconnecting' | 'paused' | 'destroyed';
  customerId: string | null;
}

/** Every code the SDK names: `error_codes()` of the Rust table (`core/src/error.rs`), which a test
 * keeps this list equal to. */
export const ERROR_CODES = [
  'CONNECTION_LOST', 'CUSTOMER_BANNED', 'GROUP_NOT_FOUND', 'INTERNAL', 'PENDING_REQUESTS_LIMIT_REACHED',
  'REQUEST_TIMEOUT', 'SERVICE_UNAVAILABLE', 'VALIDATION', 'GREETING_NOT_FOUND', 'MISSING_CHAT_THREAD',
  'GROUP_OFFLINE', 'GROUP_UNAVAILABLE', 'CHAT_ALREADY_ACTIVE', 'GROUPS_OFFLINE', 'CHAT_LIMIT_REACHED',
  'CUSTOMER_SESSION_FIELDS_LIMIT_REACHED', 'SDK_DESTROYED', 'NO_CONNECTION', 'TOO_BIG_FILE', 'UPLOAD_FAILED',
  'UPLOAD_CANCELED', 'MISDIRECTED_CONNECTION', 'SERVICE_TEMPORARILY_UNAVAILABLE', 'TOO_MANY_UNAUTHORIZED_CONNECTIONS',
  'IDENTITY_MISMATCH', 'AUTHENTICATION', 'USERS_LIMIT_REACHED', 'WRONG_PRODUCT_VERSION', 'SSO_IDENTITY_EXCEPTION',
  'SSO_OAUTH_EXCEPTION', 'AUTHORIZATION', 'CHAT_INACTIVE', 'ENTITY_TOO_LARGE', 'REQUEST_TOO_LARGE', 'LICENSE_EXPIRED',
  'LICENSE_NOT_FOUND', 'LIMIT_REACHED', 'MISDIRECTED_REQUEST', 'NOT_FOUND', 'TOO_MANY_REQUESTS', 'UNSUPPORTED_VERSION',
  'ALREADY_CONNECTED', 'BAD_RESPONSE', 'WRONG_THREAD', 'CALLBACK_FAILED',
] as const;

/** A code of `ERROR_CODES`, or (the `Other` case) any code a newer server may add. */
export type ErrorCode = (typeof ERROR_CODES)[number] | (string & {});

/** A rejected Promise of this SDK: the stable `code` of the docs (`GROUP_OFFLINE`, ...) and a message. */
export class CustomerSdkError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CustomerSdkError';
    this.code = code;
  }
}

type Handler = (payload: any) => void;
type WildcardHandler = (name: string, payload: any) => void;

/** `ConnectionUnstable` -> `connection_unstable`: the docs' names are the generated ones in snake_case. */
export function eventName(tag: string): string {
  return tag.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Events whose documented payload is one field of the variant, not an object of them. */
const UNWRAPPED: Record<string, string> = { customer_id: 'id', incoming_greeting: 'greeting', user_data: 'user' };
/** Optional fields left out when unset: where the docs say "optional" / "returned only if set" / "only if
 * updated", and fields only some event, button or form-field types have. Every other unset field is `null`
 * (`thread`, `previousThreadId`, `nextPageId`, `queue`, ...), as in the docs and the reference client. */
const ONLY_IF_SET = new Set([
  // docs: optional / returned only if set / only if updated
  'name', 'email', 'avatar', 'customId', 'requesterId', 'agentIds', 'groupIds', 'greeting', 'sessionFields', 'id',
  'description', 'imageUrl', 'imageWidth', 'imageHeight', 'queuedAt', 'form', 'lastEvent', 'lastEventsPerType',
  // per type: files, messages, system messages, custom events, rich message elements and buttons, form fields
  'postback', 'alternativeText', 'width', 'height', 'thumbnails', 'textVars', 'recipients', 'content', 'subtitle',
  'image', 'buttons', 'kind', 'value', 'target', 'webviewHeight', 'answer', 'answers', 'label', 'options',
  'required', 'groupId', 'present', 'commentLabel',
]);
/** Generated field names that differ from the docs' (renamed in Rust to dodge host keywords). */
const RENAMED: Record<string, string> = { kind: 'type', standard: 'default' };
const SUCCESS: Success = Object.freeze({ success: true });

/** Runs host code called from Rust: an exception is logged here, never thrown back into Rust (it would
 * only log a CALLBACK_FAILED there, far from the cause). */
function guarded(what: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    console.error(`livechat: ${what}`, e);
  }
}

function isVariant(value: unknown): value is { tag: string; inner?: object } {
  return typeof value === 'object' && value !== null && typeof (value as any).tag === 'string';
}

/** A method's parameters by name: `'string'`, `'integer'` (non-negative), `'boolean'`, `'object'`, `'array'`,
 * `'function'`; a trailing `?` makes one optional. */
type Spec = Record<string, string>;

function conforms(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value) && (value as number) >= 0;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return typeof value === type;
  }
}

/** Checks a documented method's parameter object before anything reaches the generated bindings, so a wrong
 * JS value is a `VALIDATION` error naming the argument (as the server names it for the reference client),
 * not a TypeError of the bindings. Returns the parameters. */
function check<P>(method: string, params: P, spec: Spec): P {
  if (!conforms(params, 'object')) throw new CustomerSdkError('VALIDATION', `${method} takes a parameter object.`);
  for (const [name, kind] of Object.entries(spec)) {
    const value = (params as Record<string, unknown>)[name];
    const type = kind.replace('?', '');
    if ((value === undefined && kind.endsWith('?')) || conforms(value, type)) continue;
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new CustomerSdkError('VALIDATION', `${method}: ${name} must be ${type === 'integer' ? 'a non-negative integer' : `a ${type === 'object' ? 'plain object' : type}`}, not ${got}.`);
  }
  return params;
}

/** Shared parameter specs. */
const CHAT_DATA: Spec = { active: 'boolean?', continuous: 'boolean?', chat: 'object?' };
const THREAD_PROPS: Spec = { chatId: 'string', threadId: 'string', properties: 'object' };
const EVENT_PROPS: Spec = { ...THREAD_PROPS, eventId: 'string' };
const CUSTOMER_DATA: Spec = { name: 'string?', email: 'string?', avatar: 'string?', sessionFields: 'object?' };

/** `value` as one of `options` (a string enum of the docs), or a `VALIDATION` error naming `name`. */
function choice<T>(method: string, name: string, value: string, options: Record<string, T>): T {
  if (Object.hasOwn(options, value)) return options[value];
  const allowed = Object.keys(options).map((o) => `'${o}'`).join(', ');
  throw new CustomerSdkError('VALIDATION', `${method}: ${name} must be one of ${allowed}, not ${JSON.stringify(value)}.`);
}

/** What `uploadFile` takes: the docs' React Native file `{uri, type?, name?}`, or the bytes themselves. */
export type UploadFile = { uri: string; type?: string; name?: string } | { data: ArrayBuffer | Uint8Array; name: string; type?: string };

/** Host services `bindSdk` may be given. */
export interface SdkHost {
  /** Reads the file at a `uploadFile` `uri` (default: `fetch(uri)`, which React Native serves for `file://`
   * and `content://` URIs; Node passes a reader of its disk). */
  readFile?: (uri: string) => Promise<ArrayBuffer>;
}

const fetchFile = async (uri: string) => (await fetch(uri)).arrayBuffer();

export function bindSdk(livechat: LivechatModule, { readFile = fetchFile }: SdkHost = {}) {
  const { ChatClientBuilder, ChatError } = livechat;

  /** Numeric generated enums found in results, by the field that holds them. */
  const ENUMS: Record<string, Record<number, string>> = {
    availability: livechat.Availability,
    template: livechat.RichMessageTemplate,
    kind: livechat.ButtonType, // numeric only in rich message buttons; form field kinds are strings
    status: livechat.GroupStatus,
  };

  /** Generated value -> the docs' plain JS: bigint -> number, Map -> object (absent values null),
   * JSON text -> object, tagged enum -> object with a snake_case `type`, numeric enum -> snake_case name. */
  function plain(value: unknown, key = ''): any {
    if (typeof value === 'bigint') return Number(value);
    if (typeof value === 'number' && key in ENUMS) return eventName(ENUMS[key][value]);
    if (typeof value === 'string' && (key === 'properties' || key === 'content')) return JSON.parse(value);
    if (Array.isArray(value)) return value.map((v) => plain(v)); // no JSON text or enums in arrays
    if (value instanceof Map) {
      return Object.fromEntries([...value].map(([k, v]) => [String(k), v === undefined ? null : plain(v, key)]));
    }
    if (isVariant(value)) {
      const inner = value.inner as any;
      switch (value.tag) {
        case 'CustomerUser':
          return { type: 'customer', ...plain(inner) };
        case 'AgentUser':
          return { type: 'agent', ...plain(inner) };
        case 'Text': // FormAnswer: the docs' answer is the text itself...
          return inner.text;
        case 'Choice': // ...or the chosen option
          return plain(inner.choice);
        default: // EventContent: `{type: 'message', text}`
          return { type: eventName(value.tag), ...plain(inner) };
      }
    }
    if (typeof value === 'object' && value !== null && !(value instanceof ArrayBuffer)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined && ONLY_IF_SET.has(k)) continue;
        if (k === 'content' && isVariant(v)) Object.assign(out, plain(v)); // an Event's content is flat
        else out[RENAMED[k] ?? k] = v === undefined ? null : plain(v, k);
      }
      return out;
    }
    return value;
  }

  const customer = (c: Livechat.Customer) => ({ type: 'customer', ...plain(c) });

  /** Any failure as a `CustomerSdkError` with a code. Errors that are not the SDK's own (a value the generated
   * bindings could not convert, a fault in them) are never shown as they are: their text can carry a Rust
   * backtrace or a Node-internal code. They stay reachable as `cause`. */
  function toSdkError(method: string, e: unknown): CustomerSdkError {
    if (e instanceof CustomerSdkError) return e;
    if (ChatError.instanceOf(e)) {
      const { code, reason } = (e as Livechat.ChatError).inner;
      return new CustomerSdkError(code, reason);
    }
    return e instanceof TypeError || e instanceof RangeError
      ? new CustomerSdkError('VALIDATION', `${method}: an argument has the wrong type or is out of range.`, { cause: e })
      : new CustomerSdkError('INTERNAL', `${method} failed inside the SDK bindings.`, { cause: e });
  }

  /** Runs a generated async call (argument conversion included), rejecting with `CustomerSdkError`. */
  async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toSdkError(method, e);
    }
  }

  /** `call` for a documented method: its parameter object is checked against `spec` first. */
  function request<P, T>(method: string, params: P, spec: Spec, fn: (params: P) => Promise<T>): Promise<T> {
    return call(method, async () => fn(check(method, params, spec)));
  }

  /** For the documented void requests: they resolve with `{success: true}`. */
  async function ok(request: Promise<void>): Promise<Success> {
    await request;
    return SUCCESS;
  }

  /** Same as `call` for the generated calls that return at once. */
  function now<T>(method: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw toSdkError(method, e);
    }
  }

  // ----- docs' parameter objects -> generated arguments ----------------------------------------------

  const json = (value: unknown) => JSON.stringify(value);
  const optJson = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));
  const names = (properties: PropertyNames) => new Map(Object.entries(properties));
  const sessionFields = (fields: Record<string, string> = {}) =>
    Object.entries(fields).map(([key, value]) => livechat.SessionField.create({ key, value }));

  function formChoice(c: FormChoice): Livechat.FormChoice {
    return livechat.FormChoice.create({ id: c.id, label: c.label, groupId: c.groupId });
  }

  function filledFormField(f: FilledFormField): Livechat.FilledFormField {
    const { answer } = f;
    return livechat.FilledFormField.create({
      kind: f.type,
      id: f.id,
      label: f.label,
      answer:
        answer === undefined
          ? undefined
          : typeof answer === 'string'
            ? new livechat.FormAnswer.Text({ text: answer })
            : new livechat.FormAnswer.Choice({ choice: formChoice(answer) }),
      answers: f.answers?.map(formChoice),
    });
  }

  function newEvent(e: NewEvent): Livechat.NewEvent {
    const common = { customId: e.customId, properties: optJson(e.properties) };
    const { NewEvent: N } = livechat;
    switch (e.type) {
      case 'message': {
        const p = e.postback;
        const postback = p && livechat.MessagePostback.create({ id: p.id, threadId: p.threadId, eventId: p.eventId, kind: p.type, value: p.value });
        return N.Message.new({ ...common, text: e.text, postback });
      }
      case 'file':
        return N.File.new({ ...common, url: e.url, alternativeText: e.alternativeText });
      case 'filled_form':
        return N.FilledForm.new({ ...common, formId: e.formId, fields: e.fields.map(filledFormField) });
      case 'system_message':
        return N.SystemMessage.new({ ...common, text: e.text, systemMessageType: e.systemMessageType, recipients: e.recipients });
      case 'custom':
        return N.Custom.new({ ...common, content: optJson(e.content) });
      default:
        throw new CustomerSdkError('VALIDATION', `Unsupported event type ${JSON.stringify((e as any)?.type)}.`);
    }
  }

  function initialThread(t?: InitialThread): Livechat.InitialThread | undefined {
    return t && livechat.InitialThread.create({ events: (t.events ?? []).map(newEvent), properties: optJson(t.properties) });
  }

  /** The shared part of `startChat` / `resumeChat`: [active, continuous, access, properties, thread]. */
  function chatArgs(data: { active?: boolean; continuous?: boolean; chat?: ChatData }) {
    const chat = data.chat ?? {};
    const access = chat.access && livechat.Access.create({ groupIds: chat.access.groupIds });
    return [data.active, data.continuous, access, optJson(chat.properties), initialThread(chat.thread)] as const;
  }

  function chatConfig(o: InitOptions): Livechat.ChatConfig {
    const big = (n?: number) => (n === undefined ? undefined : BigInt(n));
    return livechat.ChatConfig.create({
      licenseId: BigInt(o.licenseId),
      clientId: o.clientId,
      autoConnect: o.autoConnect ?? true,
      groupId: big(o.groupId ?? 0),
      region: o.region ?? 'dal',
      redirectUri: o.redirectUri,
      apiOriginDal: o.apiOriginDal,
      apiOriginFra: o.apiOriginFra,
      accountsOrigin: o.accountsOrigin,
      requestTimeoutMs: big(o.requestTimeoutMs),
    });
  }

  /** The JS provider as the generated `TokenProvider`: numbers -> bigint, `code`d errors -> `ChatError`
   * (so the code reaches the SDK; anything else arrives as `CALLBACK_FAILED`). */
  function nativeTokens(p: TokenProvider, licenseId: number): Livechat.TokenProvider {
    const asChatError = (e: any) =>
      typeof e?.code === 'string' ? new ChatError.Failed({ code: e.code, reason: String(e.message ?? e.code) }) : e;
    return {
      async getToken() {
        try {
          const t = await p.getToken();
          return livechat.CustomerToken.create({
            accessToken: t.accessToken,
            entityId: t.entityId,
            expiresIn: BigInt(Math.round(t.expiresIn)),
            tokenType: t.tokenType ?? 'Bearer',
            creationDate: BigInt(Math.round(t.creationDate ?? Date.now())),
            licenseId: BigInt(t.licenseId ?? licenseId),
          });
        } catch (e) {
          throw asChatError(e);
        }
      },
      async invalidate() {
        try {
          await p.invalidate?.();
        } catch (e) {
          throw asChatError(e);
        }
      },
    };
  }

  /** The bytes, name and type of an upload's `file` (a `uri` is read with the host's `readFile`). */
  async function fileBytes(file: UploadFile): Promise<{ bytes: ArrayBuffer; name: string; type?: string }> {
    if ('uri' in file) {
      const { uri, name, type } = check('uploadFile', file, { uri: 'string', name: 'string?', type: 'string?' });
      return { bytes: await readFile(uri), name: name || uri.split('/').pop() || 'file', type };
    }
    const { data, name, type } = check('uploadFile', file, { name: 'string', type: 'string?' });
    if (!(data instanceof ArrayBuffer) && !(data instanceof Uint8Array)) {
      throw new CustomerSdkError('VALIDATION', 'uploadFile: file needs a uri, or data as an ArrayBuffer or a Uint8Array.');
    }
    // The generated API takes a whole ArrayBuffer: copy out a view's bytes.
    return { bytes: data instanceof ArrayBuffer ? data : (data.slice().buffer as ArrayBuffer), name, type };
  }

  function customerData(d: CustomerData): Livechat.CustomerData {
    return livechat.CustomerData.create({ name: d.name, email: d.email, avatar: d.avatar, sessionFields: sessionFields(d.sessionFields) });
  }

  /** The SDK instance (the docs' `customerSDK`). */
  class CustomerSDK {
    private readonly handlers = new Map<string, Handler[]>();
    private wildcard: WildcardHandler[] = [];
    private readonly client: Livechat.ChatClientLike;

    /** The docs' `auth` object. */
    readonly auth: { getToken(): Promise<Token> };

    constructor(builder: Livechat.ChatClientBuilderLike) {
      // One Rust listener feeds the JS-side emitter, which gives the docs' (mitt) semantics: handlers by
      // name, in registration order, `*` after named ones, `off(name, fn)` by identity. It is given to the
      // builder, so it is in place before the instance starts: no event (not even the first
      // `customer_id`) can be missed, and deliveries reach JS only after the caller's own `on` calls.
      this.client = builder.on('*', { onEvent: (event: Livechat.ChatEvent) => this.emit(event) }).build();
      const client = this.client;
      this.auth = { getToken: () => call('auth.getToken', async () => plain(await client.getTokenAsync())) };
    }

    private emit(event: Livechat.ChatEvent): void {
      const name = eventName(event.tag);
      let payload: any;
      guarded(`cannot convert a '${name}' event`, () => {
        const inner = (event as { inner?: any }).inner;
        payload = inner === undefined ? undefined : plain(inner);
        if (name in UNWRAPPED) payload = payload[UNWRAPPED[name]];
        if (name === 'connected') payload.customer = customer(inner.customer);
      });
      this.dispatch(name, payload);
    }

    private dispatch(name: string, payload: any): void {
      for (const handler of [...(this.handlers.get(name) ?? [])]) guarded(`a '${name}' handler threw`, () => handler(payload));
      for (const handler of [...this.wildcard]) guarded(`a '*' handler threw`, () => handler(name, payload));
    }

    // ----- events -------------------------------------------------------------------------------

    /** Subscribes `handler` to the event `name` (`'*'`: every event, called with `(name, payload)`). */
    on(name: '*', handler: WildcardHandler): void;
    on(name: string, handler: Handler): void;
    on(name: string, handler: Handler | WildcardHandler): void {
      if (name === '*') {
        this.wildcard.push(handler as WildcardHandler);
        return;
      }
      this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler as Handler]);
    }

    /** Like `on`, but unsubscribes before the first call (`off(name, handler)` also removes it). */
    once(name: string, handler: Handler): void {
      const wrapper = Object.assign((payload: any) => {
        this.off(name, wrapper);
        handler(payload);
      }, { original: handler });
      this.on(name, wrapper);
    }

    /** `off(name, fn)` removes `fn`; `off(name)` every handler of `name`; `off()` everything. */
    off(name?: string, handler?: Handler | WildcardHandler): void {
      const keep = (h: any) => h !== handler && h.original !== handler;
      if (name === undefined) {
        this.handlers.clear();
        this.wildcard = [];
      } else if (name === '*') {
        this.wildcard = handler ? this.wildcard.filter(keep) : [];
      } else if (handler === undefined) {
        this.handlers.delete(name);
      } else {
        this.handlers.set(name, (this.handlers.get(name) ?? []).filter(keep));
      }
    }

    /** The connection state as observable state: `handler` gets the current state at once, then every
     * change (the latest one when changes come faster than JS handles them); `destroyed` is the last.
     * Returns the function that stops it. Not in the reference SDK: a late screen still knows where the
     * client stands. */
    observeState(handler: (state: ConnectionState) => void): () => void {
      const subscription = this.client.observeState({
        onState: (state: Livechat.ConnectionState) =>
          guarded('a state handler threw', () =>
            handler({ status: eventName(livechat.ConnectionStatus[state.status]) as ConnectionState['status'], customerId: state.customerId ?? null }),
          ),
      });
      return () => void subscription.cancel();
    }

    // ----- connection ---------------------------------------------------------------------------

    /** Needed after `autoConnect: false` or a reason that waits for it (`ALREADY_CONNECTED` otherwise). */
    connect(): Promise<void> {
      return call('connect', () => this.client.connectAsync());
    }

    /** Closes the connection until `connect()`. */
    disconnect(): Promise<void> {
      return call('disconnect', () => this.client.disconnectAsync());
    }

    /** Clears every resource, removes all listeners and disconnects. Later calls fail with `SDK_DESTROYED`. */
    async destroy(): Promise<void> {
      // The Rust side drops its listeners after the final events; the JS handlers go now.
      await call('destroy', () => this.client.destroyAsync());
      this.off();
    }

    // ----- chats --------------------------------------------------------------------------------

    /** Resolves with `{ chat }`, as the reference client does. */
    startChat(data: { active?: boolean; continuous?: boolean; chat?: ChatData } = {}): Promise<{ chat: Chat }> {
      return request('startChat', data, CHAT_DATA, async (d) => ({ chat: plain(await this.client.startChatAsync(...chatArgs(d))) }));
    }

    /** Resolves with `{ chat }`, as the reference client does. */
    resumeChat(data: { active?: boolean; continuous?: boolean; chat: ChatData & { id: string } }): Promise<{ chat: Chat }> {
      return request('resumeChat', data, { ...CHAT_DATA, chat: 'object' }, async (d) => {
        check('resumeChat', d.chat, { id: 'string' }); // names `id` like the other checks (it is `chat.id`)
        return { chat: plain(await this.client.resumeChatAsync(d.chat.id, ...chatArgs(d))) };
      });
    }

    deactivateChat(params: { id: string }): Promise<Success> {
      return request('deactivateChat', params, { id: 'string' }, ({ id }) => ok(this.client.deactivateChatAsync(id)));
    }

    getChat(params: { chatId: string; threadId?: string }): Promise<Chat> {
      return request('getChat', params, { chatId: 'string', threadId: 'string?' }, async ({ chatId, threadId }) =>
        plain(await this.client.getChatAsync(chatId, threadId)),
      );
    }

    listChats(params: { pageId?: string; limit?: number } = {}): Promise<{
      chatsSummary: any[];
      totalChats: number;
      users: User[];
      previousPageId: string | null;
      nextPageId: string | null;
    }> {
      return request('listChats', params, { pageId: 'string?', limit: 'integer?' }, async ({ pageId, limit }) =>
        plain(await this.client.listChatsAsync(pageId, limit)),
      );
    }

    listThreads(params: {
      chatId: string;
      pageId?: string;
      sortOrder?: 'asc' | 'desc';
      limit?: number;
      minEventsCount?: number;
    }): Promise<{ threads: Thread[]; previousPageId: string | null; nextPageId: string | null }> {
      const spec = { chatId: 'string', pageId: 'string?', sortOrder: 'string?', limit: 'integer?', minEventsCount: 'integer?' };
      return request('listThreads', params, spec, async ({ chatId, pageId, sortOrder, limit, minEventsCount }) => {
        const order = sortOrder && choice('listThreads', 'sortOrder', sortOrder, { asc: livechat.SortOrder.Asc, desc: livechat.SortOrder.Desc });
        return plain(await this.client.listThreadsAsync(chatId, pageId, order, limit, minEventsCount));
      });
    }

    /** The docs' async iterator: `next()` resolves `{done, value: {threads}}`, older threads each time. */
    getChatHistory(params: { chatId: string }): { next(): Promise<{ done: boolean; value: { threads: Thread[] } }> } {
      let history: Livechat.ChatHistoryLike;
      try {
        history = this.client.getChatHistory(check('getChatHistory', params, { chatId: 'string' }).chatId);
      } catch (e) {
        const error = toSdkError('getChatHistory', e); // as a rejection of next(), like every other failure
        return { next: () => Promise.reject(error) };
      }
      return {
        next: () =>
          call('getChatHistory', async () => {
            const page = await history.nextAsync();
            return { done: page.done, value: { threads: plain(page.threads) } };
          }),
      };
    }

    sendEvent(params: { chatId: string; event: NewEvent; attachToLastThread?: boolean }): Promise<Event> {
      const spec = { chatId: 'string', event: 'object', attachToLastThread: 'boolean?' };
      return request('sendEvent', params, spec, async ({ chatId, event, attachToLastThread }) =>
        plain(await this.client.sendEventAsync(chatId, newEvent(event), attachToLastThread)),
      );
    }

    sendRichMessagePostback(params: {
      chatId: string;
      threadId: string;
      eventId: string;
      postback: { id: string; toggled?: boolean };
    }): Promise<Success> {
      const spec = { chatId: 'string', threadId: 'string', eventId: 'string', postback: 'object' };
      return request('sendRichMessagePostback', params, spec, ({ chatId, threadId, eventId, postback }) => {
        check('sendRichMessagePostback', postback, { id: 'string', toggled: 'boolean?' });
        const native = livechat.Postback.create({ id: postback.id, toggled: postback.toggled ?? true });
        return ok(this.client.sendRichMessagePostbackAsync(chatId, threadId, eventId, native));
      });
    }

    markEventsAsSeen(params: { chatId: string; seenUpTo: string }): Promise<Success> {
      return request('markEventsAsSeen', params, { chatId: 'string', seenUpTo: 'string' }, ({ chatId, seenUpTo }) =>
        ok(this.client.markEventsAsSeenAsync(chatId, seenUpTo)),
      );
    }

    /** What the customer is typing, for the agent. Like the docs, no Promise: it returns at once. */
    setSneakPeek(params: { chatId: string; sneakPeekText: string }): void {
      const { chatId, sneakPeekText } = check('setSneakPeek', params, { chatId: 'string', sneakPeekText: 'string' });
      now('setSneakPeek', () => this.client.setSneakPeek(chatId, sneakPeekText));
    }

    rateChat(params: { chatId: string; rating: { score: 0 | 1; comment?: string } }): Promise<Success> {
      return request('rateChat', params, { chatId: 'string', rating: 'object' }, ({ chatId, rating }) => {
        check('rateChat', rating, { score: 'integer', comment: 'string?' });
        return ok(this.client.rateChatAsync(chatId, rating.score, rating.comment));
      });
    }

    /** Removes rating properties (default `['score']`). */
    cancelRate(params: { chatId: string; properties?: string[] }): Promise<Success> {
      return request('cancelRate', params, { chatId: 'string', properties: 'array?' }, ({ chatId, properties }) =>
        ok(this.client.cancelRateAsync(chatId, properties)),
      );
    }

    // ----- properties ---------------------------------------------------------------------------

    updateChatProperties(params: { id: string; properties: Properties }): Promise<Success> {
      return request('updateChatProperties', params, { id: 'string', properties: 'object' }, ({ id, properties }) =>
        ok(this.client.updateChatPropertiesAsync(id, json(properties))),
      );
    }

    deleteChatProperties(params: { id: string; properties: PropertyNames }): Promise<Success> {
      return request('deleteChatProperties', params, { id: 'string', properties: 'object' }, ({ id, properties }) =>
        ok(this.client.deleteChatPropertiesAsync(id, names(properties))),
      );
    }

    updateThreadProperties(params: { chatId: string; threadId: string; properties: Properties }): Promise<Success> {
      return request('updateThreadProperties', params, THREAD_PROPS, (p) =>
        ok(this.client.updateThreadPropertiesAsync(p.chatId, p.threadId, json(p.properties))),
      );
    }

    deleteThreadProperties(params: { chatId: string; threadId: string; properties: PropertyNames }): Promise<Success> {
      return request('deleteThreadProperties', params, THREAD_PROPS, (p) =>
        ok(this.client.deleteThreadPropertiesAsync(p.chatId, p.threadId, names(p.properties))),
      );
    }

    updateEventProperties(params: { chatId: string; threadId: string; eventId: string; properties: Properties }): Promise<Success> {
      return request('updateEventProperties', params, EVENT_PROPS, (p) =>
        ok(this.client.updateEventPropertiesAsync(p.chatId, p.threadId, p.eventId, json(p.properties))),
      );
    }

    deleteEventProperties(params: { chatId: string; threadId: string; eventId: string; properties: PropertyNames }): Promise<Success> {
      return request('deleteEventProperties', params, EVENT_PROPS, (p) =>
        ok(this.client.deleteEventPropertiesAsync(p.chatId, p.threadId, p.eventId, names(p.properties))),
      );
    }

    // ----- customer -----------------------------------------------------------------------------

    getCustomer(): Promise<User & { statistics: Record<string, number> }> {
      return call('getCustomer', async () => customer(await this.client.getCustomerAsync()) as any);
    }

    updateCustomer(data: CustomerData): Promise<Success> {
      return request('updateCustomer', data, CUSTOMER_DATA, (d) => ok(this.client.updateCustomerAsync(customerData(d))));
    }

    setCustomerSessionFields(params: { sessionFields: Record<string, string> }): Promise<Success> {
      return request('setCustomerSessionFields', params, { sessionFields: 'object' }, ({ sessionFields: fields }) =>
        ok(this.client.setCustomerSessionFieldsAsync(sessionFields(fields))),
      );
    }

    /** Returns at once (sent now when connected, else at the next login); no Promise, like the docs. */
    updateCustomerPage(page: { url?: string; title?: string }): void {
      const { url, title } = check('updateCustomerPage', page, { url: 'string?', title: 'string?' });
      now('updateCustomerPage', () => this.client.updateCustomerPage(url, title));
    }

    // ----- greetings, groups, forms, misc -------------------------------------------------------

    acceptGreeting(params: { greetingId: number; uniqueId: string }): Promise<Success> {
      return request('acceptGreeting', params, { greetingId: 'integer', uniqueId: 'string' }, ({ greetingId, uniqueId }) =>
        ok(this.client.acceptGreetingAsync(greetingId, uniqueId)),
      );
    }

    cancelGreeting(params: { uniqueId: string }): Promise<Success> {
      return request('cancelGreeting', params, { uniqueId: 'string' }, ({ uniqueId }) => ok(this.client.cancelGreetingAsync(uniqueId)));
    }

    getForm(params: { groupId: number; type: 'prechat' | 'postchat' | 'ticket' }): Promise<{ enabled: boolean; form?: any }> {
      return request('getForm', params, { groupId: 'integer', type: 'string' }, async ({ groupId, type }) => {
        const { FormType } = livechat;
        const kind = choice('getForm', 'type', type, { prechat: FormType.Prechat, postchat: FormType.Postchat, ticket: FormType.Ticket });
        return plain(await this.client.getFormAsync(groupId, kind));
      });
    }

    sendTicketForm(params: {
      filledForm: { type?: 'filled_form'; formId?: string; fields: FilledFormField[] };
      groupId?: number;
      timeZone?: string;
    }): Promise<{ id: string; text: string }> {
      const spec = { filledForm: 'object', groupId: 'integer?', timeZone: 'string?' };
      return request('sendTicketForm', params, spec, async ({ filledForm, groupId, timeZone }) => {
        // The docs' own example sends `formId: ''`: the server does not need it, and the reference sends what it gets.
        check('sendTicketForm', filledForm, { formId: 'string?', fields: 'array' });
        const formId = filledForm.formId ?? '';
        return plain(await this.client.sendTicketFormAsync(formId, filledForm.fields.map(filledFormField), groupId, timeZone));
      });
    }

    getPredictedAgent(params: { groupId?: number } = {}): Promise<{ agent: User & { isBot: boolean }; queue: boolean }> {
      return request('getPredictedAgent', params, { groupId: 'integer?' }, async ({ groupId }) => {
        const predicted = plain(await this.client.getPredictedAgentAsync(groupId));
        return { ...predicted, agent: { type: 'agent', ...predicted.agent } };
      });
    }

    /** Group id -> `'online' | 'offline' | 'online_for_queue'` (every group when `groupIds` is omitted). */
    listGroupStatuses(params: { groupIds?: number[] } = {}): Promise<Record<number, string>> {
      return request('listGroupStatuses', params, { groupIds: 'array?' }, async ({ groupIds }) =>
        plain(await this.client.listGroupStatusesAsync(groupIds), 'status'),
      );
    }

    /** Every field but `url` is returned only if set (the docs: "Optional"). */
    getUrlInfo(params: { url: string }): Promise<{ url: string; title?: string; description?: string; imageUrl?: string; imageWidth?: number; imageHeight?: number }> {
      return request('getUrlInfo', params, { url: 'string' }, async ({ url }) => {
        const info = plain(await this.client.getUrlInfoAsync(url));
        return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== null)) as any;
      });
    }

    /** The docs' `{promise, cancel}`. `file` is the docs' React Native `{uri, type?, name?}` (read with
     * `readFile`), or the bytes themselves with their `name` and `type`. The upload starts after the
     * current tick, like the reference client's: a `cancel()` in the same tick always wins (nothing is
     * sent) and `promise` rejects with `UPLOAD_CANCELED`. */
    uploadFile(params: { file: UploadFile; onProgress?: (progress: number) => void }): {
      promise: Promise<{ url: string }>;
      cancel(): void;
    } {
      let canceled = false;
      let handle: Livechat.UploadHandleLike | undefined;
      const start = async () => {
        const { file, onProgress } = check('uploadFile', params, { file: 'object', onProgress: 'function?' });
        const { bytes, name, type } = await fileBytes(file);
        if (canceled) throw new CustomerSdkError('UPLOAD_CANCELED', 'Upload canceled.');
        handle = onProgress
          ? this.client.uploadFileWithProgress(bytes, name, type, { onProgress })
          : this.client.uploadFile(bytes, name, type);
        return plain(await handle.resultAsync());
      };
      return {
        promise: call('uploadFile', start),
        cancel: () => {
          canceled = true;
          handle?.cancel();
        },
      };
    }
  }

  /** Creates an SDK instance (the docs' `init`). Throws `CustomerSdkError` on invalid options. */
  function init(options: InitOptions): CustomerSDK {
    return now('init', () => {
      if (!conforms(options, 'object') || !Number.isInteger(options.licenseId) || typeof options.clientId !== 'string') {
        // The reference client's message for the same check.
        throw new CustomerSdkError('VALIDATION', 'You need to pass valid configuration object: { licenseId, clientId }.');
      }
      const config = chatConfig(options);
      const { tokenProvider, customerDataProvider } = options;
      // Plug-ins go through the builder (RN cannot pass a foreign trait inside an optional argument).
      let builder = new ChatClientBuilder(config) as Livechat.ChatClientBuilderLike;
      if (tokenProvider) builder = builder.tokenProvider(nativeTokens(tokenProvider, options.licenseId));
      if (customerDataProvider) builder = builder.customerDataProvider({ customerData: () => customerData(customerDataProvider()) });
      return new CustomerSDK(builder);
    });
  }

  return { init, CustomerSdkError };
}

export type CustomerSDK = ReturnType<ReturnType<typeof bindSdk>['init']>;
