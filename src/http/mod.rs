//! The HTTP service: the worker's interview, the recruiters' search and the
//! families' gallery, as JSON under `/api` and as pages.
//!
//! Shaped like axum's examples: [`app`] builds the router from an
//! [`AppState`], so tests drive it with `tower::ServiceExt::oneshot` and no
//! socket; [`serve`] adds the socket, the model threads and the demo data.
//! Handlers never run a model themselves: they queue work on the
//! [`Pipeline`]'s threads and wait off the runtime.

pub mod auth;
pub mod error;
mod files;
mod gallery;
mod interviews;
mod live;
mod pages;
mod public_url;
mod range;
mod recruiters;
mod videos;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::audio::isolate::IsolatedDecoder;
use crate::error::ServeError;
use crate::index::Index;
use crate::interview::InterviewLanguage;
use crate::interviews::{InterviewError, Interviews};
use crate::pipeline::Pipeline;
use crate::store::Store;
use crate::ErrorCode;
use auth::Throttle;
pub use public_url::PublicUrl;

pub use crate::interviews::MAX_ANSWER_SECONDS;
/// Largest upload (audio or photo; a video has its own limit).
pub const MAX_UPLOAD_BYTES: usize = 16 * 1024 * 1024;
/// Largest review edit: a few codes and numbers.
pub const MAX_EDITS_BYTES: usize = 16 * 1024;
/// Longest a request may take (a full speech queue plus a transcription).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// What every handler shares: the interview core, the models and index (for
/// search), the store (for recruiters' sessions and shortlists), the login
/// throttle and the public URL (for QR codes).
#[derive(Clone)]
pub struct AppState {
    pub interviews: Arc<Interviews>,
    pub store: Arc<Store>,
    pub pipeline: Arc<Pipeline>,
    pub throttle: Arc<Throttle>,
    pub public_url: Arc<PublicUrl>,
}

impl AppState {
    /// With links taken from each request's Host header (see [`PublicUrl`]).
    pub fn new(store: Store, pipeline: Pipeline, decoder: IsolatedDecoder) -> AppState {
        let (store, pipeline) = (Arc::new(store), Arc::new(pipeline));
        AppState {
            interviews: Arc::new(Interviews::new(store.clone(), pipeline.clone(), decoder)),
            throttle: Arc::new(Throttle::new(store.clone())),
            store,
            pipeline,
            public_url: Arc::new(PublicUrl::default()),
        }
    }
}

/// Request ids: a per-process prefix and a counter, e.g. `3f9a-000017`.
#[derive(Clone)]
struct SequentialRequestId {
    prefix: Arc<String>,
    next: Arc<AtomicU64>,
}

impl MakeRequestId for SequentialRequestId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n:06}", self.prefix)).ok().map(RequestId::new)
    }
}

/// The service is up.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: &'static str,
}

#[utoipa::path(get, path = "/healthz", tag = "service", responses((status = 200, body = Health)))]
async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// The API description, generated from the handlers and the types they
/// take and give (the tests check real responses against it).
#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "ayi", description = "Offline interviews and résumé cards for domestic-service and elder-care workers"),
    paths(
        healthz,
        openapi,
        interviews::create,
        interviews::show,
        interviews::delete,
        interviews::answer,
        interviews::rerecord,
        interviews::edit,
        interviews::upload_photo,
        interviews::photo,
        interviews::card,
        interviews::finish,
        interviews::reopen,
        interviews::publish,
        interviews::resume,
        live::live,
        videos::upload,
        videos::own,
        videos::own_subtitles,
        videos::consent,
        videos::delete,
        videos::worker,
        videos::worker_subtitles,
        videos::public,
        videos::public_subtitles,
        gallery::list,
        gallery::card,
        recruiters::login,
        recruiters::logout,
        recruiters::me,
        recruiters::search,
        recruiters::worker,
        recruiters::audio,
        recruiters::card,
        recruiters::photo,
        recruiters::shortlist,
        recruiters::shortlist_add,
        recruiters::shortlist_remove,
    ),
    tags(
        (name = "interview", description = "The worker's interview: consent, answers, review, publishing, deletion"),
        (name = "gallery", description = "Published cards for families; no login, redacted"),
        (name = "recruiter", description = "Search and full profiles, behind login; changes need X-CSRF-Token"),
        (name = "service", description = "Health and this document"),
    )
)]
pub struct ApiDoc;

/// The OpenAPI document as JSON.
pub fn openapi_json() -> &'static str {
    static JSON: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        <ApiDoc as utoipa::OpenApi>::openapi().to_pretty_json().unwrap_or_else(|_| "{}".into())
    });
    &JSON
}

