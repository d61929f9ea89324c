//! The worker's side: an interview, its answers, review and publishing.
//!
//! The interview id is the worker's secret (their browser keeps it); the
//! profile id is the public name of the published card. An answer is
//! acknowledged only once its audio file and its row are both durable, and
//! the profile and the next question are always recomputed from the stored
//! answers, so a reload or a restart carries on exactly where it was.

use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::gallery::{card_png, host_url};
use super::AppState;
use crate::extract::Profile;
use crate::index::Document;
use crate::interview::{AnswerSummary, InterviewLanguage, Question, QuestionPlan};
use crate::pipeline::{derive_profile, Edits};
use crate::store::{AnswerRow, InterviewRow, NewAnswer, AUDIO_DIR, PHOTO_DIR};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    language: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AnswerView {
    pub seq: i64,
    pub question_id: String,
    pub question: String,
    pub transcript: String,
    pub duration_s: f64,
}

/// One thing the interviewer noted, labelled in the interview's language,
/// for the page to show ("what I understood") and, for lists, to remove.
#[derive(Debug, Serialize)]
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

#[derive(Debug, Serialize)]
pub struct InterviewView {
    pub id: String,
    pub profile_id: String,
    pub language: String,
    pub status: String,
    pub answers: Vec<AnswerView>,
    pub profile: Profile,
    pub noted: Vec<Noted>,
    pub edits: Edits,
    pub next_question: Option<Question>,
    pub has_photo: bool,
    pub card_url: Option<String>,
}

pub(super) fn language_of(row: &InterviewRow) -> InterviewLanguage {
    InterviewLanguage::parse(&row.language).unwrap_or(InterviewLanguage::Zh)
}

pub(super) fn edits_of(row: &InterviewRow) -> Result<Edits, ApiError> {
    serde_json::from_str(&row.edits)
        .map_err(|e| ApiError::from(crate::store::StoreError::Corrupt(format!("edits of {}: {e}", row.public_id))))
}

/// The profile the stored answers and edits say.
pub(super) fn profile_of(row: &InterviewRow, answers: &[AnswerRow]) -> Result<Profile, ApiError> {
    Ok(derive_profile(answers.iter().map(|a| a.transcript.as_str()), &edits_of(row)?, language_of(row).chinese()))
}

fn summaries(answers: &[AnswerRow]) -> Vec<AnswerSummary> {
    answers.iter().map(|a| AnswerSummary::new(&a.question_id, &a.transcript)).collect()
}

fn next_question(row: &InterviewRow, answers: &[AnswerRow], profile: &Profile) -> Option<Question> {
    if row.status != "open" {
        return None;
    }
    QuestionPlan::embedded(language_of(row)).next(&summaries(answers), profile)
}

async fn interview(state: &AppState, id: &str) -> Result<InterviewRow, ApiError> {
    state.store.interview(id).await?.ok_or_else(|| ApiError::not_found("the interview"))
}

async fn load(state: &AppState, id: &str) -> Result<(InterviewRow, Vec<AnswerRow>), ApiError> {
    let row = interview(state, id).await?;
    let answers = state.store.answers(id).await?;
    Ok((row, answers))
}

fn view(row: InterviewRow, answers: Vec<AnswerRow>) -> Result<InterviewView, ApiError> {
    let profile = profile_of(&row, &answers)?;
    let next = next_question(&row, &answers, &profile);
    let plan = QuestionPlan::embedded(language_of(&row));
    Ok(InterviewView {
        edits: edits_of(&row)?,
        noted: noted(&profile, language_of(&row).chinese()),
        card_url: (row.status == "published").then(|| format!("/cards/{}.png", row.public_id)),
        has_photo: row.photo.is_some(),
        answers: answers
            .into_iter()
            .map(|a| AnswerView {
                question: plan.text_of(&a.question_id, &profile).unwrap_or_default(),
                seq: a.seq,
                question_id: a.question_id,
                transcript: a.transcript,
                duration_s: a.duration_s,
            })
            .collect(),
        profile,
        next_question: next,
        id: row.id,
        profile_id: row.public_id,
        language: row.language,
        status: row.status,
    })
}

