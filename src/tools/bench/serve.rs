//! `ayi bench serve`: per-answer latency, upload received → next question
//! sent, measured inside the server (the router driven in process, so the
//! figure is the service's own, not the client's network), for one kiosk
//! and for several answering at once.
//!
//! Concurrent sessions retry a 503 after its Retry-After, as the pages do;
//! any other failure is counted, and at the end every acknowledged answer
//! must be in the database.
//!
//! Then, on one kiosk, answers streamed at the pace of speech (`/live`)
//! alternate with uploads of the same clip: the time from the worker's
//! stop to the answer, both ways, in one run ([`StreamingReport`]).
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
use crate::tools::{median, Spread};

#[derive(Debug, Serialize)]
pub struct LatencyReport {
    pub sessions: usize,
    pub answers: usize,
    pub audio_s: f64,
    /// The anchor, same run: transcribing the same clip on the same model
    /// thread with no HTTP, storage or extraction around it (median of 3).
    pub transcribe_only_s: f64,
    /// One successful request: upload received → response with the next question.
    pub request_s: Spread,
    /// From the first try to the acknowledgement, waits after 503 included.
    pub answer_s: Spread,
    pub refused_503: usize,
    pub failed_otherwise: usize,
    pub acknowledged: usize,
    pub stored: usize,
    pub wall_s: f64,
    /// Answers streamed while spoken against the same clip uploaded, one
    /// kiosk, alternating, in this run.
    pub streaming: StreamingReport,
}

/// Streamed answers (`/live`, sent at the pace of speech) against uploads of
/// the same clip, alternating on one kiosk: how long after she stops the
/// answer comes, and whether the transcripts agree.
#[derive(Debug, Serialize)]
pub struct StreamingReport {
    pub answers: usize,
    /// Stop sent → answer received, streamed.
    pub streamed_after_stop_s: Spread,
    /// The same, when she taps "stop" [`PAUSE_BEFORE_STOP_S`] after her
    /// last word (the microphone still streaming), as people do.
    pub streamed_paused_after_stop_s: Spread,
    /// Upload sent → answer received, the same clip (the anchor).
    pub upload_after_stop_s: Spread,
    /// Captions received before she stopped, per answer (median).
    pub captions_before_stop: usize,
    /// Word error rate of the streamed transcripts (without, with the
    /// pause) against the uploaded one.
    pub streamed_vs_upload_wer: f64,
    pub streamed_paused_vs_upload_wer: f64,
    pub streamed_text: String,
    pub upload_text: String,
}

/// Silence between her last word and her tap on "stop", in the paused case.
pub const PAUSE_BEFORE_STOP_S: f64 = 0.8;

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
    database: Option<String>,
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
        index: database.as_ref().map(|_| data.path().join("index")),
        database,
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

/// Creates an interview; returns its id and first question.
async fn new_interview(router: &axum::Router) -> Option<(String, String)> {
    let create = Request::post("/api/interviews")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"language": "en"}"#))
        .expect("a valid request");
    let reply = router.clone().oneshot(create).await.ok()?;
    let body = axum::body::to_bytes(reply.into_body(), 1 << 20).await.ok()?;
    let v: serde_json::Value = serde_json::from_slice(&body).ok()?;
    Some((v["id"].as_str()?.to_string(), v["question"]["id"].as_str()?.to_string()))
}

