//! Recruiter accounts: argon2 password hashes, session cookies, CSRF tokens
//! and login throttling.
//!
//! The session cookie is HttpOnly (scripts cannot read it) and
//! SameSite=Strict (other sites cannot send it). Every state-changing request
//! made with it must also carry the session's CSRF token in `X-CSRF-Token`,
//! which only our own pages can read (from `GET /api/me`). Sessions are
//! stored by the SHA-256 of their token, so the database alone logs no one in.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use super::AppState;
use crate::store::Store;
use crate::ErrorCode;

/// The client's address when the server knows it (not in in-process tests).
pub struct ClientAddr(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientAddr, Self::Rejection> {
        Ok(ClientAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}

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
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The session token the request's cookies carry, if any.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    let jar = CookieJar::from_headers(headers);
    jar.get(SESSION_COOKIE).map(Cookie::value).filter(|v| !v.is_empty()).map(str::to_string)
}

/// The session cookie to set (an empty `token` with `max_age_s` 0 clears it):
/// for every path, hidden from scripts, never sent from other sites.
pub fn session_cookie(token: &str, max_age_s: i64) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token.to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::seconds(max_age_s))
        .build()
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
            if !bool::from(sent.as_bytes().ct_eq(recruiter.csrf.as_bytes())) {
                return Err(ApiError::new(
                    crate::ErrorCode::CsrfFailed,
                    "the page is out of date; please reload it and try again",
                ));
            }
        }
        Ok(recruiter)
    }
}

/// The throttle a request meets: this node's [`LoginThrottle`], and with
/// PostgreSQL the client's and the account's windows counted by every node
/// ([`Store::count_try`]), so a guesser a load balancer spreads over N
/// nodes still meets [`LoginThrottle::CLIENT_MAX_FAILURES`] and
/// [`LoginThrottle::ACCOUNT_MAX_FAILURES`] once. The per-pair backoff stays
/// per node: at most N times the free tries, still under the windows' caps.
pub struct Throttle {
    local: LoginThrottle,
    store: Arc<Store>,
}

/// A try counted by [`Throttle::begin`]; see [`Attempt`].
#[must_use]
pub struct CountedTry {
    attempt: Attempt,
    shared: Vec<(String, i64)>,
}

impl Throttle {
    pub fn new(store: Arc<Store>) -> Throttle {
        Throttle { local: LoginThrottle::default(), store }
    }

    /// Counts a try for `account` from `addr` everywhere it is counted, or
    /// refuses it with `refusal` and a Retry-After.
    pub async fn begin(
        &self,
        account: &str,
        addr: Option<IpAddr>,
        refusal: &'static str,
    ) -> Result<CountedTry, ApiError> {
        let refuse = |wait: u64| {
            let mut e = ApiError::new(ErrorCode::TooManyAttempts, refusal);
            e.retry_after_s = Some(wait);
            e
        };
        let mut limits = vec![(format!("account {account}"), i64::from(LoginThrottle::ACCOUNT_MAX_FAILURES))];
        if let Some(ip) = addr {
            limits.push((format!("client {}", client_key(ip)), i64::from(LoginThrottle::CLIENT_MAX_FAILURES)));
        }
        let window_s = LoginThrottle::WINDOW.as_secs() as i64;
        let shared = self.store.count_try(&limits, window_s).await?.map_err(|wait| refuse(wait as u64))?;
        match self.local.begin(account, addr) {
            Ok(attempt) => Ok(CountedTry { attempt, shared }),
            Err(wait) => {
                self.store.give_back_tries(&shared).await?;
                Err(refuse(wait))
            }
        }
    }

    /// Wrong: it stays counted, and the pair's wait runs from now.
    pub fn failed(&self, counted: CountedTry) {
        self.local.failed(counted.attempt);
    }

    /// Right: the try's places are given back.
    pub async fn succeeded(&self, counted: CountedTry) {
        self.local.succeeded(counted.attempt);
        if let Err(e) = self.store.give_back_tries(&counted.shared).await {
            tracing::warn!(error = %e, "could not give back a successful try's place");
        }
    }
}

