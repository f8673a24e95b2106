// The scenario format of the differential suite.
//
// A scenario is a list of steps run once per driver (official SDK, ours) against one emulator. `v` is the
// run's variables: `customerId` (from the first `connected`), and whatever steps `save` (raw values of
// that driver, so later arguments can refer to them: `args: (v) => ({ chatId: v.chat.id })`).
//
// Recorded (and compared): the outcome of every `call`/`concurrent`/`next` step (resolved value,
// rejection code + message category, returned value, thrown error, or a timeout), whether each `wait`
// was satisfied, and every event the SDK emitted, in order. Agent and control actions are not recorded:
// they are the same for both drivers.
import type { Driver, ScenarioConfig } from './drivers.ts';

export type Vars = Record<string, any>;
export type Arg<T> = T | ((v: Vars, d: Driver) => T);

export interface CallStep {
  /** A documented method of the SDK object ('auth.getToken' for the auth object). */
  call: string;
  /** Its single parameter object (omitted: called without arguments). */
  args?: Arg<unknown>;
  /** Name of the recorded entry (default: the method; repeated names get #2, #3...). */
  label?: string;
  /** Store the raw result in `v[save]`. */
  save?: string;
  /** The result is an object holding a Promise here (uploadFile's `promise`): record it settled. */
  awaitField?: string;
  timeoutMs?: number;
}

export type Step =
  | CallStep
  /** All calls issued synchronously, without awaiting, then all settled; each recorded as `label[i]`. */
  | { concurrent: CallStep[]; label: string }
  /** The first not-yet-consumed event `wait` matching `where` (already emitted or still to come). */
  | { wait: string; where?: (payload: any, v: Vars) => boolean; save?: string; timeoutMs?: number; label?: string }
  /** Agent Chat API action (as the emulator's agent Jane). */
  | { agent: string; body?: Arg<object>; save?: string }
  /** Emulator control API operation (`/emulator/<op>`). */
  | { control: string; body?: Arg<object>; save?: string }
  /** `next()` of a history iterator saved by a `getChatHistory` call. */
  | { next: string; label?: string }
  /** A getCustomer round trip, not recorded: every push sent before its answer has been handled. */
  | { barrier: true }
  | { sleep: number };

export interface Scenario {
  name: string;
  /** What it covers (printed with its result). */
  about?: string;
  /** init options shared by both drivers (each adds its license/client id and endpoints). */
  config?: ScenarioConfig;
  /** Wait for the first `connected` before the steps (default: unless autoConnect is false). */
  waitConnected?: boolean;
  /** Extra emulator command-line arguments. */
  emulatorArgs?: string[];
  /** Control/agent steps run before each driver's init (not recorded). */
  setup?: Step[];
  /** Emulator bot on (default off, as in the conformance suite). */
  bot?: boolean;
  steps: Step[];
}

/** `startChat` / `resumeChat` resolve `{ chat }` per the docs; read either shape. */
export const chatOf = (r: any) => (r && r.chat && typeof r.chat === 'object' ? r.chat : r);
