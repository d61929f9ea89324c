//! The worker's side over HTTP: an interview, its answers, review and
//! publishing. The handlers read the request, call the interview core
//! ([`crate::interviews::Interviews`]) and shape its answer as JSON; the
//! rules about what may change when live in the core.
//!
//! The interview id is the worker's secret (their browser keeps it); the
//! profile id is the public name of the published card.

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::ClientAddr;
use super::error::{ApiError, ErrorBody};
use super::files::{card_response, photo_response};
use super::AppState;
use crate::extract::Profile;
use crate::interview::{InterviewLanguage, Question, Status};
use crate::interviews::{Answered, Given, Recording, StoredInterview};
use crate::pipeline::Edits;
use crate::ErrorCode;

/// Optional: the interview's language (`zh` when absent).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    language: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerView {
    pub seq: i64,
    pub question_id: String,
    pub question: String,
    pub transcript: String,
    pub duration_s: f64,
}

/// One thing the interviewer noted, labelled in the interview's language,
/// for the page to show ("what I understood") and, for lists, to remove.
#[derive(Debug, Serialize, ToSchema)]
pub struct Noted {
    pub code: String,
    pub label: String,
    pub evidence: Option<String>,
    pub removable: bool,
}

pub(super) fn noted(profile: &Profile, chinese: bool) -> Vec<Noted> {
    let taxonomy = crate::extract::Taxonomy::embedded();
    let scalar = |code: &str, label: String| Noted { code: code.into(), label, evidence: None, removable: false };
    let mut out = Vec::new();
    if let Some(n) = &profile.name {
        out.push(scalar("name", if chinese { format!("姓名 {n}") } else { format!("Name: {n}") }));
    }
    // The card's own wording, so the worker reads here what the card will say.
    for (field, mut line) in crate::card::render::scalar_lines(profile, chinese) {
        if field == "phone" {
            line.push_str(if chinese { "（只给招聘方）" } else { " (recruiters only)" });
        }
        out.push(scalar(field, line));
    }
    for fact in profile.services.iter().chain(&profile.skills).chain(&profile.certificates) {
        out.push(Noted {
            code: fact.code.clone(),
            label: taxonomy.label(&fact.code, chinese),
            evidence: Some(fact.evidence.clone()),
            removable: true,
        });
    }
    for language in &profile.languages {
        let label = taxonomy.label(language, chinese);
        out.push(Noted { code: language.clone(), label, evidence: None, removable: true });
    }
    out
}

/// A new interview: its secret id, its public id and the first question.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: String,
    pub profile_id: String,
    pub language: InterviewLanguage,
    pub question: Question,
    pub resume_code: Option<String>,
}

/// Questions answered so far, and in all as planned now.
#[derive(Debug, Serialize, ToSchema)]
pub struct Progress {
    pub answered: usize,
    pub total: usize,
}

impl Progress {
    fn of(interview: &StoredInterview, profile: &Profile) -> Progress {
        let (answered, total) = interview.progress(profile);
        Progress { answered, total }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InterviewView {
    pub id: String,
    pub profile_id: String,
    pub language: InterviewLanguage,
    pub status: Status,
    /// Six digits that resume this interview on another browser (a shared
    /// kiosk forgets it); null once expired.
    pub resume_code: Option<String>,
    pub progress: Progress,
    pub answers: Vec<AnswerView>,
    pub profile: Profile,
    pub noted: Vec<Noted>,
    pub edits: Edits,
    pub next_question: Option<Question>,
    pub has_photo: bool,
    pub card_url: Option<String>,
    /// Where families open the published card (its QR code): the public
    /// address, or null when the service has none (only a loopback one).
    pub share_url: Option<String>,
    /// The video self-introduction, if one is recorded.
    pub video: Option<VideoView>,
}

/// The worker's video self-introduction, as the review page shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct VideoView {
    pub url: String,
    /// WebVTT subtitles from what was heard.
    pub subtitles_url: String,
    /// The worker's consent to show it on the public card page.
    pub public: bool,
    pub duration_s: f64,
    /// What was heard (empty: nothing).
    pub transcript: String,
}

impl VideoView {
    fn of(interview: &StoredInterview) -> Option<VideoView> {
        let row = &interview.row;
        row.video.as_ref()?;
        let transcript = interview.answers.iter().find(|a| a.question_id == crate::interview::VIDEO_QUESTION_ID);
        Some(VideoView {
            url: format!("/api/interviews/{}/video", row.id),
            subtitles_url: format!("/api/interviews/{}/video.vtt", row.id),
            public: row.video_public,
            duration_s: row.video_duration_s.unwrap_or(0.0),
            transcript: transcript.map(|a| a.transcript.clone()).unwrap_or_default(),
        })
    }
}

/// `POST /api/interviews`: the worker has consented; the first question.
#[utoipa::path(post, path = "/api/interviews", tag = "interview", request_body(content = Option<CreateBody>),
    responses((status = 201, body = Created), (status = 400, body = ErrorBody)))]
