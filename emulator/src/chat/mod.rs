//! Chat mechanics shared by the customer and agent APIs, one concern per module. The modules
//! depend on each other in this order only: `lookup` <- `properties` <- `events` <- `threads`
//! (`routing` and `paging` stand alone).

pub mod events;
pub mod lookup;
pub mod paging;
pub mod properties;
pub mod routing;
pub mod threads;
