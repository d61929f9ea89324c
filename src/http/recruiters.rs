//! The recruiters' side, all behind login: search with filters and
//! explanations, a worker's full profile (transcript, recordings, the
//! private card) and a shortlist.

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use axum_extra::extract::cookie::CookieJar;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::{self, ClientAddr, Recruiter};
use super::error::{ApiError, ErrorBody};
use super::files::{card_response, photo_response, recording_response};
use super::interviews::{noted, Noted};
use super::AppState;
use crate::embed::TextKind;
use crate::extract::Extractor;
use crate::extract::Profile;
use crate::index::query::{understand, Need};
use crate::index::Ranking;
use crate::interview::InterviewLanguage;
use crate::interview::Status;
use crate::interviews::InterviewError;
use crate::store::random_token;
use crate::ErrorCode;

/// How a recruiter's 404 names what was not found.
const WORKER: &str = "the worker";

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    name: String,
    password: String,
}

// Not derived: a login printed while debugging must not print the password.
impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login").field("name", &self.name).field("password", &"…").finish()
    }
}

/// Largest login body: a name and a password fit many times over, and a
/// bigger one is not worth reading.
pub const LOGIN_BODY_LIMIT: usize = 4 * 1024;
/// Longest user name, in bytes: `ayi users add` allows no longer.
pub const MAX_NAME_BYTES: usize = 64;

/// The login's JSON, read under its own small limit. Too big is 413
/// `upload_too_large`, as for any other upload; anything else wrong is 400.
async fn read_login(request: Request) -> Result<Login, ApiError> {
    super::read_json(request, LOGIN_BODY_LIMIT, "a login").await
}

/// A name no account can have (empty, too long, or with control characters, as
/// `ayi users add` refuses) is refused before any throttling, database or
/// hashing work, and so never reaches a log line either.
fn check_name(name: &str) -> Result<(), ApiError> {
    if name.is_empty() || name.len() > MAX_NAME_BYTES || name.chars().any(char::is_control) {
        return Err(ApiError::invalid(format!(
            "a user name is 1 to {MAX_NAME_BYTES} bytes, without control characters"
        )));
    }
    Ok(())
}

/// A client-supplied string as it may appear in a log line: control and
/// invisible characters escaped (a newline cannot start a forged line, nor
/// an escape sequence recolour the terminal) and the length bounded.
fn loggable(s: &str) -> String {
    const MAX_CHARS: usize = 64;
    let mut out: String = s.chars().take(MAX_CHARS).collect::<String>().escape_debug().to_string();
    if s.chars().nth(MAX_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// A logged-in recruiter and the token their changes must carry in
/// `X-CSRF-Token`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Session {
    pub name: String,
    pub csrf: String,
}

/// `POST /api/login` (JSON): sets the session cookie; returns the CSRF token.
#[utoipa::path(post, path = "/api/login", tag = "recruiter", request_body = Login,
    responses((status = 200, body = Session), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    request: Request,
) -> Result<Response, ApiError> {
    let login = read_login(request).await?;
    check_name(&login.name)?;
    // The try is counted before the slow hash, so concurrent guesses cannot
    // all slip past the limit while the first ones are being checked.
    let attempt = state
        .throttle
        .begin(&login.name, addr.map(|a| a.ip()), "too many failed logins; please wait and try again")
        .await?;
    let hash = state.store.password_hash(&login.name).await?;
    let password = login.password;
    // Verify against a real hash even for unknown names: the time taken does
    // not say whether an account exists.
    let ok = tokio::task::spawn_blocking(move || match hash {
        Some(h) => auth::verify_password(&password, &h),
        None => {
            auth::verify_password(&password, dummy_hash());
            false
        }
    })
    .await
    .unwrap_or(false);
    if !ok {
        state.throttle.failed(attempt);
        tracing::warn!(user = %loggable(&login.name), client = ?addr, "failed login");
        return Err(ApiError::new(ErrorCode::Unauthorized, "wrong name or password"));
    }
    state.throttle.succeeded(attempt).await;
    let (token, csrf) = (random_token(32)?, random_token(16)?);
    state.store.create_session(&auth::token_digest(&token), &login.name, &csrf, auth::SESSION_TTL_S).await?;
    tracing::info!(user = %loggable(&login.name), "logged in");
    let body = Json(Session { name: login.name, csrf });
    Ok((CookieJar::new().add(auth::session_cookie(&token, auth::SESSION_TTL_S)), body).into_response())
}

/// A hash of a random password, to spend the same time on unknown names.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    // Should the random generator fail, any fixed string hashes as slowly.
    HASH.get_or_init(|| {
        auth::hash_password(&random_token(16).unwrap_or_else(|_| "no account has this".into())).unwrap_or_default()
    })
}

