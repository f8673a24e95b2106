// The two drivers of the differential suite. Each one opens "a customer" with the same scenario config
// and exposes the same small surface to the runner:
//   init(config)          creates the SDK instance (subscribed to '*' at once, so no event is missed)
//   call(method, args)    calls a documented method ('auth.getToken' for the auth object); returns what
//                         the method returns (a Promise, an iterator, undefined, ...) or throws
//   events                every event in arrival order: { name, payload }
//   close()               destroys the instance (never recorded)
//
// official: @livechat/customer-sdk@3.0.0, unmodified, inside the conformance harness's Browser
//           (emulator/conformance/harness: globals, URL rewriting, cookie jar).
// ours:     bindings/react-native's TypeScript API over the N-API flavour of the generated bindings.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '..');

export const LICENSE_ID = 12345;
export const CLIENT_ID = 'differential-suite';

export interface ScenarioConfig {
  autoConnect?: boolean;
  groupId?: number;
  customerDataProvider?: () => { name?: string; email?: string; sessionFields?: Record<string, string> };
}

export interface RecordedEvent {
  name: string;
  payload: unknown;
}

export interface Driver {
  readonly name: 'official' | 'ours';
  readonly events: RecordedEvent[];
  init(config: ScenarioConfig): void;
  call(method: string, args: unknown[]): unknown;
  /** Turns a scenario-level file description into what this SDK's uploadFile takes. */
  file(spec: { content: string; name: string; type: string }): unknown;
  close(): Promise<void>;
  /** Called with every recorded event (the runner's waiters). */
  onEvent?: (e: RecordedEvent) => void;
}

function pick(obj: any, method: string): { fn: Function; self: any } {
  const parts = method.split('.');
  let self = obj;
  for (const p of parts.slice(0, -1)) self = self[p];
  const fn = self[parts[parts.length - 1]];
  if (typeof fn !== 'function') throw new Error(`driver: no method ${method}`);
  return { fn, self };
}

// ----- official ---------------------------------------------------------------------------------------

const conformance = path.join(ROOT, 'emulator', 'conformance');
const requireConformance = createRequire(path.join(conformance, 'harness', 'customer.js'));
// customer.js installs the browser globals before the SDK module is loaded (its storage probe reads them).
const harness = requireConformance('./customer.js');
const OfficialSDK = requireConformance('@livechat/customer-sdk');

export class OfficialDriver implements Driver {
  readonly name = 'official' as const;
  readonly events: RecordedEvent[] = [];
  onEvent?: (e: RecordedEvent) => void;
  private browser: any;
  private sdk: any;

  constructor(private readonly emulatorUrl: string) {}

  init(config: ScenarioConfig): void {
    this.browser = new harness.Browser(this.emulatorUrl, 'differential');
    this.sdk = this.browser.run(() => OfficialSDK.init({ licenseId: LICENSE_ID, clientId: CLIENT_ID, ...config }));
    this.sdk.on('*', (name: string, payload: unknown) => {
      const e = { name, payload };
      this.events.push(e);
      this.onEvent?.(e);
    });
  }

  call(method: string, args: unknown[]): unknown {
    const { fn, self } = pick(this.sdk, method);
    // Inside the tab's browser: its HTTP and storage find the right cookie jar.
    return this.browser.run(() => fn.apply(self, args));
  }

  file(spec: { content: string; name: string; type: string }): unknown {
    return new File([Buffer.from(spec.content)], spec.name, { type: spec.type });
  }

  async close(): Promise<void> {
    try {
      this.browser.run(() => this.sdk.destroy());
    } catch {
      /* already destroyed */
    }
  }
}

// ----- ours ---------------------------------------------------------------------------------------------

const napi = await import(path.join(ROOT, 'bindings', 'react-native', 'generated', 'napi', 'index.ts'));
const { bindSdk } = await import(path.join(ROOT, 'bindings', 'react-native', 'src', 'sdk.ts'));
const ourSdk = bindSdk(napi.default.livechat);

export class OurDriver implements Driver {
  readonly name = 'ours' as const;
  readonly events: RecordedEvent[] = [];
  onEvent?: (e: RecordedEvent) => void;
  private sdk: any;

  constructor(private readonly emulatorUrl: string) {}

  init(config: ScenarioConfig): void {
    this.sdk = ourSdk.init({
      licenseId: LICENSE_ID,
      clientId: CLIENT_ID,
      apiOriginDal: this.emulatorUrl,
      apiOriginFra: `${this.emulatorUrl}/fra`,
      accountsOrigin: this.emulatorUrl,
      ...config,
    });
    this.sdk.on('*', (name: string, payload: unknown) => {
      const e = { name, payload };
      this.events.push(e);
      this.onEvent?.(e);
    });
  }

  call(method: string, args: unknown[]): unknown {
    const { fn, self } = pick(this.sdk, method);
    return fn.apply(self, args);
  }

  file(spec: { content: string; name: string; type: string }): unknown {
    return { data: new TextEncoder().encode(spec.content), name: spec.name, type: spec.type };
  }

  async close(): Promise<void> {
    try {
      await this.sdk.destroy();
    } catch {
      /* already destroyed */
    }
  }
}

export { harness };
