//! Every error a client can see: `{"error": {"code", "message"}}` with a
//! stable code, and the one table that maps codes to HTTP statuses.
//!
//! Our own faults are logged with their detail and answered with a generic
//! message: clients never see paths, SQL or library internals.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::{Error, Fault};

/// How long a client should wait before retrying a busy model, in seconds.
pub const RETRY_AFTER_S: u64 = 2;

#[derive(Debug)]
pub struct ApiError {
    pub code: &'static str,
    pub message: String,
    pub retry_after_s: Option<u64>,
}

impl ApiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into(), retry_after_s: None }
    }

    pub fn not_found(what: &str) -> ApiError {
        ApiError::new("not_found", format!("{what} was not found"))
    }

    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new("invalid_input", message)
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new("unauthorized", "please log in as a recruiter")
    }

    pub fn busy() -> ApiError {
        ApiError {
            code: "busy",
            message: "the service is busy; please try again in a moment".into(),
            retry_after_s: Some(RETRY_AFTER_S),
        }
    }

    /// The status table: one place for every code.
    pub fn status(&self) -> StatusCode {
        match self.code {
            "invalid_input"
            | "invalid_profile"
            | "unsupported_audio"
            | "corrupt_audio"
            | "empty_audio"
            | "unreadable_photo"
            | "unreadable_transcript"
            | "missing_field" => StatusCode::BAD_REQUEST,
            "unauthorized" => StatusCode::UNAUTHORIZED,
            "csrf_failed" => StatusCode::FORBIDDEN,
            "not_found" => StatusCode::NOT_FOUND,
            "interview_finished" | "answer_in_progress" | "wrong_question" | "index_busy" | "not_published" => {
                StatusCode::CONFLICT
            }
            "audio_too_long" | "upload_too_large" => StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_attempts" => StatusCode::TOO_MANY_REQUESTS,
            "busy" | "unavailable" => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let code = e.code();
        if code == "busy" {
            return ApiError::busy();
        }
        match e.fault() {
            Fault::User => ApiError::new(code, e.to_string()),
            Fault::Internal => {
                tracing::error!(error = %e, code, "request failed");
                ApiError::new(code, "something went wrong on our side; please try again")
            }
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
        let body = serde_json::json!({ "error": { "code": self.code, "message": self.message } });
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
