//! The service's API on the real models: a whole interview over HTTP, bad
//! input, login and CSRF, a full speech queue, and kill -9 mid-interview.
//! Requests go through `app()` in process (no socket) except for the crash
//! test, which runs the real `ayi serve` binary.

use std::path::Path;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::common::{fixture, models_dir};
use ayi::http::{app, start, AppState, ServeOptions};
use ayi::tools::bench::serve::{multipart, MULTIPART_BOUNDARY};

pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

pub(crate) async fn service(dir: &Path, queue: usize) -> (AppState, Router) {
    let options = ServeOptions {
        addr: "127.0.0.1:0".parse().unwrap(),
        data: dir.to_path_buf(),
        models_dir: models_dir(),
        threads: 2,
        queue,
        demo: false,
        decoder: Some(env!("CARGO_BIN_EXE_ayi").into()),
    };
    let state = start(&options).await.expect("the service starts");
    let router = app(state.clone());
    (state, router)
}

pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }

    pub(crate) fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or("").to_string()
    }
}

pub(crate) async fn send(router: &Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 64 << 20).await.unwrap().to_vec();
    Reply { status, headers, body }
}

pub(crate) fn request(method: Method, uri: &str, cookie: Option<&str>) -> axum::http::request::Builder {
    let mut r = Request::builder().method(method).uri(uri);
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r
}

pub(crate) async fn get(router: &Router, uri: &str, cookie: Option<&str>) -> Reply {
    send(router, request(Method::GET, uri, cookie).body(Body::empty()).unwrap()).await
}

pub(crate) async fn post_json(router: &Router, uri: &str, body: Value) -> Reply {
    let r = request(Method::POST, uri, None).header(header::CONTENT_TYPE, "application/json");
    send(router, r.body(Body::from(body.to_string())).unwrap()).await
}

pub(crate) async fn upload(router: &Router, uri: &str, field: &str, file_name: &str, bytes: &[u8]) -> Reply {
    let (content_type, body) = multipart(field, file_name, bytes);
    let r = request(Method::POST, uri, None).header(header::CONTENT_TYPE, content_type);
    send(router, r.body(Body::from(body)).unwrap()).await
}

/// `seconds` of faint noise (amplitude 0: digital silence) as WAV.
pub(crate) fn wav(seconds: f64, amplitude: f32) -> Vec<u8> {
    let mut seed = 12345u32;
    let samples: Vec<f32> = (0..(seconds * 16_000.0) as usize)
        .map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            amplitude * ((seed >> 16) as f32 / 32768.0 - 1.0)
        })
        .collect();
    ayi::audio::encode_wav(&samples)
}

