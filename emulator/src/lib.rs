//! A local emulator of the LiveChat APIs (scaffold; see the emulator issue).