#[utoipa::path(get, path = "/api/openapi.json", tag = "service",
    responses((status = 200, description = "This document", content_type = "application/json")))]
async fn openapi() -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], openapi_json())
}

/// Errors made by axum or a layer rather than a handler (a wrong method, a
/// timeout, a body over the limit) come without our JSON body: give them one,
/// so every error a client sees has the same shape and a stable code.
async fn json_errors(response: axum::response::Response) -> axum::response::Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (ErrorCode::MethodNotAllowed, "this address does not take that method"),
        StatusCode::REQUEST_TIMEOUT => (ErrorCode::Timeout, "the request took too long; please try again"),
        StatusCode::PAYLOAD_TOO_LARGE => (ErrorCode::UploadTooLarge, "the request is larger than this address accepts"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            (ErrorCode::InvalidInput, "send JSON with Content-Type: application/json")
        }
        s if s.is_client_error() => (ErrorCode::InvalidInput, "the request could not be understood"),
        _ => (ErrorCode::Internal, "something went wrong on our side; please try again"),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts.headers.insert(axum::http::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let body = serde_json::json!({ "error": { "code": code.as_str(), "message": message } }).to_string();
    axum::response::Response::from_parts(parts, axum::body::Body::from(body))
}

async fn not_found() -> error::ApiError {
    error::ApiError::not_found("this address")
}

/// Four hex digits that tell this process's request ids from another's.
fn request_id_prefix() -> String {
    crate::store::random_token(2).unwrap_or_else(|_| format!("{:04x}", std::process::id() & 0xffff))
}

/// A JSON body of at most `limit` bytes; `what` names it in the errors.
pub(crate) async fn read_json<T: serde::de::DeserializeOwned>(
    mut request: axum::extract::Request,
    limit: usize,
    what: &str,
) -> Result<T, error::ApiError> {
    DefaultBodyLimit::max(limit).apply(&mut request);
    match <axum::Json<T> as axum::extract::FromRequest<()>>::from_request(request, &()).await {
        Ok(axum::Json(value)) => Ok(value),
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            Err(error::ApiError::new(ErrorCode::UploadTooLarge, format!("{what} is at most {limit} bytes")))
        }
        Err(e) => Err(error::ApiError::invalid(e.body_text())),
    }
}

/// The whole service as a router.
pub fn app(state: AppState) -> Router {
    let request_id = SequentialRequestId { prefix: Arc::new(request_id_prefix()), next: Arc::new(AtomicU64::new(1)) };
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request<_>| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", id, method = %request.method(), path = %request.uri().path())
        })
        .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO));
    let api = Router::new()
        .route("/healthz", get(healthz))
        .route("/api/openapi.json", get(openapi))
        .route("/api/interviews", post(interviews::create))
        .route("/api/interviews/{id}", get(interviews::show).delete(interviews::delete))
        .route("/api/interviews/{id}/answers", post(interviews::answer))
        .route("/api/interviews/{id}/answers/{seq}", post(interviews::rerecord))
        .route("/api/interviews/{id}/profile", patch(interviews::edit).layer(DefaultBodyLimit::max(MAX_EDITS_BYTES)))
        .route("/api/interviews/{id}/photo", post(interviews::upload_photo).get(interviews::photo))
        .route("/api/interviews/{id}/card.png", get(interviews::card))
        .route("/api/interviews/{id}/finish", post(interviews::finish))
        .route("/api/interviews/{id}/reopen", post(interviews::reopen))
        .route("/api/interviews/{id}/publish", post(interviews::publish))
        .route("/api/interviews/{id}/live", get(live::live))
        .route("/api/resume", post(interviews::resume))
        .route("/api/cards", get(gallery::list))
        .route("/cards/{file}", get(gallery::card))
        .route("/api/login", post(recruiters::login))
        .route("/api/logout", post(recruiters::logout))
        .route("/api/me", get(recruiters::me))
        .route("/api/search", get(recruiters::search))
        .route("/api/workers/{pid}", get(recruiters::worker))
        .route("/api/workers/{pid}/audio/{seq}", get(recruiters::audio))
        .route("/api/workers/{pid}/card.png", get(recruiters::card))
        .route("/api/workers/{pid}/photo", get(recruiters::photo))
        .route("/api/shortlist", get(recruiters::shortlist))
        .route("/api/shortlist/{pid}", put(recruiters::shortlist_add).delete(recruiters::shortlist_remove))
        .merge(video_routes());
    api.merge(pages::routes())
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(axum::middleware::map_response(json_errors))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(trace)
        .layer(SetRequestIdLayer::x_request_id(request_id))
        .with_state(state)
}