pub(crate) async fn login(state: &AppState, router: &Router) -> (String, String) {
    let hash = ayi::http::auth::hash_password("a long test password").unwrap();
    state.store.add_user("tester", &hash).await.unwrap();
    let reply = post_json(router, "/api/login", json!({"name": "tester", "password": "a long test password"})).await;
    assert_eq!(reply.status, StatusCode::OK);
    let cookie = reply.headers[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let cookie = cookie.split(';').next().unwrap().to_string();
    (cookie, reply.json()["csrf"].as_str().unwrap().to_string())
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

#[test]
fn a_whole_interview_over_the_api_then_gallery_search_shortlist_and_deletion() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (state, router) = service(dir.path(), 4).await;
        let created = post_json(&router, "/api/interviews", json!({"language": "en"})).await;
        assert_eq!(created.status, StatusCode::CREATED);
        let created = created.json();
        let id = created["id"].as_str().unwrap().to_string();
        assert_eq!(created["question"]["id"], "intro");

        // 1. A spoken answer: transcribed, extracted, the next question skips what was said.
        let audio = std::fs::read(fixture("answer_en.wav")).unwrap();
        let started = Instant::now();
        let answer = upload(&router, &format!("/api/interviews/{id}/answers"), "audio", "a.wav", &audio).await;
        let answer_s = started.elapsed().as_secs_f64();
        assert_eq!(answer.status, StatusCode::OK, "{}", String::from_utf8_lossy(&answer.body));
        let answer = answer.json();
        assert!(answer["transcript"].as_str().unwrap().contains("Maria Santos"), "{answer}");
        let profile = &answer["profile"];
        assert_eq!(profile["age"], 45);
        assert_eq!(profile["expected_salary_cny_month"], 6000);
        assert_eq!(profile["live_in"], true);
        let services: Vec<&str> =
            profile["services"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
        assert!(services.contains(&"cooking") && services.contains(&"elderly_care"), "{services:?}");
        let next = answer["next_question"]["id"].as_str().unwrap();
        assert!(!["intro", "services", "experience", "live_in", "pay"].contains(&next), "asked again: {next}");
        eprintln!("one 16 s answer took {answer_s:.2} s in process");

        // 2. The phone answer: private to recruiters, never public.
        let phone_audio = std::fs::read(fixture("answer_en_phone.wav")).unwrap();
        let mut phone_answer = None;
        for _ in 0..8 {
            let view = get(&router, &format!("/api/interviews/{id}"), None).await.json();
            let Some(question) = view["next_question"]["id"].as_str() else { break };
            let reply = upload(&router, &format!("/api/interviews/{id}/answers"), "audio", "p.wav", &phone_audio).await;
            assert_eq!(reply.status, StatusCode::OK, "{question}: {}", String::from_utf8_lossy(&reply.body));
            if reply.json()["profile"]["phone"].is_string() {
                phone_answer = Some(reply.json());
                break;
            }
        }
        let phone_answer = phone_answer.expect("the phone number was understood");
        let phone = phone_answer["profile"]["phone"].as_str().unwrap().to_string();
        assert_eq!(phone, "13812345678");

        // 3. Review: a photo, an item removed, a number fixed.
        let mut png = std::io::Cursor::new(Vec::new());
        image::RgbImage::from_pixel(60, 80, image::Rgb([200, 120, 90]))
            .write_to(&mut png, image::ImageFormat::Png)
            .unwrap();
        let photo = upload(&router, &format!("/api/interviews/{id}/photo"), "photo", "me.png", png.get_ref()).await;
        assert_eq!(photo.status, StatusCode::NO_CONTENT);
        let edit = request(Method::PATCH, &format!("/api/interviews/{id}/profile"), None)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"removed": ["cleaning"], "expected_salary_cny_month": 6500}).to_string()))
            .unwrap();
        let edited = send(&router, edit).await;
        assert_eq!(edited.status, StatusCode::OK);
        let edited = edited.json();
        assert_eq!(edited["profile"]["expected_salary_cny_month"], 6500);
        assert!(!edited["profile"]["skills"].as_array().unwrap().iter().any(|f| f["code"] == "cleaning"));

        // 4. Publish: the public card and gallery carry no phone or ID number.
        let published = send(
            &router,
            request(Method::POST, &format!("/api/interviews/{id}/publish"), None).body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(published.status, StatusCode::OK, "{}", String::from_utf8_lossy(&published.body));
        let pid = published.json()["profile_id"].as_str().unwrap().to_string();
        let card = get(&router, &format!("/cards/{pid}.png"), None).await;
        assert_eq!(card.status, StatusCode::OK);
        assert!(card.body.starts_with(b"\x89PNG"));
        let gallery = get(&router, "/api/cards?code=elderly_care", None).await;
        assert!(String::from_utf8_lossy(&gallery.body).contains(&pid));
        let page = get(&router, &format!("/cards/{pid}"), None).await;
        assert_eq!(page.status, StatusCode::OK);
        for public in [&gallery.body, &page.body] {
            let text = digits(&String::from_utf8_lossy(public));
            assert!(!text.contains("13812345678") && !text.contains("1234"), "a number leaked: {text}");
            assert!(!String::from_utf8_lossy(public).contains("Santos"), "the full name leaked");
        }

        // 5. Recruiters: search finds her and says why; the private card and recordings.
        let (cookie, csrf) = login(&state, &router).await;
        let search =
            get(&router, "/api/search?q=live-in%20carer%20for%20my%20elderly%20mother&live_in=true", Some(&cookie))
                .await;
        assert_eq!(search.status, StatusCode::OK, "{}", String::from_utf8_lossy(&search.body));
        let results = search.json()["results"].as_array().unwrap().clone();
        assert_eq!(results[0]["id"], pid.as_str());
        assert!(results[0]["matched"].as_array().unwrap().iter().any(|m| m["code"] == "elderly_care"));
        let worker = get(&router, &format!("/api/workers/{pid}"), Some(&cookie)).await.json();
        assert_eq!(worker["profile"]["phone"], phone.as_str());
        let audio_url = worker["answers"][0]["audio_url"].as_str().unwrap().to_string();
        let recording = get(&router, &audio_url, Some(&cookie)).await;
        assert_eq!((recording.status, recording.body.len()), (StatusCode::OK, audio.len()));

        // 6. The shortlist needs the CSRF token.
        let put = |token: Option<&str>| {
            let mut r = request(Method::PUT, &format!("/api/shortlist/{pid}"), Some(&cookie));
            if let Some(t) = token {
                r = r.header("x-csrf-token", t);
            }
            r.body(Body::empty()).unwrap()
        };
        assert_eq!(send(&router, put(None)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(send(&router, put(Some("forged"))).await.status, StatusCode::FORBIDDEN);
        assert_eq!(send(&router, put(Some(&csrf))).await.status, StatusCode::NO_CONTENT);
        let shortlist = get(&router, "/api/shortlist", Some(&cookie)).await.json();
        assert_eq!(shortlist["workers"][0]["profile_id"], pid.as_str());

        // 7. The worker deletes everything.
        let audio_files = std::fs::read_dir(dir.path().join("audio")).unwrap().count();
        assert!(audio_files >= 2);
        let deleted =
            send(&router, request(Method::DELETE, &format!("/api/interviews/{id}"), None).body(Body::empty()).unwrap())
                .await;
        assert_eq!(deleted.status, StatusCode::NO_CONTENT);
        assert_eq!(get(&router, &format!("/cards/{pid}.png"), None).await.status, StatusCode::NOT_FOUND);
        assert_eq!(get(&router, &format!("/api/workers/{pid}"), Some(&cookie)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(std::fs::read_dir(dir.path().join("audio")).unwrap().count(), 0);
        assert_eq!(std::fs::read_dir(dir.path().join("photos")).unwrap().count(), 0);
        let stored = std::fs::read_dir(dir.path().join("index")).unwrap().flatten().map(|f| f.path());
        let database = ["ayi.db", "ayi.db-wal"].map(|f| dir.path().join(f));
        for file in stored.chain(database.into_iter().filter(|f| f.exists())) {
            let bytes = std::fs::read(&file).unwrap();
            assert!(!bytes.windows(6).any(|w| w == b"Santos"), "{} still holds her name", file.display());
        }
        let search = get(&router, "/api/search?q=elderly%20care", Some(&cookie)).await.json();
        assert!(!search.to_string().contains(&pid));
    });
}

#[test]
fn bad_input_gets_a_clear_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (_state, router) = service(dir.path(), 4).await;
        let wrong = post_json(&router, "/api/interviews", json!({"language": "fr"})).await;
        assert_eq!((wrong.status, wrong.error_code().as_str()), (StatusCode::BAD_REQUEST, "invalid_input"));
        let unknown = post_json(&router, "/api/interviews", json!({"langauge": "zh"})).await;
        assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
        let id = post_json(&router, "/api/interviews", json!({})).await.json()["id"].as_str().unwrap().to_string();
        let answers = format!("/api/interviews/{id}/answers");

        let corrupt = upload(&router, &answers, "audio", "a.webm", b"\x1a\x45\xdf\xa3 this is not really webm").await;
        assert_eq!(corrupt.status, StatusCode::BAD_REQUEST, "{}", String::from_utf8_lossy(&corrupt.body));
        assert!(["corrupt_audio", "unsupported_audio"].contains(&corrupt.error_code().as_str()));
        let missing = upload(&router, &answers, "recording", "a.wav", &wav(1.0, 0.003)).await;
        assert_eq!(missing.error_code(), "missing_field");
        let long = upload(&router, &answers, "audio", "long.wav", &wav(190.0, 0.003)).await;
        assert_eq!((long.status, long.error_code().as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "audio_too_long"));
        assert!(long.json()["error"]["message"].as_str().unwrap().contains("3.0 minutes"), "{}", long.json());
        let huge = upload(&router, &answers, "audio", "huge.wav", &vec![0u8; 17 << 20]).await;
        assert_eq!((huge.status, huge.error_code().as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "upload_too_large"));
        let stale = {
            let (ct, body) = multipart("audio", "a.wav", &wav(1.0, 0.003));
            let question = format!(
                "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"question_id\"\r\n\r\npay\r\n"
            );
            let body = [question.as_bytes(), &body].concat();
            let r = request(Method::POST, &answers, None).header(header::CONTENT_TYPE, ct);
            send(&router, r.body(Body::from(body)).unwrap()).await
        };
        assert_eq!(stale.error_code(), "wrong_question");
        let view = get(&router, &format!("/api/interviews/{id}"), None).await.json();
        assert_eq!(view["answers"].as_array().unwrap().len(), 0, "nothing was stored");
        assert_eq!(std::fs::read_dir(dir.path().join("audio")).unwrap().count(), 0, "no file was kept");

        // Silence is an answer with nothing heard: stored, and the question asked again.
        let silence = upload(&router, &answers, "audio", "quiet.wav", &wav(4.0, 0.0)).await;
        assert_eq!(silence.status, StatusCode::OK);
        let silence = silence.json();
        assert_eq!((silence["heard"].as_bool(), silence["next_question"]["id"].as_str()), (Some(false), Some("intro")));

        let wrong_method =
            send(&router, request(Method::PUT, "/api/interviews", None).body(Body::empty()).unwrap()).await;
        assert_eq!(
            (wrong_method.status, wrong_method.error_code().as_str()),
            (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
        );
        let nobody = get(&router, "/api/interviews/0123456789abcdef", None).await;
        assert_eq!((nobody.status, nobody.error_code().as_str()), (StatusCode::NOT_FOUND, "not_found"));
        let nothing = send(
            &router,
            request(Method::POST, &format!("/api/interviews/{id}/publish"), None).body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(nothing.status, StatusCode::BAD_REQUEST);
        let bad_edit = request(Method::PATCH, &format!("/api/interviews/{id}/profile"), None)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"age": 7}).to_string()))
            .unwrap();
        assert_eq!(send(&router, bad_edit).await.error_code(), "invalid_input");
    });
}

