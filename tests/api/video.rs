//! The video self-introduction on fake models: its sound heard like an
//! answer and its words in the profile, the limits, consent (the public
//! card shows it only when the worker said so), Range requests for
//! playback, and deletion leaving nothing behind.

use std::path::Path;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use axum::Router;
use serde_json::{json, Value};

use crate::http::{fake_service, get, login, post_json, request, runtime, send, upload, write_old, Reply, HEARD};
use ayi::fakes::{CharacterEmbedder, ScriptedTranscriber};
use ayi::tools::bench::serve::{multipart, MULTIPART_BOUNDARY};

/// 7 s recorded by Chromium's MediaRecorder: VP8 video and Opus speech
/// (tests/e2e/make_video_fixture.mjs).
const WEBM: &[u8] = include_bytes!("../fixtures/video_en.webm");

/// The fixture's clusters repeated until it runs `copies` times as long: a
/// longer recording without a longer fixture (the demuxer reads clusters to
/// the end of an unsized segment, as MediaRecorder writes it).
fn longer_webm(copies: usize) -> Vec<u8> {
    const CLUSTER: [u8; 4] = [0x1f, 0x43, 0xb6, 0x75];
    let first = WEBM.windows(4).position(|w| w == CLUSTER).expect("a cluster");
    let mut out = WEBM.to_vec();
    for _ in 1..copies {
        out.extend_from_slice(&WEBM[first..]);
    }
    out
}

async fn new_interview(router: &Router, language: &str) -> String {
    let created = post_json(router, "/api/interviews", json!({"language": language})).await;
    created.json()["id"].as_str().unwrap().to_string()
}

/// A video upload, with `public` as the form's consent field when given.
async fn upload_video(router: &Router, id: &str, bytes: &[u8], public: Option<&str>) -> Reply {
    let (content_type, body) = multipart("video", "intro.webm", bytes);
    let consent = public
        .map(|p| format!("--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"public\"\r\n\r\n{p}\r\n"))
        .unwrap_or_default();
    let body = [consent.as_bytes(), &body].concat();
    let r =
        request(Method::POST, &format!("/api/interviews/{id}/video"), None).header(header::CONTENT_TYPE, content_type);
    send(router, r.body(Body::from(body)).unwrap()).await
}

async fn consent(router: &Router, id: &str, public: bool) -> Reply {
    let r = request(Method::PATCH, &format!("/api/interviews/{id}/video"), None)
        .header(header::CONTENT_TYPE, "application/json");
    send(router, r.body(Body::from(json!({ "public": public }).to_string())).unwrap()).await
}

async fn delete(router: &Router, uri: &str) -> Reply {
    send(router, request(Method::DELETE, uri, None).body(Body::empty()).unwrap()).await
}

async fn ranged(router: &Router, uri: &str, range: &str) -> Reply {
    send(router, request(Method::GET, uri, None).header(header::RANGE, range).body(Body::empty()).unwrap()).await
}

fn files_in(dir: &Path, sub: &str) -> Vec<String> {
    std::fs::read_dir(dir.join(sub)).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

fn video_answer(view: &Value) -> Option<&Value> {
    view["answers"].as_array().unwrap().iter().find(|a| a["question_id"] == "video")
}

#[test]
fn a_video_is_heard_like_an_answer_and_its_words_feed_the_profile_and_the_subtitles() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (_state, router) = fake_service(dir.path(), 4, false).await;
        let id = new_interview(&router, "en").await;
        let reply = upload_video(&router, &id, WEBM, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
        let view = reply.json();
        let video = &view["video"];
        assert_eq!(video["transcript"], HEARD);
        assert_eq!(video["public"], false, "not public unless she says so");
        assert!((6.0..8.0).contains(&video["duration_s"].as_f64().unwrap()), "{video}");
        // Stored as an answer under its own readable question, feeding the profile …
        let answer = video_answer(&view).expect("the video's words are an answer");
        assert_eq!(
            (answer["question"].as_str(), answer["transcript"].as_str()),
            (Some("Video introduction"), Some(HEARD))
        );
        assert_eq!(view["profile"]["name"], "Li Fang");
        assert!(view["noted"].as_array().unwrap().iter().any(|n| n["code"] == "cooking"), "{view}");
        // … without answering a question or counting as one.
        assert_eq!(view["next_question"]["id"], "intro");
        assert_eq!(view["progress"]["answered"], 0);
        // The file is kept as sent, in the private videos folder.
        assert_eq!(files_in(dir.path(), "videos").len(), 1);
        let played = get(&router, video["url"].as_str().unwrap(), None).await;
        assert_eq!(played.status, StatusCode::OK);
        assert_eq!(played.body, WEBM);
        assert_eq!(played.headers[header::CONTENT_TYPE], "video/webm");
        assert_eq!(played.headers[header::ACCEPT_RANGES], "bytes");
        assert_eq!(played.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(played.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("default-src 'none'"));
        let vtt = get(&router, video["subtitles_url"].as_str().unwrap(), None).await;
        assert_eq!(vtt.headers[header::CONTENT_TYPE], "text/vtt; charset=utf-8");
        let vtt = String::from_utf8(vtt.body).unwrap();
        assert!(vtt.starts_with("WEBVTT\n\n1\n00:00:00.000 --> "), "{vtt}");
        assert!(vtt.contains("My name is Li Fang.") && vtt.contains("6000 a month."), "{vtt}");

        // Re-recording the video's answer as an answer is refused: record the video again.
        let seq = answer["seq"].as_i64().unwrap();
        let retyped = post_json(&router, &format!("/api/interviews/{id}/answers/{seq}"), json!({"text": "hi"})).await;
        assert_eq!((retyped.status, retyped.error_code().as_str()), (StatusCode::BAD_REQUEST, "invalid_input"));

        // A second video replaces the first: one file, one answer.
        let again = upload_video(&router, &id, WEBM, Some("true")).await;
        assert_eq!(again.status, StatusCode::OK);
        let view = again.json();
        assert_eq!(view["video"]["public"], true);
        let videos = view["answers"].as_array().unwrap().iter().filter(|a| a["question_id"] == "video").count();
        assert_eq!(videos, 1);
        assert_eq!(files_in(dir.path(), "videos").len(), 1, "the old file is gone");
    });
}

