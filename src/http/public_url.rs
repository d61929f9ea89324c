//! Where phones reach this service: the start of the addresses in QR codes
//! and share links.
//!
//! A kiosk usually opens its own pages as `localhost`, so building the link
//! from the address the browser used (the Host header) put
//! `http://127.0.0.1:8080/cards/…` in QR codes that no phone can open.
//! `--public-url` names the address phones use. Without it the Host header
//! is still used (a phone that reached us by the LAN address gets that
//! address), but a loopback one is never put in a QR code: the card then has
//! no code and says so, and start-up says how to set one. A loopback public
//! URL is refused unless `--allow-loopback-url` says it is meant (trying ayi
//! on one machine).

use std::net::IpAddr;

use axum::http::{header, HeaderMap, Uri};

use crate::error::ServeError;

/// The configured public URL, or the rule for taking one from requests.
#[derive(Debug, Clone, Default)]
pub struct PublicUrl {
    /// `scheme://host[:port][/path]`, without a trailing slash.
    configured: Option<String>,
    allow_loopback: bool,
}

impl PublicUrl {
    /// Checks `configured` (an absolute http(s) URL without query, and not
    /// loopback unless `allow_loopback`).
    pub fn new(configured: Option<&str>, allow_loopback: bool) -> Result<PublicUrl, ServeError> {
        let Some(url) = configured.map(str::trim).filter(|u| !u.is_empty()) else {
            return Ok(PublicUrl { configured: None, allow_loopback });
        };
        let invalid = |why: &str| ServeError::PublicUrl(format!("--public-url {url:?}: {why}"));
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(invalid("give the whole address, starting http:// or https://"));
        }
        let uri: Uri = url.parse().map_err(|_| invalid("not a URL"))?;
        let authority = uri.authority().ok_or_else(|| invalid("no host"))?;
        if authority.as_str().contains('@') || uri.query().is_some() || url.contains('#') {
            return Err(invalid("only scheme, host, port and path, e.g. http://192.168.1.20:8080"));
        }
        if is_loopback(authority.host()) && !allow_loopback {
            return Err(invalid(
                "a loopback address only opens on this machine, never from a phone scanning a QR code; \
                 give this machine's network address, or add --allow-loopback-url if that is what you mean",
            ));
        }
        Ok(PublicUrl { configured: Some(url.trim_end_matches('/').to_string()), allow_loopback })
    }

    pub fn configured(&self) -> Option<&str> {
        self.configured.as_deref()
    }

    /// Whether loopback addresses were allowed (`--allow-loopback-url`).
    pub fn allows_loopback(&self) -> bool {
        self.allow_loopback
    }

    /// The start of the links for a request: the configured URL, else
    /// `http://` and the Host header, unless that is loopback (and not
    /// allowed) or missing: then none.
    pub fn base(&self, headers: &HeaderMap) -> Option<String> {
        if let Some(url) = &self.configured {
            return Some(url.clone());
        }
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok())?;
        let host: String = host.chars().filter(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(*c)).collect();
        let name = host.parse::<axum::http::uri::Authority>().ok()?;
        (self.allow_loopback || !is_loopback(name.host())).then(|| format!("http://{host}"))
    }

    /// The public card page of `profile_id`: where its QR code leads.
    pub fn card_page(&self, headers: &HeaderMap, profile_id: &str) -> Option<String> {
        self.base(headers).map(|base| format!("{base}/cards/{profile_id}"))
    }
}

/// `localhost` (and its subdomains), 127.0.0.0/8, `::1`, and the unspecified
/// `0.0.0.0` / `::`: names no other machine can reach us by. `host` as in a
/// URL (IPv6 in brackets, no port).
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok_and(|ip| {
        let mapped = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        mapped.is_loopback() || mapped.is_unspecified()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(h: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, h.parse().unwrap());
        headers
    }

    #[test]
    fn loopback_names_and_addresses() {
        for h in ["localhost", "LOCALHOST.", "kiosk.localhost", "127.0.0.1", "127.1.2.3", "[::1]", "0.0.0.0", "[::]"] {
            assert!(is_loopback(h), "{h}");
        }
        assert!(is_loopback("[::ffff:127.0.0.1]"));
        for h in ["192.168.1.20", "kiosk.example", "[fe80::1]", "10.0.0.1", "localhost.example.org"] {
            assert!(!is_loopback(h), "{h}");
        }
    }

    #[test]
    fn a_configured_url_is_used_for_every_request() {
        let url = PublicUrl::new(Some(" http://kiosk.example:8080/ "), false).unwrap();
        assert_eq!(url.configured(), Some("http://kiosk.example:8080"));
        for h in ["127.0.0.1:8080", "localhost:8080", "192.168.1.20:8080"] {
            assert_eq!(url.card_page(&host(h), "abc").as_deref(), Some("http://kiosk.example:8080/cards/abc"));
        }
        let prefixed = PublicUrl::new(Some("https://example.org/ayi/"), false).unwrap();
        assert_eq!(prefixed.base(&HeaderMap::new()).as_deref(), Some("https://example.org/ayi"));
    }

    #[test]
    fn without_one_the_host_is_used_but_never_a_loopback_one() {
        let url = PublicUrl::new(None, false).unwrap();
        assert_eq!(url.base(&host("192.168.1.20:8080")).as_deref(), Some("http://192.168.1.20:8080"));
        for h in ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "localhost"] {
            assert_eq!(url.base(&host(h)), None, "{h}");
        }
        assert_eq!(url.base(&HeaderMap::new()), None);
        // Whatever a client sends, only host characters reach the link.
        assert_eq!(url.base(&host("evil.example\"><script>")).as_deref(), Some("http://evil.examplescript"));
        let allowed = PublicUrl::new(None, true).unwrap();
        assert_eq!(allowed.base(&host("127.0.0.1:8080")).as_deref(), Some("http://127.0.0.1:8080"));
    }

    #[test]
    fn a_loopback_or_malformed_public_url_is_refused_with_the_reason() {
        for (url, why) in [
            ("http://127.0.0.1:8080", "loopback"),
            ("http://localhost:8080", "loopback"),
            ("http://[::1]:8080", "loopback"),
            ("kiosk.example:8080", "http://"),
            ("ftp://kiosk.example", "http://"),
            ("http://user:pw@kiosk.example", "only scheme"),
            ("http://kiosk.example/?a=1", "only scheme"),
            ("http://kiosk example", "not a URL"),
        ] {
            let e = PublicUrl::new(Some(url), false).unwrap_err().to_string();
            assert!(e.contains(why) && e.contains("--public-url"), "{url}: {e}");
        }
        assert!(PublicUrl::new(Some("http://127.0.0.1:8080"), true).is_ok());
        assert!(PublicUrl::new(Some("  "), false).unwrap().configured().is_none());
    }
}
