//! The OpenAPI document is generated from the handlers (utoipa); these
//! tests hold it to the service: every route is in it, and real responses
//! of a whole interview, the gallery and a recruiter's search validate
//! against the schema it gives for their path, method and status.

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};

use crate::http::{fake_service, get, login, post_json, request, runtime, send, upload, wav, Reply};

fn document() -> Value {
    serde_json::from_str(ayi::http::openapi_json()).expect("the document is JSON")
}

/// Checks `reply` against the document's schema for `path` (as written in
/// the document), `method` and the reply's status.
fn conforms(doc: &Value, method: &str, path: &str, reply: &Reply) {
    let status = reply.status.as_u16().to_string();
    let operation = &doc["paths"][path][method];
    assert!(operation.is_object(), "{method} {path} is not in the document");
    let response = &operation["responses"][&status];
    assert!(response.is_object(), "{method} {path} answered {status}, which the document does not list");
    let Some(schema) = response["content"]["application/json"].get("schema") else {
        assert!(reply.body.is_empty() || !reply.headers[header::CONTENT_TYPE].to_str().unwrap().contains("json"));
        return;
    };
    // The schema with the document's components beside it, so its $refs resolve.
    let mut schema = schema.clone();
    schema["components"] = doc["components"].clone();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let body: Value = serde_json::from_slice(&reply.body).expect("a JSON reply");
    let errors: Vec<String> = validator.iter_errors(&body).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{method} {path} {status}: {errors:#?}\n{body:#}");
}

#[test]
fn every_route_of_the_router_is_in_the_generated_document() {
    let doc = document();
    let paths = doc["paths"].as_object().unwrap();
    let router = include_str!("../../src/http/mod.rs");
    let routes: Vec<&str> = router.split(".route(\"").skip(1).map(|rest| rest.split('"').next().unwrap()).collect();
    assert!(routes.len() >= 20, "{routes:?}");
    for route in routes {
        assert!(paths.contains_key(route), "{route} is not in the generated OpenAPI document");
    }
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    // The schemas say something: a reply without its fields does not pass.
    let mut created = json!({"$ref": "#/components/schemas/Created"});
    created["components"] = doc["components"].clone();
    let validator = jsonschema::validator_for(&created).unwrap();
    assert!(!validator.is_valid(&json!({"id": "x"})));
    assert!(validator.is_valid(&json!({"id": "x", "profile_id": "y", "language": "zh",
        "question": {"id": "intro", "text": "您好"}})));
}

#[test]
fn real_responses_validate_against_the_document() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let doc = document();
        let (state, router) = fake_service(dir.path(), 4, true).await;
        conforms(&doc, "get", "/healthz", &get(&router, "/healthz", None).await);

        let created = post_json(&router, "/api/interviews", json!({"language": "en"})).await;
        conforms(&doc, "post", "/api/interviews", &created);
        let id = created.json()["id"].as_str().unwrap().to_string();
        let bad = post_json(&router, "/api/interviews", json!({"language": "fr"})).await;
        conforms(&doc, "post", "/api/interviews", &bad);

        let at = |rest: &str| format!("/api/interviews/{id}{rest}");
        let answered = upload(&router, &at("/answers"), "audio", "a.wav", &wav(2.0, 0.2)).await;
        assert_eq!(answered.status, StatusCode::OK);
        conforms(&doc, "post", "/api/interviews/{id}/answers", &answered);
        let silence = upload(&router, &at("/answers"), "audio", "a.wav", &wav(2.0, 0.0)).await;
        conforms(&doc, "post", "/api/interviews/{id}/answers", &silence);
        let corrupt = upload(&router, &at("/answers"), "audio", "a.webm", b"not audio").await;
        conforms(&doc, "post", "/api/interviews/{id}/answers", &corrupt);
        let again = upload(&router, &at("/answers/1"), "audio", "a.wav", &wav(2.0, 0.2)).await;
        conforms(&doc, "post", "/api/interviews/{id}/answers/{seq}", &again);
        conforms(&doc, "get", "/api/interviews/{id}", &get(&router, &at(""), None).await);
        conforms(&doc, "get", "/api/interviews/{id}", &get(&router, "/api/interviews/nobody", None).await);

        let edit = request(Method::PATCH, &at("/profile"), None)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"age": 48, "removed": ["cooking"]}).to_string()))
            .unwrap();
        conforms(&doc, "patch", "/api/interviews/{id}/profile", &send(&router, edit).await);
        let video = include_bytes!("../fixtures/video_en.webm");
        let recorded = upload(&router, &at("/video"), "video", "intro.webm", video).await;
        assert_eq!(recorded.status, StatusCode::OK);
        conforms(&doc, "post", "/api/interviews/{id}/video", &recorded);
        conforms(
            &doc,
            "post",
            "/api/interviews/{id}/video",
            &upload(&router, &at("/video"), "video", "a.webm", b"x").await,
        );
        let consent = request(Method::PATCH, &at("/video"), None)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"public": true}).to_string()))
            .unwrap();
        conforms(&doc, "patch", "/api/interviews/{id}/video", &send(&router, consent).await);
        let past =
            request(Method::GET, &at("/video"), None).header(header::RANGE, "bytes=999999999-").body(Body::empty());
        conforms(&doc, "get", "/api/interviews/{id}/video", &send(&router, past.unwrap()).await);
        conforms(&doc, "post", "/api/interviews/{id}/finish", &post_json(&router, &at("/finish"), json!({})).await);
        conforms(&doc, "post", "/api/interviews/{id}/reopen", &post_json(&router, &at("/reopen"), json!({})).await);
        let published = post_json(&router, &at("/publish"), json!({})).await;
        assert_eq!(published.status, StatusCode::OK);
        conforms(&doc, "post", "/api/interviews/{id}/publish", &published);
        let refused = post_json(&router, &at("/reopen"), json!({})).await;
        conforms(&doc, "post", "/api/interviews/{id}/reopen", &refused);

        let cards = get(&router, "/api/cards?lang=en", None).await;
        conforms(&doc, "get", "/api/cards", &cards);
        conforms(&doc, "get", "/api/cards", &get(&router, "/api/cards?max_pay=lots", None).await);

        let (cookie, csrf) = login(&state, &router).await;
        conforms(&doc, "get", "/api/me", &get(&router, "/api/me", Some(&cookie)).await);
        conforms(&doc, "get", "/api/me", &get(&router, "/api/me", None).await);
        let found = get(&router, "/api/search?q=cook%20for%20an%20old%20man&top=5", Some(&cookie)).await;
        assert_eq!(found.status, StatusCode::OK);
        conforms(&doc, "get", "/api/search", &found);
        let pid = published.json()["profile_id"].as_str().unwrap().to_string();
        let worker = get(&router, &format!("/api/workers/{pid}"), Some(&cookie)).await;
        conforms(&doc, "get", "/api/workers/{pid}", &worker);
        let shortlist_add = request(Method::PUT, &format!("/api/shortlist/{pid}"), Some(&cookie))
            .header("x-csrf-token", &csrf)
            .body(Body::empty())
            .unwrap();
        conforms(&doc, "put", "/api/shortlist/{pid}", &send(&router, shortlist_add).await);
        conforms(&doc, "get", "/api/shortlist", &get(&router, "/api/shortlist", Some(&cookie)).await);
        let forged =
            request(Method::DELETE, &format!("/api/shortlist/{pid}"), Some(&cookie)).body(Body::empty()).unwrap();
        conforms(&doc, "delete", "/api/shortlist/{pid}", &send(&router, forged).await);

        let video_gone = send(&router, request(Method::DELETE, &at("/video"), None).body(Body::empty()).unwrap()).await;
        conforms(&doc, "delete", "/api/interviews/{id}/video", &video_gone);
        let deleted = send(&router, request(Method::DELETE, &at(""), None).body(Body::empty()).unwrap()).await;
        conforms(&doc, "delete", "/api/interviews/{id}", &deleted);
    });
}
