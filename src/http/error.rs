//! Every error a client can see: `{"error": {"code", "message"}}` with a
//! stable code, and the one table that maps codes to HTTP statuses.
//!
//! Our own faults are logged with their detail and answered with a generic
//! message: clients never see paths, SQL or library internals.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::{Error, ErrorCode, Fault};

/// How long a client should wait before retrying a busy model, in seconds.
pub const RETRY_AFTER_S: u64 = 2;

/// Every error's body: `{"error": {"code", "message"}}`.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// A stable code for programs (`invalid_input`, `busy`, …).
    #[schema(value_type = String)]
    pub code: ErrorCode,
    /// What happened, for people.
    pub message: String,
}

/// The message every failure of ours gets: what went wrong is in the log.
const OUR_FAULT: &str = "something went wrong on our side; please try again";

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub retry_after_s: Option<u64>,
}

/// The status table: one arm per code, no default, so a new code does not
/// compile until someone decides its status.
pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        InvalidInput | MissingField | InvalidProfile | UnsupportedAudio | CorruptAudio | EmptyAudio
        | NothingToPublish | UnreadableFile | UnreadablePhoto | UnreadableTranscript | UnsupportedVideo
        | VideoTooShort => StatusCode::BAD_REQUEST,
        Unauthorized => StatusCode::UNAUTHORIZED,
        CsrfFailed => StatusCode::FORBIDDEN,
        NotFound => StatusCode::NOT_FOUND,
        MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        Timeout => StatusCode::REQUEST_TIMEOUT,
        InterviewFinished | AnswerInProgress | WrongQuestion | IndexBusy | AddressInUse => StatusCode::CONFLICT,
        AudioTooLong | UploadTooLarge | VideoTooLong => StatusCode::PAYLOAD_TOO_LARGE,
        RangeNotSatisfiable => StatusCode::RANGE_NOT_SATISFIABLE,
        TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
        Busy | Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        DecoderUnavailable | CardFailed | CardWriteFailed | EmbeddingFailed | ExtractionFailed | IndexFailed
        | LanguageModelFailed | ModelsUnavailable | TranscriptionFailed | StorageFailed | Internal => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into(), retry_after_s: None }
    }

    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(ErrorCode::NotFound, format!("{what} was not found"))
    }

    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::InvalidInput, message)
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(ErrorCode::Unauthorized, "please log in as a recruiter")
    }

    pub fn busy() -> ApiError {
        ApiError {
            code: ErrorCode::Busy,
            message: "the service is busy; please try again in a moment".into(),
            retry_after_s: Some(RETRY_AFTER_S),
        }
    }

    /// A failure of ours: logged with its detail, answered without it.
    pub fn internal(code: ErrorCode, detail: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(error = %detail, %code, "request failed");
        ApiError::new(code, OUR_FAULT)
    }

    pub fn status(&self) -> StatusCode {
        status_of(self.code)
    }

    /// The error as the client is told it, whose fault it is deciding
    /// whether the message may be shown.
    fn told(code: ErrorCode, fault: Fault, error: &dyn std::fmt::Display) -> ApiError {
        match (code, fault) {
            (ErrorCode::Busy, _) => ApiError::busy(),
            (_, Fault::User) => ApiError::new(code, error.to_string()),
            (_, Fault::Internal) => ApiError::internal(code, error),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        ApiError::told(e.code(), e.fault(), &e)
    }
}

impl From<crate::interviews::InterviewError> for ApiError {
    fn from(e: crate::interviews::InterviewError) -> ApiError {
        match e {
            crate::interviews::InterviewError::Stage(e) => e.into(),
            e => ApiError::told(e.code(), e.fault(), &e),
        }
    }
}