#[test]
fn what_is_not_a_video_of_the_right_length_and_size_is_refused_and_nothing_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (_state, router) = fake_service(dir.path(), 4, false).await;
        let id = new_interview(&router, "zh").await;
        let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
            ("a WAV", crate::http::wav(10.0, 0.2), StatusCode::BAD_REQUEST, "unsupported_video"),
            ("nothing", Vec::new(), StatusCode::BAD_REQUEST, "unsupported_video"),
            ("a WebM cut after 2 s", WEBM[..WEBM.len() * 2 / 7].to_vec(), StatusCode::BAD_REQUEST, "video_too_short"),
            ("over 45 s", longer_webm(8), StatusCode::PAYLOAD_TOO_LARGE, "video_too_long"),
            ("over 30 MB", [WEBM, &vec![0u8; 31 << 20]].concat(), StatusCode::PAYLOAD_TOO_LARGE, "upload_too_large"),
        ];
        for (what, bytes, status, code) in cases {
            let reply = upload_video(&router, &id, &bytes, Some("true")).await;
            assert_eq!((reply.status, reply.error_code().as_str()), (status, code), "{what}: {}", reply.json());
            assert!(!reply.json()["error"]["message"].as_str().unwrap().is_empty());
        }
        // Within the limits (here 42 s) is fine.
        let six = longer_webm(6);
        assert_eq!(upload_video(&router, &id, &six, None).await.status, StatusCode::OK);
        let missing = upload(&router, &format!("/api/interviews/{id}/video"), "audio", "a.webm", WEBM).await;
        assert_eq!(missing.error_code(), "missing_field");
        assert_eq!(upload_video(&router, "nobody", WEBM, None).await.status, StatusCode::NOT_FOUND);
        assert_eq!(files_in(dir.path(), "videos").len(), 1, "only the accepted video is kept");
        // Consent and deletion need a video.
        let other = new_interview(&router, "zh").await;
        assert_eq!(consent(&router, &other, true).await.status, StatusCode::NOT_FOUND);
        assert_eq!(delete(&router, &format!("/api/interviews/{other}/video")).await.status, StatusCode::NOT_FOUND);
        assert_eq!(get(&router, &format!("/api/interviews/{other}/video"), None).await.status, StatusCode::NOT_FOUND);
        let bad = request(Method::PATCH, &format!("/api/interviews/{id}/video"), None)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"public": "yes"}"#))
            .unwrap();
        assert_eq!(send(&router, bad).await.status, StatusCode::BAD_REQUEST);
    });
}

