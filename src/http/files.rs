//! Every response that carries a file (a card, a photo, a recording), in one
//! place: these bytes come from workers, so each goes out with the headers
//! that keep a browser from taking it for a page.

use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::AppState;
use crate::interviews::StoredInterview;

/// `http://host` as the client reached us, for QR codes a phone can open.
pub(super) fn host_url(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:8080");
    let host: String = host.chars().filter(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(*c)).collect();
    format!("http://{host}")
}

/// A file with the security headers of [`super::pages::secure`].
pub(super) fn file_response(content_type: &'static str, cache: &'static str, bytes: Vec<u8>) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, cache)], bytes).into_response();
    super::pages::secure(response.headers_mut(), super::pages::FILE_CSP);
    response
}

/// The interview's card as PNG (`public`: redacted), its QR code leading to
/// the card's page on `base_url`.
pub(super) async fn card_response(
    state: &AppState,
    interview: &StoredInterview,
    public: bool,
    base_url: &str,
    cache: &'static str,
) -> Result<Response, ApiError> {
    let page_url = format!("{base_url}/cards/{}", interview.row.public_id);
    let png = state.interviews.card_png(interview, public, page_url).await?;
    Ok(file_response("image/png", cache, png))
}

/// A recording, typed by its file's extension.
pub(super) fn recording_response(file: &str, bytes: Vec<u8>) -> Response {
    let mime = match file.rsplit('.').next() {
        Some("wav") => "audio/wav",
        Some("ogg" | "opus") => "audio/ogg",
        Some("mp3") => "audio/mpeg",
        Some("m4a" | "mp4") => "audio/mp4",
        _ => "audio/webm",
    };
    file_response(mime, "private, no-cache", bytes)
}

/// A photo (always stored as JPEG), private to whoever may see it.
pub(super) fn photo_response(bytes: Vec<u8>) -> Response {
    file_response("image/jpeg", "private, no-cache", bytes)
}
