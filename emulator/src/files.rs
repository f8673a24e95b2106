//! Uploaded files, kept in memory for `upload_ttl_secs` and within `upload_store_bytes` (oldest
//! deleted first), so uploads cannot grow the emulator without bound.

use crate::config::Limits;
use axum::body::Bytes;
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

pub struct StoredFile {
    pub name: String,
    pub content_type: String,
    pub bytes: Bytes,
}

pub struct FileStore {
    files: HashMap<String, (StoredFile, Instant)>,
    /// Keys in upload order, which is also expiry order (one TTL for all).
    order: VecDeque<String>,
    bytes: usize,
    ttl: Duration,
    max_bytes: usize,
}

impl FileStore {
    pub fn new(limits: &Limits) -> FileStore {
        FileStore {
            files: HashMap::new(),
            order: VecDeque::new(),
            bytes: 0,
            ttl: Duration::from_secs(limits.upload_ttl_secs),
            max_bytes: limits.upload_store_bytes,
        }
    }

    /// Stores a file under `key`, then deletes the oldest files beyond the size budget (never the
    /// new one, so the URL just returned works).
    pub fn insert(&mut self, key: String, file: StoredFile) {
        self.remove(&key);
        self.bytes += file.bytes.len();
        self.files
            .insert(key.clone(), (file, Instant::now() + self.ttl));
        self.order.push_back(key);
        while self.bytes > self.max_bytes && self.order.len() > 1 {
            self.remove_oldest();
        }
    }

    /// A file that has not expired (even if the sweep has not deleted it yet).
    pub fn get(&self, key: &str) -> Option<&StoredFile> {
        self.files
            .get(key)
            .filter(|(_, expires)| *expires > Instant::now())
            .map(|(f, _)| f)
    }

    /// Deletes the files whose time is up.
    pub fn expire(&mut self, now: Instant) {
        while let Some(oldest) = self.order.front() {
            match self.files.get(oldest) {
                Some((_, expires)) if *expires > now => break,
                _ => self.remove_oldest(),
            }
        }
    }

    pub fn total_bytes(&self) -> usize {
        self.bytes
    }

    fn remove_oldest(&mut self) {
        if let Some(key) = self.order.pop_front() {
            if let Some((f, _)) = self.files.remove(&key) {
                self.bytes -= f.bytes.len();
            }
        }
    }

    fn remove(&mut self, key: &str) {
        if let Some((f, _)) = self.files.remove(key) {
            self.bytes -= f.bytes.len();
            self.order.retain(|k| k != key);
        }
    }
}
