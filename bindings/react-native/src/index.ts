// React Native entry point of the package. Importing the generated Turbo Module entry installs the Rust
// crate into the Hermes runtime (JSI) and initialises the bindings; `bindSdk` then gives the documented API.
import generated from './generated/index';
import { bindSdk } from './sdk';

export const { init, CustomerSdkError } = bindSdk(generated.livechat);
export type {
  Chat,
  CustomerData,
  CustomerSDK,
  Event,
  InitOptions,
  NewEvent,
  Properties,
  Thread,
  Token,
  TokenProvider,
  User,
} from './sdk';
// The generated types (ChatEvent, ChatConfig, ...) for code that needs them, under their own name (several
// share a name with the documented shapes above).
export type * as Generated from './generated/livechat';
