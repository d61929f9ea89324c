//! The worker at a kiosk or on a phone who cannot type well, or cannot be
//! heard: a slip of the finger loses nothing, typing works where speech
//! does not, and a shared kiosk resumes an interview only by its code.

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};

use crate::http::{fake_service, get, post_json, request, runtime, send, upload, wav};

async fn patch_json(router: &axum::Router, uri: &str, body: Value) -> crate::http::Reply {
    let r = request(Method::PATCH, uri, None).header(header::CONTENT_TYPE, "application/json");
    send(router, r.body(Body::from(body.to_string())).unwrap()).await
}

#[test]
fn a_double_tap_or_silence_is_not_an_answer_and_only_a_chosen_skip_moves_on() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (_state, router) = fake_service(dir.path(), 4, false).await;
        let created = post_json(&router, "/api/interviews", json!({"language": "en"})).await.json();
        let id = created["id"].as_str().unwrap();
        let answers = format!("/api/interviews/{id}/answers");
        // A double tap: a tenth of a second, with sound in it.
        for clip in [wav(0.1, 0.05), wav(0.6, 0.05), wav(3.0, 0.0)] {
            let reply = upload(&router, &answers, "audio", "tap.wav", &clip).await;
            assert_eq!(reply.status, StatusCode::OK);
            let reply = reply.json();
            assert_eq!((reply["heard"].as_bool(), reply["seq"].as_i64()), (Some(false), None), "{reply}");
            assert_eq!(reply["next_question"]["id"], "intro");
            assert!(reply["next_question"]["text"].as_str().unwrap().starts_with("Sorry"), "{reply}");
        }
        let view = get(&router, &format!("/api/interviews/{id}"), None).await.json();
        assert_eq!(view["answers"].as_array().unwrap().len(), 0, "nothing was stored");
        assert_eq!(view["next_question"]["id"], "intro", "the question stays");
        assert_eq!(std::fs::read_dir(dir.path().join("audio")).unwrap().count(), 0, "no file was kept");

        // She chooses to skip: stored empty, and the interview moves on.
        let skipped = post_json(&router, &answers, json!({"question_id": "intro", "skip": true})).await;
        assert_eq!(skipped.status, StatusCode::OK, "{}", skipped.json());
        let skipped = skipped.json();
        assert_eq!((skipped["seq"].as_i64(), skipped["heard"].as_bool()), (Some(1), Some(false)));
        assert_eq!(skipped["next_question"]["id"], "services");
        assert_eq!(skipped["progress"]["answered"], 1);
        assert!(skipped["progress"]["total"].as_u64().unwrap() >= 6, "{skipped}");
        // A real answer after it is stored as usual.
        let spoken = upload(&router, &answers, "audio", "a.wav", &wav(2.0, 0.05)).await.json();
        assert_eq!((spoken["seq"].as_i64(), spoken["heard"].as_bool()), (Some(2), Some(true)));
    });
}

