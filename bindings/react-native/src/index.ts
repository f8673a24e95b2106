// React Native entry point of the package. Importing the generated Turbo Module entry installs the Rust
// crate into the Hermes runtime (JSI) and initialises the bindings; `bindSdk` then gives the documented API.
import generated from './generated/index';
import { bindSdk } from './sdk';

export const { init, CustomerSdkError } = bindSdk(generated.livechat);
export type { CustomerSDK, InitOptions } from './sdk';
// The generated types (ChatEvent, ChatConfig, ...) for code that needs them.
export type * from './generated/livechat';