/// `POST /api/logout`.
#[utoipa::path(post, path = "/api/logout", tag = "recruiter",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, recruiter: Recruiter) -> Result<Response, ApiError> {
    state.store.delete_session(&recruiter.token_sha256).await?;
    Ok((CookieJar::new().add(auth::session_cookie("", 0)), StatusCode::NO_CONTENT).into_response())
}

/// `GET /api/me`: who is logged in, and the CSRF token for this session.
#[utoipa::path(get, path = "/api/me", tag = "recruiter",
    responses((status = 200, body = Session), (status = 401, body = ErrorBody)))]
pub async fn me(recruiter: Recruiter) -> Json<Session> {
    Json(Session { name: recruiter.name, csrf: recruiter.csrf })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// What the family needs, in their words.
    #[serde(default)]
    q: String,
    top: Option<usize>,
    /// Required service, skill, certificate or language code.
    code: Option<String>,
    live_in: Option<bool>,
    max_pay: Option<u32>,
    /// A district ("朝阳" or "Chaoyang").
    area: Option<String>,
    /// The language of the page (`zh` or `en`): labels and reasons are
    /// written in it. By default, the language of the words searched for.
    lang: Option<String>,
}

/// `GET /api/search?q=…&code=&live_in=&max_pay=&area=&top=`: ranked workers,
/// each with the needs it meets (in the worker's words) and those it misses.
/// Filters are needs every result must meet.
#[utoipa::path(get, path = "/api/search", tag = "recruiter", params(SearchParams),
    responses((status = 200, body = SearchReply), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    recruiter: Recruiter,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<SearchReply>, ApiError> {
    let Query(params) = params.map_err(|e| ApiError::invalid(e.body_text()))?;
    let top = params.top.unwrap_or(10).clamp(1, 50);
    let mut query = understand(&params.q, Extractor::embedded());
    match params.lang.as_deref() {
        None => {}
        Some("zh") => query.chinese = true,
        Some("en") => query.chinese = false,
        Some(other) => return Err(ApiError::invalid(format!("lang must be \"zh\" or \"en\", not {other:?}"))),
    }
    let mut required = Vec::new();
    if let Some(code) = params.code.as_deref().filter(|c| !c.is_empty()) {
        if crate::extract::Taxonomy::embedded().get(code).is_none() && !code.starts_with("lang_") {
            return Err(ApiError::invalid(format!("unknown code {code:?}")));
        }
        required.push(Need::Code(code.to_string()));
    }
    if let Some(live_in) = params.live_in {
        required.push(Need::LiveIn(live_in));
    }
    if let Some(pay) = params.max_pay {
        required.push(Need::MaxPay(pay));
    }
    if let Some(area) = params.area.as_deref().filter(|a| !a.trim().is_empty()) {
        let area = crate::index::query::canonical_area(area).unwrap_or_else(|| area.trim().to_string());
        required.push(Need::Area(area));
    }
    if params.q.trim().is_empty() && required.is_empty() {
        return Err(ApiError::invalid("say what the family needs (q), or choose a filter"));
    }
    for need in &required {
        // A filter replaces what the words said about the same thing.
        query.needs.retain(|n| std::mem::discriminant(n) != std::mem::discriminant(need) || matches!(n, Need::Code(_)));
        if !query.needs.contains(need) {
            query.needs.push(need.clone());
        }
    }
    let text = if params.q.trim().is_empty() {
        query.needs.iter().map(Need::code).collect::<Vec<_>>().join(" ")
    } else {
        params.q.clone()
    };
    let vector = state.pipeline.embed(vec![text], TextKind::Query)?.wait().await??.into_iter().next();
    let vector = vector.ok_or_else(|| ApiError::internal(ErrorCode::EmbeddingFailed, &"no vector for the query"))?;
    let searched = query.clone();
    let hits =
        state.pipeline.with_index(move |index| index.search(&searched, &vector, top * 4 + 20, Ranking::Needs)).await?;
    let required_codes: Vec<String> = required.iter().map(Need::code).collect();
    let shortlist = state.store.shortlist(&recruiter.name).await?;
    let mut results = Vec::new();
    for hit in hits {
        if results.len() == top {
            break;
        }
        if hit.missing.iter().any(|m| required_codes.contains(&m.code)) {
            continue;
        }
        let Some(row) = state.store.by_public_id(&hit.id).await?.filter(|r| r.status == Status::Published) else {
            continue;
        };
        let label = |code: &str| need_label(code, query.chinese);
        results.push(SearchResult {
            matched: hit
                .matched
                .into_iter()
                .map(|m| NeedMet { label: label(&m.code), code: m.code, evidence: m.evidence })
                .collect(),
            missing: hit
                .missing
                .into_iter()
                .map(|m| NeedMissed { label: label(&m.code), code: m.code, reason: m.reason })
                .collect(),
            card_url: format!("/api/workers/{}/card.png", row.public_id),
            page_url: format!("/recruiter/workers/{}", row.public_id),
            shortlisted: shortlist.contains(&row.public_id),
            id: hit.id,
            name: hit.name,
            score: hit.score,
        });
    }
    let needs = query.needs.iter().map(Need::code).collect();
    let labels = query.needs.iter().map(|n| need_label(&n.code(), query.chinese)).collect();
    Ok(Json(SearchReply { query: SearchedFor { text: params.q, needs, labels }, results }))
}

/// Search results, and the needs the words were understood as.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchReply {
    pub query: SearchedFor,
    pub results: Vec<SearchResult>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchedFor {
    pub text: String,
    /// Need codes (`cooking`, `live_in`, `pay_at_most_7000`, `area:朝阳`).
    pub needs: Vec<String>,
    /// The same needs for people, in the page's language ("做饭", "预算 7000 元以内").
    pub labels: Vec<String>,
}

/// One worker found: the needs they meet in their own words, and those they miss.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResult {
    /// The worker's public profile id.
    pub id: String,
    pub name: Option<String>,
    pub score: f32,
    pub matched: Vec<NeedMet>,
    pub missing: Vec<NeedMissed>,
    pub card_url: String,
    pub page_url: String,
    pub shortlisted: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NeedMet {
    pub code: String,
    pub label: String,
    /// What the worker said that meets it.
    pub evidence: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NeedMissed {
    pub code: String,
    pub label: String,
    pub reason: String,
}

/// A need's name for people ("elderly_care" → "照顾老人").
fn need_label(code: &str, chinese: bool) -> String {
    if let Some(pay) = code.strip_prefix("pay_at_most_") {
        return if chinese { format!("预算 {pay} 元以内") } else { format!("Budget up to {pay} yuan") };
    }
    if let Some(area) = code.strip_prefix("area:") {
        return if chinese { format!("在{area}区") } else { format!("Works in {area}") };
    }
    match (code, chinese) {
        ("live_in", true) => "住家".into(),
        ("live_in", false) => "Live-in".into(),
        ("not_live_in", true) => "不住家".into(),
        ("not_live_in", false) => "Not live-in".into(),
        _ => crate::extract::Taxonomy::embedded().label(code, chinese),
    }
}

/// A worker as recruiters see them: the full profile, every answer with
/// its recording, and the private card.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkerView {
    pub profile_id: String,
    pub language: InterviewLanguage,
    pub noted: Vec<Noted>,
    pub profile: Profile,
    pub answers: Vec<HeardAnswer>,
    pub photo_url: Option<String>,
    pub card_url: String,
    pub public_card_url: String,
    pub shortlisted: bool,
    /// The worker's video self-introduction, if recorded.
    pub video: Option<WorkerVideo>,
}

/// A worker's video self-introduction, with subtitles in the interview's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkerVideo {
    pub url: String,
    pub subtitles_url: String,
    /// Whether the worker lets families see it on the public card page.
    pub public: bool,
}