#[test]
fn recruiter_pages_and_api_need_a_session_and_logins_are_throttled() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (state, router) = service(dir.path(), 4).await;
        for uri in [
            "/api/search?q=cook",
            "/api/me",
            "/api/shortlist",
            "/api/workers/abc",
            "/api/workers/abc/card.png",
            "/api/workers/abc/audio/1",
        ] {
            let reply = get(&router, uri, None).await;
            assert_eq!(
                (reply.status, reply.error_code().as_str()),
                (StatusCode::UNAUTHORIZED, "unauthorized"),
                "{uri}"
            );
            let forged = get(&router, uri, Some("ayi_session=forged")).await;
            assert_eq!(forged.status, StatusCode::UNAUTHORIZED, "{uri}");
        }
        for uri in ["/recruiter", "/recruiter/workers/abc", "/recruiter/shortlist"] {
            let reply = get(&router, uri, None).await;
            assert!(reply.status.is_redirection(), "{uri}: {}", reply.status);
            assert!(reply.headers[header::LOCATION].to_str().unwrap().starts_with("/recruiter/login"));
        }
        for uri in ["/", "/interview", "/gallery", "/recruiter/login", "/api/openapi.json", "/healthz"] {
            assert_eq!(get(&router, uri, None).await.status, StatusCode::OK, "{uri}");
        }
        let (cookie, _) = login(&state, &router).await;
        assert_eq!(get(&router, "/recruiter", Some(&cookie)).await.status, StatusCode::OK);

        for attempt in 0..5 {
            let reply =
                post_json(&router, "/api/login", json!({"name": "tester", "password": format!("wrong {attempt}")}))
                    .await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        }
        let locked =
            post_json(&router, "/api/login", json!({"name": "tester", "password": "a long test password"})).await;
        assert_eq!((locked.status, locked.error_code().as_str()), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"));
        assert!(locked.headers.contains_key(header::RETRY_AFTER));
    });
}