/// The video self-introduction's routes (see [`videos`]): uploads up to
/// [`crate::interviews::MAX_VIDEO_BYTES`] (and the multipart around it).
fn video_routes() -> Router<AppState> {
    let upload = post(videos::upload).layer(DefaultBodyLimit::max(crate::interviews::MAX_VIDEO_BYTES + 64 * 1024));
    Router::new()
        .route("/api/interviews/{id}/video", upload.get(videos::own).patch(videos::consent).delete(videos::delete))
        .route("/api/interviews/{id}/video.vtt", get(videos::own_subtitles))
        .route("/api/workers/{pid}/video", get(videos::worker))
        .route("/api/workers/{pid}/video.vtt", get(videos::worker_subtitles))
        .route("/cards/{pid}/video", get(videos::public))
        .route("/cards/{pid}/video.vtt", get(videos::public_subtitles))
}

/// What `ayi serve` needs beyond the shared [`crate::config::Config`].
pub struct ServeOptions {
    pub addr: SocketAddr,
    /// The data folder: the SQLite database and the files; with
    /// `database`, only the files (a folder every node mounts).
    pub data: PathBuf,
    /// A `postgres://` address several nodes share; `None`: SQLite in `data`.
    pub database: Option<String>,
    /// This node's own candidate index (default: `data`/index; with
    /// `database`, required, as each node keeps its own).
    pub index: Option<PathBuf>,
    pub models_dir: PathBuf,
    pub threads: usize,
    /// Jobs that may wait behind each running model job.
    pub queue: usize,
    /// Seed demo workers and a demo recruiter into an empty data folder.
    pub demo: bool,
    /// The `ayi` executable that decodes uploads in a child process
    /// (`None`: this one; tests, whose executable is not ayi, name it).
    pub decoder: Option<PathBuf>,
    /// Where phones reach the service, for QR codes and share links
    /// (default: each request's Host header, unless loopback).
    pub public_url: PublicUrl,
}

/// Opens the store and index in `data` and starts the model threads.
pub async fn start(options: &ServeOptions) -> Result<AppState, crate::Error> {
    let models_dir = options.models_dir.clone();
    let whisper = crate::models::WhisperModel::Base.ggml_path(&models_dir, crate::models::WeightType::default());
    let embedder_dir = crate::models::embedder_dir(&models_dir);
    for (path, model) in [(&whisper, "whisper base"), (&embedder_dir, crate::models::EMBEDDER_NAME)] {
        if !path.exists() {
            return Err(crate::models::ModelsError::NotFetched { model: model.into(), path: path.clone() }.into());
        }
    }
    start_with_models(
        options,
        move || {
            let t = crate::stt::WhisperTranscriber::load(&whisper, crate::models::WhisperModel::Base)?;
            Ok(Box::new(t) as Box<dyn crate::stt::Transcriber>)
        },
        move || {
            let e = crate::embed::e5::E5Embedder::load(&embedder_dir)?;
            Ok(Box::new(e) as Box<dyn crate::embed::Embedder>)
        },
    )
    .await
}

/// [`start`] with the models given: the service's own loaders, or fakes in
/// tests of the code around the models.
pub async fn start_with_models(
    options: &ServeOptions,
    transcriber: impl FnOnce() -> Result<Box<dyn crate::stt::Transcriber>, crate::Error> + Send + 'static,
    embedder: impl FnOnce() -> Result<Box<dyn crate::embed::Embedder>, crate::Error> + Send + 'static,
) -> Result<AppState, crate::Error> {
    std::fs::create_dir_all(&options.data).map_err(|e| crate::store::StoreError::Io {
        what: format!("creating {}", options.data.display()),
        source: e,
    })?;
    let index_dir = match (&options.index, &options.database) {
        (Some(dir), _) => dir.clone(),
        (None, None) => crate::index::commands::index_dir(&options.data),
        (None, Some(_)) => return Err(ServeError::SharedIndex.into()),
    };
    let store = Store::open_with(&options.data, options.database.as_deref()).await?;
    let index = Index::open_for_writing(&index_dir, crate::embed::E5_DIM)?;
    let stt_options = crate::stt::TranscribeOptions { threads: options.threads, ..Default::default() };
    let queue = options.queue;
    // Loading the models takes seconds: off the runtime.
    let pipeline =
        tokio::task::spawn_blocking(move || Pipeline::start(transcriber, embedder, stt_options, queue, index))
            .await
            .map_err(|_| crate::worker::WorkerError::Stopped("model loading"))??;
    let decoder = match &options.decoder {
        Some(program) => program.clone(),
        None => std::env::current_exe().map_err(|e| crate::store::StoreError::Io {
            what: "finding the ayi executable to decode uploads with".into(),
            source: e,
        })?,
    };
    let mut state = AppState::new(store, pipeline, IsolatedDecoder::new(decoder));
    state.public_url = Arc::new(options.public_url.clone());
    // With PostgreSQL, changes from here on are followed (the repair
    // below may already include some: applying one twice is harmless).
    let followed_from = state.store.last_change().await?;
    state.interviews.repair_after_start().await?;
    if let Some(pool) = state.store.cluster() {
        crate::cluster::follow_changes(&state.interviews, pool.clone(), followed_from);
    }
    if options.demo {
        // Nodes starting together seed once.
        let _seeding = state.interviews.exclusive("demo data").await.map_err(InterviewError::into_stage)?;
        seed_demo(&state).await?;
    }
    Ok(state)
}

