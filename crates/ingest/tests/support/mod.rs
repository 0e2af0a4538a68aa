//! Helpers shared by the integration tests: a WARC writer and a local HTTP server.
#![allow(dead_code)]

pub mod server;
pub mod warc;