#[test]
fn families_see_the_video_only_with_consent_and_recruiters_behind_login() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (state, router) = fake_service(dir.path(), 4, false).await;
        let id = new_interview(&router, "en").await;
        assert_eq!(upload_video(&router, &id, WEBM, Some("false")).await.status, StatusCode::OK);
        // Nothing is public before publishing, consent or not.
        let pid = get(&router, &format!("/api/interviews/{id}"), None).await.json()["profile_id"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(get(&router, &format!("/cards/{pid}/video"), None).await.status, StatusCode::NOT_FOUND);
        let published = post_json(&router, &format!("/api/interviews/{id}/publish"), json!({})).await;
        assert_eq!(published.status, StatusCode::OK, "the video's words alone make a card");

        let page = get(&router, &format!("/cards/{pid}"), None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!String::from_utf8_lossy(&page.body).contains("<video"), "no video without consent");
        for path in ["video", "video.vtt"] {
            let reply = get(&router, &format!("/cards/{pid}/{path}"), None).await;
            assert_eq!((reply.status, reply.error_code().as_str()), (StatusCode::NOT_FOUND, "not_found"), "{path}");
        }

        let given = consent(&router, &id, true).await;
        assert_eq!((given.status, &given.json()["video"]["public"]), (StatusCode::OK, &json!(true)));
        let page = String::from_utf8(get(&router, &format!("/cards/{pid}"), None).await.body).unwrap();
        assert!(page.contains(&format!(r#"src="/cards/{pid}/video""#)), "{page}");
        assert!(page.contains(&format!(r#"<track kind="subtitles" src="/cards/{pid}/video.vtt" srclang="en""#)));
        let public = get(&router, &format!("/cards/{pid}/video"), None).await;
        assert_eq!((public.status, public.body.as_slice()), (StatusCode::OK, WEBM));
        assert_eq!(public.headers[header::CACHE_CONTROL], "no-store", "withdrawn consent is not undone by a cache");
        let vtt = String::from_utf8(get(&router, &format!("/cards/{pid}/video.vtt"), None).await.body).unwrap();
        assert!(vtt.contains("My name is Li.") && !vtt.contains("Li Fang"), "the public card's name: {vtt}");

        // Recruiters: behind login, consent or not.
        consent(&router, &id, false).await;
        assert_eq!(get(&router, &format!("/cards/{pid}/video"), None).await.status, StatusCode::NOT_FOUND);
        assert_eq!(get(&router, &format!("/api/workers/{pid}/video"), None).await.status, StatusCode::UNAUTHORIZED);
        let (cookie, _) = login(&state, &router).await;
        let worker = get(&router, &format!("/api/workers/{pid}"), Some(&cookie)).await.json();
        assert_eq!(worker["video"]["url"], format!("/api/workers/{pid}/video"));
        assert_eq!(worker["video"]["public"], false);
        assert!(worker["answers"].as_array().unwrap().iter().any(|a| a["question"] == "Video introduction"));
        let seen = get(&router, &format!("/api/workers/{pid}/video"), Some(&cookie)).await;
        assert_eq!((seen.status, seen.body.as_slice()), (StatusCode::OK, WEBM));
        let vtt = get(&router, &format!("/api/workers/{pid}/video.vtt"), Some(&cookie)).await;
        assert!(String::from_utf8(vtt.body).unwrap().contains("Li Fang"), "recruiters read what was said");
        // Another worker's video under this one's id does not exist.
        assert_eq!(get(&router, "/api/workers/nobody/video", Some(&cookie)).await.status, StatusCode::NOT_FOUND);
    });
}

#[test]
fn subtitles_on_the_public_card_blank_numbers_as_the_card_does() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let said = "My name is Li Fang. Call me on 138 1234 5678. I can cook.";
        let state = ayi::http::start_with_models(
            &crate::http::options(dir.path(), 4, false),
            move || Ok(Box::new(ScriptedTranscriber::always(said)) as Box<dyn ayi::stt::Transcriber>),
            || Ok(Box::new(CharacterEmbedder) as Box<dyn ayi::embed::Embedder>),
        )
        .await
        .unwrap();
        let router = ayi::http::app(state);
        let id = new_interview(&router, "en").await;
        assert_eq!(upload_video(&router, &id, WEBM, Some("true")).await.status, StatusCode::OK);
        let view = post_json(&router, &format!("/api/interviews/{id}/publish"), json!({})).await.json();
        let pid = view["profile_id"].as_str().unwrap();
        let own = String::from_utf8(get(&router, &format!("/api/interviews/{id}/video.vtt"), None).await.body).unwrap();
        assert!(own.contains("138 1234 5678"), "{own}");
        let public = String::from_utf8(get(&router, &format!("/cards/{pid}/video.vtt"), None).await.body).unwrap();
        assert!(public.contains("Call me on ***.") && !public.contains("5678"), "{public}");
    });
}

#[test]
fn a_player_gets_the_range_it_asks_for() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (_state, router) = fake_service(dir.path(), 4, false).await;
        let id = new_interview(&router, "en").await;
        upload_video(&router, &id, WEBM, None).await;
        let uri = format!("/api/interviews/{id}/video");
        let len = WEBM.len();
        for (range, start, end) in [
            ("bytes=0-99", 0, 99),
            ("bytes=1000-", 1000, len - 1),
            ("bytes=-500", len - 500, len - 1),
            ("bytes=0-", 0, len - 1),
        ] {
            let reply = ranged(&router, &uri, range).await;
            assert_eq!(reply.status, StatusCode::PARTIAL_CONTENT, "{range}");
            assert_eq!(reply.headers[header::CONTENT_RANGE], format!("bytes {start}-{end}/{len}"), "{range}");
            assert_eq!(reply.headers[header::CONTENT_LENGTH], (end + 1 - start).to_string(), "{range}");
            assert_eq!(reply.headers[header::CONTENT_TYPE], "video/webm");
            assert_eq!(reply.body, &WEBM[start..=end], "{range}");
        }
        let past = ranged(&router, &uri, &format!("bytes={len}-")).await;
        assert_eq!(
            (past.status, past.error_code().as_str()),
            (StatusCode::RANGE_NOT_SATISFIABLE, "range_not_satisfiable")
        );
        assert_eq!(past.headers[header::CONTENT_RANGE], format!("bytes */{len}"));
        // Several ranges, or an If-Range we cannot check: the whole file.
        let several = ranged(&router, &uri, "bytes=0-1,5-6").await;
        assert_eq!((several.status, several.body.len()), (StatusCode::OK, len));
        let conditional = request(Method::GET, &uri, None)
            .header(header::RANGE, "bytes=0-1")
            .header(header::IF_RANGE, "\"an-old-etag\"")
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&router, conditional).await.status, StatusCode::OK);
        // HEAD tells the length without the bytes.
        let head = send(&router, request(Method::HEAD, &uri, None).body(Body::empty()).unwrap()).await;
        assert_eq!((head.status, head.body.len()), (StatusCode::OK, 0));
        assert_eq!(head.headers[header::CONTENT_LENGTH], len.to_string());
    });
}

