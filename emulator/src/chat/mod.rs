//! Chat mechanics shared by the customer and agent APIs, one concern per module. Each builds only
//! on those before it: `lookup` (who acts, what they may see), `properties`, `events`, `routing`
//! (agents and groups; uses none of the others), `threads` (start/resume arguments, opening and
//! deactivating threads); `paging` stands alone.

pub mod events;
pub mod lookup;
pub mod paging;
pub mod properties;
pub mod routing;
pub mod threads;
