//! The video self-introduction over HTTP: the worker records, replaces,
//! deletes it and says whether families may see it; logged-in recruiters
//! always may; the public card page shows it only with that consent.
//!
//! Videos are played, so they are streamed with `Range` support (a player
//! starts before the whole file is here, and seeks); subtitles are WebVTT.
//! The rules (limits, consent, what the words feed) live in the core,
//! [`crate::interviews::Interviews`].

use axum::extract::{Multipart, Path, Request, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;

use super::auth::Recruiter;
use super::error::{ApiError, ErrorBody};
use super::files::{ranged_file_response, subtitles_response};
use super::interviews::{read_upload, InterviewView, UploadKind};
use super::AppState;
use crate::interviews::StoredInterview;

/// What the three video routes answer when the video is there: all of it,
/// or the part a player's `Range` asked for.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
enum VideoBody {
    /// The whole video.
    #[response(status = 200, content_type = "video/webm")]
    Whole(Vec<u8>),
    /// The part a `Range: bytes=…` asked for.
    #[response(status = 206, content_type = "video/webm")]
    Part(Vec<u8>),
}

/// How a 404 names what was not found.
const VIDEO: &str = "the video";

/// A video as uploaded (multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct VideoUpload {
    /// WebM or MP4 as a phone's MediaRecorder writes it, 5 to 45 s (20 to
    /// 40 s is asked for), at most 30 MB.
    #[schema(value_type = String, format = Binary)]
    video: Vec<u8>,
    /// `true` to show it on the public card page; anything else keeps it
    /// for logged-in recruiters only.
    public: Option<bool>,
}

/// The worker's choice: may families see the video on the public card page?
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VideoConsent {
    public: bool,
}

const CONSENT_BODY_LIMIT: usize = 1024;

/// `POST /api/interviews/{id}/video`: records (or replaces) the video
/// self-introduction: multipart `video`, and `public=true` only with the
/// worker's explicit consent to show it publicly. Its words are heard like
/// an answer's and feed the profile; they also become its subtitles.
#[utoipa::path(post, path = "/api/interviews/{id}/video", tag = "interview", params(("id" = String, Path)),
    request_body(content = VideoUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = InterviewView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Json<InterviewView>, ApiError> {
    let upload = read_upload(multipart, UploadKind::Video).await?;
    let public = upload.fields.iter().any(|(name, value)| name == "public" && value.trim() == "true");
    Ok(Json(InterviewView::of(state.interviews.set_video(&id, upload.bytes, public).await?, &state, &headers)?))
}

/// `PATCH /api/interviews/{id}/video` (`{"public": bool}`): the worker gives
/// or withdraws consent to show the video on the public card page.
#[utoipa::path(patch, path = "/api/interviews/{id}/video", tag = "interview", params(("id" = String, Path)),
    request_body = VideoConsent,
    responses((status = 200, body = InterviewView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn consent(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request: Request,
) -> Result<Json<InterviewView>, ApiError> {
    let body: VideoConsent = super::read_json(request, CONSENT_BODY_LIMIT, "a video consent").await?;
    Ok(Json(InterviewView::of(state.interviews.set_video_public(&id, body.public).await?, &state, &headers)?))
}

/// `DELETE /api/interviews/{id}/video`: the video, its subtitles and its
/// words, gone (the profile loses what only the video said).
#[utoipa::path(delete, path = "/api/interviews/{id}/video", tag = "interview", params(("id" = String, Path)),
    responses((status = 200, body = InterviewView), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<InterviewView>, ApiError> {
    Ok(Json(InterviewView::of(state.interviews.delete_video(&id).await?, &state, &headers)?))
}

/// The video's bytes (`Range` honoured) with the files' headers.
async fn video_response(
    state: &AppState,
    interview: &StoredInterview,
    cache: &'static str,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    let (path, content_type) = state.interviews.video_file(interview)?;
    ranged_file_response(&path, content_type, cache, headers).await
}

/// `GET /api/interviews/{id}/video`: the worker's own video.
#[utoipa::path(get, path = "/api/interviews/{id}/video", tag = "interview", params(("id" = String, Path)),
    responses(VideoBody,
        (status = 404, body = ErrorBody), (status = 416, body = ErrorBody)))]
pub async fn own(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let interview = state.interviews.get(&id).await?;
    video_response(&state, &interview, "private, no-cache", &headers).await
}

/// `GET /api/interviews/{id}/video.vtt`: its subtitles, as heard.
#[utoipa::path(get, path = "/api/interviews/{id}/video.vtt", tag = "interview", params(("id" = String, Path)),
    responses((status = 200, content_type = "text/vtt", body = String), (status = 404, body = ErrorBody)))]
pub async fn own_subtitles(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let interview = state.interviews.get(&id).await?;
    Ok(subtitles_response(state.interviews.video_subtitles(&interview, false).await?, "private, no-cache"))
}

/// `GET /api/workers/{pid}/video`: a published worker's video, for recruiters.
#[utoipa::path(get, path = "/api/workers/{pid}/video", tag = "recruiter", params(("pid" = String, Path)),
    responses(VideoBody,
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 416, body = ErrorBody)))]
pub async fn worker(
    State(state): State<AppState>,
    _recruiter: Recruiter,
    Path(public_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let interview = state.interviews.published(&public_id, VIDEO).await?;
    video_response(&state, &interview, "private, no-store", &headers).await
}

/// `GET /api/workers/{pid}/video.vtt`: its subtitles, for recruiters.
#[utoipa::path(get, path = "/api/workers/{pid}/video.vtt", tag = "recruiter", params(("pid" = String, Path)),
    responses((status = 200, content_type = "text/vtt", body = String), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn worker_subtitles(
    State(state): State<AppState>,
    _recruiter: Recruiter,
    Path(public_id): Path<String>,
) -> Result<Response, ApiError> {
    let interview = state.interviews.published(&public_id, VIDEO).await?;
    Ok(subtitles_response(state.interviews.video_subtitles(&interview, false).await?, "private, no-store"))
}

/// A published worker whose video families may see, or 404: without her
/// consent the video does not exist for the public.
pub(super) async fn public_video(state: &AppState, public_id: &str) -> Result<StoredInterview, ApiError> {
    let interview = state.interviews.published(public_id, VIDEO).await?;
    if !interview.video_is_public() {
        return Err(ApiError::not_found(VIDEO));
    }
    Ok(interview)
}

/// `GET /cards/{pid}/video`: the video on the public card page, only with
/// the worker's consent (404 otherwise).
#[utoipa::path(get, path = "/cards/{pid}/video", tag = "gallery", params(("pid" = String, Path)),
    responses(VideoBody,
        (status = 404, body = ErrorBody), (status = 416, body = ErrorBody)))]
pub async fn public(
    State(state): State<AppState>,
    Path(public_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let interview = public_video(&state, &public_id).await?;
    // Not kept by caches: withdrawn consent must take effect at once.
    video_response(&state, &interview, "no-store", &headers).await
}

/// `GET /cards/{pid}/video.vtt`: its subtitles, redacted as the public card
/// is (no long numbers, no full name).
#[utoipa::path(get, path = "/cards/{pid}/video.vtt", tag = "gallery", params(("pid" = String, Path)),
    responses((status = 200, content_type = "text/vtt", body = String), (status = 404, body = ErrorBody)))]
pub async fn public_subtitles(
    State(state): State<AppState>,
    Path(public_id): Path<String>,
) -> Result<Response, ApiError> {
    let interview = public_video(&state, &public_id).await?;
    Ok(subtitles_response(state.interviews.video_subtitles(&interview, true).await?, "no-store"))
}