/// Uploads `audio` as the answer; returns (seconds to the reply, the reply).
async fn upload_answer(router: &axum::Router, id: &str, audio: &[u8]) -> Option<(f64, serde_json::Value)> {
    let (content_type, body) = multipart("audio", "answer.wav", audio);
    let request = Request::post(format!("/api/interviews/{id}/answers"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("a valid request");
    let sent = Instant::now();
    let reply = router.clone().oneshot(request).await.ok()?;
    let ok = reply.status() == StatusCode::OK;
    let body = axum::body::to_bytes(reply.into_body(), 16 << 20).await.ok()?;
    let elapsed = sent.elapsed().as_secs_f64();
    ok.then(|| Some((elapsed, serde_json::from_slice(&body).ok()?))).flatten()
}

/// Streams `samples` to `/live` at the pace of speech (100 ms chunks), then
/// stops; returns (seconds from stop to the answer, captions seen before
/// the stop, the answer).
async fn stream_answer(
    addr: std::net::SocketAddr,
    id: &str,
    question: &str,
    samples: &[f32],
) -> Result<(f64, usize, serde_json::Value), String> {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    let tcp = tokio::net::TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let url = format!("ws://{addr}/api/interviews/{id}/live?question_id={question}");
    let (socket, _) = tokio_tungstenite::client_async(url, tcp).await.map_err(|e| e.to_string())?;
    let (mut send, mut receive) = socket.split();
    let started = Instant::now();
    let mut captions = 0;
    let chunk = audio::SAMPLE_RATE as usize / 10;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    // Read what the server says while the audio goes out.
    let reader = tokio::spawn(async move {
        while let Some(Ok(message)) = receive.next().await {
            if let Message::Text(text) = message {
                let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
                let last = value.get("caption").is_none();
                let _ = tx.send((Instant::now(), value));
                if last {
                    break;
                }
            }
        }
    });
    for (i, piece) in samples.chunks(chunk).enumerate() {
        let due = started + Duration::from_millis(100 * i as u64);
        tokio::time::sleep_until(due.into()).await;
        let bytes: Vec<u8> = piece.iter().flat_map(|s| ((s.clamp(-1.0, 1.0) * 32767.0) as i16).to_le_bytes()).collect();
        send.send(Message::Binary(bytes.into())).await.map_err(|e| e.to_string())?;
        while let Ok((_, value)) = rx.try_recv() {
            if value.get("caption").is_some() {
                captions += 1;
            }
        }
    }
    let stopped = Instant::now();
    send.send(Message::Text(r#"{"stop": true}"#.into())).await.map_err(|e| e.to_string())?;
    while let Some((at, value)) = rx.recv().await {
        if let Some(answer) = value.get("answer") {
            reader.abort();
            return Ok((at.duration_since(stopped).as_secs_f64(), captions, answer.clone()));
        }
        if value.get("error").is_some() {
            return Err(value.to_string());
        }
    }
    Err("the connection closed without an answer".into())
}

/// Word error rate of `hypothesis` against `reference` (lower-cased words,
/// punctuation dropped).
fn word_error_rate(reference: &str, hypothesis: &str) -> f64 {
    let words = |t: &str| -> Vec<String> {
        t.split_whitespace()
            .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase())
            .filter(|w| !w.is_empty())
            .collect()
    };
    let (r, h) = (words(reference), words(hypothesis));
    if r.is_empty() {
        return if h.is_empty() { 0.0 } else { 1.0 };
    }
    let mut row: Vec<usize> = (0..=h.len()).collect();
    for (i, rw) in r.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, hw) in h.iter().enumerate() {
            let substitution = previous + usize::from(rw != hw);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[h.len()] as f64 / r.len() as f64
}

/// Alternates streamed and uploaded answers of the same clip on one kiosk
/// (a new interview whenever one runs out of questions).
async fn streaming(router: &axum::Router, audio: &[u8], answers: usize) -> Result<StreamingReport, crate::Error> {
    let io = |what: &str| {
        let what = what.to_string();
        move |e: std::io::Error| crate::store::StoreError::Io { what, source: e }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(io("binding the bench's socket"))?;
    let addr = listener.local_addr().map_err(io("reading the bench's address"))?;
    let server =
        tokio::spawn(std::future::IntoFuture::into_future(axum::serve(listener, router.clone().into_make_service())));
    let samples = crate::audio::decode_bytes(audio.to_vec(), crate::http::MAX_ANSWER_SECONDS)?.samples;
    let mut paused_samples = samples.clone();
    paused_samples.resize(samples.len() + (PAUSE_BEFORE_STOP_S * crate::audio::SAMPLE_RATE as f64) as usize, 0.0);
    let (mut streamed, mut paused, mut uploaded, mut captions) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut streamed_text, mut paused_text, mut upload_text) = (String::new(), String::new(), String::new());
    let failed = |what: String| crate::store::StoreError::Corrupt(format!("bench: {what}"));
    for _ in 0..answers {
        // Each in a fresh interview, so both answer the same first question.
        let (id, question) = new_interview(router).await.ok_or_else(|| failed("creating an interview".into()))?;
        let (after_stop, seen, answer) = stream_answer(addr, &id, &question, &samples).await.map_err(failed)?;
        streamed.push(after_stop);
        captions.push(seen);
        streamed_text = answer["transcript"].as_str().unwrap_or_default().to_string();
        let (id, question) = new_interview(router).await.ok_or_else(|| failed("creating an interview".into()))?;
        let (after_stop, _, answer) = stream_answer(addr, &id, &question, &paused_samples).await.map_err(failed)?;
        paused.push(after_stop);
        paused_text = answer["transcript"].as_str().unwrap_or_default().to_string();
        let (id, _) = new_interview(router).await.ok_or_else(|| failed("creating an interview".into()))?;
        let (elapsed, reply) = upload_answer(router, &id, audio).await.ok_or_else(|| failed("an upload".into()))?;
        uploaded.push(elapsed);
        upload_text = reply["transcript"].as_str().unwrap_or_default().to_string();
    }
    server.abort();
    Ok(StreamingReport {
        answers,
        streamed_after_stop_s: Spread::of(streamed),
        streamed_paused_after_stop_s: Spread::of(paused),
        upload_after_stop_s: Spread::of(uploaded),
        captions_before_stop: median(captions),
        streamed_vs_upload_wer: word_error_rate(&upload_text, &streamed_text),
        streamed_paused_vs_upload_wer: word_error_rate(&upload_text, &paused_text),
        streamed_text,
        upload_text,
    })
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
        state.pipeline.transcribe(decoded.clone(), crate::stt::Language::En, 0.0)?.wait().await??;
        anchor.push(t.elapsed().as_secs_f64());
    }
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
    let streaming = streaming(&router, &audio, answers.max(3)).await?;
    Ok(LatencyReport {
        sessions,
        answers: requests.len(),
        audio_s,
        transcribe_only_s: Spread::of(anchor).p50,
        request_s: Spread::of(requests),
        answer_s: Spread::of(whole),
        refused_503: refused,
        failed_otherwise: failed,
        acknowledged: acked,
        stored,
        wall_s,
        streaming,
    })
}