macro_rules! from_stage_error {
    ($($t:ty),*) => { $( impl From<$t> for ApiError { fn from(e: $t) -> ApiError { Error::from(e).into() } } )* };
}
from_stage_error!(
    crate::store::StoreError,
    crate::worker::WorkerError,
    crate::audio::AudioError,
    crate::stt::SttError,
    crate::embed::EmbedError,
    crate::index::IndexError,
    crate::card::CardError
);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = ErrorBody { error: ErrorDetail { code: self.code, message: self.message } };
        let mut response = (status, Json(body)).into_response();
        if let Some(s) = self.retry_after_s {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::AudioError;
    use crate::card::CardError;
    use crate::embed::EmbedError;
    use crate::error::ServeError;
    use crate::extract::ExtractError;
    use crate::index::IndexError;
    use crate::interviews::video::VideoError;
    use crate::interviews::InterviewError;
    use crate::lm::LmError;
    use crate::models::ModelsError;
    use crate::store::StoreError;
    use crate::stt::SttError;
    use crate::worker::WorkerError;

    /// Each variant's place in [`every_error`]. No default arm: a new
    /// variant does not compile until it is numbered here, and the test
    /// then fails until [`every_error`] has an example of it.
    fn numbered(e: &InterviewError) -> usize {
        use InterviewError as I;
        match e {
            I::NotFound(_) => 0,
            I::Finished => 1,
            I::Published => 2,
            I::AnswerInProgress => 3,
            I::WrongQuestion(_) => 4,
            I::MovedOn => 5,
            I::NothingToPublish => 6,
            I::InvalidEdits(_) => 7,
            I::InvalidAnswer(_) => 58,
            I::Photo(_) => 8,
            I::Video(e) => match e {
                VideoError::Unsupported => 59,
                VideoError::NoSound => 60,
                VideoError::TooShort { .. } => 61,
                VideoError::TooLong => 62,
                VideoError::TooLarge => 63,
            },
            I::Interrupted(_) => 9,
            I::Stage(e) => match e {
                Error::Audio(e) => match e {
                    AudioError::Unsupported => 10,
                    AudioError::Corrupt(_) => 11,
                    AudioError::TooLong { .. } => 12,
                    AudioError::Empty => 13,
                    AudioError::Read { .. } => 14,
                    AudioError::DecoderUnavailable(_) => 15,
                },
                Error::Card(e) => match e {
                    CardError::BadProfile(_) => 16,
                    CardError::Photo { .. } => 17,
                    CardError::Write { .. } => 18,
                    CardError::Encode(_) => 19,
                },
                Error::Embed(e) => match e {
                    EmbedError::NotFetched(_) => 20,
                    EmbedError::Model(_) => 21,
                },
                Error::Extract(e) => match e {
                    ExtractError::Taxonomy(_) => 22,
                    ExtractError::Read { .. } => 23,
                    ExtractError::NotText => 24,
                    ExtractError::EvalSet(_) => 25,
                    ExtractError::Embed(_) => 26,
                    ExtractError::Lm(_) => 27,
                },
                Error::Index(e) => match e {
                    IndexError::Io { .. } => 28,
                    IndexError::Locked(_) => 29,
                    IndexError::BadInput(_) => 30,
                    IndexError::NotFound(_) => 31,
                    IndexError::Ann(_) => 32,
                    IndexError::ReadOnly => 33,
                    IndexError::Embed(_) => 57,
                },
                Error::Lm(e) => match e {
                    LmError::Load { .. } => 34,
                    LmError::Tokenizer(_) => 35,
                    LmError::Inference(_) => 36,
                    LmError::Input(_) => 37,
                },
                Error::Models(e) => match e {
                    ModelsError::Unreachable(_) => 38,
                    ModelsError::Checksum { .. } => 39,
                    ModelsError::Io { .. } => 40,
                    ModelsError::Format { .. } => 41,
                    ModelsError::NotFetched { .. } => 42,
                    ModelsError::Unknown(_) => 43,
                },
                Error::Stt(e) => match e {
                    SttError::Load { .. } => 44,
                    SttError::LanguageNotSupported(..) => 45,
                    SttError::Inference(_) => 46,
                },
                Error::Store(e) => match e {
                    StoreError::Database(_) => 47,
                    StoreError::Migrate(_) => 48,
                    StoreError::Io { .. } => 49,
                    StoreError::Corrupt(_) => 50,
                    StoreError::Random(_) => 51,
                    StoreError::UnknownDatabase(_) => 65,
                },
                Error::Worker(e) => match e {
                    WorkerError::Busy(_) => 52,
                    WorkerError::Stopped(_) => 53,
                },
                Error::Serve(e) => match e {
                    ServeError::Listen { source, .. } if source.kind() == std::io::ErrorKind::AddrInUse => 54,
                    ServeError::Listen { .. } => 55,
                    ServeError::Io { .. } => 56,
                    ServeError::PublicUrl(_) => 64,
                    ServeError::SharedIndex => 66,
                },
            },
        }
    }
    const VARIANTS: usize = 67;

    /// One error of every kind, its details naming a secret path.
    fn every_error() -> Vec<InterviewError> {
        let io = || std::io::Error::other("/secret/path");
        let secret = || "/secret/path".to_string();
        let stage = |e: Error| InterviewError::Stage(e);
        let addr = "127.0.0.1:8080".parse().unwrap();
        let mut all = vec![
            InterviewError::NotFound("the interview"),
            InterviewError::Finished,
            InterviewError::Published,
            InterviewError::AnswerInProgress,
            InterviewError::WrongQuestion("pay".into()),
            InterviewError::MovedOn,
            InterviewError::NothingToPublish,
            InterviewError::InvalidEdits("age must be between 16 and 80".into()),
            InterviewError::InvalidAnswer("type an answer, or skip the question".into()),
            InterviewError::Photo("the photo must be a JPEG or PNG".into()),
            VideoError::Unsupported.into(),
            VideoError::NoSound.into(),
            VideoError::TooShort { seconds: 2.0 }.into(),
            VideoError::TooLong.into(),
            VideoError::TooLarge.into(),
            InterviewError::Interrupted("a change"),
        ];
        let stages: Vec<Error> = vec![
            AudioError::Unsupported.into(),
            AudioError::Corrupt("bad frame".into()).into(),
            AudioError::TooLong { seen: "4 minutes".into(), limit: "3 minutes".into() }.into(),
            AudioError::Empty.into(),
            AudioError::Read { path: "answer.wav".into(), source: io() }.into(),
            AudioError::DecoderUnavailable(secret()).into(),
            CardError::BadProfile("expected a map".into()).into(),
            CardError::Photo { path: "me.jpg".into(), reason: "not an image".into() }.into(),
            CardError::Write { path: secret(), source: io() }.into(),
            CardError::Encode(secret()).into(),
            EmbedError::NotFetched(secret()).into(),
            EmbedError::Model(secret()).into(),
            ExtractError::Taxonomy(crate::extract::taxonomy::TaxonomyError::MissingCore("cooking")).into(),
            ExtractError::Read { path: "answer.txt".into(), source: io() }.into(),
            ExtractError::NotText.into(),
            ExtractError::EvalSet(secret()).into(),
            ExtractError::Embed(EmbedError::Model(secret())).into(),
            ExtractError::Lm(LmError::Inference(secret())).into(),
            IndexError::Io { what: secret(), source: io() }.into(),
            IndexError::Locked("another ayi writes the index".into()).into(),
            IndexError::BadInput("an empty query".into()).into(),
            IndexError::NotFound("abc".into()).into(),
            IndexError::Ann(secret()).into(),
            IndexError::ReadOnly.into(),
            IndexError::Embed(EmbedError::Model(secret())).into(),
            LmError::Load { path: secret(), reason: secret() }.into(),
            LmError::Tokenizer(crate::lm::tokenizer::TokenizerError(secret())).into(),
            LmError::Inference(secret()).into(),
            LmError::Input("the prompt is empty".into()).into(),
            ModelsError::Unreachable(secret()).into(),
            ModelsError::Checksum { file: secret(), expected: "a".into(), actual: "b".into() }.into(),
            ModelsError::Io { what: secret(), source: io() }.into(),
            ModelsError::Format { file: secret(), reason: "short".into() }.into(),
            ModelsError::NotFetched { model: "whisper".into(), path: secret().into() }.into(),
            ModelsError::Unknown("whisper-huge".into()).into(),
            SttError::Load { path: secret(), reason: secret() }.into(),
            SttError::LanguageNotSupported("fr", "base.en").into(),
            SttError::Inference(secret()).into(),
            StoreError::Database(sqlx::Error::PoolClosed).into(),
            StoreError::Migrate(sqlx::migrate::MigrateError::VersionMissing(1)).into(),
            StoreError::Io { what: secret(), source: io() }.into(),
            StoreError::Corrupt(secret()).into(),
            StoreError::Random(secret()).into(),
            StoreError::UnknownDatabase("mysql:".into()).into(),
            WorkerError::Busy("speech recogniser").into(),
            WorkerError::Stopped("speech recogniser").into(),
            ServeError::Listen { addr, source: std::io::ErrorKind::AddrInUse.into() }.into(),
            ServeError::Listen { addr, source: std::io::ErrorKind::PermissionDenied.into() }.into(),
            ServeError::Io { what: "serving", source: io() }.into(),
            ServeError::PublicUrl("--public-url \"http://127.0.0.1\": a loopback address".into()).into(),
            ServeError::SharedIndex.into(),
        ];
        all.extend(stages.into_iter().map(stage));
        all
    }

    #[test]
    fn every_error_variant_has_a_status_that_agrees_with_whose_fault_it_is() {
        let errors = every_error();
        let mut seen: Vec<usize> = errors.iter().map(numbered).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..VARIANTS).collect::<Vec<_>>(), "one example of every variant, each once");
        for e in errors {
            let (code, fault, shown) = (e.code(), e.fault(), format!("{e:?}"));
            let api = ApiError::from(e);
            assert_eq!(api.code, code, "{shown}");
            let status = api.status();
            match fault {
                // The user can fix it: a 4xx that says what to fix.
                Fault::User => {
                    assert!(status.is_client_error(), "{shown}: {status}");
                    assert!(!api.message.is_empty() && api.message != OUR_FAULT, "{shown}");
                }
                // Ours: a 5xx that tells nothing of how we are built.
                Fault::Internal => {
                    assert!(status.is_server_error(), "{shown}: {status}");
                    assert!(!api.message.contains("/secret"), "{shown}: {}", api.message);
                }
            }
        }
    }

    #[test]
    fn every_code_has_a_status_of_its_own_kind() {
        for &code in ErrorCode::ALL {
            let status = status_of(code);
            assert!(status.is_client_error() || status.is_server_error(), "{code}: {status}");
        }
        let busy = ApiError::from(Error::from(WorkerError::Busy("speech recogniser")));
        assert_eq!((busy.status(), busy.retry_after_s), (StatusCode::SERVICE_UNAVAILABLE, Some(RETRY_AFTER_S)));
        let long = Error::from(AudioError::TooLong { seen: "3 minutes".into(), limit: "2 minutes".into() });
        assert_eq!(ApiError::from(long).status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}
