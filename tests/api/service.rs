//! The service's API on fake models: bad input, login and CSRF, a full
//! speech queue. What is checked here is the code around the models (the
//! HTTP layer, the interview core, the store); tests/service.rs runs a
//! whole interview on the real ones.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use serde_json::json;

use crate::http::{fake_service, get, login, post_json, request, runtime, send, upload, wav};
use ayi::tools::bench::serve::{multipart, MULTIPART_BOUNDARY};

#[test]
fn bad_input_gets_a_clear_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (_state, router) = fake_service(dir.path(), 4, false).await;
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

        // Silence is no answer: nothing stored, and the question asked again.
        let silence = upload(&router, &answers, "audio", "quiet.wav", &wav(4.0, 0.0)).await;
        assert_eq!(silence.status, StatusCode::OK);
        let silence = silence.json();
        assert_eq!((silence["heard"].as_bool(), silence["next_question"]["id"].as_str()), (Some(false), Some("intro")));
        assert!(silence["seq"].is_null(), "{silence}");

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
        assert_eq!((nothing.status, nothing.error_code().as_str()), (StatusCode::BAD_REQUEST, "nothing_to_publish"));
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
        let (state, router) = fake_service(dir.path(), 4, false).await;
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
        for uri in ["/", "/interview", "/kiosk", "/gallery", "/recruiter/login", "/api/openapi.json", "/healthz"] {
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
    let database = crate::http::database_for(dir.path());
    let add = |password: &str| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ayi"));
        command.args(["users", "add", "lin", "--data"]).arg(dir.path());
        if let Some(database) = &database {
            command.args(["--database", database]);
        }
        let mut child =
            command.stdin(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let short = add("short");
    assert_eq!(short.status.code(), Some(2), "a short password is refused");
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 8"));
    assert!(add("lin's long password").status.success());
    runtime().block_on(async {
        let (_state, router) = fake_service(dir.path(), 1, false).await;
        let ok = post_json(&router, "/api/login", json!({"name": "lin", "password": "lin's long password"})).await;
        assert_eq!(ok.status, StatusCode::OK);
        let wrong = post_json(&router, "/api/login", json!({"name": "lin", "password": "short"})).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    });
}

#[test]
fn a_full_speech_queue_answers_503_with_retry_after_and_loses_no_acknowledged_answer() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        // No waiting room: while one answer is transcribed, others are refused.
        let (state, router) = fake_service(dir.path(), 0, false).await;
        let audio = wav(3.0, 0.2);
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
