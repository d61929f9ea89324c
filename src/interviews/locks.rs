//! The two per-interview guards, on one node or across a cluster:
//! - the change lock: every change to one interview runs under it, so a
//!   deletion is the last word and two changes never interleave;
//! - the answering mark: one answer of an interview heard at a time, so a
//!   double tap (even one whose taps a load balancer sends to two nodes)
//!   is refused instead of recording the same question twice.
//!
//! On one node (SQLite) they are striped mutexes (a fixed set, chosen by a
//! hash of the id, so memory stays bounded whatever ids clients send) and a
//! set of ids. With PostgreSQL they are session advisory locks, each held
//! on a connection of its own for as long as the guard lives: PostgreSQL
//! frees them when that session ends, so a node killed mid-change blocks no
//! one. A hash of the id names the lock; two ids sharing one would only
//! wait for each other (2^-64).
//!
//! The two kinds come from two pools: an answer holds its mark while it is
//! heard and then takes the change lock, so if both came from one pool, a
//! burst of answers could hold every connection and wait for one more. A
//! lock is taken on a task of its own, so a request dropped while waiting
//! for it cannot put a connection back in the pool with the lock taken.

use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgPool, PgPoolOptions, Postgres};

use crate::store::StoreError;

pub enum InterviewLocks {
    Local { stripes: Vec<Arc<tokio::sync::Mutex<()>>>, answering: Arc<Mutex<HashSet<String>>> },
    Cluster { changes: PgPool, answering: PgPool },
}

/// A guard from [`InterviewLocks`]; released on drop.
pub struct Held(Guard);

enum Guard {
    Stripe(#[allow(dead_code)] tokio::sync::OwnedMutexGuard<()>),
    Answering { set: Arc<Mutex<HashSet<String>>>, id: String },
    Advisory(Option<PoolConnection<Postgres>>),
}

impl InterviewLocks {
    pub fn local() -> InterviewLocks {
        InterviewLocks::Local {
            stripes: (0..64).map(|_| Arc::new(tokio::sync::Mutex::new(()))).collect(),
            answering: Arc::default(),
        }
    }

    /// Locks on the database `pool` connects to, from pools of their own.
    pub fn cluster(pool: &PgPool) -> InterviewLocks {
        let options = (*pool.connect_options()).clone();
        let pool_of = |size| {
            PgPoolOptions::new()
                .max_connections(size)
                .acquire_timeout(Duration::from_secs(30))
                .connect_lazy_with(options.clone())
        };
        InterviewLocks::Cluster { changes: pool_of(CHANGE_LOCKS), answering: pool_of(ANSWERING_MARKS) }
    }

    /// Waits for the interview's change lock.
    pub async fn lock(&self, interview_id: &str) -> Result<Held, StoreError> {
        match self {
            InterviewLocks::Local { stripes, .. } => {
                let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(interview_id);
                let stripe = stripes[(hash % stripes.len() as u64) as usize].clone();
                Ok(Held(Guard::Stripe(stripe.lock_owned().await)))
            }
            InterviewLocks::Cluster { changes, .. } => {
                let key = advisory_key("change", interview_id);
                let held = advisory(changes, "SELECT true FROM (SELECT pg_advisory_lock($1)) AS waited", key).await?;
                held.ok_or_else(|| StoreError::Corrupt("an advisory lock was not taken".into()))
            }
        }
    }

    /// Marks an answer of the interview as being heard; `None` if one already is.
    pub async fn try_answering(&self, interview_id: &str) -> Result<Option<Held>, StoreError> {
        match self {
            InterviewLocks::Local { answering, .. } => {
                let mut set = answering.lock().unwrap_or_else(|e| e.into_inner());
                if !set.insert(interview_id.to_string()) {
                    return Ok(None);
                }
                Ok(Some(Held(Guard::Answering { set: answering.clone(), id: interview_id.to_string() })))
            }
            InterviewLocks::Cluster { answering, .. } => {
                advisory(answering, "SELECT pg_try_advisory_lock($1)", advisory_key("answering", interview_id)).await
            }
        }
    }
}

impl Held {
    /// Releases the guard now, waiting for PostgreSQL to confirm (a drop
    /// releases it too, a moment later).
    pub async fn release(mut self) {
        if let Guard::Advisory(conn) = &mut self.0 {
            if let Some(mut conn) = conn.take() {
                unlock(&mut conn).await;
            }
        }
    }
}

/// Frees the connection's advisory locks; a connection that cannot is
/// closed instead, which frees them just the same.
async fn unlock(conn: &mut PoolConnection<Postgres>) {
    if sqlx::query("SELECT pg_advisory_unlock_all()").execute(&mut **conn).await.is_err() {
        conn.close_on_drop();
    }
}

/// Changes to interviews at once, per node: a change holds its lock for a
/// commit and what follows it (an index update), never for a transcription.
const CHANGE_LOCKS: u32 = 16;
/// Answers heard at once, per node: beyond the speech queue's length they
/// are refused (503) anyway.
const ANSWERING_MARKS: u32 = 32;

/// Runs `take` (`SELECT <bool>` locking `key`) on a connection of `pool`;
/// the guard holding it if it says true. On a task of its own: should the
/// caller stop waiting, the lock taken is released (by the guard's drop)
/// instead of going back to the pool with its connection.
async fn advisory(pool: &PgPool, take: &'static str, key: i64) -> Result<Option<Held>, StoreError> {
    let pool = pool.clone();
    tokio::spawn(async move {
        let mut conn = pool.acquire().await?;
        let taken: bool = sqlx::query_scalar(take).bind(key).fetch_one(&mut *conn).await?;
        Ok(taken.then(|| Held(Guard::Advisory(Some(conn)))))
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("taking an advisory lock: {e}")))?
}

/// The advisory lock that stands for `what` of interview `id`.
fn advisory_key(what: &str, id: &str) -> i64 {
    let digest = Sha256::new().chain_update(what).chain_update([0]).chain_update(id).finalize();
    i64::from_le_bytes(digest[..8].try_into().expect("a SHA-256 digest has 32 bytes"))
}

impl Drop for Held {
    fn drop(&mut self) {
        match &mut self.0 {
            Guard::Stripe(_) => {}
            Guard::Answering { set, id } => {
                set.lock().unwrap_or_else(|e| e.into_inner()).remove(id.as_str());
            }
            Guard::Advisory(conn) => {
                let Some(mut conn) = conn.take() else { return };
                // Unlocking needs a round trip: on a task of its own.
                match tokio::runtime::Handle::try_current() {
                    Ok(runtime) => {
                        runtime.spawn(async move { unlock(&mut conn).await });
                    }
                    Err(_) => conn.close_on_drop(),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_guards_of_one_interview_and_those_of_two_interviews_differ() {
        let a = advisory_key("change", "abc");
        assert_eq!(a, advisory_key("change", "abc"));
        assert_ne!(a, advisory_key("answering", "abc"));
        assert_ne!(a, advisory_key("change", "abd"));
        // The separator keeps ("change", "x") and ("changex", "") apart.
        assert_ne!(advisory_key("change", "x"), advisory_key("changex", ""));
    }

    #[test]
    fn a_second_answer_is_refused_while_the_first_is_heard_and_taken_after() {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
            let locks = InterviewLocks::local();
            let first = locks.try_answering("i1").await.unwrap();
            assert!(first.is_some());
            assert!(locks.try_answering("i1").await.unwrap().is_none());
            assert!(locks.try_answering("i2").await.unwrap().is_some(), "another interview is not held up");
            drop(first);
            assert!(locks.try_answering("i1").await.unwrap().is_some());
        });
    }
}
