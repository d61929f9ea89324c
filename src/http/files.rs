//! Every response that carries a file (a card, a photo, a recording, a
//! video and its subtitles), in one place: these bytes come from workers,
//! so each goes out with the headers that keep a browser from taking it for
//! a page.

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

/// Bytes read from a file at a time while it is sent.
const CHUNK_BYTES: usize = 64 * 1024;

/// A file that may be large and is played, not downloaded (a video):
/// streamed from disk, one `Range` honoured (206, or 416 past its end), with
/// `Accept-Ranges` so a player knows it may seek.
pub(super) async fn ranged_file_response(
    path: &std::path::Path,
    content_type: &'static str,
    cache: &'static str,
    request: &HeaderMap,
) -> Result<Response, ApiError> {
    use axum::http::{HeaderValue, StatusCode};
    use tokio::io::{AsyncReadExt, AsyncSeekExt};

    let gone = |_| ApiError::not_found("the video");
    let mut file = tokio::fs::File::open(path).await.map_err(gone)?;
    let len = file.metadata().await.map_err(gone)?.len();
    // We send no validators, so an If-Range never matches: the whole file.
    let asked =
        request.get(header::RANGE).and_then(|v| v.to_str().ok()).filter(|_| !request.contains_key(header::IF_RANGE));
    let (status, start, end) = match super::range::ByteRange::of(asked, len) {
        super::range::ByteRange::Whole => (StatusCode::OK, 0, len),
        super::range::ByteRange::Part { start, end } => (StatusCode::PARTIAL_CONTENT, start, end + 1),
        super::range::ByteRange::Unsatisfiable => {
            let mut response =
                ApiError::new(crate::ErrorCode::RangeNotSatisfiable, format!("the file has {len} bytes"))
                    .into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_RANGE, HeaderValue::from_str(&format!("bytes */{len}")).expect("ASCII"));
            headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            return Ok(response);
        }
    };
    if start > 0 {
        file.seek(std::io::SeekFrom::Start(start))
            .await
            .map_err(|e| ApiError::internal(crate::ErrorCode::StorageFailed, &e))?;
    }
    let body = futures_util::stream::unfold((file, end - start), |(mut file, left)| async move {
        if left == 0 {
            return None;
        }
        let mut chunk = vec![0u8; CHUNK_BYTES.min(left as usize)];
        match file.read(&mut chunk).await {
            // Cut short (the file shrank): the length already sent will not
            // match, and the client sees a broken response, not wrong bytes.
            Ok(0) => None,
            Ok(n) => {
                chunk.truncate(n);
                Some((Ok::<_, std::io::Error>(axum::body::Bytes::from(chunk)), (file, left - n as u64)))
            }
            Err(e) => Some((Err(e), (file, 0))),
        }
    });
    let mut response = Response::new(axum::body::Body::from_stream(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(end - start));
    if status == StatusCode::PARTIAL_CONTENT {
        let range = format!("bytes {start}-{}/{len}", end - 1);
        headers.insert(header::CONTENT_RANGE, HeaderValue::from_str(&range).expect("ASCII"));
    }
    super::pages::secure(headers, super::pages::FILE_CSP);
    Ok(response)
}

/// Subtitles (WebVTT), with the files' headers.
pub(super) fn subtitles_response(vtt: String, cache: &'static str) -> Response {
    let mut response =
        ([(header::CONTENT_TYPE, "text/vtt; charset=utf-8"), (header::CACHE_CONTROL, cache)], vtt).into_response();
    super::pages::secure(response.headers_mut(), super::pages::FILE_CSP);
    response
}
