//! The pages people use: static HTML and scripts (assets/web), compiled
//! into the binary, that talk to the JSON API. Recruiter pages check the
//! session before they are sent and redirect to the login otherwise.
//!
//! Every page is sent with a strict Content-Security-Policy: scripts only
//! from this server, no inline script, so text that came from a transcript
//! can never run as code.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use super::auth::Recruiter;
use super::AppState;

const CSP: &str = "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; \
                   style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// For files (cards, photos, recordings): should a browser open one as a
/// page, it may show the file itself and load or run nothing else. Inline
/// style and `data:` images are what browsers' own image and media viewers use.
pub(super) const FILE_CSP: &str = "default-src 'none'; img-src 'self' data:; media-src 'self'; \
                                   style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The headers every page and file we send carries: its policy, no
/// guessing another type from the bytes (a "photo" that is really HTML
/// stays an image), no framing by other sites, and no address leaked onward.
pub(super) fn secure(headers: &mut HeaderMap, csp: &'static str) {
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
}

fn page(html: &'static str) -> Response {
    html_page(html.to_string())
}

/// An HTML page with the pages' headers (the card page is one too).
pub(super) fn html_page(html: String) -> Response {
    with_headers(html, "text/html; charset=utf-8")
}

fn with_headers(body: String, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    secure(headers, CSP);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// A recruiter page, or a redirect to the login that comes back here.
async fn recruiter_page(state: &AppState, headers: &HeaderMap, uri: &Uri, html: &'static str) -> Response {
    match Recruiter::from_headers(state, headers).await {
        Ok(Some(_)) => page(html),
        _ => {
            let next: String = uri.path().chars().filter(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c)).collect();
            Redirect::to(&format!("/recruiter/login?next={next}")).into_response()
        }
    }
}

macro_rules! asset {
    ($file:literal) => {
        include_str!(concat!("../../assets/web/", $file))
    };
}

async fn search_page(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    recruiter_page(&state, &headers, &uri, asset!("search.html")).await
}

async fn worker_page(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    recruiter_page(&state, &headers, &uri, asset!("worker.html")).await
}

async fn shortlist_page(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    recruiter_page(&state, &headers, &uri, asset!("shortlist.html")).await
}

/// The page a card's QR code opens: the card image, and its text.
pub fn card_page(title: &str, png_url: &str, card_html: &str) -> String {
    use crate::card::html::escape;
    asset!("card.html")
        .replace("{title}", &escape(title))
        .replace("{png}", &escape(png_url))
        .replace("{card}", card_html)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { page(asset!("index.html")) }))
        .route("/interview", get(|| async { page(asset!("interview.html")) }))
        .route("/gallery", get(|| async { page(asset!("gallery.html")) }))
        .route("/recruiter/login", get(|| async { page(asset!("login.html")) }))
        .route("/recruiter", get(search_page))
        .route("/recruiter/workers/{pid}", get(worker_page))
        .route("/recruiter/shortlist", get(shortlist_page))
        .route("/static/ayi.css", get(|| async { with_headers(asset!("ayi.css").into(), "text/css; charset=utf-8") }))
        .route("/static/common.js", get(|| async { script(asset!("common.js")) }))
        .route("/static/interview.js", get(|| async { script(asset!("interview.js")) }))
        .route("/static/gallery.js", get(|| async { script(asset!("gallery.js")) }))
        .route("/static/recruiter.js", get(|| async { script(asset!("recruiter.js")) }))
}

fn script(js: &'static str) -> Response {
    with_headers(js.to_string(), "text/javascript; charset=utf-8")
}
