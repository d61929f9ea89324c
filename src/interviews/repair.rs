//! What a start puts right before serving: the database is the source of
//! truth, and everything derived from it is checked against it.
//!
//! - The candidate index must hold exactly the published workers, each as
//!   their stored answers and edits say now. A damaged log record, a crash
//!   between publishing and indexing, or a record written by an older
//!   extractor is rebuilt from the database; a worker the database no longer
//!   publishes (deleted, unpublished) is removed, and the log is rewritten
//!   without them or the damage.
//! - Recording, photo and video files no row refers to (a crash between writing
//!   the file and committing its row) are deleted.
//!
//! Both run before the listener opens, so no request is half-way through.

use std::collections::HashSet;

use super::Interviews;
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

impl Interviews {
    /// Puts right what a crash or an older version left (see the module docs).
    pub async fn repair_after_start(&self) -> Result<(), crate::Error> {
        let repair = self.repair_index().await?;
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
        let orphans = self.store.sweep_orphans().await?;
        if orphans > 0 {
            tracing::warn!(orphans, "deleted files no stored answer, photo or video refers to");
        }
        Ok(())
    }

    /// Makes the index hold exactly the published workers as the database says.
    pub async fn repair_index(&self) -> Result<IndexRepair, crate::Error> {
        let mut wanted = Vec::new();
        for row in self.store.published().await? {
            let answers = self.store.answers(&row.id).await?;
            let interview = super::StoredInterview { row, answers };
            match interview.profile() {
                Ok(profile) => wanted.push(interview.document(profile)),
                Err(e) => {
                    tracing::error!(profile_id = %interview.row.public_id, error = %e, "cannot derive a published profile")
                }
            }
        }
        let ids: HashSet<String> = wanted.iter().map(|d| d.id.clone()).collect();
        let (stale, extra, damaged) = self
            .pipeline
            .with_index(move |index| {
                let same = |have: &Document, want: &Document| {
                    have.profile == want.profile && have.transcript == want.transcript
                };
                let stale: Vec<Document> = wanted
                    .into_iter()
                    .filter(|want| index.get(&want.id).is_none_or(|have| !same(have, want)))
                    .collect();
                let extra: Vec<String> =
                    index.documents().filter(|d| !ids.contains(d.id.as_str())).map(|d| d.id.clone()).collect();
                (stale, extra, index.damaged().len())
            })
            .await?;
        let repair = IndexRepair { reindexed: stale.len(), removed: extra.len(), damaged };
        // Embedding is the slow part: a batch at a time, so the queue is shared.
        for batch in stale.chunks(32) {
            self.pipeline.index_documents(batch.to_vec()).await?;
        }
        if !extra.is_empty() || damaged > 0 {
            self.pipeline
                .with_index_written(move |index| {
                    for id in &extra {
                        index.remove(id)?;
                    }
                    // Rewrites the log with only the live records: the removed
                    // workers' words and the damaged bytes leave the disk.
                    index.compact()
                })
                .await?;
        }
        Ok(repair)
    }
}
