// The hand-written TypeScript face of the SDK: the documented `@livechat/customer-sdk` names
// (`init`, `on/once/off`, `sendEvent`, `startChat`, ...) over the UniFFI-generated `livechat` module.
//
// Only the async (Promise) forms of the generated API are used: in React Native a blocking call into
// Rust would freeze the single JS thread, and a blocking call that waits on a JS callback (listener,
// token provider) would deadlock it.
//
// The generated module is injected (`bindSdk(livechat)`) instead of imported, so the very same code runs
// on React Native (JSI flavour, src/index.ts) and in Node tests (N-API flavour, test/).

import type * as Livechat from './generated/livechat';

/** The generated `livechat` module (either flavour; both have the same API). */
export type LivechatModule = typeof Livechat;

/** `init` options, as in the SDK docs. */
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
}

/** A rejected Promise of this SDK: the stable `code` of the docs (`GROUP_OFFLINE`, ...) and a message. */
export class CustomerSdkError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CustomerSdkError';
    this.code = code;
  }
}

type Handler = (payload: any) => void;
type WildcardHandler = (name: string, payload: any) => void;

/** `ConnectionUnstable` -> `connection_unstable`: the docs' event names are the variants in snake_case. */
export function eventName(tag: string): string {
  return tag.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The documented payload of a generated `ChatEvent`. */
function eventPayload(name: string, event: Livechat.ChatEvent): unknown {
  const inner = (event as { inner?: any }).inner;
  if (inner === undefined) return undefined;
  if (name === 'customer_id') return inner.id; // the docs: the id string itself
  if (Array.isArray(inner) && inner.length === 1) return inner[0]; // tuple variant: its one value
  return inner;
}

export function bindSdk(livechat: LivechatModule) {
  const { ChatClient, ChatError } = livechat;

  /** Runs a generated async call, turning a `ChatError` into a `CustomerSdkError` with its code. */
  async function call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toSdkError(e);
    }
  }

  function toSdkError(e: unknown): unknown {
    if (ChatError.instanceOf(e)) {
      const { code, reason } = (e as any).inner as { code: string; reason: string };
      return new CustomerSdkError(code, reason);
    }
    return e;
  }

  /** The SDK instance (the docs' `customerSDK`). */
  class CustomerSDK {
    private readonly client: Livechat.ChatClientLike;
    private readonly handlers = new Map<string, Handler[]>();
    private wildcard: WildcardHandler[] = [];
    private subscription?: Livechat.SubscriptionLike;

    constructor(client: Livechat.ChatClientLike) {
      this.client = client;
      // One Rust subscription feeds the JS-side emitter, which gives the docs' (mitt) semantics:
      // handlers by name, in registration order, `*` after named ones, `off(name, fn)` by identity.
      this.subscription = client.on('*', {
        onEvent: (event: Livechat.ChatEvent) => this.emit(event),
      });
    }

    private emit(event: Livechat.ChatEvent): void {
      const name = eventName(event.tag);
      const payload = eventPayload(name, event);
      for (const handler of [...(this.handlers.get(name) ?? [])]) {
        try {
          handler(payload);
        } catch (e) {
          console.error(`livechat: a '${name}' handler threw`, e);
        }
      }
      for (const handler of [...this.wildcard]) {
        try {
          handler(name, payload);
        } catch (e) {
          console.error(`livechat: a '*' handler threw`, e);
        }
      }
    }

    /** Subscribes `handler` to the event `name` (`'*'`: every event, called with `(name, payload)`). */
    on(name: '*', handler: WildcardHandler): void;
    on(name: string, handler: Handler): void;
    on(name: string, handler: Handler | WildcardHandler): void {
      if (name === '*') {
        this.wildcard.push(handler as WildcardHandler);
        return;
      }
      const list = this.handlers.get(name) ?? [];
      list.push(handler as Handler);
      this.handlers.set(name, list);
    }

    /** Like `on`, but unsubscribes before the first call. */
    once(name: string, handler: Handler): void {
      const wrapper: Handler = (payload) => {
        this.off(name, wrapper);
        handler(payload);
      };
      this.on(name, wrapper);
    }

    /** `off(name, fn)` removes `fn`; `off(name)` every handler of `name`; `off()` everything. */
    off(name?: string, handler?: Handler | WildcardHandler): void {
      if (name === undefined) {
        this.handlers.clear();
        this.wildcard = [];
      } else if (name === '*') {
        this.wildcard = handler ? this.wildcard.filter((h) => h !== handler) : [];
      } else if (handler === undefined) {
        this.handlers.delete(name);
      } else {
        const list = (this.handlers.get(name) ?? []).filter((h) => h !== handler);
        this.handlers.set(name, list);
      }
    }

    /** Clears every resource, removes all listeners and disconnects. The instance is unusable after. */
    async destroy(): Promise<void> {
      await call(() => this.client.destroyAsync());
      this.subscription?.cancel();
      this.subscription = undefined;
      this.off();
    }
  }

  /** Creates an SDK instance (the docs' `init`). Throws `CustomerSdkError` on invalid options. */
  function init(options: InitOptions): CustomerSDK {
    try {
      const client = ChatClient.init(
        livechat.ChatConfig.create({
          licenseId: BigInt(options.licenseId),
          clientId: options.clientId,
          autoConnect: options.autoConnect ?? true,
          groupId: BigInt(options.groupId ?? 0),
          region: options.region ?? 'dal',
          redirectUri: options.redirectUri,
        }),
      );
      return new CustomerSDK(client);
    } catch (e) {
      throw toSdkError(e);
    }
  }

  return { init, CustomerSdkError };
}

export type CustomerSDK = ReturnType<ReturnType<typeof bindSdk>['init']>;
