//! Requests to the service in process (through `app()`, no socket) and the
//! service itself on fake models: shared by the fast API tests (tests/api)
//! and the real-model service tests (tests/service.rs).

// Each of the two test binaries uses part of this module.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use sha2::Digest;
use tower::ServiceExt;

use ayi::fakes::{CharacterEmbedder, ScriptedTranscriber};
use ayi::http::{app, start_with_models, AppState, ServeOptions};
use ayi::tools::bench::serve::multipart;

/// What the fake speech model hears in every recording with sound in it:
/// enough for a card (a name, services, pay).
pub const HEARD: &str = "My name is Li Fang. I can cook and look after old people. I want 6000 a month.";

/// How long the fake speech model takes over each recording: long enough
/// for the races the tests stage (a deletion while an answer is heard).
pub const HEARING: Duration = Duration::from_millis(800);

/// The PostgreSQL server the suite runs against, if any: scripts/test runs
/// tests/api once on SQLite and once more with this set to a throwaway
/// server's address (scripts/postgres.sh).
pub const POSTGRES_ENV: &str = "AYI_TEST_POSTGRES";

pub fn on_postgres() -> bool {
    std::env::var_os(POSTGRES_ENV).is_some()
}

/// The database of the service whose files are in `dir`: with
/// [`POSTGRES_ENV`], one of its own on that server, the same for the same
/// folder (so a restart finds its rows); otherwise SQLite in `dir`.
pub fn database_for(dir: &Path) -> Option<String> {
    let server = std::env::var(POSTGRES_ENV).ok()?;
    let digest = sha2::Sha256::digest(dir.to_string_lossy().as_bytes());
    let name = format!("ayi_test_{}", hex::encode(&digest[..10]));
    let admin = server.clone();
    let create = name.clone();
    // Its own thread and runtime: this is called inside and outside runtimes.
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&format!("{admin}/postgres")).await.expect("the test server");
            match sqlx::query(&format!("CREATE DATABASE {create}")).execute(&mut conn).await {
                Ok(_) => {}
                Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {} // exists
                Err(e) => panic!("creating {create}: {e}"),
            }
        })
    })
    .join()
    .unwrap();
    Some(format!("{server}/{name}"))
}

/// Writes what a crash long ago left: older than [`ayi::store::ORPHAN_AGE`],
/// so a sweep takes it whichever database the files sit beside.
pub fn write_old(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
    let long_ago = std::time::SystemTime::now() - ayi::store::ORPHAN_AGE * 2;
    std::fs::File::options().write(true).open(path).unwrap().set_modified(long_ago).unwrap();
}

pub fn options(dir: &Path, queue: usize, demo: bool) -> ServeOptions {
    let database = database_for(dir);
    ServeOptions {
        addr: "127.0.0.1:0".parse().unwrap(),
        index: database.as_ref().map(|_| dir.join("index")),
        database,
        data: dir.to_path_buf(),
        models_dir: dir.join("no-models-needed"),
        threads: 2,
        queue,
        demo,
        decoder: Some(env!("CARGO_BIN_EXE_ayi").into()),
        public_url: Default::default(),
    }
}

/// The service on fake models (see [`ayi::fakes`]): real store, index,
/// decoding, extraction and HTTP; a transcriber that hears [`HEARD`].
pub async fn fake_service(dir: &Path, queue: usize, demo: bool) -> (AppState, Router) {
    fake_service_with(&options(dir, queue, demo)).await
}

/// [`fake_service`] with the options given.
pub async fn fake_service_with(options: &ServeOptions) -> (AppState, Router) {
    let state = start_with_models(
        options,
        || Ok(Box::new(ScriptedTranscriber::always(HEARD).taking(HEARING)) as Box<dyn ayi::stt::Transcriber>),
        || Ok(Box::new(CharacterEmbedder) as Box<dyn ayi::embed::Embedder>),
    )
    .await
    .expect("the service starts");
    let router = app(state.clone());
    (state, router)
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or("").to_string()
    }
}

pub async fn send(router: &Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 64 << 20).await.unwrap().to_vec();
    Reply { status, headers, body }
}

pub fn request(method: Method, uri: &str, cookie: Option<&str>) -> axum::http::request::Builder {
    let mut r = Request::builder().method(method).uri(uri);
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r
}

pub async fn get(router: &Router, uri: &str, cookie: Option<&str>) -> Reply {
    send(router, request(Method::GET, uri, cookie).body(Body::empty()).unwrap()).await
}

pub async fn post_json(router: &Router, uri: &str, body: Value) -> Reply {
    let r = request(Method::POST, uri, None).header(header::CONTENT_TYPE, "application/json");
    send(router, r.body(Body::from(body.to_string())).unwrap()).await
}

pub async fn upload(router: &Router, uri: &str, field: &str, file_name: &str, bytes: &[u8]) -> Reply {
    let (content_type, body) = multipart(field, file_name, bytes);
    let r = request(Method::POST, uri, None).header(header::CONTENT_TYPE, content_type);
    send(router, r.body(Body::from(body)).unwrap()).await
}

/// `seconds` of faint noise (amplitude 0: digital silence) as WAV.
pub fn wav(seconds: f64, amplitude: f32) -> Vec<u8> {
    let mut seed = 12345u32;
    let samples: Vec<f32> = (0..(seconds * 16_000.0) as usize)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            amplitude * ((seed >> 16) as f32 / 32768.0 - 1.0)
        })
        .collect();
    ayi::audio::encode_wav(&samples)
}

pub async fn login(state: &AppState, router: &Router) -> (String, String) {
    let hash = ayi::http::auth::hash_password("a long test password").unwrap();
    state.store.add_user("tester", &hash).await.unwrap();
    let reply = post_json(router, "/api/login", json!({"name": "tester", "password": "a long test password"})).await;
    assert_eq!(reply.status, StatusCode::OK);
    let cookie = reply.headers[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let cookie = cookie.split(';').next().unwrap().to_string();
    (cookie, reply.json()["csrf"].as_str().unwrap().to_string())
}

/// A PNG claiming `width`×`height`, with a scrap of pixel data: a few
/// hundred bytes that would decode to gigabytes.
pub fn png_header(width: u32, height: u32) -> Vec<u8> {
    let chunk = |png: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        let mut body = kind.to_vec();
        body.extend(data);
        png.extend((data.len() as u32).to_be_bytes());
        png.extend(&body);
        png.extend(crc32fast::hash(&body).to_be_bytes());
    };
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &ihdr);
    // A stored (uncompressed) zlib block of zeros.
    let mut idat = vec![0x78, 0x01, 0x01, 0x00, 0x01, 0xff, 0xfe];
    idat.extend(vec![0u8; 256]);
    chunk(&mut png, b"IDAT", &idat);
    chunk(&mut png, b"IEND", &[]);
    png
}