/// Login throttling, by three counts kept under one lock:
///
/// - per (account, client address): [`LoginThrottle::FREE_TRIES`] tries, then
///   a wait that starts at [`LoginThrottle::FIRST_WAIT`] and doubles with each
///   further failure up to [`LoginThrottle::MAX_WAIT`]; a success clears it.
///   Someone guessing from one address slows down there only, and never
///   locks the real user out at their own address.
/// - per client address, across accounts (one address spraying many names):
///   [`LoginThrottle::CLIENT_MAX_FAILURES`] in [`LoginThrottle::WINDOW`].
/// - per account, from all addresses: [`LoginThrottle::ACCOUNT_MAX_FAILURES`]
///   in the window, high enough that only a guess from many addresses at
///   once reaches it.
///
/// A try reserves its place in all three before the slow password hash and
/// counts as a failure until it succeeds: however many guesses arrive at
/// once, no more than the limits allow are ever checked.
#[derive(Default)]
pub struct LoginThrottle {
    counts: Mutex<Counts>,
}

/// A try under way, from [`LoginThrottle::begin`]. Dropped without
/// [`LoginThrottle::succeeded`] (an error, a client that hung up), it stays
/// counted as a failure.
#[must_use]
#[derive(Debug)]
pub struct Attempt {
    account: String,
    client: Option<IpAddr>,
    /// The windows the try was counted in, so a success gives the place
    /// back only in those (not in a window begun since).
    client_window: Option<Instant>,
    account_window: Instant,
}

#[derive(Default)]
struct Counts {
    pairs: HashMap<(String, Option<IpAddr>), Backoff>,
    clients: HashMap<IpAddr, Window>,
    accounts: HashMap<String, Window>,
}

/// Failures in a row, and when the last one began or was known.
#[derive(Clone, Copy)]
struct Backoff {
    failures: u32,
    last: Instant,
}

/// Failures in a fixed window that began at `since`.
#[derive(Clone, Copy)]
struct Window {
    failures: u32,
    since: Instant,
}

impl LoginThrottle {
    pub const FREE_TRIES: u32 = 5;
    pub const FIRST_WAIT: Duration = Duration::from_secs(1);
    pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
    pub const WINDOW: Duration = Duration::from_secs(15 * 60);
    pub const CLIENT_MAX_FAILURES: u32 = 30;
    pub const ACCOUNT_MAX_FAILURES: u32 = 100;
    /// A pair quiet this long starts afresh. Longer than `MAX_WAIT`, so a
    /// guesser at the cap gets one try per `MAX_WAIT`, not five.
    const FORGET_PAIR_AFTER: Duration = Duration::from_secs(60 * 60);
    /// Entries per map: guesses from many addresses cannot grow memory
    /// without bound.
    const MAX_ENTRIES: usize = 50_000;

    /// Reserves a try for `account` from `addr`, or says how many seconds
    /// to wait (for `Retry-After`). A refused try counts for nothing, so
    /// someone retrying early does not lengthen their own wait.
    pub fn begin(&self, account: &str, addr: Option<IpAddr>) -> Result<Attempt, u64> {
        let mut counts = self.lock();
        counts.begin(account, addr, Instant::now())
    }

    /// The password was wrong: the pair's wait runs from now.
    pub fn failed(&self, attempt: Attempt) {
        self.lock().failed(attempt, Instant::now());
    }

    /// The password was right: the pair starts afresh, and the try is no
    /// longer counted against the address or the account.
    pub fn succeeded(&self, attempt: Attempt) {
        self.lock().succeeded(attempt);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The part of an address one client holds: an IPv6 host usually has a
/// whole /64, and an IPv4-mapped address is its IPv4 one.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !(u128::from(u64::MAX)))),
        },
    }
}

/// Whole seconds to wait, rounded up, at least one.
fn retry_after_s(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

impl Backoff {
    fn wait(&self, now: Instant) -> Duration {
        let quiet = now.saturating_duration_since(self.last);
        if self.failures < LoginThrottle::FREE_TRIES || quiet >= LoginThrottle::FORGET_PAIR_AFTER {
            return Duration::ZERO;
        }
        let doublings = (self.failures - LoginThrottle::FREE_TRIES).min(20);
        let wait = (LoginThrottle::FIRST_WAIT * (1 << doublings)).min(LoginThrottle::MAX_WAIT);
        wait.saturating_sub(quiet)
    }
}

impl Window {
    fn expired(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.since) >= LoginThrottle::WINDOW
    }

    fn wait(&self, now: Instant, max: u32) -> Duration {
        if self.expired(now) || self.failures < max {
            return Duration::ZERO;
        }
        LoginThrottle::WINDOW.saturating_sub(now.saturating_duration_since(self.since))
    }

    /// Counts one more try; returns the window it was counted in.
    fn count(&mut self, now: Instant) -> Instant {
        if self.expired(now) {
            *self = Window { failures: 0, since: now };
        }
        self.failures += 1;
        self.since
    }
}

