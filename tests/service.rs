//! The service on the real models: a whole interview over HTTP, and kill -9
//! mid-interview. Requests go through `app()` in process (no socket) except
//! for the crash test, which runs the real `ayi serve` binary. The code
//! around the models is tested on fakes in tests/api.

use std::path::Path;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use axum::Router;
use serde_json::{json, Value};

use crate::common::{fixture, models_dir};
use crate::http::{get, login, post_json, request, runtime, send, upload};
use ayi::http::{app, start, AppState, ServeOptions};
use ayi::tools::bench::serve::multipart;

pub async fn service(dir: &Path, queue: usize) -> (AppState, Router) {
    let options = ServeOptions {
        addr: "127.0.0.1:0".parse().unwrap(),
        data: dir.to_path_buf(),
        database: None,
        index: None,
        models_dir: models_dir(),
        threads: 2,
        queue,
        demo: false,
        decoder: Some(env!("CARGO_BIN_EXE_ayi").into()),
        public_url: Default::default(),
    };
    let state = start(&options).await.expect("the service starts");
    let router = app(state.clone());
    (state, router)
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// The numbers a page shows, each as its digits ("138 1234 5678" is one):
/// a fragment of a phone number is looked for in these, not in every digit
/// of the page run together, where random ids and times can spell "1234".
fn numbers_shown(text: &str) -> Vec<String> {
    let mut runs = vec![String::new()];
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let between_digits = matches!(c, ' ' | '-')
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() {
            runs.last_mut().unwrap().push(*c);
        } else if !between_digits && !runs.last().unwrap().is_empty() {
            runs.push(String::new());
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
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
            // The ids in links are random; they are not what is looked for.
            let shown = String::from_utf8_lossy(public).replace(&pid, "").replace(&id, "");
            assert!(!digits(&shown).contains("13812345678"), "the phone number leaked: {shown}");
            let numbers = numbers_shown(&shown);
            // A part of it, shown as a short number ("138****5678", "1234").
            let part = |n: &String| n.len() < 10 && (n.contains("1234") || n.contains("5678"));
            assert!(!numbers.iter().any(part), "a part of it leaked: {numbers:?}");
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
