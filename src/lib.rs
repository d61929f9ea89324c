//! ayi (阿姨): an offline interview and résumé service for domestic-service
//! and elder-care workers.
//!
//! The crate is one pipeline of stages, each usable alone from the CLI:
//! [`audio`] decodes any upload to 16 kHz mono and trims silence, [`stt`]
//! transcribes it with whisper.cpp, and [`models`] fetches and converts the
//! weights those stages run on. Data flows one way; stages never call back up.

pub mod audio;
pub mod card;
pub mod cli;
pub mod cluster;
pub mod config;
pub mod cpu;
pub mod durable;
pub mod embed;
pub mod error;
pub mod extract;
pub mod fakes;
pub mod fault;
pub mod http;
pub mod index;
pub mod interview;
pub mod interviews;
pub mod lm;
pub mod models;
pub mod pipeline;
pub mod store;
pub mod stt;
pub mod tools;
pub mod worker;

pub use error::{Error, Result};
pub use fault::{ErrorCode, Fault};
