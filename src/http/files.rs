//! Every response that carries a file (a card, a photo, a recording), in one
//! place: these bytes come from workers, so each goes out with the headers
//! that keep a browser from taking it for a page.

use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::AppState;
use crate::interviews::StoredInterview;

/// A file with the security headers of [`super::pages::secure`].
pub(super) fn file_response(content_type: &'static str, cache: &'static str, bytes: Vec<u8>) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, cache)], bytes).into_response();
    super::pages::secure(response.headers_mut(), super::pages::FILE_CSP);
    response
}

/// The interview's card as PNG (`public`: redacted), its QR code leading to
/// the card's public page (none where there is no address a phone could
/// open: see [`super::PublicUrl`]).
pub(super) async fn card_response(
    state: &AppState,
    interview: &StoredInterview,
    public: bool,
    headers: &HeaderMap,
    cache: &'static str,
) -> Result<Response, ApiError> {
    let page_url = state.public_url.card_page(headers, &interview.row.public_id).unwrap_or_default();
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
