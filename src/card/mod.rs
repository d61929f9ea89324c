//! Résumé cards: what a family may see ([`redact`]), the picture-and-text
//! card as PNG ([`render`]) and HTML ([`html`]), and the JSON Resume export
//! ([`jsonresume`]). All of them start from the same [`render::CardContent`],
//! and are drawn or shown in the bundled [`font`].

pub mod font;
pub mod html;
pub mod jsonresume;
pub mod redact;
pub mod render;

use crate::fault::Fault;

#[derive(Debug, thiserror::Error)]
pub enum CardError {
    #[error("not a profile JSON: {0}")]
    BadProfile(String),
    #[error("cannot read the photo {path}: {reason}")]
    Photo { path: String, reason: String },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
    /// Drawing or encoding the card failed: ours, not the profile's.
    #[error("the card could not be drawn: {0}")]
    Encode(String),
}

impl CardError {
    pub fn fault(&self) -> Fault {
        match self {
            CardError::BadProfile(_) | CardError::Photo { .. } => Fault::User,
            CardError::Write { .. } | CardError::Encode(_) => Fault::Internal,
        }
    }
}
