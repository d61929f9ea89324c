//! Several nodes on one PostgreSQL: what each node does so that any of
//! them can serve any request.
//!
//! The database holds everything a request needs (interviews, answers,
//! sessions, shortlists; files in a folder every node mounts), and the
//! per-interview guards are PostgreSQL advisory locks
//! ([`crate::interviews`]). What stays per node is the candidate index,
//! a derived copy: rebuilding it from the database at start is what a
//! single node already does ([`Interviews::repair_after_start`]), and from
//! then on each node follows the `changes` feed that every commit touching
//! a published worker appends to, in commit order ([`crate::store`]):
//! NOTIFY wakes the follower at once, it reads the feed from the last
//! change it applied, and reads each changed worker from the database (so
//! a change it sees twice, or late, still ends as the database says). A
//! lost connection (PostgreSQL restarting) is answered by reconnecting and
//! reading on from the same place; a poll every few seconds catches what a
//! missed notification would leave.
//!
//! A node applies its own changes too, though the request that made each
//! one has already indexed it: that repairs an index update that failed
//! after its commit. Each worker is read and indexed under her interview's
//! change lock, so a deletion made meanwhile, here or elsewhere, is never
//! undone by a read made before it.

use std::sync::{Arc, Weak};
use std::time::Duration;

use sqlx::postgres::{PgListener, PgPool};

use crate::interviews::Interviews;
use crate::store::{Store, CHANGES_CHANNEL};

/// How often the feed is read without a notification.
const POLL: Duration = Duration::from_secs(2);

/// Changes applied per read of the feed.
const BATCH: i64 = 256;

/// Follows the change feed from after `from`, until the interviews are
/// dropped (the service stops).
pub fn follow_changes(interviews: &Arc<Interviews>, pool: PgPool, from: i64) {
    let mut dropped = interviews.dropped();
    let interviews = Arc::downgrade(interviews);
    tokio::spawn(async move {
        let mut applied = from;
        let following = async {
            loop {
                match PgListener::connect_with(&pool).await {
                    Ok(mut listener) => match listener.listen(CHANGES_CHANNEL).await {
                        Ok(()) => follow(&interviews, &mut listener, &mut applied).await,
                        Err(e) => tracing::warn!(error = %e, "cannot listen for changes; retrying"),
                    },
                    Err(e) => tracing::warn!(error = %e, "cannot reach the database for changes; retrying"),
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        };
        tokio::select! {
            _ = following => {}
            _ = dropped.changed() => {}
        }
    });
}

/// Applies the feed, then waits for a notification or the poll; returns
/// when the listener fails (it is then made anew).
async fn follow(interviews: &Weak<Interviews>, listener: &mut PgListener, applied: &mut i64) {
    loop {
        let Some(strong) = interviews.upgrade() else { return };
        let caught_up = catch_up(&strong, applied).await;
        drop(strong);
        if let Err(e) = caught_up {
            tracing::warn!(error = %e, applied = *applied, "could not apply the change feed; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        match tokio::time::timeout(POLL, listener.try_recv()).await {
            // A notification, the poll, or a lost connection (re-made by
            // try_recv itself): read the feed either way.
            Ok(Ok(_)) | Err(_) => {}
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "lost the change listener; reconnecting");
                return;
            }
        }
    }
}

/// Applies every change after `applied`, moving it on as they are done.
async fn catch_up(interviews: &Interviews, applied: &mut i64) -> Result<(), crate::Error> {
    let store: &Store = interviews.store();
    loop {
        let changes = store.changes_after(*applied, BATCH).await?;
        let Some(&(last, _)) = changes.last() else { return Ok(()) };
        let mut ids: Vec<String> = changes.into_iter().map(|(_, id)| id).collect();
        ids.sort();
        ids.dedup();
        let count = ids.len();
        interviews.follow_changes(ids).await.map_err(|e| e.into_stage())?;
        tracing::info!(workers = count, up_to = last, "applied the change feed");
        *applied = last;
    }
}
