//! One crate error, built from each stage's own `thiserror` enum.
//!
//! Every error knows whose fault it is ([`Fault`]): the CLI maps that to an
//! exit code and the HTTP layer to a status, and clients only ever see
//! [`Error::code`] plus a human message — never paths or library internals.
//! [`Fault`] and [`ErrorCode`] live in the leaf module [`crate::fault`], so
//! the stages this module collects never import it back.

use crate::audio::AudioError;
use crate::card::CardError;
use crate::embed::EmbedError;
use crate::extract::ExtractError;
use crate::fault::{ErrorCode, Fault};
use crate::index::IndexError;
use crate::lm::LmError;
use crate::models::ModelsError;
use crate::store::StoreError;
use crate::stt::SttError;
use crate::worker::WorkerError;

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
    #[error(transparent)]
    Serve(#[from] ServeError),
}

/// Why `ayi serve` could not listen or stopped serving (its stages' own
/// failures are the other variants).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("{what}: {source}")]
    Io { what: &'static str, source: std::io::Error },
    /// `--public-url` cannot be put in QR codes (the message says why).
    #[error("{0}")]
    PublicUrl(String),
    /// Nodes on one PostgreSQL each keep their own candidate index.
    #[error("with --database, each node needs its own --index folder (one no other node uses)")]
    SharedIndex,
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
            // Another program has the port, or it needs privileges: choose another.
            Error::Serve(ServeError::Listen { .. } | ServeError::PublicUrl(_) | ServeError::SharedIndex) => Fault::User,
            Error::Serve(ServeError::Io { .. }) => Fault::Internal,
        }
    }

    /// A stable, machine-readable code for API clients and scripts.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Audio(e) => e.code(),
            Error::Card(CardError::BadProfile(_)) => ErrorCode::InvalidProfile,
            Error::Card(CardError::Photo { .. }) => ErrorCode::UnreadablePhoto,
            Error::Card(CardError::Write { .. }) => ErrorCode::CardWriteFailed,
            Error::Card(CardError::Encode(_)) => ErrorCode::CardFailed,
            Error::Embed(_) => ErrorCode::EmbeddingFailed,
            Error::Extract(ExtractError::Read { .. } | ExtractError::NotText) => ErrorCode::UnreadableTranscript,
            Error::Extract(_) => ErrorCode::ExtractionFailed,
            Error::Index(IndexError::BadInput(_)) => ErrorCode::InvalidInput,
            Error::Index(IndexError::NotFound(_)) => ErrorCode::NotFound,
            Error::Index(IndexError::Locked(_)) => ErrorCode::IndexBusy,
            Error::Index(IndexError::Embed(_)) => ErrorCode::EmbeddingFailed,
            Error::Index(_) => ErrorCode::IndexFailed,
            Error::Lm(LmError::Input(_)) => ErrorCode::InvalidInput,
            Error::Lm(_) => ErrorCode::LanguageModelFailed,
            Error::Models(ModelsError::Unknown(_)) => ErrorCode::InvalidInput,
            Error::Models(_) => ErrorCode::ModelsUnavailable,
            Error::Stt(SttError::LanguageNotSupported(..)) => ErrorCode::InvalidInput,
            Error::Stt(_) => ErrorCode::TranscriptionFailed,
            Error::Store(StoreError::UnknownDatabase(_)) => ErrorCode::InvalidInput,
            Error::Store(_) => ErrorCode::StorageFailed,
            Error::Worker(WorkerError::Busy(_)) => ErrorCode::Busy,
            Error::Worker(WorkerError::Stopped(_)) => ErrorCode::Unavailable,
            Error::Serve(ServeError::Listen { source, .. }) if source.kind() == std::io::ErrorKind::AddrInUse => {
                ErrorCode::AddressInUse
            }
            Error::Serve(ServeError::Listen { .. } | ServeError::PublicUrl(_) | ServeError::SharedIndex) => {
                ErrorCode::InvalidInput
            }
            Error::Serve(ServeError::Io { .. }) => ErrorCode::Internal,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