/// Demo workers and recruiter, once, into an empty data folder.
async fn seed_demo(state: &AppState) -> Result<(), crate::Error> {
    const DEMO_WORKERS: usize = 12;
    if state.store.count_interviews().await? == 0 {
        eprintln!("ayi: seeding {DEMO_WORKERS} demo workers …");
        let workers = crate::index::generate::generate(DEMO_WORKERS, 2026)
            .into_iter()
            .map(|g| (if g.lang == "en" { InterviewLanguage::En } else { InterviewLanguage::Zh }, g.transcript))
            .collect();
        state.interviews.seed_published(workers).await.map_err(InterviewError::into_stage)?;
    }
    let login_file = state.store.dir().join(DEMO_LOGIN_FILE);
    if state.store.password_hash(DEMO_USER).await?.is_none() {
        let password = crate::store::random_token(6)?;
        let hash = auth::hash_password(&password).map_err(crate::store::StoreError::Corrupt)?;
        state.store.add_user(DEMO_USER, &hash).await?;
        crate::durable::write_atomically_private(&login_file, |w| std::io::Write::write_all(w, password.as_bytes()))
            .map_err(|e| crate::store::StoreError::Io { what: "writing the demo login".into(), source: e })?;
    }
    Ok(())
}

pub const DEMO_USER: &str = "demo";
/// The demo recruiter's password, readable only on this machine.
pub const DEMO_LOGIN_FILE: &str = "demo-login.txt";

pub fn demo_password(data: &Path) -> Option<String> {
    std::fs::read_to_string(data.join(DEMO_LOGIN_FILE)).ok().map(|s| s.trim().to_string())
}

/// Ctrl-C or SIGTERM (a service manager stopping us): finish the requests
/// in flight, then stop. Every acknowledged answer is already durable.
async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
    eprintln!("ayi: stopping");
}

/// `ayi serve`: runs until Ctrl-C or SIGTERM.
pub fn serve(options: ServeOptions) -> Result<(), crate::Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.threads.max(2))
        .enable_all()
        .build()
        .map_err(|source| ServeError::Io { what: "starting the runtime", source })?;
    runtime.block_on(async {
        let state = start(&options).await?;
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .map_err(|source| ServeError::Listen { addr: options.addr, source })?;
        let url = format!("http://{}", listener.local_addr().map_or(options.addr, |a| a));
        eprintln!("ayi: serving on {url}");
        eprintln!("ayi:   interview (kiosk/phone): {url}/interview");
        eprintln!("ayi:   families' gallery:       {url}/gallery");
        eprintln!("ayi:   recruiters:              {url}/recruiter");
        if let Some(password) = demo_password(&options.data) {
            eprintln!("ayi:   demo recruiter login:    {DEMO_USER} / {password}");
        }
        match state.public_url.configured() {
            Some(public) => eprintln!("ayi:   QR codes lead to:        {public}/cards/…"),
            None => {
                eprintln!("ayi:   QR codes lead to the address each browser used; a kiosk that opens");
                eprintln!("ayi:   localhost gets cards without one. Set --public-url to the address");
                eprintln!("ayi:   phones reach this machine by, e.g. --public-url http://192.168.1.20:8080");
            }
        }
        if options.addr.ip().is_loopback() && !options.public_url.allows_loopback() {
            eprintln!("ayi:   listening on a loopback address, which only this machine reaches; for");
            eprintln!("ayi:   phones, listen on the network too, e.g. --addr 0.0.0.0:{}", options.addr.port());
        }
        axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(|source| ServeError::Io { what: "serving", source })?;
        Ok(())
    })
}