#[test]
fn typed_answers_and_typed_corrections_go_through_the_same_extractor() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (_state, router) = fake_service(dir.path(), 4, false).await;
        let id = post_json(&router, "/api/interviews", json!({"language": "zh"})).await.json()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let answers = format!("/api/interviews/{id}/answers");
        let typed = "我叫王秀兰，今年五十岁，河南人，会做饭，电话138 1234 5678";
        let reply = post_json(&router, &answers, json!({"question_id": "intro", "text": typed})).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.json());
        let reply = reply.json();
        assert_eq!((reply["seq"].as_i64(), reply["heard"].as_bool()), (Some(1), Some(true)));
        assert_eq!(reply["profile"]["name"], "王秀兰");
        assert_eq!(reply["profile"]["phone"], "13812345678");
        let noted: Vec<&str> =
            reply["noted"].as_array().unwrap().iter().map(|n| n["label"].as_str().unwrap()).collect();
        assert!(noted.iter().any(|l| l.contains("138") && l.contains("只给招聘方")), "the phone is shown: {noted:?}");
        let cooking = reply["profile"]["services"].as_array().unwrap().iter().find(|f| f["code"] == "cooking").unwrap();
        assert!(typed.contains(cooking["evidence"].as_str().unwrap()), "evidence is the typed words: {cooking}");

        for (body, code) in [
            (json!({"text": "   "}), "invalid_input"),
            (json!({"text": "x".repeat(501)}), "invalid_input"),
            (json!({"text": "会做饭", "skip": true}), "invalid_input"),
            (json!({"question_id": "services"}), "missing_field"),
            (json!({"text": "会做饭", "question_id": "pay"}), "wrong_question"),
            (json!({"text": "会做饭", "colour": "red"}), "invalid_input"),
        ] {
            let reply = post_json(&router, &answers, body.clone()).await;
            assert_eq!(reply.error_code(), code, "{body}");
        }

        // Typed again at review, replacing the first answer.
        let retyped = post_json(&router, &format!("{answers}/1"), json!({"text": "我叫王秀兰，五十二岁"})).await.json();
        assert_eq!((retyped["seq"].as_i64(), retyped["profile"]["age"].as_u64()), (Some(1), Some(52)));

        // Every field on the review screen can be typed.
        let profile = format!("/api/interviews/{id}/profile");
        let edits = json!({"name": "王秀蘭", "hometown": "河南周口", "work_area": "浦东", "phone": "139-1267-8841",
            "notes": ["我还会照顾老人，有养老护理员证"]});
        let view = patch_json(&router, &profile, edits).await;
        assert_eq!(view.status, StatusCode::OK, "{}", view.json());
        let p = &view.json()["profile"];
        assert_eq!((p["name"].as_str(), p["hometown"].as_str()), (Some("王秀蘭"), Some("河南周口")));
        assert_eq!((p["work_area"].as_str(), p["phone"].as_str()), (Some("浦东"), Some("13912678841")));
        assert!(p["services"].as_array().unwrap().iter().any(|f| f["code"] == "elderly_care"), "{p}");
        let bad = patch_json(&router, &profile, json!({"phone": "410123197601012345"})).await;
        assert_eq!(bad.error_code(), "invalid_input");
        let hidden = patch_json(&router, &profile, json!({"name": "王 410123197601012345"})).await;
        assert_eq!(hidden.error_code(), "invalid_input");
    });
}

#[test]
fn a_resume_code_opens_the_interview_and_guessing_is_throttled() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (_state, router) = fake_service(dir.path(), 4, false).await;
        let created = post_json(&router, "/api/interviews", json!({"language": "zh"})).await.json();
        let code = created["resume_code"].as_str().expect("a new interview has a code").to_string();
        assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        let view = get(&router, &format!("/api/interviews/{}", created["id"].as_str().unwrap()), None).await.json();
        assert_eq!(view["resume_code"].as_str(), Some(code.as_str()));

        let spaced = format!("{} {}", &code[..3], &code[3..]);
        let resumed = post_json(&router, "/api/resume", json!({"code": spaced})).await;
        assert_eq!(resumed.status, StatusCode::OK);
        assert_eq!(resumed.json()["id"], created["id"]);

        let other = post_json(&router, "/api/interviews", json!({})).await.json();
        assert_ne!(other["resume_code"], created["resume_code"]);
        let wrong = if code == "000000" { "000001" } else { "000000" };
        let wrong = if other["resume_code"] == wrong { "999999" } else { wrong };
        assert_eq!(post_json(&router, "/api/resume", json!({"code": "12ab"})).await.error_code(), "invalid_input");
        let mut codes = Vec::new();
        for _ in 0..8 {
            codes.push(post_json(&router, "/api/resume", json!({"code": wrong})).await.error_code());
        }
        assert_eq!(codes[0], "not_found");
        assert_eq!(codes.last().unwrap(), "too_many_attempts", "{codes:?}");
    });
}