/// `POST /api/interviews`: the worker has consented; the first question.
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
    let row = state.store.create_interview(language.code()).await?;
    let question = QuestionPlan::embedded(language).first();
    tracing::info!(profile_id = %row.public_id, language = language.code(), "interview started");
    let body = serde_json::json!({
        "id": row.id, "profile_id": row.public_id, "language": row.language, "question": question,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `GET /api/interviews/{id}`: everything needed to resume.
pub async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<InterviewView>, ApiError> {
    let (row, answers) = load(&state, &id).await?;
    Ok(Json(view(row, answers)?))
}

/// An upload read from a multipart form.
struct Upload {
    bytes: Vec<u8>,
    extension: &'static str,
    fields: Vec<(String, String)>,
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
enum UploadKind {
    Audio,
    Photo,
}

impl UploadKind {
    fn field(self) -> &'static str {
        match self {
            UploadKind::Audio => "audio",
            UploadKind::Photo => "photo",
        }
    }
}

async fn read_upload(mut multipart: Multipart, kind: UploadKind) -> Result<Upload, ApiError> {
    let file_field = kind.field();
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new("upload_too_large", format!("uploads are limited to {} MB", super::MAX_UPLOAD_BYTES >> 20))
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
        ApiError::new("missing_field", format!("send the file as the multipart field \"{file_field}\""))
    })?;
    if bytes.is_empty() {
        return Err(match kind {
            UploadKind::Audio => ApiError::new("empty_audio", "the uploaded recording is empty"),
            UploadKind::Photo => ApiError::new("unreadable_photo", "the uploaded photo is empty"),
        });
    }
    Ok(Upload { bytes, extension, fields })
}

/// Marks an interview as having an answer in flight; released on drop.
struct AnsweringGuard {
    state: AppState,
    id: String,
}

impl AnsweringGuard {
    fn take(state: &AppState, id: &str) -> Result<AnsweringGuard, ApiError> {
        let mut set = state.answering.lock().unwrap_or_else(|e| e.into_inner());
        if !set.insert(id.to_string()) {
            return Err(ApiError::new("answer_in_progress", "the previous answer is still being processed"));
        }
        Ok(AnsweringGuard { state: state.clone(), id: id.to_string() })
    }
}

impl Drop for AnsweringGuard {
    fn drop(&mut self) {
        self.state.answering.lock().unwrap_or_else(|e| e.into_inner()).remove(&self.id);
    }
}

#[derive(Debug, Serialize)]
pub struct AnswerResponse {
    seq: i64,
    question_id: String,
    transcript: String,
    /// False when nothing was said: the question is asked again.
    heard: bool,
    duration_s: f64,
    profile: Profile,
    noted: Vec<Noted>,
    next_question: Option<Question>,
}

impl AnswerResponse {
    fn new(
        seq: i64,
        question_id: String,
        transcript: crate::stt::Transcript,
        row: &InterviewRow,
        answers: &[AnswerRow],
    ) -> Result<AnswerResponse, ApiError> {
        let profile = profile_of(row, answers)?;
        Ok(AnswerResponse {
            seq,
            question_id,
            heard: !transcript.text.trim().is_empty(),
            transcript: transcript.text,
            duration_s: transcript.duration_s,
            noted: noted(&profile, language_of(row).chinese()),
            next_question: next_question(row, answers, &profile),
            profile,
        })
    }
}

/// Decodes the upload and waits for its transcript. Nothing is stored yet:
/// the caller stores the recording with its row, under the interview's lock.
async fn transcribe_upload(
    state: &AppState,
    row: &InterviewRow,
    upload: Upload,
) -> Result<(Upload, crate::stt::Transcript), ApiError> {
    let (max, decoder) = (state.max_answer_seconds, state.decoder.clone());
    // The permit goes with the decoding, not the request: a client that
    // hangs up does not free a place while its child still runs.
    let permit = state.audio_decoding.clone().acquire_owned().await.map_err(|_| ApiError::busy())?;
    let (audio, upload) = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        (decoder.decode(&upload.bytes, max), upload)
    })
    .await
    .map_err(|_| ApiError::new("corrupt_audio", "the recording could not be decoded"))?;
    let language = if language_of(row).chinese() { crate::stt::Language::Zh } else { crate::stt::Language::En };
    // A full queue is a 503 at once; a request that goes away (its client,
    // the timeout) takes its queued job with it.
    let transcript = state.pipeline.transcribe(audio?, language)?.wait().await??;
    Ok((upload, transcript))
}