pub async fn create(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let body: CreateBody = if body.iter().all(u8::is_ascii_whitespace) {
        CreateBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::invalid(format!("the body is not valid JSON: {e}")))?
    };
    let language = match body.language.as_deref() {
        None => InterviewLanguage::Zh,
        Some(code) => InterviewLanguage::parse(code)
            .ok_or_else(|| ApiError::invalid(format!("language must be \"zh\" or \"en\", not {code:?}")))?,
    };
    let (row, question) = state.interviews.create(language).await?;
    let body = Created { id: row.id, profile_id: row.public_id, language, question, resume_code: row.resume_code };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `GET /api/interviews/{id}`: everything needed to resume.
#[utoipa::path(get, path = "/api/interviews/{id}", tag = "interview", params(("id" = String, Path)),
    responses((status = 200, body = InterviewView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<InterviewView>, ApiError> {
    Ok(Json(InterviewView::of(state.interviews.get(&id).await?, &state, &headers)?))
}

/// An answer given without a recording (JSON): typed `text`, or
/// `"skip": true` to leave the question unanswered and move on.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextAnswer {
    question_id: Option<String>,
    text: Option<String>,
    #[serde(default)]
    skip: bool,
}

impl TextAnswer {
    fn given(self) -> Result<Given, ApiError> {
        match (self.text, self.skip) {
            (Some(_), true) => Err(ApiError::invalid("send either text or skip, not both")),
            (Some(text), false) => Ok(Given::Typed(text)),
            (None, true) => Ok(Given::Skipped),
            (None, false) => Err(ApiError::new(ErrorCode::MissingField, "send the answer as text, or skip: true")),
        }
    }
}

/// Longest JSON answer accepted, in bytes (a typed answer is at most
/// [`crate::interviews::MAX_TYPED_ANSWER_CHARS`] characters).
const TEXT_ANSWER_BODY_LIMIT: usize = 8 * 1024;

/// An answer's body: a recording (multipart) or typed words or a skip
/// (JSON), told apart by the content type.
async fn read_answer(request: Request) -> Result<(Given, Option<String>), ApiError> {
    let json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    if json {
        let answer: TextAnswer = super::read_json(request, TEXT_ANSWER_BODY_LIMIT, "a typed answer").await?;
        let asked = answer.question_id.clone();
        return Ok((answer.given()?, asked));
    }
    let multipart = Multipart::from_request(request, &()).await.map_err(|e| ApiError::invalid(e.body_text()))?;
    let Upload { bytes, extension, fields } = read_upload(multipart, UploadKind::Audio).await?;
    let asked = fields.into_iter().find(|(k, _)| k == "question_id").map(|(_, v)| v);
    Ok((Given::Spoken(Recording { bytes, extension }), asked))
}

/// An answer as uploaded (multipart): the recording, and optionally the
/// question it answers.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AnswerUpload {
    /// The recording (WebM/Opus, Ogg, WAV, MP3, M4A, FLAC).
    #[schema(value_type = String, format = Binary)]
    audio: Vec<u8>,
    question_id: Option<String>,
}

/// A photo as uploaded (multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PhotoUpload {
    /// JPEG or PNG, up to 40 megapixels.
    #[schema(value_type = String, format = Binary)]
    photo: Vec<u8>,
}

/// An upload read from a multipart form.
pub(super) struct Upload {
    pub(super) bytes: Vec<u8>,
    extension: &'static str,
    pub(super) fields: Vec<(String, String)>,
}

