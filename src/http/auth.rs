//! Recruiter accounts: argon2 password hashes, session cookies, CSRF tokens
//! and login throttling.
//!
//! The session cookie is HttpOnly (scripts cannot read it) and
//! SameSite=Strict (other sites cannot send it). Every state-changing request
//! made with it must also carry the session's CSRF token in `X-CSRF-Token`,
//! which only our own pages can read (from `GET /api/me`). Sessions are
//! stored by the SHA-256 of their token, so the database alone logs no one in.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use sha2::{Digest, Sha256};

use super::error::ApiError;
use super::AppState;

pub const SESSION_COOKIE: &str = "ayi_session";
pub const SESSION_TTL_S: i64 = 12 * 3600;
pub const CSRF_HEADER: &str = "x-csrf-token";

pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

pub fn token_digest(token: &str) -> String {
    crate::models::fetch::hex(&Sha256::digest(token.as_bytes()))
}

pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (name, value) = c.trim().split_once('=')?;
        (name == SESSION_COOKIE && !value.is_empty()).then(|| value.to_string())
    })
}

pub fn session_cookie(token: &str, max_age_s: i64) -> String {
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_s}")
}

/// A logged-in recruiter. As an extractor it answers 401 without a valid
/// session, and 403 for a state-changing request without the CSRF token.
#[derive(Debug, Clone)]
pub struct Recruiter {
    pub name: String,
    pub csrf: String,
    pub token_sha256: String,
}

impl Recruiter {
    pub async fn from_headers(state: &AppState, headers: &HeaderMap) -> Result<Option<Recruiter>, ApiError> {
        let Some(token) = session_token(headers) else { return Ok(None) };
        let digest = token_digest(&token);
        Ok(state.store.session(&digest).await?.map(|(name, csrf)| Recruiter { name, csrf, token_sha256: digest }))
    }
}

impl FromRequestParts<AppState> for Recruiter {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Recruiter, ApiError> {
        let recruiter = Recruiter::from_headers(state, &parts.headers).await?.ok_or_else(ApiError::unauthorized)?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
            if !constant_time_eq(sent.as_bytes(), recruiter.csrf.as_bytes()) {
                return Err(ApiError::new("csrf_failed", "the page is out of date; please reload it and try again"));
            }
        }
        Ok(recruiter)
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Failed logins per account and per client address: after
/// [`LoginThrottle::MAX_FAILURES`] in the window, further tries are refused
/// until it passes, whatever the password.
#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginThrottle {
    pub const MAX_FAILURES: u32 = 5;
    pub const WINDOW: Duration = Duration::from_secs(15 * 60);

    /// Seconds until `keys` may try again, if any of them is locked out.
    pub fn locked_for(&self, keys: &[String]) -> Option<u64> {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter()
            .filter_map(|k| map.get(k))
            .filter(|(n, since)| *n >= Self::MAX_FAILURES && since.elapsed() < Self::WINDOW)
            .map(|(_, since)| (Self::WINDOW - since.elapsed()).as_secs().max(1))
            .max()
    }

    pub fn failed(&self, keys: &[String]) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 10_000 {
            map.retain(|_, (_, since)| since.elapsed() < Self::WINDOW);
        }
        for k in keys {
            let entry = map.entry(k.clone()).or_insert((0, Instant::now()));
            if entry.1.elapsed() >= Self::WINDOW {
                *entry = (0, Instant::now());
            }
            entry.0 += 1;
        }
    }

    pub fn succeeded(&self, keys: &[String]) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for k in keys {
            map.remove(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horsE", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn the_session_cookie_is_found_among_others_and_is_http_only_and_strict() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "a=1; ayi_session=abc123; b=2".parse().unwrap());
        assert_eq!(session_token(&headers).as_deref(), Some("abc123"));
        let cookie = session_cookie("abc123", 60);
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    }

    #[test]
    fn five_failures_lock_an_account_and_success_unlocks_it() {
        let throttle = LoginThrottle::default();
        let keys = vec!["user:demo".to_string()];
        for _ in 0..LoginThrottle::MAX_FAILURES {
            assert_eq!(throttle.locked_for(&keys), None);
            throttle.failed(&keys);
        }
        assert!(throttle.locked_for(&keys).is_some_and(|s| s > 0));
        throttle.succeeded(&keys);
        assert_eq!(throttle.locked_for(&keys), None);
    }
}
