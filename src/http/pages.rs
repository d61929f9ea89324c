//! The pages people use: askama templates (assets/templates, all on one
//! base layout) and static scripts (assets/web), compiled into the binary,
//! that talk to the JSON API. Recruiter pages check the session before they
//! are sent and redirect to the login otherwise.
//!
//! Every page is sent with a strict Content-Security-Policy: scripts only
//! from this server, no inline script, so text that came from a transcript
//! can never run as code.
//!
//! The pages' Chinese is set in the font that ships with ayi, served as a
//! web font ([`crate::card::font::web_font`]), where the device has no
//! Chinese font of its own; `/favicon.ico` is drawn with it too.

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use super::auth::Recruiter;
use super::AppState;
use crate::card::render::CardContent;

const CSP: &str = "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; \
                   style-src 'self'; font-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; \
                   base-uri 'none'";

/// Where the bundled font is served; ayi.css names it. The file only changes
/// with the font, whose version is in the name, so browsers may keep it.
const WEB_FONT_PATH: &str = "/static/fonts/wqy-microhei-0.2.0.ttf";
const FOREVER: &str = "public, max-age=31536000, immutable";

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

/// A page with the pages' headers. Templates only write text, which cannot
/// fail; should one fail all the same, the client gets a bare 500.
fn page(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => with_headers(html, "text/html; charset=utf-8"),
        Err(e) => {
            tracing::error!(error = %e, "a page template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
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
async fn recruiter_page(state: &AppState, headers: &HeaderMap, uri: &Uri, template: impl Template) -> Response {
    match Recruiter::from_headers(state, headers).await {
        Ok(Some(_)) => page(&template),
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

/// A page with nothing filled in: the same for everyone.
macro_rules! static_page {
    ($name:ident, $path:literal) => {
        #[derive(Template)]
        #[template(path = $path)]
        struct $name;
    };
}

static_page!(IndexPage, "index.html");

/// The interview page: on a worker's own phone, or on a shared kiosk
/// (`/kiosk`), where the page forgets everything after `idle_s` seconds
/// untouched or at "next person", and an interview resumes only by its code.
#[derive(Template)]
#[template(path = "interview.html")]
struct InterviewPage {
    kiosk: bool,
    idle_s: u32,
}

/// Seconds a kiosk waits untouched before it asks "still there?" and then
/// clears itself for the next person.
pub const KIOSK_IDLE_SECONDS: u32 = 90;

const PHONE: InterviewPage = InterviewPage { kiosk: false, idle_s: KIOSK_IDLE_SECONDS };
const KIOSK: InterviewPage = InterviewPage { kiosk: true, idle_s: KIOSK_IDLE_SECONDS };
static_page!(GalleryPage, "gallery.html");
static_page!(LoginPage, "login.html");
static_page!(SearchPage, "search.html");
static_page!(WorkerPage, "worker.html");
static_page!(ShortlistPage, "shortlist.html");

async fn search_page(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    recruiter_page(&state, &headers, &uri, SearchPage).await
}

async fn worker_page(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    recruiter_page(&state, &headers, &uri, WorkerPage).await
}

async fn shortlist_page(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    recruiter_page(&state, &headers, &uri, ShortlistPage).await
}

/// The page a card's QR code opens: the card image, and its text (the card
/// article template, included).
#[derive(Template)]
#[template(path = "card.html")]
struct CardPage<'a> {
    title: &'a str,
    png_url: &'a str,
    /// This page's whole address, as the QR code gives it, to copy and send.
    share_url: Option<&'a str>,
    card: &'a CardContent,
    /// None: the card image above already shows the photo.
    photo_url: Option<&'a str>,
    /// The worker's video self-introduction, shown only with her consent.
    video: Option<&'a CardVideo>,
}

/// A video on the card page: played by the browser's own controls (the page
/// runs no script), with its subtitles on by default.
pub(super) struct CardVideo {
    pub url: String,
    pub subtitles_url: String,
    /// The subtitles' language: `zh` or `en`.
    pub language: &'static str,
}

/// The card page, with the pages' policy and headers: scripts only from this
/// server, no framing, no sniffing. `video`: the worker's, when she lets
/// families see it.
pub(super) fn card_page(
    title: &str,
    png_url: &str,
    share_url: Option<&str>,
    card: &CardContent,
    video: Option<&CardVideo>,
) -> Response {
    page(&CardPage { title, png_url, share_url, card, photo_url: None, video })
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { page(&IndexPage) }))
        .route("/interview", get(|| async { page(&PHONE) }))
        .route("/kiosk", get(|| async { page(&KIOSK) }))
        .route("/gallery", get(|| async { page(&GalleryPage) }))
        .route("/recruiter/login", get(|| async { page(&LoginPage) }))
        .route("/recruiter", get(search_page))
        .route("/recruiter/workers/{pid}", get(worker_page))
        .route("/recruiter/shortlist", get(shortlist_page))
        .route("/static/ayi.css", get(|| async { with_headers(asset!("ayi.css").into(), "text/css; charset=utf-8") }))
        .route("/static/common.js", get(|| async { script(asset!("common.js")) }))
        .route("/static/interview.js", get(|| async { script(asset!("interview.js")) }))
        .route("/static/capture.js", get(|| async { script(asset!("capture.js")) }))
        .route("/static/gallery.js", get(|| async { script(asset!("gallery.js")) }))
        .route("/static/recruiter.js", get(|| async { script(asset!("recruiter.js")) }))
        .route(WEB_FONT_PATH, get(|| async { built_in(crate::card::font::web_font(), "font/ttf", FOREVER) }))
        // Its address never changes, so browsers must look again now and then.
        .route("/favicon.ico", get(|| async { built_in(favicon(), "image/x-icon", "public, max-age=86400") }))
}

fn script(js: &'static str) -> Response {
    with_headers(js.to_string(), "text/javascript; charset=utf-8")
}

/// Bytes built into this binary, with the pages' headers.
fn built_in(bytes: &'static [u8], content_type: &'static str, cache: &'static str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    secure(headers, CSP);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// The site's icon ([`crate::card::render::render_icon`]) at 32 and 64
/// pixels, as an ICO file holding PNGs (as every current browser reads it).
fn favicon() -> &'static [u8] {
    static ICO: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    ICO.get_or_init(|| {
        let pngs: Vec<(u32, Vec<u8>)> = [32, 64]
            .into_iter()
            .filter_map(|size| {
                let mut png = std::io::Cursor::new(Vec::new());
                let icon = crate::card::render::render_icon(size);
                icon.write_to(&mut png, image::ImageFormat::Png).ok().map(|_| (size, png.into_inner()))
            })
            .collect();
        let mut ico = vec![0, 0, 1, 0];
        ico.extend((pngs.len() as u16).to_le_bytes());
        let mut offset = 6 + 16 * pngs.len();
        for (size, png) in &pngs {
            // Width and height (one byte each), no palette, reserved, one plane, 32 bits.
            ico.extend([*size as u8, *size as u8, 0, 0, 1, 0, 32, 0]);
            ico.extend((png.len() as u32).to_le_bytes());
            ico.extend((offset as u32).to_le_bytes());
            offset += png.len();
        }
        for (_, png) in &pngs {
            ico.extend(png);
        }
        ico
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Extractor, Taxonomy};

    const HEAD: &str = "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
                        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";

    /// What the base layout gives every page.
    fn assert_base_layout(name: &str, html: &str) {
        assert!(html.starts_with(HEAD), "{name}: {html}");
        assert!(html.contains("</title>\n<link rel=\"stylesheet\" href=\"/static/ayi.css\">\n"), "{name}");
        assert!(html.contains("</head>\n<body") && html.contains("<header>") && html.contains("<main>"), "{name}");
        assert!(html.trim_end().ends_with("</main>\n</body>\n</html>"), "{name}");
        assert!(!html.contains("{%") && !html.contains("{{") && !html.contains("{#"), "{name}");
    }

    #[test]
    fn every_page_extends_the_base_layout_and_loads_only_script_files() {
        let pages = [
            ("index", IndexPage.render(), &["common.js"][..], None),
            ("interview", PHONE.render(), &["common.js", "interview.js"], None),
            ("gallery", GalleryPage.render(), &["common.js", "gallery.js"], None),
            ("login", LoginPage.render(), &["common.js", "recruiter.js"], Some("login")),
            ("search", SearchPage.render(), &["common.js", "recruiter.js"], Some("search")),
            ("worker", WorkerPage.render(), &["common.js", "recruiter.js"], Some("worker")),
            ("shortlist", ShortlistPage.render(), &["common.js", "recruiter.js"], Some("shortlist")),
        ];
        for (name, html, scripts, data_page) in pages {
            let html = html.unwrap();
            assert_base_layout(name, &html);
            // No inline script: every <script> is one of our files.
            assert_eq!(html.matches("<script").count(), scripts.len(), "{name}");
            for script in scripts {
                assert!(html.contains(&format!(r#"<script src="/static/{script}""#)), "{name} lacks {script}");
            }
            let body = data_page.map_or("<body>".to_string(), |p| format!(r#"<body data-page="{p}">"#));
            assert!(html.contains(&body), "{name}");
            assert!(html.contains(r#"<button class="lang""#), "{name}");
            // The recruiters' pages (not the login) share their navigation.
            let recruiter = data_page.is_some_and(|p| p != "login");
            assert_eq!(html.contains(r#"<button class="small" id="logout""#), recruiter, "{name}");
        }
    }

    #[test]
    fn the_kiosk_page_is_the_interview_with_an_idle_reset_and_a_next_person_button() {
        let kiosk = KIOSK.render().unwrap();
        assert_base_layout("kiosk", &kiosk);
        assert!(kiosk.contains(&format!(r#"<body data-kiosk="{KIOSK_IDLE_SECONDS}">"#)), "{kiosk}");
        assert!(kiosk.contains(r#"id="next-person""#));
        let phone = PHONE.render().unwrap();
        assert!(!phone.contains("data-kiosk") && !phone.contains(r#"id="next-person""#));
    }

    #[test]
    fn the_card_page_extends_the_base_layout_and_escapes_a_hostile_title() {
        let p = Extractor::embedded().extract("我叫王秀兰 照顾老人八年了").profile;
        let card = CardContent::from_profile(&p, Taxonomy::embedded(), true, "/gallery".into(), None);
        let title = r#"</title><script src="//evil/x.js"></script>"#;
        let share_url = Some("http://kiosk.example:8080/cards/x");
        let page =
            CardPage { title, png_url: "/cards/x.png?a=1&b=2", share_url, card: &card, photo_url: None, video: None };
        let html = page.render().unwrap();
        assert_base_layout("card", &html);
        assert!(!html.contains("<script"), "{html}");
        let escaped = "&#60;/title&#62;&#60;script src=&#34;//evil/x.js&#34;&#62;&#60;/script&#62;";
        assert!(html.contains(&format!("<title>{escaped} · ayi 阿姨</title>")), "{html}");
        assert!(html.contains(&format!(r#"<img class="card" src="/cards/x.png?a=1&#38;b=2" alt="{escaped}">"#)));
        assert!(html.contains(r#"<div class="panel card-text"><article class="ayi-card" lang="zh-CN">"#), "{html}");
        assert!(html.contains(&card.name) && html.contains(r#"<a class="ayi-link" href="/gallery">"#), "{html}");
        let share = r#"<a href="http://kiosk.example:8080/cards/x">http://kiosk.example:8080/cards/x</a>"#;
        assert!(html.contains(share), "{html}");
        let without = CardPage { share_url: None, ..page }.render().unwrap();
        assert!(!without.contains("kiosk.example") && !without.contains(r#"class="share""#), "{without}");
        assert!(!html.contains("<video"), "no video without one: {html}");
    }

    /// An English card's page is English around the card too: its language
    /// attribute and its way back to the gallery.
    #[test]
    fn the_card_page_speaks_the_card_language() {
        for (said, chinese, lang, back, not) in [
            ("我叫王秀兰 照顾老人八年了", true, "zh-CN", "← 更多阿姨", "More helpers"),
            (
                "My name is Rosa. I have cared for old people for eight years.",
                false,
                "en",
                "← More helpers",
                "更多阿姨",
            ),
        ] {
            let p = Extractor::embedded().extract(said).profile;
            let card = CardContent::from_profile(&p, Taxonomy::embedded(), chinese, "/gallery".into(), None);
            let page =
                CardPage { title: "x", png_url: "/x.png", share_url: None, card: &card, photo_url: None, video: None };
            let html = page.render().unwrap();
            assert!(html.starts_with(&format!("<!doctype html>\n<html lang=\"{lang}\">")), "{html}");
            assert!(html.contains(back) && !html.contains(not), "{html}");
        }
    }

    /// The stylesheet's @font-face names the path the font is served at, and
    /// the policy lets pages load it.
    #[test]
    fn the_stylesheet_loads_the_served_font() {
        let css = asset!("ayi.css");
        assert!(css.contains(&format!("url(\"{WEB_FONT_PATH}\") format(\"truetype\")")), "{css}");
        assert!(css.contains("font-display: swap"));
        assert!(CSP.contains("font-src 'self'"));
    }

    #[test]
    fn the_favicon_is_an_ico_of_pngs() {
        let ico = favicon();
        assert_eq!(&ico[..6], &[0, 0, 1, 0, 2, 0]);
        for entry in 0..2 {
            let at = 6 + 16 * entry;
            let size = u32::from_le_bytes(ico[at + 8..at + 12].try_into().unwrap()) as usize;
            let offset = u32::from_le_bytes(ico[at + 12..at + 16].try_into().unwrap()) as usize;
            let png = image::load_from_memory(&ico[offset..offset + size]).unwrap();
            assert_eq!(png.width(), u32::from(ico[at]));
        }
    }

    #[test]
    fn the_card_page_plays_a_consented_video_with_subtitles_and_no_script() {
        let p = Extractor::embedded().extract("我叫王秀兰 照顾老人八年了").profile;
        let card = CardContent::from_profile(&p, Taxonomy::embedded(), true, "/gallery".into(), None);
        let video =
            CardVideo { url: "/cards/ab/video".into(), subtitles_url: "/cards/ab/video.vtt".into(), language: "zh" };
        let html = CardPage {
            title: "王",
            png_url: "/cards/ab.png",
            share_url: None,
            card: &card,
            photo_url: None,
            video: Some(&video),
        }
        .render()
        .unwrap();
        assert_base_layout("card with video", &html);
        assert!(!html.contains("<script"), "{html}");
        assert!(
            html.contains(r#"<video class="intro" controls playsinline preload="metadata" src="/cards/ab/video">"#)
                && html.contains(
                    r#"<track kind="subtitles" src="/cards/ab/video.vtt" srclang="zh" label="中文" default>"#
                ),
            "{html}"
        );
    }
}
