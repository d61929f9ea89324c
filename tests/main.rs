//! Integration tests on the real models and real audio.
//!
//! They need the converted models (`ayi models fetch`, which the test
//! command in README.md runs first) and are built in release mode: whisper.cpp
//! in a debug build would be far too slow.

mod card;
mod common;
mod embed;
mod extract;
mod fuzz;
#[path = "api/http.rs"]
mod http;
mod lm;
mod models;
mod search;
mod service;
mod stt;
