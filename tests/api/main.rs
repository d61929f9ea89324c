//! Tests of the service around the models, on fakes (see `ayi::fakes`):
//! the HTTP layer, the interview core, the store and the index under bad
//! input, races and crashes. They need no model files and run side by side;
//! the tests of the real models are in tests/main.rs.

mod architecture;
mod hardening;
mod http;
mod kiosk;
mod live;
mod openapi;
mod pages;
mod service;
mod video;