#[test]
fn deleting_the_video_or_the_worker_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (_state, router) = fake_service(dir.path(), 4, false).await;
        let id = new_interview(&router, "en").await;
        upload_video(&router, &id, WEBM, Some("true")).await;
        let typed = post_json(&router, &format!("/api/interviews/{id}/answers"), json!({"text": "I can drive."})).await;
        assert_eq!(typed.status, StatusCode::OK);
        post_json(&router, &format!("/api/interviews/{id}/publish"), json!({})).await;
        let pid = get(&router, &format!("/api/interviews/{id}"), None).await.json()["profile_id"]
            .as_str()
            .unwrap()
            .to_string();

        let deleted = delete(&router, &format!("/api/interviews/{id}/video")).await;
        assert_eq!(deleted.status, StatusCode::OK);
        let view = deleted.json();
        assert!(view["video"].is_null() && video_answer(&view).is_none(), "{view}");
        assert!(view["profile"]["name"].is_null(), "what only the video said is gone: {view}");
        assert_eq!(view["answers"].as_array().unwrap().len(), 1, "the typed answer stays");
        assert!(files_in(dir.path(), "videos").is_empty());
        for uri in
            [format!("/api/interviews/{id}/video"), format!("/cards/{pid}/video"), format!("/cards/{pid}/video.vtt")]
        {
            assert_eq!(get(&router, &uri, None).await.status, StatusCode::NOT_FOUND, "{uri}");
        }
        assert!(!String::from_utf8_lossy(&get(&router, &format!("/cards/{pid}"), None).await.body).contains("<video"));

        // Deleting the worker takes a video with it.
        let again = upload_video(&router, &id, WEBM, Some("true")).await;
        assert_eq!(
            again.status,
            StatusCode::OK,
            "a video after a deleted one: {}",
            String::from_utf8_lossy(&again.body)
        );
        assert_eq!(files_in(dir.path(), "videos").len(), 1);
        assert_eq!(delete(&router, &format!("/api/interviews/{id}")).await.status, StatusCode::NO_CONTENT);
        assert!(files_in(dir.path(), "videos").is_empty());
        assert_eq!(get(&router, &format!("/cards/{pid}/video"), None).await.status, StatusCode::NOT_FOUND);
    });
}

#[test]
fn a_video_file_no_row_names_is_swept_at_start() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (state, router) = fake_service(dir.path(), 4, false).await;
        let id = new_interview(&router, "en").await;
        upload_video(&router, &id, WEBM, None).await;
        let kept = files_in(dir.path(), "videos");
        // A crash between writing a video and committing its row leaves this.
        write_old(&dir.path().join("videos/abc-123456789abc.webm"), WEBM);
        assert_eq!(state.store.sweep_orphans().await.unwrap(), 1);
        assert_eq!(files_in(dir.path(), "videos"), kept);
        assert_eq!(get(&router, &format!("/api/interviews/{id}/video"), None).await.body, WEBM);
    });
}