impl WorkerVideo {
    fn of(row: &crate::store::InterviewRow) -> Option<WorkerVideo> {
        row.video.as_ref()?;
        Some(WorkerVideo {
            url: format!("/api/workers/{}/video", row.public_id),
            subtitles_url: format!("/api/workers/{}/video.vtt", row.public_id),
            public: row.video_public,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HeardAnswer {
    pub seq: i64,
    pub question: String,
    pub transcript: String,
    pub duration_s: f64,
    pub audio_url: Option<String>,
}

/// `GET /api/workers/{profile_id}`: the full profile, answers and recordings.
#[utoipa::path(get, path = "/api/workers/{pid}", tag = "recruiter", params(("pid" = String, Path)),
    responses((status = 200, body = WorkerView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn worker(
    State(state): State<AppState>,
    recruiter: Recruiter,
    Path(public_id): Path<String>,
) -> Result<Json<WorkerView>, ApiError> {
    let interview = state.interviews.published(&public_id, WORKER).await?;
    let (profile, plan, row) = (interview.profile()?, interview.plan(), &interview.row);
    let answers = interview
        .answers
        .iter()
        .map(|a| HeardAnswer {
            seq: a.seq,
            question: plan.text_of(&a.question_id, &profile).unwrap_or_default(),
            transcript: a.transcript.clone(),
            duration_s: a.duration_s,
            audio_url: a.audio.as_ref().map(|_| format!("/api/workers/{}/audio/{}", row.public_id, a.seq)),
        })
        .collect();
    let shortlisted = state.store.shortlist(&recruiter.name).await?.contains(&row.public_id);
    Ok(Json(WorkerView {
        profile_id: row.public_id.clone(),
        language: row.language,
        noted: noted(&profile, interview.chinese()),
        answers,
        photo_url: row.photo.as_ref().map(|_| format!("/api/workers/{}/photo", row.public_id)),
        card_url: format!("/api/workers/{}/card.png", row.public_id),
        public_card_url: format!("/cards/{}.png", row.public_id),
        shortlisted,
        video: WorkerVideo::of(row),
        profile,
    }))
}

/// `GET /api/workers/{profile_id}/audio/{seq}`: one recorded answer.
#[utoipa::path(get, path = "/api/workers/{pid}/audio/{seq}", tag = "recruiter",
    params(("pid" = String, Path), ("seq" = i64, Path)),
    responses((status = 200, content_type = "audio/*", body = Vec<u8>), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn audio(
    State(state): State<AppState>,
    _recruiter: Recruiter,
    Path((public_id, seq)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let interview = state.interviews.published(&public_id, WORKER).await?;
    let (file, bytes) = state.interviews.recording(&interview, seq).await?;
    Ok(recording_response(&file, bytes))
}

/// `GET /api/workers/{profile_id}/card.png`: the private card (with the phone).
#[utoipa::path(get, path = "/api/workers/{pid}/card.png", tag = "recruiter", params(("pid" = String, Path)),
    responses((status = 200, content_type = "image/png", body = Vec<u8>), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn card(
    State(state): State<AppState>,
    _recruiter: Recruiter,
    Path(public_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let interview = state.interviews.published(&public_id, WORKER).await?;
    card_response(&state, &interview, false, &headers, "private, no-store").await
}

/// `GET /api/workers/{profile_id}/photo`.
#[utoipa::path(get, path = "/api/workers/{pid}/photo", tag = "recruiter", params(("pid" = String, Path)),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn photo(
    State(state): State<AppState>,
    _recruiter: Recruiter,
    Path(public_id): Path<String>,
) -> Result<Response, ApiError> {
    let interview = state.interviews.published(&public_id, WORKER).await?;
    Ok(photo_response(state.interviews.photo(&interview).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Shortlist {
    pub workers: Vec<Shortlisted>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Shortlisted {
    pub profile_id: String,
    pub name: Option<String>,
    pub summary: String,
    pub page_url: String,
    pub card_url: String,
}

/// `GET /api/shortlist`: the recruiter's shortlisted workers, as public cards
/// plus links to their full profiles.
#[utoipa::path(get, path = "/api/shortlist", tag = "recruiter",
    responses((status = 200, body = Shortlist), (status = 401, body = ErrorBody)))]
pub async fn shortlist(State(state): State<AppState>, recruiter: Recruiter) -> Result<Json<Shortlist>, ApiError> {
    let mut workers = Vec::new();
    for public_id in state.store.shortlist(&recruiter.name).await? {
        // Shortlisted workers who have since deleted themselves are skipped.
        let interview = match state.interviews.published(&public_id, WORKER).await {
            Ok(found) => found,
            Err(InterviewError::NotFound(_)) => continue,
            Err(e) => return Err(e.into()),
        };
        let (row, profile) = (&interview.row, interview.profile()?);
        workers.push(Shortlisted {
            page_url: format!("/recruiter/workers/{}", row.public_id),
            card_url: format!("/api/workers/{}/card.png", row.public_id),
            profile_id: row.public_id.clone(),
            name: profile.name,
            summary: profile.summary,
        });
    }
    Ok(Json(Shortlist { workers }))
}

/// `PUT /api/shortlist/{profile_id}`.
#[utoipa::path(put, path = "/api/shortlist/{pid}", tag = "recruiter", params(("pid" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn shortlist_add(
    State(state): State<AppState>,
    recruiter: Recruiter,
    Path(public_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.interviews.published(&public_id, WORKER).await?;
    state.store.shortlist_add(&recruiter.name, &public_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/shortlist/{profile_id}`.
#[utoipa::path(delete, path = "/api/shortlist/{pid}", tag = "recruiter", params(("pid" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn shortlist_remove(
    State(state): State<AppState>,
    recruiter: Recruiter,
    Path(public_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.store.shortlist_remove(&recruiter.name, &public_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_request(body: impl Into<axum::body::Body>) -> Request {
        axum::http::Request::post("/api/login")
            .header(axum::http::header::CONTENT_TYPE, "application/json")
            .body(body.into())
            .unwrap()
    }

    #[tokio::test]
    async fn an_oversized_login_is_413_and_a_malformed_one_400() {
        let ok = read_login(json_request(r#"{"name":"demo","password":"secret words"}"#)).await.unwrap();
        assert_eq!((ok.name.as_str(), ok.password.as_str()), ("demo", "secret words"));
        let huge = format!(r#"{{"name":"demo","password":"{}"}}"#, "x".repeat(LOGIN_BODY_LIMIT));
        let e = read_login(json_request(huge)).await.unwrap_err();
        assert_eq!((e.code, e.status()), (ErrorCode::UploadTooLarge, StatusCode::PAYLOAD_TOO_LARGE));
        let e = read_login(json_request("{not json")).await.unwrap_err();
        assert_eq!((e.code, e.status()), (ErrorCode::InvalidInput, StatusCode::BAD_REQUEST));
    }

    #[test]
    fn names_no_account_can_have_are_refused() {
        assert!(check_name("demo").is_ok());
        assert!(check_name("王秀兰").is_ok());
        let long = "a".repeat(MAX_NAME_BYTES + 1);
        for bad in ["demo\nINFO ayi: logged in user=admin", "demo\r", "\u{1b}[31mred", "", long.as_str()] {
            let e = check_name(bad).unwrap_err();
            assert_eq!((e.code, e.status()), (ErrorCode::InvalidInput, StatusCode::BAD_REQUEST), "{bad:?}");
        }
    }

    #[test]
    fn logged_names_cannot_forge_a_line() {
        let forged = loggable("demo\n2026-01-01T00:00:00Z  INFO ayi: logged in user=admin\r\u{1b}[2K\u{202e}");
        assert!(!forged.chars().any(|c| c.is_control()), "{forged}");
        assert!(forged.starts_with("demo\\n2026") && forged.contains("\\u{1b}") && forged.contains("\\u{202e}"));
        assert_eq!(loggable("王秀兰"), "王秀兰");
        assert_eq!(loggable(&"a".repeat(1000)).chars().count(), 65);
    }
}
