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
        | UnreadableFile | UnreadablePhoto | UnreadableTranscript => StatusCode::BAD_REQUEST,
        Unauthorized => StatusCode::UNAUTHORIZED,
        CsrfFailed => StatusCode::FORBIDDEN,
        NotFound => StatusCode::NOT_FOUND,
        MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        Timeout => StatusCode::REQUEST_TIMEOUT,
        InterviewFinished | AnswerInProgress | WrongQuestion | IndexBusy | AddressInUse => StatusCode::CONFLICT,
        AudioTooLong | UploadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
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
        let body = serde_json::json!({ "error": { "code": self.code.as_str(), "message": self.message } });
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

    #[test]
    fn every_code_the_crate_can_produce_has_a_deliberate_status() {
        // User faults are 4xx; ours are 5xx.
        let user = Error::from(crate::audio::AudioError::Unsupported);
        assert_eq!(ApiError::from(user).status(), StatusCode::BAD_REQUEST);
        let long =
            Error::from(crate::audio::AudioError::TooLong { seen: "3 minutes".into(), limit: "2 minutes".into() });
        assert_eq!(ApiError::from(long).status(), StatusCode::PAYLOAD_TOO_LARGE);
        let busy = ApiError::from(Error::from(crate::worker::WorkerError::Busy("speech recogniser")));
        assert_eq!((busy.status(), busy.retry_after_s), (StatusCode::SERVICE_UNAVAILABLE, Some(RETRY_AFTER_S)));
    }

    #[test]
    fn internal_errors_do_not_leak_their_details() {
        let e = Error::from(crate::embed::EmbedError::NotFetched("/secret/path/model.safetensors".into()));
        let api = ApiError::from(e);
        assert_eq!(api.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!api.message.contains("/secret"), "{}", api.message);
    }
}