#[test]
fn users_add_reads_the_password_from_stdin_and_the_recruiter_can_log_in() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let add = |password: &str| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ayi"))
            .args(["users", "add", "lin", "--data"])
            .arg(dir.path())
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let short = add("short");
    assert_eq!(short.status.code(), Some(2), "a short password is refused");
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 8"));
    assert!(add("lin's long password").status.success());
    runtime().block_on(async {
        let (_state, router) = service(dir.path(), 1).await;
        let ok = post_json(&router, "/api/login", json!({"name": "lin", "password": "lin's long password"})).await;
        assert_eq!(ok.status, StatusCode::OK);
        let wrong = post_json(&router, "/api/login", json!({"name": "lin", "password": "short"})).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    });
}

#[test]
fn every_api_route_is_in_the_openapi_document() {
    let document: Value = serde_json::from_str(ayi::http::OPENAPI).unwrap();
    let paths = document["paths"].as_object().unwrap();
    let router_source = include_str!("../src/http/mod.rs");
    let routes: Vec<&str> =
        router_source.split(".route(\"").skip(1).map(|rest| rest.split('"').next().unwrap()).collect();
    assert!(routes.len() >= 20, "{routes:?}");
    for route in routes {
        assert!(paths.contains_key(route), "{route} is not documented in assets/openapi.json");
    }
}