fn extension_for(content_type: Option<&str>, file_name: Option<&str>) -> &'static str {
    let known = ["webm", "ogg", "opus", "wav", "mp3", "m4a", "mp4", "flac", "jpg", "jpeg", "png"];
    let from_name = file_name.and_then(|n| n.rsplit_once('.')).map(|(_, e)| e.to_ascii_lowercase());
    if let Some(e) = from_name.as_deref().and_then(|e| known.iter().find(|k| **k == e)) {
        return e;
    }
    match content_type.unwrap_or("").split(';').next().unwrap_or("") {
        "audio/webm" | "video/webm" => "webm",
        "audio/ogg" => "ogg",
        "audio/wav" | "audio/x-wav" | "audio/wave" => "wav",
        "audio/mpeg" => "mp3",
        "audio/mp4" | "video/mp4" | "audio/aac" => "m4a",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "bin",
    }
}

/// What an upload is, for its field name and its errors.
#[derive(Clone, Copy)]
pub(super) enum UploadKind {
    Audio,
    Photo,
    Video,
}

impl UploadKind {
    fn field(self) -> &'static str {
        match self {
            UploadKind::Audio => "audio",
            UploadKind::Photo => "photo",
            UploadKind::Video => "video",
        }
    }

    /// The largest file of this kind (its route's body limit).
    fn limit(self) -> usize {
        match self {
            UploadKind::Audio | UploadKind::Photo => super::MAX_UPLOAD_BYTES,
            UploadKind::Video => crate::interviews::MAX_VIDEO_BYTES,
        }
    }
}

pub(super) async fn read_upload(mut multipart: Multipart, kind: UploadKind) -> Result<Upload, ApiError> {
    let file_field = kind.field();
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(ErrorCode::UploadTooLarge, format!("uploads are limited to {} MB", kind.limit() >> 20))
        } else {
            ApiError::invalid(format!("the upload could not be read: {}", e.body_text()))
        }
    };
    let mut upload = None;
    let mut fields = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or("").to_string();
        if name == file_field {
            let extension = extension_for(field.content_type(), field.file_name());
            let bytes = field.bytes().await.map_err(too_large)?.to_vec();
            upload = Some((bytes, extension));
        } else {
            fields.push((name, field.text().await.map_err(too_large)?));
        }
    }
    let (bytes, extension) = upload.ok_or_else(|| {
        ApiError::new(ErrorCode::MissingField, format!("send the file as the multipart field \"{file_field}\""))
    })?;
    if bytes.is_empty() {
        return Err(match kind {
            UploadKind::Audio => ApiError::new(ErrorCode::EmptyAudio, "the uploaded recording is empty"),
            UploadKind::Photo => ApiError::new(ErrorCode::UnreadablePhoto, "the uploaded photo is empty"),
            UploadKind::Video => ApiError::new(ErrorCode::UnsupportedVideo, "the uploaded video is empty"),
        });
    }
    Ok(Upload { bytes, extension, fields })
}

