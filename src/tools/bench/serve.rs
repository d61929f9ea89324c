//! `ayi bench serve`: per-answer latency, upload received → next question
//! sent, measured inside the server (the router driven in process, so the
//! figure is the service's own, not the client's network), for one kiosk
//! and for several answering at once.
//!
//! Concurrent sessions retry a 503 after its Retry-After, as the pages do;
//! any other failure is counted, and at the end every acknowledged answer
//! must be in the database.
//!
//! [`multipart`] builds the upload bodies; the API tests use it too.

use std::path::Path;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde::Serialize;
use tower::ServiceExt;

use crate::audio;
use crate::config::Config;
use crate::http::{app, start, ServeOptions};
use crate::tools::percentile;

#[derive(Debug, Serialize)]
pub struct LatencyReport {
    pub sessions: usize,
    pub answers: usize,
    pub audio_s: f64,
    /// The anchor, same run: transcribing the same clip on the same model
    /// thread with no HTTP, storage or extraction around it (median of 3).
    pub transcribe_only_s: f64,
    /// One successful request: upload received → response with the next question.
    pub request_p50_s: f64,
    pub request_p95_s: f64,
    /// From the first try to the acknowledgement, waits after 503 included.
    pub answer_p50_s: f64,
    pub answer_p95_s: f64,
    pub refused_503: usize,
    pub failed_otherwise: usize,
    pub acknowledged: usize,
    pub stored: usize,
    pub wall_s: f64,
}

/// The boundary [`multipart`] uses, for callers adding parts of their own.
pub const MULTIPART_BOUNDARY: &str = "ayi-multipart-boundary-7d1f";

/// A `multipart/form-data` body with one file part; returns the content type
/// and the body (for the benchmark and the API tests).
pub fn multipart(field: &str, file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = MULTIPART_BOUNDARY;
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// `ayi bench serve`: the first `seconds` of `recording` answered `answers` times
/// in each of `sessions` interviews, on a service over a temporary data folder.
pub fn measure(
    config: &Config,
    recording: &Path,
    seconds: f64,
    sessions: usize,
    answers: usize,
    queue: usize,
) -> Result<LatencyReport, crate::Error> {
    let decoded = audio::decode_file(recording, config.max_audio_seconds)?;
    let take = decoded.samples.len().min((seconds * audio::SAMPLE_RATE as f64) as usize);
    let clip = &decoded.samples[..take];
    let wav = audio::encode_wav(clip);
    let data = tempfile::tempdir()
        .map_err(|e| crate::store::StoreError::Io { what: "a temporary folder".into(), source: e })?;
    let options = ServeOptions {
        addr: "127.0.0.1:0".parse().expect("a valid address"),
        data: data.path().to_path_buf(),
        models_dir: config.models_dir.clone(),
        threads: config.threads(),
        queue,
        demo: false,
        decoder: None,
        public_url: Default::default(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::store::StoreError::Io { what: "starting the runtime".into(), source: e })?;
    let audio_s = take as f64 / audio::SAMPLE_RATE as f64;
    runtime.block_on(latency(&options, wav, audio_s, sessions, answers))
}

/// Runs `sessions` interviews at once, each answering `answers` times.
pub async fn latency(
    options: &ServeOptions,
    audio: Vec<u8>,
    audio_s: f64,
    sessions: usize,
    answers: usize,
) -> Result<LatencyReport, crate::Error> {
    let state = start(options).await?;
    let router = app(state.clone());
    let decoded = crate::audio::decode_bytes(audio.clone(), crate::http::MAX_ANSWER_SECONDS)?;
    let mut anchor = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        state.pipeline.transcribe(decoded.clone(), crate::stt::Language::En)?.wait().await??;
        anchor.push(t.elapsed().as_secs_f64());
    }
    anchor.sort_by(f64::total_cmp);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..sessions {
        let (router, audio) = (router.clone(), audio.clone());
        tasks.push(tokio::spawn(async move {
            let create = Request::post("/api/interviews")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"language": "en"}"#))
                .expect("a valid request");
            let reply = router.clone().oneshot(create).await.expect("the router answers");
            let body = axum::body::to_bytes(reply.into_body(), 1 << 20).await.unwrap_or_default();
            let id = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["id"].as_str().map(String::from));
            let (mut requests, mut whole, mut refused, mut failed, mut acked) = (Vec::new(), Vec::new(), 0, 0, 0);
            let Some(id) = id else { return (id, requests, whole, refused, failed + 1, acked) };
            for _ in 0..answers {
                let first_try = Instant::now();
                loop {
                    let (content_type, body) = multipart("audio", "answer.wav", &audio);
                    let request = Request::post(format!("/api/interviews/{id}/answers"))
                        .header(header::CONTENT_TYPE, content_type)
                        .body(Body::from(body))
                        .expect("a valid request");
                    let sent = Instant::now();
                    let reply = router.clone().oneshot(request).await.expect("the router answers");
                    let status = reply.status();
                    let retry = reply.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()?.parse().ok());
                    let _ = axum::body::to_bytes(reply.into_body(), 16 << 20).await;
                    match status {
                        StatusCode::OK => {
                            requests.push(sent.elapsed().as_secs_f64());
                            whole.push(first_try.elapsed().as_secs_f64());
                            acked += 1;
                            break;
                        }
                        StatusCode::SERVICE_UNAVAILABLE if retry.is_some() => {
                            refused += 1;
                            tokio::time::sleep(Duration::from_secs(retry.unwrap_or(2))).await;
                        }
                        StatusCode::CONFLICT => break, // the plan ran out of questions
                        _ => {
                            failed += 1;
                            break;
                        }
                    }
                }
            }
            (Some(id), requests, whole, refused, failed, acked)
        }));
    }
    let (mut requests, mut whole) = (Vec::new(), Vec::new());
    let (mut refused, mut failed, mut acked, mut stored) = (0, 0, 0, 0);
    for task in tasks {
        let (id, r, w, re, f, a) = task.await.expect("a session task finishes");
        requests.extend(r);
        whole.extend(w);
        refused += re;
        failed += f;
        acked += a;
        if let Some(id) = id {
            stored += state.store.answers(&id).await?.len();
        }
    }
    let wall_s = started.elapsed().as_secs_f64();
    requests.sort_by(f64::total_cmp);
    whole.sort_by(f64::total_cmp);
    Ok(LatencyReport {
        sessions,
        answers: requests.len(),
        audio_s,
        transcribe_only_s: anchor[1],
        request_p50_s: percentile(&requests, 0.5),
        request_p95_s: percentile(&requests, 0.95),
        answer_p50_s: percentile(&whole, 0.5),
        answer_p95_s: percentile(&whole, 0.95),
        refused_503: refused,
        failed_otherwise: failed,
        acknowledged: acked,
        stored,
        wall_s,
    })
}