/// The interview as it is now, with its lock held: every change starts
/// here, so one that raced a deletion finds nothing (404) and writes nothing.
async fn lock_existing<'a>(
    state: &'a AppState,
    id: &str,
) -> Result<(tokio::sync::MutexGuard<'a, ()>, InterviewRow, Vec<AnswerRow>), ApiError> {
    let lock = state.locks.lock(id).await;
    let (row, answers) = load(state, id).await?;
    Ok((lock, row, answers))
}

/// `POST /api/interviews/{id}/answers`: multipart `audio` (and optionally
/// `question_id`, refused when it is not the question now asked).
pub async fn answer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<Json<AnswerResponse>, ApiError> {
    let upload = read_upload(multipart, UploadKind::Audio).await?;
    let _answering = AnsweringGuard::take(&state, &id)?;
    let (row, answers) = load(&state, &id).await?;
    let question = next_question(&row, &answers, &profile_of(&row, &answers)?)
        .ok_or_else(|| ApiError::new("interview_finished", "the interview has no more questions"))?;
    if let Some((_, asked)) = upload.fields.iter().find(|(k, _)| k == "question_id") {
        if *asked != question.id {
            return Err(ApiError::new("wrong_question", format!("the question now asked is {:?}", question.id)));
        }
    }
    let (upload, transcript) = transcribe_upload(&state, &row, upload).await?;

    // From here the change runs to its end even if the request is dropped
    // (client gone, timeout): cut half-way, a committed row could lose its file.
    detached(async move {
        let (_lock, row, mut answers) = lock_existing(&state, &id).await?;
        // An edit or "finish" may have moved the interview on meanwhile.
        if next_question(&row, &answers, &profile_of(&row, &answers)?).map(|q| q.id).as_ref() != Some(&question.id) {
            return Err(ApiError::new("wrong_question", "the interview moved on while this answer was being heard"));
        }
        let file = state.store.write_file(AUDIO_DIR, &row.public_id, upload.extension, upload.bytes).await?;
        let new = NewAnswer {
            question_id: &question.id,
            audio: Some(file.name()),
            transcript: &transcript.text,
            duration_s: transcript.duration_s,
        };
        let seq = state.store.add_answer(&id, new).await?;
        let file = file.keep();
        let chars = transcript.text.chars().count();
        tracing::info!(profile_id = %row.public_id, seq, question = %question.id, chars, "answer stored");
        answers.push(AnswerRow {
            seq,
            question_id: question.id.clone(),
            audio: Some(file),
            transcript: transcript.text.clone(),
            duration_s: transcript.duration_s,
        });
        Ok(Json(AnswerResponse::new(seq, question.id, transcript, &row, &answers)?))
    })
    .await
}

/// `POST /api/interviews/{id}/answers/{seq}`: records answer `seq` again.
pub async fn rerecord(
    State(state): State<AppState>,
    Path((id, seq)): Path<(String, i64)>,
    multipart: Multipart,
) -> Result<Json<AnswerResponse>, ApiError> {
    let upload = read_upload(multipart, UploadKind::Audio).await?;
    let _answering = AnsweringGuard::take(&state, &id)?;
    let (row, answers) = load(&state, &id).await?;
    if !answers.iter().any(|a| a.seq == seq) {
        return Err(ApiError::not_found("that answer"));
    }
    let (upload, transcript) = transcribe_upload(&state, &row, upload).await?;

    detached(async move {
        let (_lock, row, mut answers) = lock_existing(&state, &id).await?;
        let position = answers.iter().position(|a| a.seq == seq).ok_or_else(|| ApiError::not_found("that answer"))?;
        let file = state.store.write_file(AUDIO_DIR, &row.public_id, upload.extension, upload.bytes).await?;
        let new = NewAnswer {
            question_id: &answers[position].question_id,
            audio: Some(file.name()),
            transcript: &transcript.text,
            duration_s: transcript.duration_s,
        };
        let old = state.store.replace_answer(&id, seq, new).await?;
        let file = file.keep();
        if let Some(old) = old {
            let _ = std::fs::remove_file(state.store.audio_path(&old));
        }
        answers[position].transcript = transcript.text.clone();
        answers[position].audio = Some(file);
        let response = AnswerResponse::new(seq, answers[position].question_id.clone(), transcript, &row, &answers)?;
        if row.status == "published" {
            republish(&state, &row, &answers, &response.profile).await?;
        }
        Ok(Json(response))
    })
    .await
}