impl InterviewView {
    pub(super) fn of(
        interview: StoredInterview,
        state: &AppState,
        headers: &HeaderMap,
    ) -> Result<InterviewView, ApiError> {
        let profile = interview.profile()?;
        let plan = interview.plan();
        let progress = Progress::of(&interview, &profile);
        let StoredInterview { row, answers } = &interview;
        Ok(InterviewView {
            progress,
            resume_code: row.resume_code.clone(),
            edits: interview.edits()?,
            noted: noted(&profile, interview.chinese()),
            card_url: (row.status == Status::Published).then(|| format!("/cards/{}.png", row.public_id)),
            share_url: (row.status == Status::Published)
                .then(|| state.public_url.card_page(headers, &row.public_id))
                .flatten(),
            has_photo: row.photo.is_some(),
            video: VideoView::of(&interview),
            answers: answers
                .iter()
                .map(|a| AnswerView {
                    question: plan.text_of(&a.question_id, &profile).unwrap_or_default(),
                    seq: a.seq,
                    question_id: a.question_id.clone(),
                    transcript: a.transcript.clone(),
                    duration_s: a.duration_s,
                })
                .collect(),
            next_question: interview.next_question(&profile),
            profile,
            id: row.id.clone(),
            profile_id: row.public_id.clone(),
            language: row.language,
            status: row.status,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerResponse {
    /// The stored answer's number; null when nothing was heard (a recording
    /// under a second, or silence): nothing was stored and the question stays.
    seq: Option<i64>,
    question_id: String,
    transcript: String,
    /// False when nothing was heard: the question is asked again.
    heard: bool,
    duration_s: f64,
    profile: Profile,
    noted: Vec<Noted>,
    next_question: Option<Question>,
    progress: Progress,
}

impl From<Answered> for AnswerResponse {
    fn from(answered: Answered) -> AnswerResponse {
        let Answered { seq, question_id, transcript, interview, profile, next_question } = answered;
        AnswerResponse {
            seq,
            question_id,
            heard: seq.is_some() && !transcript.text.trim().is_empty(),
            transcript: transcript.text,
            duration_s: transcript.duration_s,
            noted: noted(&profile, interview.chinese()),
            progress: Progress::of(&interview, &profile),
            next_question,
            profile,
        }
    }
}

/// `POST /api/interviews/{id}/answers`: the answer to the question now
/// asked: multipart `audio` (and optionally `question_id`, refused when it
/// is not the question now asked), or JSON with typed `text` or `skip`.
#[utoipa::path(post, path = "/api/interviews/{id}/answers", tag = "interview", params(("id" = String, Path)),
    request_body(content((AnswerUpload = "multipart/form-data"), (TextAnswer = "application/json"))),
    responses((status = 200, body = AnswerResponse), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn answer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Json<AnswerResponse>, ApiError> {
    let (given, asked) = read_answer(request).await?;
    Ok(Json(state.interviews.answer(&id, given, asked.as_deref()).await?.into()))
}

/// `POST /api/interviews/{id}/answers/{seq}`: answer `seq` again, recorded
/// (multipart `audio`) or typed (JSON `text`).
#[utoipa::path(post, path = "/api/interviews/{id}/answers/{seq}", tag = "interview",
    params(("id" = String, Path), ("seq" = i64, Path)),
    request_body(content((AnswerUpload = "multipart/form-data"), (TextAnswer = "application/json"))),
    responses((status = 200, body = AnswerResponse), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn rerecord(
    State(state): State<AppState>,
    Path((id, seq)): Path<(String, i64)>,
    request: Request,
) -> Result<Json<AnswerResponse>, ApiError> {
    let (given, _) = read_answer(request).await?;
    if matches!(given, Given::Skipped) {
        return Err(ApiError::invalid("an answer already given cannot be skipped; delete it by editing the card"));
    }
    Ok(Json(state.interviews.rerecord(&id, seq, given).await?.into()))
}

const RESUME_BODY_LIMIT: usize = 1024;

/// A resume code as the worker types it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResumeBody {
    code: String,
}

/// The interview a resume code opens.
#[derive(Debug, Serialize, ToSchema)]
pub struct Resumed {
    pub id: String,
}

/// `POST /api/resume`: the secret id of the interview with this six-digit
/// code. Wrong codes are throttled per client as failed logins are.
#[utoipa::path(post, path = "/api/resume", tag = "interview", request_body = ResumeBody,
    responses((status = 200, body = Resumed), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn resume(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    request: Request,
) -> Result<Json<Resumed>, ApiError> {
    let body: ResumeBody = super::read_json(request, RESUME_BODY_LIMIT, "a resume code").await?;
    // Counted per code and per client: one kiosk trying many codes is
    // slowed down and then stopped, like a password guesser.
    let account = format!("resume code {}", body.code.chars().filter(char::is_ascii_digit).collect::<String>());
    let attempt =
        state.throttle.begin(&account, addr.map(|a| a.ip()), "too many wrong codes; please wait and try again").await?;
    match state.interviews.resume(&body.code).await {
        Ok(id) => {
            state.throttle.succeeded(attempt).await;
            Ok(Json(Resumed { id }))
        }
        Err(e) => {
            state.throttle.failed(attempt);
            Err(e.into())
        }
    }
}

/// `PATCH /api/interviews/{id}/profile`: the worker's corrections at review
/// (`{"removed": [codes], "age", "years_experience", "expected_salary_cny_month",
/// "name", "hometown", "work_area", "phone", "notes": [typed text]}`).
#[utoipa::path(patch, path = "/api/interviews/{id}/profile", tag = "interview", params(("id" = String, Path)),
    request_body = Edits,
    responses((status = 200, body = InterviewView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<InterviewView>, ApiError> {
    let edits: Edits =
        serde_json::from_slice(&body).map_err(|e| ApiError::invalid(format!("the edits are not valid: {e}")))?;
    Ok(Json(InterviewView::of(state.interviews.edit(&id, edits).await?, &state, &headers)?))
}

/// `POST /api/interviews/{id}/photo`: multipart `photo` (JPEG or PNG),
/// re-encoded, which also drops its metadata (location, device).
#[utoipa::path(post, path = "/api/interviews/{id}/photo", tag = "interview", params(("id" = String, Path)),
    request_body(content = PhotoUpload, content_type = "multipart/form-data"),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody)))]
pub async fn upload_photo(
    State(state): State<AppState>,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<StatusCode, ApiError> {
    let upload = read_upload(multipart, UploadKind::Photo).await?;
    state.interviews.set_photo(&id, upload.bytes).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/interviews/{id}/photo`: the worker's own photo.
#[utoipa::path(get, path = "/api/interviews/{id}/photo", tag = "interview", params(("id" = String, Path)),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>), (status = 404, body = ErrorBody)))]
pub async fn photo(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let interview = state.interviews.get(&id).await?;
    Ok(photo_response(state.interviews.photo(&interview).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CardQuery {
    /// `private` shows the card as recruiters see it (with the phone).
    view: Option<String>,
}

/// `GET /api/interviews/{id}/card.png`: the card for review (by default as
/// families will see it).
#[utoipa::path(get, path = "/api/interviews/{id}/card.png", tag = "interview", params(("id" = String, Path), CardQuery),
    responses((status = 200, content_type = "image/png", body = Vec<u8>), (status = 404, body = ErrorBody)))]
pub async fn card(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<CardQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let interview = state.interviews.get(&id).await?;
    let public = query.view.as_deref() != Some("private");
    card_response(&state, &interview, public, &headers, "no-cache").await
}

/// `POST /api/interviews/{id}/finish`: the worker has said enough; review.
#[utoipa::path(post, path = "/api/interviews/{id}/finish", tag = "interview", params(("id" = String, Path)),
    responses((status = 200, body = InterviewView), (status = 404, body = ErrorBody)))]
pub async fn finish(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<InterviewView>, ApiError> {
    Ok(Json(InterviewView::of(state.interviews.finish(&id).await?, &state, &headers)?))
}

/// `POST /api/interviews/{id}/reopen`: more questions after a review
/// (not after publishing: edit the card instead).
#[utoipa::path(post, path = "/api/interviews/{id}/reopen", tag = "interview", params(("id" = String, Path)),
    responses((status = 200, body = InterviewView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn reopen(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<InterviewView>, ApiError> {
    Ok(Json(InterviewView::of(state.interviews.reopen(&id).await?, &state, &headers)?))
}

/// Where a published card can be seen.
#[derive(Debug, Serialize, ToSchema)]
pub struct Published {
    pub profile_id: String,
    pub card_url: String,
    pub page_url: String,
    /// The card page's whole address, as the card's QR code gives it
    /// (`--public-url`); null when there is none a phone could open.
    pub share_url: Option<String>,
}

/// `POST /api/interviews/{id}/publish`: into the index and the gallery.
#[utoipa::path(post, path = "/api/interviews/{id}/publish", tag = "interview", params(("id" = String, Path)),
    responses((status = 200, body = Published), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Published>, ApiError> {
    let public_id = state.interviews.publish(&id).await?.row.public_id;
    Ok(Json(Published {
        card_url: format!("/cards/{public_id}.png"),
        page_url: format!("/cards/{public_id}"),
        share_url: state.public_url.card_page(&headers, &public_id),
        profile_id: public_id,
    }))
}

/// `DELETE /api/interviews/{id}`: the profile, card and recordings, gone.
#[utoipa::path(delete, path = "/api/interviews/{id}", tag = "interview", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete(State(state): State<AppState>, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    state.interviews.delete(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_keep_a_sensible_extension() {
        assert_eq!(extension_for(Some("audio/webm;codecs=opus"), Some("blob")), "webm");
        assert_eq!(extension_for(None, Some("answer.WAV")), "wav");
        assert_eq!(extension_for(Some("application/octet-stream"), Some("../../etc/passwd")), "bin");
    }
}
