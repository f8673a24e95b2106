//! Exponential backoff with jitter, as the reference client computes it (client-behavior §6.6).

use std::time::Duration;

#[derive(Debug, Clone)]
pub(crate) struct Backoff {
    min_ms: u64,
    max_ms: u64,
    jitter: f64,
    attempts: u32,
}

impl Backoff {
    pub(crate) const fn new(min_ms: u64, max_ms: u64, jitter: f64) -> Backoff {
        Backoff {
            min_ms,
            max_ms,
            jitter,
            attempts: 0,
        }
    }

    /// Reconnect after a failed login: 300 ms · 2ⁿ ± 30 %, at most 60 s.
    pub(crate) const fn login() -> Backoff {
        Backoff::new(300, 60_000, 0.3)
    }

    /// Reconnect after `service_temporarily_unavailable`: 1 s · 2ⁿ ± 30 %, at most 60 s.
    pub(crate) const fn login_slower() -> Backoff {
        Backoff::new(1_000, 60_000, 0.3)
    }

    /// Reopen after the socket closed by itself: 1 s · 2ⁿ ± 50 %, at most 5 s.
    pub(crate) const fn socket() -> Backoff {
        Backoff::new(1_000, 5_000, 0.5)
    }

    /// The next delay, drawing the jitter from `r` in [0, 1).
    pub(crate) fn next_with(&mut self, r: f64) -> Duration {
        let ms = (self.min_ms as f64) * 2f64.powi(self.attempts.min(30) as i32);
        self.attempts = self.attempts.saturating_add(1);
        let deviation = (r * self.jitter * ms).floor();
        let ms = if ((r * 10.0).floor() as u64).is_multiple_of(2) {
            ms - deviation
        } else {
            ms + deviation
        };
        Duration::from_millis(ms.min(self.max_ms as f64).max(0.0) as u64)
    }

    pub(crate) fn next(&mut self) -> Duration {
        self.next_with(fastrand::f64())
    }

    pub(crate) fn reset(&mut self) {
        self.attempts = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_match_the_reference_client() {
        // client-behavior §6.6, observed with r = 0.05.
        let mut login = Backoff::login();
        let got: Vec<u64> = (0..3)
            .map(|_| login.next_with(0.05).as_millis() as u64)
            .collect();
        assert_eq!(got, [296, 591, 1182]);
        let mut slower = Backoff::login_slower();
        let got: Vec<u64> = (0..3)
            .map(|_| slower.next_with(0.05).as_millis() as u64)
            .collect();
        assert_eq!(got, [985, 1970, 3940]);
        let mut socket = Backoff::socket();
        let got: Vec<u64> = (0..2)
            .map(|_| socket.next_with(0.05).as_millis() as u64)
            .collect();
        assert_eq!(got, [975, 1950]);
        for _ in 0..40 {
            assert!(socket.next() <= Duration::from_millis(5_000));
        }
        socket.reset();
        assert_eq!(socket.next_with(0.05).as_millis(), 975);
    }
}
