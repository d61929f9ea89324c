//! One crate error, built from each stage's own `thiserror` enum.
//!
//! Every error knows whose fault it is ([`Fault`]): the CLI maps that to an
//! exit code and the HTTP layer (later) to a status, and clients only ever see
//! [`Error::code`] plus a human message — never paths or library internals.

use crate::audio::AudioError;
use crate::card::CardError;
use crate::embed::EmbedError;
use crate::extract::ExtractError;
use crate::index::IndexError;
use crate::lm::LmError;
use crate::models::ModelsError;
use crate::store::StoreError;
use crate::stt::SttError;
use crate::worker::WorkerError;

/// Who has to act for the request to succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The input was wrong (corrupt file, too long, bad option): the user can fix it.
    User,
    /// Something is missing or broken on this machine (models not fetched, disk, bug).
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Audio(#[from] AudioError),
    #[error(transparent)]
    Card(#[from] CardError),
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error(transparent)]
    Extract(#[from] ExtractError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Lm(#[from] LmError),
    #[error(transparent)]
    Models(#[from] ModelsError),
    #[error(transparent)]
    Stt(#[from] SttError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Worker(#[from] WorkerError),
}

impl Error {
    pub fn fault(&self) -> Fault {
        match self {
            Error::Audio(e) => e.fault(),
            Error::Card(e) => e.fault(),
            Error::Embed(e) => e.fault(),
            Error::Extract(e) => e.fault(),
            Error::Index(e) => e.fault(),
            Error::Lm(e) => e.fault(),
            Error::Models(e) => e.fault(),
            Error::Stt(e) => e.fault(),
            Error::Store(e) => e.fault(),
            Error::Worker(_) => Fault::Internal,
        }
    }

    /// A stable, machine-readable code for API clients and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Audio(e) => e.code(),
            Error::Card(CardError::BadProfile(_)) => "invalid_profile",
            Error::Card(CardError::Photo { .. }) => "unreadable_photo",
            Error::Card(CardError::Write { .. }) => "card_write_failed",
            Error::Embed(_) => "embedding_failed",
            Error::Extract(ExtractError::Read { .. } | ExtractError::NotText) => "unreadable_transcript",
            Error::Extract(_) => "extraction_failed",
            Error::Index(IndexError::BadInput(_)) => "invalid_input",
            Error::Index(IndexError::NotFound(_)) => "not_found",
            Error::Index(IndexError::Locked(_)) => "index_busy",
            Error::Index(_) => "index_failed",
            Error::Lm(_) => "language_model_failed",
            Error::Models(_) => "models_unavailable",
            Error::Stt(_) => "transcription_failed",
            Error::Store(_) => "storage_failed",
            Error::Worker(WorkerError::Busy(_)) => "busy",
            Error::Worker(WorkerError::Stopped(_)) => "unavailable",
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
