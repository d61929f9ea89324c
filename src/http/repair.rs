//! What a start puts right before serving: the database is the source of
//! truth, and everything derived from it is checked against it.
//!
//! - The candidate index must hold exactly the published workers, each as
//!   their stored answers and edits say now. A damaged log record, a crash
//!   between publishing and indexing, or a record written by an older
//!   extractor is rebuilt from the database; a worker the database no longer
//!   publishes (deleted, unpublished) is removed, and the log is rewritten
//!   without them or the damage.
//! - Recording and photo files no row refers to (a crash between writing
//!   the file and committing its row) are deleted.
//!
//! Both run before the listener opens, so no request is half-way through.

use std::collections::HashSet;

use super::interviews::{document_of, profile_of};
use super::AppState;
use crate::index::Document;

/// What [`repair_index`] changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct IndexRepair {
    /// Published workers missing from the index or stale in it, re-added.
    pub reindexed: usize,
    /// Workers in the index the database does not publish, removed.
    pub removed: usize,
    /// Damaged stretches of the log, rewritten away.
    pub damaged: usize,
}

pub async fn after_start(state: &AppState) -> Result<(), crate::Error> {
    let repair = repair_index(state).await?;
    if repair != IndexRepair::default() {
        tracing::warn!(
            reindexed = repair.reindexed,
            removed = repair.removed,
            damaged_stretches = repair.damaged,
            "the candidate index did not match the database and was repaired from it"
        );
        eprintln!(
            "ayi: repaired the candidate index from the database: {} re-added, {} removed, {} damaged stretch(es) rewritten",
            repair.reindexed, repair.removed, repair.damaged
        );
    }
    let orphans = state.store.sweep_orphans().await?;
    if orphans > 0 {
        tracing::warn!(orphans, "deleted files no stored answer or photo refers to");
    }
    Ok(())
}

/// Makes the index hold exactly the published workers as the database says.
pub async fn repair_index(state: &AppState) -> Result<IndexRepair, crate::Error> {
    let mut wanted = Vec::new();
    for row in state.store.published().await? {
        let answers = state.store.answers(&row.id).await?;
        match profile_of(&row, &answers) {
            Ok(profile) => wanted.push(document_of(&row, &answers, profile)),
            Err(e) => {
                tracing::error!(profile_id = %row.public_id, error = %e.message, "cannot derive a published profile")
            }
        }
    }
    let (stale, extra, damaged) = {
        let index = state.pipeline.index.read().unwrap_or_else(|e| e.into_inner());
        let same =
            |have: &Document, want: &Document| have.profile == want.profile && have.transcript == want.transcript;
        let ids: HashSet<&str> = wanted.iter().map(|d| d.id.as_str()).collect();
        let stale: Vec<Document> =
            wanted.iter().filter(|want| index.get(&want.id).is_none_or(|have| !same(have, want))).cloned().collect();
        let extra: Vec<String> =
            index.documents().filter(|d| !ids.contains(d.id.as_str())).map(|d| d.id.clone()).collect();
        (stale, extra, index.damaged().len())
    };
    let repair = IndexRepair { reindexed: stale.len(), removed: extra.len(), damaged };
    // Embedding is the slow part: a batch at a time, so the queue is shared.
    for batch in stale.chunks(32) {
        state.pipeline.index_documents(batch.to_vec()).await?;
    }
    if !extra.is_empty() || damaged > 0 {
        let pipeline = state.pipeline.clone();
        tokio::task::spawn_blocking(move || -> Result<(), crate::Error> {
            let mut index = pipeline.index.write().unwrap_or_else(|e| e.into_inner());
            for id in &extra {
                index.remove(id)?;
            }
            // Rewrites the log with only the live records: the removed
            // workers' words and the damaged bytes leave the disk.
            Ok(index.compact()?)
        })
        .await
        .map_err(|_| crate::index::IndexError::Ann("repairing the index stopped".into()))??;
    }
    Ok(repair)
}