#[test]
fn a_full_speech_queue_answers_503_with_retry_after_and_loses_no_acknowledged_answer() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        // No waiting room: while one answer is transcribed, others are refused.
        let (state, router) = service(dir.path(), 0).await;
        let audio = std::fs::read(fixture("answer_en.wav")).unwrap();
        let mut ids = Vec::new();
        for _ in 0..4 {
            ids.push(
                post_json(&router, "/api/interviews", json!({"language": "en"})).await.json()["id"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
        }
        let mut tasks = Vec::new();
        for id in &ids {
            let (router, audio, id) = (router.clone(), audio.clone(), id.clone());
            tasks.push(tokio::spawn(async move {
                let mut refused = 0;
                loop {
                    let reply =
                        upload(&router, &format!("/api/interviews/{id}/answers"), "audio", "a.wav", &audio).await;
                    match reply.status {
                        StatusCode::OK => return (id, refused),
                        StatusCode::SERVICE_UNAVAILABLE => {
                            assert_eq!(reply.error_code(), "busy");
                            let wait: u64 = reply.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
                            refused += 1;
                            tokio::time::sleep(Duration::from_millis(wait * 100)).await;
                        }
                        other => {
                            panic!("only 503 may fail a request, got {other}: {}", String::from_utf8_lossy(&reply.body))
                        }
                    }
                }
            }));
        }
        let mut total_refused = 0;
        for task in tasks {
            let (id, refused) = task.await.unwrap();
            total_refused += refused;
            let answers = state.store.answers(&id).await.unwrap();
            assert_eq!(answers.len(), 1, "the acknowledged answer is stored once");
        }
        assert!(total_refused > 0, "four answers at once with no queue: some must have been refused");
    });
}

/// A free port on loopback.
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub(crate) fn spawn_server(dir: &Path, port: u16) -> std::process::Child {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_ayi"))
        .args(["serve", "--no-demo", "--addr", &format!("127.0.0.1:{port}"), "--data"])
        .arg(dir)
        .env("AYI_MODELS", models_dir())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while ureq::get(&format!("http://127.0.0.1:{port}/healthz")).call().is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    child
}

pub(crate) fn post_audio(port: u16, id: &str, audio: &[u8]) -> Result<Value, String> {
    let (content_type, body) = multipart("audio", "a.wav", audio);
    let reply = ureq::post(&format!("http://127.0.0.1:{port}/api/interviews/{id}/answers"))
        .header("Content-Type", &content_type)
        .send(&body[..])
        .map_err(|e| e.to_string())?;
    reply.into_body().read_json::<Value>().map_err(|e| e.to_string())
}

#[test]
fn kill_9_mid_interview_then_restart_resumes_with_every_acknowledged_answer() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut server = spawn_server(dir.path(), port);
    let created: Value = ureq::post(&format!("http://127.0.0.1:{port}/api/interviews"))
        .header("Content-Type", "application/json")
        .send(r#"{"language": "en"}"#)
        .unwrap()
        .into_body()
        .read_json()
        .unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    let audio = std::fs::read(fixture("answer_en.wav")).unwrap();
    let phone = std::fs::read(fixture("answer_en_phone.wav")).unwrap();
    let first = post_audio(port, &id, &audio).unwrap();
    let second = post_audio(port, &id, &phone).unwrap();
    let acknowledged = [first["question_id"].clone(), second["question_id"].clone()];
    // A third answer is in flight when the server is killed.
    let in_flight = {
        let (id, audio) = (id.clone(), audio.clone());
        std::thread::spawn(move || post_audio(port, &id, &audio))
    };
    std::thread::sleep(Duration::from_millis(400));
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let third = in_flight.join().unwrap();

    let mut server = spawn_server(dir.path(), port);
    let view: Value = ureq::get(&format!("http://127.0.0.1:{port}/api/interviews/{id}"))
        .call()
        .unwrap()
        .into_body()
        .read_json()
        .unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    let answers = view["answers"].as_array().unwrap();
    let stored: Vec<&Value> = answers.iter().map(|a| &a["question_id"]).collect();
    assert_eq!(&stored[..2], &[&acknowledged[0], &acknowledged[1]], "{view}");
    if third.is_ok() {
        assert_eq!(answers.len(), 3, "an acknowledged third answer survives");
    }
    assert!(answers.len() <= 3);
    assert_eq!(view["profile"]["phone"], "13812345678");
    assert!(view["next_question"]["id"].is_string(), "the interview goes on: {view}");
}
