//! Résumé cards. So far: what a family may see ([`redact`]) and the JSON
//! Resume export ([`jsonresume`]); the picture-and-text card comes with the
//! card issue.

pub mod jsonresume;
pub mod redact;
pub mod render;
