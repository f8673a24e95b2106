//! Background upkeep of the state: login deadlines, keep-alive pings, idle and inactivity cuts,
//! token and upload expiry.

use crate::send_queue::Out;
use crate::shared::Shared;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Login deadline, keep-alive pings, idle cut, inactivity timeout, token and upload expiry. Every 25 ms the
/// sweeper checks the next slice (1/40) of the connections, so each is checked about once a second, the
/// lock is held only briefly even with 10,000 sockets, and pings spread evenly over time.
pub async fn sweep(shared: Arc<Shared>) {
    let lim = shared.cfg.limits.clone();
    let mut tick = tokio::time::interval(Duration::from_millis(25));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let ping_every = Duration::from_secs(lim.ping_interval_secs.max(1));
    let login_timeout = Duration::from_secs(lim.login_timeout_secs);
    let inactivity = Duration::from_secs(lim.inactivity_timeout_secs);
    let mut cursor: u64 = 0;
    loop {
        tick.tick().await;
        let now_ms = shared.millis();
        shared.apply(|st| {
            let now = Instant::now();
            st.files.expire(now);
            let per_tick = (st.conns.len() / 40).max(16);
            let mut cut: Vec<(u64, &'static str)> = Vec::new();
            let mut inactive: Vec<String> = Vec::new();
            let mut pings: Vec<u64> = Vec::new();
            let mut seen = 0;
            let mut last = None;
            let (conns, tokens, customers) = (&mut st.conns, &st.tokens, &st.customers);
            for (id, c) in conns.range_mut(cursor..).take(per_tick) {
                seen += 1;
                last = Some(*id);
                if c.closing {
                    continue;
                }
                if now.duration_since(c.last_ping) >= ping_every {
                    c.last_ping = now;
                    pings.push(*id);
                }
                match &c.customer_id {
                    None => {
                        if now.duration_since(c.opened_at) >= login_timeout {
                            cut.push((*id, "connection_timeout"));
                        }
                    }
                    Some(cid) => {
                        let idle = now_ms.saturating_sub(c.last_rx.load(Ordering::Relaxed));
                        if idle >= lim.idle_timeout_secs * 1000 {
                            cut.push((*id, "connection_timeout"));
                        } else if c
                            .token
                            .as_ref()
                            .and_then(|t| tokens.get(t))
                            .is_none_or(|t| t.expires_at <= now)
                        {
                            cut.push((*id, "access_token_expired"));
                        } else if customers
                            .get(cid)
                            .is_some_and(|cu| now.duration_since(cu.last_activity) >= inactivity)
                        {
                            inactive.push(cid.clone());
                        }
                    }
                }
            }
            cursor = match last {
                Some(id) if seen == per_tick => id + 1,
                _ => 0,
            };
            for (id, reason) in cut {
                st.disconnect_conn(id, reason, None);
            }
            inactive.sort();
            inactive.dedup();
            for cid in inactive {
                st.disconnect_customer(&cid, "inactivity_timeout", None);
            }
            for id in pings {
                st.send(id, Out::Ping);
            }
        });
    }
}