impl Counts {
    fn begin(&mut self, account: &str, addr: Option<IpAddr>, now: Instant) -> Result<Attempt, u64> {
        self.bound(now);
        let client = addr.map(client_key);
        let pair = (account.to_string(), client);
        let wait = [
            self.pairs.get(&pair).map(|b| b.wait(now)),
            client.and_then(|c| self.clients.get(&c)).map(|w| w.wait(now, LoginThrottle::CLIENT_MAX_FAILURES)),
            self.accounts.get(account).map(|w| w.wait(now, LoginThrottle::ACCOUNT_MAX_FAILURES)),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or_default();
        if !wait.is_zero() {
            return Err(retry_after_s(wait));
        }
        let backoff = self.pairs.entry(pair).or_insert(Backoff { failures: 0, last: now });
        if now.saturating_duration_since(backoff.last) >= LoginThrottle::FORGET_PAIR_AFTER {
            backoff.failures = 0;
        }
        backoff.failures += 1;
        backoff.last = now;
        let fresh = Window { failures: 0, since: now };
        let client_window = client.map(|c| self.clients.entry(c).or_insert(fresh).count(now));
        let account_window = self.accounts.entry(account.to_string()).or_insert(fresh).count(now);
        Ok(Attempt { account: account.to_string(), client, client_window, account_window })
    }

    fn failed(&mut self, attempt: Attempt, now: Instant) {
        if let Some(backoff) = self.pairs.get_mut(&(attempt.account, attempt.client)) {
            backoff.last = backoff.last.max(now);
        }
    }

    fn succeeded(&mut self, attempt: Attempt) {
        let give_back = |window: Option<&mut Window>, since: Instant| {
            if let Some(w) = window.filter(|w| w.since == since) {
                w.failures = w.failures.saturating_sub(1);
            }
        };
        if let (Some(client), Some(since)) = (attempt.client, attempt.client_window) {
            give_back(self.clients.get_mut(&client), since);
        }
        give_back(self.accounts.get_mut(&attempt.account), attempt.account_window);
        self.pairs.remove(&(attempt.account, attempt.client));
    }

    /// Keeps each map under [`LoginThrottle::MAX_ENTRIES`].
    fn bound(&mut self, now: Instant) {
        bound(&mut self.pairs, now, LoginThrottle::FORGET_PAIR_AFTER, |b| b.last);
        bound(&mut self.clients, now, LoginThrottle::WINDOW, |w| w.since);
        bound(&mut self.accounts, now, LoginThrottle::WINDOW, |w| w.since);
    }
}

/// When `map` is full: forget what no longer matters (older than `keep`),
/// then, if that was not enough (guesses from very many addresses), the
/// oldest entries. Down to three quarters full, so the scan runs rarely.
fn bound<K: Eq + Hash, V>(map: &mut HashMap<K, V>, now: Instant, keep: Duration, last: impl Fn(&V) -> Instant) {
    if map.len() <= LoginThrottle::MAX_ENTRIES {
        return;
    }
    map.retain(|_, v| now.saturating_duration_since(last(v)) < keep);
    let target = LoginThrottle::MAX_ENTRIES * 3 / 4;
    if map.len() > target {
        let mut times: Vec<Instant> = map.values().map(&last).collect();
        let (_, &mut newest_dropped, _) = times.select_nth_unstable(map.len() - target - 1);
        map.retain(|_, v| last(v) > newest_dropped);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header;

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
        headers.insert(header::COOKIE, "a=1; ayi_session=; b=2".parse().unwrap());
        assert_eq!(session_token(&headers), None);
        let cookie = session_cookie("abc123", 60).to_string();
        assert!(cookie.starts_with("ayi_session=abc123;"), "{cookie}");
        for part in ["; HttpOnly", "; SameSite=Strict", "; Path=/", "; Max-Age=60"] {
            assert!(cookie.contains(part), "{cookie} lacks {part}");
        }
    }

    const A: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1)));
    const B: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(198, 51, 100, 7)));

    /// `n` failed tries of `account` from `addr` at `now`.
    fn fail(counts: &mut Counts, account: &str, addr: Option<IpAddr>, n: u32, now: Instant) {
        for _ in 0..n {
            let attempt = counts.begin(account, addr, now).expect("not throttled yet");
            counts.failed(attempt, now);
        }
    }

    #[test]
    fn concurrent_tries_never_check_more_than_the_free_ones() {
        // Tries in flight hold their place: of 100 at once, only the free
        // ones get to the password check.
        let throttle = LoginThrottle::default();
        let barrier = std::sync::Barrier::new(100);
        let started: Vec<Attempt> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..100)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        throttle.begin("demo", A)
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().unwrap().ok()).collect()
        });
        assert_eq!(started.len(), LoginThrottle::FREE_TRIES as usize);
    }

    #[test]
    fn concurrent_sprays_stop_at_the_address_and_account_limits() {
        let throttle = &LoginThrottle::default();
        // One address, a different account each time.
        let started = std::thread::scope(|s| {
            let handles: Vec<_> = (0..100).map(|i| s.spawn(move || throttle.begin(&format!("u{i}"), A))).collect();
            handles.into_iter().filter_map(|h| h.join().unwrap().ok()).count()
        });
        assert_eq!(started, LoginThrottle::CLIENT_MAX_FAILURES as usize);
        // One account, a different address each time.
        let started = std::thread::scope(|s| {
            let handles: Vec<_> = (0..300u32)
                .map(|i| s.spawn(move || throttle.begin("demo", Some(IpAddr::V4((0x0a00_0000 + i).into())))))
                .collect();
            handles.into_iter().filter_map(|h| h.join().unwrap().ok()).count()
        });
        assert_eq!(started, LoginThrottle::ACCOUNT_MAX_FAILURES as usize);
    }

    #[test]
    fn the_wait_doubles_with_each_failure_up_to_the_cap() {
        let mut counts = Counts::default();
        let mut now = Instant::now();
        fail(&mut counts, "demo", A, LoginThrottle::FREE_TRIES, now);
        let mut waits = Vec::new();
        for _ in 0..14 {
            let wait = counts.begin("demo", A, now).expect_err("waiting");
            waits.push(wait);
            // Trying early again changes nothing; trying after the wait is checked.
            assert_eq!(counts.begin("demo", A, now + Duration::from_millis(500)).err(), Some(wait));
            now += Duration::from_secs(wait);
            fail(&mut counts, "demo", A, 1, now);
        }
        assert_eq!(&waits[..5], &[1, 2, 4, 8, 16]);
        assert_eq!(*waits.last().unwrap(), LoginThrottle::MAX_WAIT.as_secs());
        assert!(waits.windows(2).all(|w| w[0] <= w[1]), "{waits:?}");
    }

    #[test]
    fn a_lockout_at_one_address_does_not_lock_the_account_elsewhere() {
        let mut counts = Counts::default();
        let now = Instant::now();
        fail(&mut counts, "demo", A, LoginThrottle::FREE_TRIES, now);
        assert_eq!(counts.begin("demo", A, now).err(), Some(1));
        // The real user, at another address, is not held up.
        let real = counts.begin("demo", B, now).expect("another address may try");
        counts.succeeded(real);
        // Nor is another account at the guesser's address.
        let other = counts.begin("lin", A, now).expect("another account may try");
        counts.succeeded(other);
    }

    #[test]
    fn success_clears_the_pair() {
        let mut counts = Counts::default();
        let now = Instant::now();
        fail(&mut counts, "demo", A, LoginThrottle::FREE_TRIES - 1, now);
        let ok = counts.begin("demo", A, now).unwrap();
        counts.succeeded(ok);
        fail(&mut counts, "demo", A, LoginThrottle::FREE_TRIES, now);
        assert!(counts.begin("demo", A, now).is_err());
        // The success was not counted against the address or the account.
        assert_eq!(counts.clients[&A.unwrap()].failures, 2 * LoginThrottle::FREE_TRIES - 1);
        assert_eq!(counts.accounts["demo"].failures, 2 * LoginThrottle::FREE_TRIES - 1);
    }

    #[test]
    fn windows_and_pairs_are_forgotten_and_the_maps_stay_bounded() {
        let mut counts = Counts::default();
        let now = Instant::now();
        fail(&mut counts, "demo", A, LoginThrottle::FREE_TRIES, now);
        let later = now + LoginThrottle::FORGET_PAIR_AFTER;
        let attempt = counts.begin("demo", A, later).expect("a quiet pair starts afresh");
        assert_eq!(counts.pairs[&("demo".to_string(), A)].failures, 1);
        counts.failed(attempt, later);
        for i in 0..LoginThrottle::MAX_ENTRIES + 100 {
            let attempt = counts.begin(&format!("u{i}"), None, later).unwrap();
            counts.failed(attempt, later);
        }
        assert!(
            counts.pairs.len() <= LoginThrottle::MAX_ENTRIES && counts.accounts.len() <= LoginThrottle::MAX_ENTRIES
        );
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key("2001:db8:1:3::1".parse().unwrap()));
        assert_eq!(client_key("::ffff:192.0.2.1".parse().unwrap()), A.unwrap());
    }
}