/// `PATCH /api/interviews/{id}/profile`: the worker's corrections at review
/// (`{"removed": [codes], "age", "years_experience", "expected_salary_cny_month"}`).
pub async fn edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<InterviewView>, ApiError> {
    let edits: Edits =
        serde_json::from_slice(&body).map_err(|e| ApiError::invalid(format!("the edits are not valid: {e}")))?;
    edits.validate().map_err(ApiError::invalid)?;
    detached(async move {
        let (_lock, row, answers) = lock_existing(&state, &id).await?;
        let text = serde_json::to_string(&edits).unwrap_or_else(|_| "{}".into());
        state.store.set_edits(&id, &text).await?;
        let row = InterviewRow { edits: text, ..row };
        if row.status == "published" {
            let profile = profile_of(&row, &answers)?;
            republish(&state, &row, &answers, &profile).await?;
        }
        Ok(Json(view(row, answers)?))
    })
    .await
}

/// `POST /api/interviews/{id}/photo`: multipart `photo` (JPEG or PNG). The
/// photo is re-encoded, which also drops its metadata (location, device).
pub async fn upload_photo(
    State(state): State<AppState>,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<StatusCode, ApiError> {
    let upload = read_upload(multipart, UploadKind::Photo).await?;
    interview(&state, &id).await?;
    let jpeg = {
        let permit = state.photo_decoding.clone().acquire_owned().await.map_err(|_| ApiError::busy())?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            reencode_photo(&upload.bytes)
        })
        .await
        .map_err(|_| ApiError::new("unreadable_photo", "the photo could not be read"))?
        .map_err(|e| ApiError::new("unreadable_photo", e))?
    };
    detached(async move {
        let (_lock, row, _) = lock_existing(&state, &id).await?;
        let file = state.store.write_file(PHOTO_DIR, &row.public_id, "jpg", jpeg).await?;
        let old = state.store.set_photo(&id, file.name()).await?;
        file.keep();
        if let Some(old) = old {
            let _ = std::fs::remove_file(state.store.photo_path(&old));
        }
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// A JPEG of at most 800×800 from an uploaded JPEG or PNG. The size is read
/// from the header and checked before any pixel is decoded, and the decoder
/// is held to a memory limit: a small file can claim a huge image.
fn reencode_photo(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use super::{MAX_PHOTO_BYTES_DECODED, MAX_PHOTO_PIXELS};
    let unreadable = |e: image::ImageError| format!("the photo could not be read as JPEG or PNG: {e}");
    let reader =
        image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    if !matches!(reader.format(), Some(image::ImageFormat::Jpeg | image::ImageFormat::Png)) {
        return Err("the photo must be a JPEG or PNG".into());
    }
    let (width, height) = reader.into_dimensions().map_err(unreadable)?;
    if width as u64 * height as u64 > MAX_PHOTO_PIXELS || width == 0 || height == 0 {
        return Err(format!("the photo is {width}×{height}; photos up to 40 megapixels are accepted"));
    }
    let mut reader =
        image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_PHOTO_BYTES_DECODED);
    reader.limits(limits);
    let image = reader.decode().map_err(unreadable)?;
    let image = image.thumbnail(800, 800).to_rgb8();
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Jpeg).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// `GET /api/interviews/{id}/photo`: the worker's own photo.
pub async fn photo(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let row = interview(&state, &id).await?;
    super::gallery::photo_response(&state, &row).await
}

#[derive(Debug, Deserialize)]
pub struct CardQuery {
    /// `private` shows the card as recruiters see it (with the phone).
    view: Option<String>,
}

/// `GET /api/interviews/{id}/card.png`: the card for review (by default as
/// families will see it).
pub async fn card(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<CardQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (row, answers) = load(&state, &id).await?;
    let public = query.view.as_deref() != Some("private");
    let profile = profile_of(&row, &answers)?;
    card_png(&state, &row, &profile, public, &host_url(&headers)).await
}

async fn republish(
    state: &AppState,
    row: &InterviewRow,
    answers: &[AnswerRow],
    profile: &Profile,
) -> Result<(), ApiError> {
    state.pipeline.index_documents(vec![document_of(row, answers, profile.clone())]).await?;
    Ok(())
}

/// What the index keeps of a published worker: searched under the public
/// id, with every answer's words for keywords and evidence.
pub(super) fn document_of(row: &InterviewRow, answers: &[AnswerRow], profile: Profile) -> Document {
    let transcript = answers.iter().map(|a| a.transcript.as_str()).collect::<Vec<_>>().join("\n");
    Document { id: row.public_id.clone(), profile, transcript, search_terms: Vec::new() }
}

/// `POST /api/interviews/{id}/finish`: the worker has said enough; review.
pub async fn finish(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<InterviewView>, ApiError> {
    let (_lock, mut row, answers) = lock_existing(&state, &id).await?;
    if row.status == "open" {
        state.store.set_status(&id, "finished").await?;
        row.status = "finished".into();
    }
    Ok(Json(view(row, answers)?))
}

/// `POST /api/interviews/{id}/reopen`: more questions after a review
/// (not after publishing: edit the card instead).
pub async fn reopen(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<InterviewView>, ApiError> {
    let (_lock, row, answers) = lock_existing(&state, &id).await?;
    if row.status == "published" {
        return Err(ApiError::new("interview_finished", "the card is published; change it on the review page"));
    }
    state.store.set_status(&id, "open").await?;
    let row = InterviewRow { status: "open".into(), ..row };
    Ok(Json(view(row, answers)?))
}

/// `POST /api/interviews/{id}/publish`: into the index and the gallery.
pub async fn publish(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    detached(async move {
        let (_lock, row, answers) = lock_existing(&state, &id).await?;
        let profile = profile_of(&row, &answers)?;
        if profile.is_empty() {
            return Err(ApiError::invalid("there is nothing on the card yet; answer a question first"));
        }
        republish(&state, &row, &answers, &profile).await?;
        state.store.set_status(&id, "published").await?;
        tracing::info!(profile_id = %row.public_id, "published");
        Ok(Json(serde_json::json!({
            "profile_id": row.public_id,
            "card_url": format!("/cards/{}.png", row.public_id),
            "page_url": format!("/cards/{}", row.public_id),
        })))
    })
    .await
}

/// `DELETE /api/interviews/{id}`: the profile, card and recordings, gone.
pub async fn delete(State(state): State<AppState>, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    detached(async move {
        // Under the lock: an answer, photo or publish racing this one either
        // finished before (and is deleted here) or finds no interview after.
        let (_lock, row, _) = lock_existing(&state, &id).await?;
        // The database first: it is the source of truth, and the index is
        // repaired to match it at every start, so a failure after this line
        // still ends with the worker gone everywhere.
        state.store.delete_interview(&row).await?;
        let pipeline = state.pipeline.clone();
        let public_id = row.public_id.clone();
        tokio::task::spawn_blocking(move || pipeline.unindex(&public_id))
            .await
            .map_err(|_| ApiError::new("internal", "deleting failed"))??;
        tracing::info!(profile_id = %row.public_id, "deleted by the worker");
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// Runs `change` on its own task, so dropping the request (a client that
/// hung up, the timeout) cannot stop it between a commit and what must
/// follow it (keeping the file the row names, updating the index).
async fn detached<T: Send + 'static>(
    change: impl std::future::Future<Output = Result<T, ApiError>> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::spawn(change).await.map_err(|_| ApiError::new("internal", "the change could not be completed"))?
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
