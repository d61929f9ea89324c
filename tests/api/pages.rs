//! What the pages need around the cards: QR codes and share links that lead
//! to the public URL (never to a loopback address no phone can open), the
//! bundled web font and the favicon.

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use axum::Router;
use serde_json::{json, Value};

use crate::http::{
    fake_service, fake_service_with, login, options, post_json, request, runtime, send, upload, wav, Reply,
};
use ayi::card::render::{QR_AT, QR_QUIET, QR_SIZE};
use ayi::http::PublicUrl;

async fn get_as(router: &Router, uri: &str, host: &str, cookie: Option<&str>) -> Reply {
    let reply =
        send(router, request(Method::GET, uri, cookie).header(header::HOST, host).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", String::from_utf8_lossy(&reply.body));
    reply
}

/// Whether the card PNG holds, where cards draw it, exactly the QR code of `url`.
fn has_qr_of(png: &[u8], url: &str) -> bool {
    let img = image::load_from_memory(png).unwrap().to_rgba8();
    let code = qrcode::QrCode::new(url.as_bytes()).unwrap();
    let modules = code.width() as u32;
    let cell = QR_SIZE / (modules + 2 * QR_QUIET);
    code.to_colors().iter().enumerate().all(|(i, color)| {
        let (mx, my) = (i as u32 % modules + QR_QUIET, i as u32 / modules + QR_QUIET);
        let pixel = img.get_pixel(QR_AT.0 + mx * cell + cell / 2, QR_AT.1 + my * cell + cell / 2);
        (pixel.0[0] < 128) == (*color == qrcode::Color::Dark)
    })
}

/// Dark pixels where the QR code would be.
fn ink_in_qr_box(png: &[u8]) -> usize {
    let img = image::load_from_memory(png).unwrap().to_rgba8();
    let (x0, y0) = QR_AT;
    (y0..y0 + QR_SIZE)
        .flat_map(|y| (x0..x0 + QR_SIZE).map(move |x| (x, y)))
        .filter(|&(x, y)| img.get_pixel(x, y).0[0] < 128)
        .count()
}

/// A worker's one-answer interview, published from a browser at `host`: the reply.
async fn publish_as(router: &Router, host: &str) -> Value {
    let id = post_json(router, "/api/interviews", json!({"language": "en"})).await.json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let answer = upload(router, &format!("/api/interviews/{id}/answers"), "audio", "a.wav", &wav(3.0, 0.2)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let publish = request(Method::POST, &format!("/api/interviews/{id}/publish"), None).header(header::HOST, host);
    let reply = send(router, publish.body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
    reply.json()
}

fn cards(reply: &Reply) -> Vec<Value> {
    reply.json()["cards"].as_array().unwrap().clone()
}

#[test]
fn qr_codes_and_share_links_lead_to_the_public_url_whatever_address_the_kiosk_used() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let mut options = options(dir.path(), 4, true);
        options.public_url = PublicUrl::new(Some("http://kiosk.example:8080/"), false).unwrap();
        let (state, router) = fake_service_with(&options).await;
        let listed = cards(&get_as(&router, "/api/cards", "127.0.0.1:8080", None).await);
        assert_eq!(listed.len(), 12, "the demo workers");
        for card in &listed {
            let id = card["profile_id"].as_str().unwrap();
            assert_eq!(card["share_url"], format!("http://kiosk.example:8080/cards/{id}"));
            assert_eq!(card["page_url"], format!("/cards/{id}"), "links within the site stay relative");
        }
        let id = listed[0]["profile_id"].as_str().unwrap();
        let share = format!("http://kiosk.example:8080/cards/{id}");
        let page = get_as(&router, &format!("/cards/{id}"), "localhost:8080", None).await;
        let html = String::from_utf8_lossy(&page.body);
        assert!(html.contains(&format!(r#"<a href="{share}">{share}</a>"#)), "{html}");
        for host in ["localhost:8080", "127.0.0.1:8080", "192.168.1.20:8080"] {
            let png = get_as(&router, &format!("/cards/{id}.png"), host, None).await;
            assert!(has_qr_of(&png.body, &share), "the public card's QR code, asked for as {host}");
        }
        // The recruiter's card (with the phone) leads to the same public page.
        let (cookie, _) = login(&state, &router).await;
        let private = get_as(&router, &format!("/api/workers/{id}/card.png"), "127.0.0.1:8080", Some(&cookie)).await;
        assert!(has_qr_of(&private.body, &share));
        // Publishing at the kiosk answers with the same address.
        let published = publish_as(&router, "localhost:8080").await;
        let id = published["profile_id"].as_str().unwrap();
        assert_eq!(published["share_url"], format!("http://kiosk.example:8080/cards/{id}"));
    });
}

#[test]
fn without_a_public_url_a_loopback_address_gets_no_qr_code_and_a_network_one_does() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (_state, router) = fake_service(dir.path(), 4, true).await;
        for host in ["localhost:8080", "127.0.0.1:8080", "[::1]:8080"] {
            let listed = cards(&get_as(&router, "/api/cards", host, None).await);
            assert!(listed.iter().all(|c| c["share_url"].is_null()), "{host}");
            let id = listed[0]["profile_id"].as_str().unwrap();
            let png = get_as(&router, &format!("/cards/{id}.png"), host, None).await;
            assert!(!has_qr_of(&png.body, &format!("http://{host}/cards/{id}")), "{host}");
            // Only the note's few words where the code would be.
            assert!(ink_in_qr_box(&png.body) < 3000, "{host}: {}", ink_in_qr_box(&png.body));
            let page = get_as(&router, &format!("/cards/{id}"), host, None).await;
            assert!(!String::from_utf8_lossy(&page.body).contains(r#"class="share""#), "{host}");
        }
        let listed = cards(&get_as(&router, "/api/cards", "192.168.1.20:8080", None).await);
        let id = listed[0]["profile_id"].as_str().unwrap();
        let share = format!("http://192.168.1.20:8080/cards/{id}");
        assert_eq!(listed[0]["share_url"], share.as_str());
        let png = get_as(&router, &format!("/cards/{id}.png"), "192.168.1.20:8080", None).await;
        assert!(has_qr_of(&png.body, &share));
        assert!(publish_as(&router, "localhost:8080").await["share_url"].is_null());
    });
}

#[test]
fn serve_refuses_a_loopback_public_url_before_starting_anything() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let serve = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ayi"))
            .args(["serve", "--no-demo", "--addr", "127.0.0.1:0", "--models-dir"])
            .arg(dir.path().join("no-models"))
            .arg("--data")
            .arg(&data)
            .args(extra)
            .env_remove("AYI_PUBLIC_URL")
            .output()
            .unwrap()
    };
    let refused = serve(&["--public-url", "http://localhost:8080"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("loopback") && stderr.contains("--allow-loopback-url"), "{stderr}");
    assert!(!data.exists(), "nothing was started");
    // Allowed, it gets past the address (and stops at the missing models).
    let allowed = serve(&["--public-url", "http://localhost:8080", "--allow-loopback-url"]);
    let stderr = String::from_utf8_lossy(&allowed.stderr);
    assert!(!allowed.status.success() && !stderr.contains("loopback"), "{stderr}");
    let malformed = serve(&["--public-url", "kiosk.example:8080"]);
    assert!(String::from_utf8_lossy(&malformed.stderr).contains("http://"), "{malformed:?}");
}

#[test]
fn the_favicon_and_the_bundled_web_font_are_served() {
    let dir = tempfile::tempdir().unwrap();
    runtime().block_on(async {
        let (_state, router) = fake_service(dir.path(), 1, false).await;
        let icon = get_as(&router, "/favicon.ico", "localhost:8080", None).await;
        assert_eq!(icon.headers[header::CONTENT_TYPE], "image/x-icon");
        assert_eq!(&icon.body[..4], &[0, 0, 1, 0], "an ICO file");
        // The font the stylesheet names is there, a TrueType file kept for good.
        let css = get_as(&router, "/static/ayi.css", "localhost:8080", None).await;
        let css = String::from_utf8_lossy(&css.body).to_string();
        let path = css.split("url(\"").nth(1).and_then(|rest| rest.split('"').next()).expect("an @font-face url");
        let font = get_as(&router, path, "localhost:8080", None).await;
        assert_eq!(font.headers[header::CONTENT_TYPE], "font/ttf");
        assert!(font.headers[header::CACHE_CONTROL].to_str().unwrap().contains("immutable"));
        assert_eq!(&font.body[..4], &[0, 1, 0, 0]);
        assert!(font.body.len() > 3_000_000, "{}", font.body.len());
        // Pages may load it.
        let page = get_as(&router, "/gallery", "localhost:8080", None).await;
        assert!(page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("font-src 'self'"));
    });
}
