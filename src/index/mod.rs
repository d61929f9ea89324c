//! The candidate index: who fits what a family needs, and why.
//!
//! Three views of every profile, all derived from one append-only log
//! ([`log`]): bitmaps of who has each code, lives in, names each district
//! ([`needs`]) for needs; an HNSW graph over e5 embeddings ([`ann`]) for meaning; and
//! BM25 over jieba-segmented words ([`keyword`]) for names, places and words
//! the taxonomy lacks. A query ([`query`]) becomes needs; ranking puts the
//! profiles meeting the most (weighted) needs first and breaks ties by
//! reciprocal-rank fusion of the semantic and keyword lists. Each result says
//! which needs it meets, quoting the worker, and which it does not.
//!
//! Durability: a command's records are appended and synced before it reports
//! success; the graph snapshot is refreshed after large changes and always
//! says how much of the log it covers. Only one writer at a time (a file lock).

pub mod ann;
pub mod commands;
pub mod generate;
pub mod keyword;
pub mod log;
pub mod needs;
pub mod query;

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use self::ann::Ann;
use self::keyword::KeywordIndex;
pub use self::log::Document;
use self::log::{LogWriter, Record};
use self::needs::{Facts, NeedColumns, NeedPlan};
use self::query::{canonical_area, Need, Query};
use crate::extract::matcher::clauses;
use crate::extract::taxonomy::Taxonomy;
use crate::fault::Fault;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{what}: {source}")]
    Io { what: String, source: std::io::Error },
    #[error("another ayi process is writing the index in {0}; try again when it has finished")]
    Locked(String),
    #[error("{0}")]
    BadInput(String),
    #[error("no profile with id {0:?} in the index")]
    NotFound(String),
    #[error("vector index: {0}")]
    Ann(String),
    #[error("the index was opened for reading only")]
    ReadOnly,
    /// The embedder the index commands load failed.
    #[error(transparent)]
    Embed(#[from] crate::embed::EmbedError),
}

impl IndexError {
    pub fn fault(&self) -> Fault {
        match self {
            IndexError::BadInput(_) | IndexError::NotFound(_) | IndexError::Locked(_) => Fault::User,
            IndexError::Io { .. } | IndexError::Ann(_) | IndexError::ReadOnly | IndexError::Embed(_) => Fault::Internal,
        }
    }

    pub(crate) fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> IndexError {
        let what = what.into();
        move |source| IndexError::Io { what, source }
    }
}

pub(crate) const LOG_FILE: &str = "profiles.log";
const SNAPSHOT_FILE: &str = "vectors.usearch";
pub(crate) const SNAPSHOT_META: &str = "vectors.json";
const LOCK_FILE: &str = "writer.lock";
/// Beside the index folder while [`Index::compact`] builds its replacement,
/// and the old folder while it is being deleted.
const COMPACTING: &str = "compacting";
const REMOVED: &str = "removed";
/// In a compacted folder once it is whole.
const COMPLETE: &str = "complete";

fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let name = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "index".into());
    dir.with_file_name(format!("{name}.{suffix}"))
}

/// After a crash during [`Index::compact`]: keeps whichever whole index
/// there is (the compacted one once complete) and deletes the rest, so the
/// removed profiles are gone either way once the compaction had finished.
fn finish_interrupted_compaction(dir: &Path) -> Result<(), IndexError> {
    let (fresh, removed) = (sibling(dir, COMPACTING), sibling(dir, REMOVED));
    let io = |what: &str| IndexError::io(format!("{what} {}", dir.display()));
    if !dir.exists() {
        if fresh.join(COMPLETE).exists() {
            std::fs::rename(&fresh, dir).map_err(io("finishing the compaction of"))?;
            let _ = std::fs::remove_file(dir.join(COMPLETE));
        } else if removed.exists() {
            std::fs::rename(&removed, dir).map_err(io("restoring"))?;
        }
    }
    for leftover in [fresh, removed] {
        if leftover.exists() {
            std::fs::remove_dir_all(&leftover).map_err(io("cleaning up after compacting"))?;
        }
    }
    Ok(())
}

/// Refresh the graph snapshot when this many records are not in it.
const SNAPSHOT_EVERY: u64 = 2000;

#[derive(Debug, Serialize, Deserialize)]
struct SnapshotMeta {
    /// Log bytes the snapshot includes.
    log_len: u64,
    /// Put records up to there (= next slot number).
    slots: u64,
    dim: usize,
}

pub struct Index {
    dir: PathBuf,
    dim: usize,
    documents: Vec<Option<Document>>,
    by_id: HashMap<String, u32>,
    columns: NeedColumns,
    areas: Vec<String>,
    bits: HashMap<String, u32>,
    keyword: KeywordIndex,
    ann: Ann,
    /// Every slot's embedding, row by row: exact scoring of a few thousand
    /// candidates is faster from here than through the graph.
    vectors: Vec<f32>,
    /// Per-query work buffers (one per slot), kept between searches: a fresh
    /// 4 MB buffer per query at a million profiles cost a millisecond in
    /// page faults. Keyword buffers are handed back zeroed.
    scratch: std::sync::Mutex<Vec<Vec<f32>>>,
    log_len: u64,
    snapshot_log_len: u64,
    writer: Option<(LogWriter, File)>,
    /// Stretches of the log skipped as damaged at open (see [`Index::damaged`]).
    damaged: Vec<(u64, u64)>,
}

/// One need a result meets, with the worker's words.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Met {
    pub code: String,
    pub evidence: String,
}

/// One need a result does not meet, and why.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Unmet {
    pub code: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    pub name: Option<String>,
    pub score: f32,
    pub matched: Vec<Met>,
    pub missing: Vec<Unmet>,
}

/// How the candidate lists are combined (the default, and what BENCHMARKS.md
/// compares it with).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ranking {
    /// Weighted needs met first; semantic + keyword RRF breaks ties.
    Needs,
    /// RRF of the needs, semantic and keyword lists, equal weights.
    Rrf,
    /// Embedding similarity only.
    Semantic,
    /// BM25 only.
    Keyword,
}

const RRF_K: f32 = 60.0;
const EXACT_LEADERS: usize = 80_000;
pub(crate) const CANDIDATES: usize = 100;

impl Index {
    /// Opens (creating if needed) the index in `dir` for reading and searching.
    pub fn open(dir: &Path, dim: usize) -> Result<Index, IndexError> {
        Index::open_with(dir, dim, true)
    }

    /// [`Index::open`], reading the graph snapshot only if `use_snapshot`.
    fn open_with(dir: &Path, dim: usize, use_snapshot: bool) -> Result<Index, IndexError> {
        std::fs::create_dir_all(dir).map_err(IndexError::io(format!("creating {}", dir.display())))?;
        crate::durable::remove_stale_partials(dir);
        let taxonomy = Taxonomy::embedded();
        let bits: HashMap<String, u32> =
            taxonomy.codes.iter().enumerate().map(|(i, c)| (c.code.clone(), i as u32)).collect();

        let meta: Option<SnapshotMeta> = std::fs::read(dir.join(SNAPSHOT_META))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .filter(|m: &SnapshotMeta| use_snapshot && m.dim == dim);
        let (ann, covered) = match meta.as_ref().map(|m| (Ann::load(&dir.join(SNAPSHOT_FILE), dim), m)) {
            Some((Ok(ann), m)) => (ann, Some((m.log_len, m.slots))),
            _ => (Ann::new(dim).map_err(IndexError::Ann)?, None),
        };
        let mut index = Index {
            dir: dir.to_path_buf(),
            dim,
            documents: Vec::new(),
            by_id: HashMap::new(),
            columns: NeedColumns::new(bits.len()),
            areas: Vec::new(),
            bits,
            keyword: KeywordIndex::default(),
            ann,
            vectors: Vec::new(),
            scratch: std::sync::Mutex::new(Vec::new()),
            log_len: 0,
            snapshot_log_len: 0,
            writer: None,
            damaged: Vec::new(),
        };
        // Replay: every record updates documents, columns and keywords; only
        // those after the snapshot touch the graph. Without a usable snapshot
        // the graph is rebuilt from the surviving vectors, in parallel.
        let (snapshot_len, snapshot_slots) = covered.unwrap_or((0, 0));
        let mut pending: Vec<(u32, Vec<f32>)> = Vec::new();
        let mut gone: Vec<u32> = Vec::new();
        let mut wrong_dim: Option<usize> = None;
        let log_path = dir.join(LOG_FILE);
        let replayed = log::replay(&log_path, |record, end| match record {
            Record::Put { document, embedding } => {
                if embedding.len() != dim {
                    wrong_dim.get_or_insert(embedding.len());
                    return;
                }
                let replaced = index.by_id.get(&document.id).copied();
                let slot = index.store(*document, &embedding);
                if end > snapshot_len {
                    gone.extend(replaced);
                    pending.push((slot, embedding));
                }
            }
            Record::Remove { id } => {
                if let Some(slot) = index.forget(&id) {
                    if end > snapshot_len {
                        gone.push(slot);
                    }
                }
            }
        })
        .map_err(IndexError::io(format!("reading {}", log_path.display())))?;
        if let Some(found) = wrong_dim {
            return Err(IndexError::BadInput(format!(
                "the index in {} was built with {found}-dimensional vectors, this embedder makes {dim}: \
                 move it away and add the profiles again",
                dir.display()
            )));
        }
        let valid = replayed.valid_len;
        // Slots are numbered by put records in log order: a damaged put
        // inside the snapshot's part shifts every slot after it.
        let damaged_in_snapshot = replayed.damaged.iter().any(|&(at, _)| at < snapshot_len);
        if covered.is_some()
            && (snapshot_len > valid || snapshot_slots > index.documents.len() as u64 || damaged_in_snapshot)
        {
            // The snapshot is ahead of the log (the log was replaced) or no
            // longer lines up with it: rebuild without it, also where its
            // file cannot be removed (a read-only folder), so no second
            // pass can come back here.
            let _ = std::fs::remove_file(dir.join(SNAPSHOT_META));
            return Index::open_with(dir, dim, false);
        }
        if !replayed.damaged.is_empty() {
            let bytes: u64 = replayed.damaged.iter().map(|&(_, len)| len).sum();
            tracing::warn!(
                log = %log_path.display(),
                stretches = replayed.damaged.len(),
                bytes,
                "the index log is damaged; the records around the damage were kept"
            );
        }
        index.damaged = replayed.damaged;
        index.log_len = valid;
        index.snapshot_log_len = snapshot_len;
        index.add_vectors(pending.into_iter().filter(|(slot, _)| index.documents[*slot as usize].is_some()))?;
        // Load the word segmenter now, not in the first search.
        keyword::terms("预热");
        for slot in gone {
            index.ann.remove(u64::from(slot));
        }
        Ok(index)
    }

    /// Opens for writing: takes the writer lock and cuts a torn log tail.
    pub fn open_for_writing(dir: &Path, dim: usize) -> Result<Index, IndexError> {
        finish_interrupted_compaction(dir)?;
        std::fs::create_dir_all(dir).map_err(IndexError::io(format!("creating {}", dir.display())))?;
        let lock_path = dir.join(LOCK_FILE);
        let lock = File::create(&lock_path).map_err(IndexError::io(format!("creating {}", lock_path.display())))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(IndexError::Locked(dir.display().to_string())),
            Err(std::fs::TryLockError::Error(e)) => return Err(IndexError::io("locking the index")(e)),
        }
        let mut index = Index::open(dir, dim)?;
        let log_path = dir.join(LOG_FILE);
        let writer = LogWriter::open(&log_path, index.log_len)
            .map_err(IndexError::io(format!("opening {}", log_path.display())))?;
        index.writer = Some((writer, lock));
        Ok(index)
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Stretches of the log, `(offset, length)`, that were damaged and
    /// skipped when it was opened: whatever they held must come back from
    /// the source of truth, and [`Index::compact`] rewrites the log without them.
    pub fn damaged(&self) -> &[(u64, u64)] {
        &self.damaged
    }

    /// Every live document.
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.documents.iter().flatten()
    }

    pub fn get(&self, id: &str) -> Option<&Document> {
        self.by_id.get(id).and_then(|&s| self.documents[s as usize].as_ref())
    }

    /// Adds or replaces documents with their embeddings, durably: when this
    /// returns, every one of them is on disk.
    pub fn add(&mut self, items: Vec<(Document, Vec<f32>)>) -> Result<(), IndexError> {
        for (doc, embedding) in &items {
            if doc.id.trim().is_empty() {
                return Err(IndexError::BadInput("a profile needs a non-empty id".into()));
            }
            if embedding.len() != self.dim {
                return Err(IndexError::BadInput(format!("profile {}: embedding has the wrong size", doc.id)));
            }
        }
        // Segmenting is the slow part of adding: do it on every core.
        let mut items = items;
        {
            use rayon::prelude::*;
            items.par_iter_mut().for_each(|(d, _)| d.search_terms = keyword::terms(&keyword_text(d)));
        }
        let (writer, _) = self.writer.as_mut().ok_or(IndexError::ReadOnly)?;
        let records: Vec<Record> = items
            .into_iter()
            .map(|(document, embedding)| Record::Put { document: Box::new(document), embedding })
            .collect();
        self.log_len = writer.append_durably(&records).map_err(IndexError::io("appending to the index log"))?;
        let mut vectors = Vec::with_capacity(records.len());
        for record in records {
            if let Record::Put { document, embedding } = record {
                if let Some(old) = self.forget(&document.id) {
                    self.ann.remove(u64::from(old));
                }
                vectors.push((self.store(*document, &embedding), embedding));
            }
        }
        self.add_vectors(vectors.into_iter())?;
        self.snapshot_if_due()
    }

    /// Rewrites the index with only its live profiles, so that removed ones
    /// leave nothing on disk: the log is append-only, and a worker who
    /// deletes their profile must not stay in it. The new index is built
    /// beside this one, marked complete, and swapped in by renames; a crash
    /// at any point leaves either the old or the new index, never neither
    /// ([`finish_interrupted_compaction`]). Costs a rebuild of every live
    /// profile (vectors are kept; only keywords are segmented again).
    pub fn compact(&mut self) -> Result<(), IndexError> {
        let dir = self.dir.clone();
        let (fresh, removed) = (sibling(&dir, COMPACTING), sibling(&dir, REMOVED));
        let _ = std::fs::remove_dir_all(&fresh);
        {
            let mut new = Index::open_for_writing(&fresh, self.dim)?;
            let live: Vec<u32> = (0..self.documents.len() as u32).filter(|&s| self.alive(s)).collect();
            for chunk in live.chunks(4096) {
                let items = chunk
                    .iter()
                    .filter_map(|&s| Some((self.documents[s as usize].clone()?, self.vector(s).to_vec())))
                    .collect();
                new.add(items)?;
            }
            new.snapshot()?;
            crate::durable::write_atomically(&fresh.join(COMPLETE), |_| Ok(()))
                .map_err(IndexError::io("marking the compacted index complete"))?;
        }
        // Release our lock, swap the folders, and take whichever index is
        // whole again (the new one, or the old one if the swap failed), so
        // this handle stays writable either way.
        self.writer = None;
        let swapped = (|| {
            let io = |what: &str| IndexError::io(format!("{what} {}", dir.display()));
            std::fs::rename(&dir, &removed).map_err(io("moving away"))?;
            std::fs::rename(&fresh, &dir).map_err(io("moving the compacted index to"))?;
            if let Some(parent) = dir.parent().and_then(|p| File::open(p).ok()) {
                let _ = parent.sync_all();
            }
            let _ = std::fs::remove_file(dir.join(COMPLETE));
            std::fs::remove_dir_all(&removed).map_err(io("deleting the old copy of"))
        })();
        *self = Index::open_for_writing(&dir, self.dim)?;
        swapped
    }

    /// Removes a profile durably (a worker withdrawing).
    pub fn remove(&mut self, id: &str) -> Result<(), IndexError> {
        if !self.by_id.contains_key(id) {
            return Err(IndexError::NotFound(id.to_string()));
        }
        let (writer, _) = self.writer.as_mut().ok_or(IndexError::ReadOnly)?;
        self.log_len = writer
            .append_durably(&[Record::Remove { id: id.to_string() }])
            .map_err(IndexError::io("appending to the index log"))?;
        if let Some(slot) = self.forget(id) {
            self.ann.remove(u64::from(slot));
        }
        self.snapshot_if_due()
    }

    /// Saves the graph snapshot now (also done automatically after large changes).
    pub fn snapshot(&mut self) -> Result<(), IndexError> {
        self.ann.save(&self.dir.join(SNAPSHOT_FILE)).map_err(IndexError::Ann)?;
        let meta = SnapshotMeta { log_len: self.log_len, slots: self.documents.len() as u64, dim: self.dim };
        let path = self.dir.join(SNAPSHOT_META);
        crate::durable::write_atomically(&path, |out| serde_json::to_writer(out, &meta).map_err(std::io::Error::other))
            .map_err(IndexError::io(format!("writing {}", path.display())))?;
        self.snapshot_log_len = self.log_len;
        Ok(())
    }

    /// Snapshots when the log has grown by a quarter since the last one (and
    /// by at least ~2000 records): replay after a crash stays short, and a bulk
    /// load writes the graph O(log n) times, not once per batch.
    fn snapshot_if_due(&mut self) -> Result<(), IndexError> {
        const RECORD_BYTES: u64 = 2000;
        let behind = self.log_len - self.snapshot_log_len;
        let due = behind >= (SNAPSHOT_EVERY * RECORD_BYTES).max(self.snapshot_log_len / 4);
        if due || (self.snapshot_log_len == 0 && self.log_len > 0) {
            self.snapshot()?;
        }
        Ok(())
    }

    /// Puts a document in a new slot with its columns and keywords.
    fn store(&mut self, document: Document, embedding: &[f32]) -> u32 {
        if let Some(old) = self.by_id.get(&document.id).copied() {
            self.drop_slot(old);
        }
        let slot = self.documents.len() as u32;
        let p = &document.profile;
        let mut mask = 0u128;
        for code in p.codes().chain(p.languages.iter().map(String::as_str)) {
            if let Some(&bit) = self.bits.get(code) {
                mask |= 1 << bit;
            }
        }
        let area = p.work_area.as_deref().and_then(canonical_area).map_or(0, |a| self.area_id(a));
        self.columns.push(&Facts {
            codes: mask,
            live_in: p.live_in,
            pay: p.expected_salary_cny_month.unwrap_or(0),
            area,
            districts: p.work_area.as_deref().map_or(0, query::district_mask),
        });
        self.vectors.extend_from_slice(embedding);
        let terms = if document.search_terms.is_empty() {
            keyword::terms(&keyword_text(&document))
        } else {
            document.search_terms.clone()
        };
        self.keyword.add(slot, &terms);
        self.by_id.insert(document.id.clone(), slot);
        let mut document = document;
        document.search_terms = Vec::new(); // only needed to build postings
        self.documents.push(Some(document));
        slot
    }

    fn area_id(&mut self, area: String) -> u16 {
        match self.areas.iter().position(|a| *a == area) {
            Some(i) => i as u16 + 1,
            None if self.areas.len() < u16::MAX as usize - 1 => {
                self.areas.push(area);
                self.areas.len() as u16
            }
            None => 0,
        }
    }

    fn drop_slot(&mut self, slot: u32) {
        if self.documents[slot as usize].take().is_some() {
            self.keyword.forget(slot);
            self.columns.kill(slot);
        }
    }

    /// Removes `id` from the in-memory views; returns its slot.
    fn forget(&mut self, id: &str) -> Option<u32> {
        let slot = self.by_id.remove(id)?;
        self.drop_slot(slot);
        Some(slot)
    }

    fn add_vectors(&self, vectors: impl Iterator<Item = (u32, Vec<f32>)>) -> Result<(), IndexError> {
        use rayon::prelude::*;
        let vectors: Vec<_> = vectors.collect();
        self.ann.reserve_more(vectors.len()).map_err(IndexError::Ann)?;
        vectors.par_iter().try_for_each(|(slot, v)| self.ann.add(u64::from(*slot), v)).map_err(IndexError::Ann)
    }

    fn alive(&self, slot: u32) -> bool {
        self.columns.alive(slot)
    }

    fn vector(&self, slot: u32) -> &[f32] {
        &self.vectors[slot as usize * self.dim..][..self.dim]
    }

    /// The best `k` profiles for `query` (whose embedding is `query_vector`).
    pub fn search(&self, query: &Query, query_vector: &[f32], k: usize, ranking: Ranking) -> Vec<Hit> {
        use rayon::prelude::*;
        let plan = NeedPlan::new(query, &self.bits, &self.areas);
        let n = self.documents.len();
        // 1. Needs (a scan of the needs' bitmaps), the plain graph search and
        //    the keyword search: none depends on another. The graph search
        //    is the longest, so it has a core to itself.
        let (plain_nearest, (lexical, needs)) = rayon::join(
            || self.ann.search(query_vector, CANDIDATES),
            || {
                rayon::join(
                    || {
                        let query_terms = keyword::terms(&query.text);
                        let mut accumulators = self.take_scratch(n);
                        let lexical =
                            self.keyword.search(&query_terms, CANDIDATES, |s| self.alive(s), &mut accumulators);
                        self.put_scratch(accumulators);
                        lexical
                    },
                    || self.scan_needs(query, &plan),
                )
            },
        );
        let leader_count = needs.as_ref().map_or(0, |s| s.leader_count);
        let top_needs = needs.as_ref().map_or(&[][..], |s| &s.top[..]);
        // (within the budget or not naming one, share of the needs met)
        let needs_score =
            |slot: u32| self.columns.units(&plan, slot).map_or((true, 0.0), |u| (plan.fits_budget(u), plan.score(u)));

        // 2. Meaning: nearest neighbours among the profiles meeting the most
        //    needs (exactly when they are few, through the graph otherwise),
        //    plus the unfiltered nearest.
        // Exact below EXACT_LEADERS: a graph search filtered down to a few
        // percent of the nodes wanders (37k leaders of 1M took 32 ms through
        // the graph, 4 ms exactly).
        let mut semantic: Vec<(u32, f32)> = match &needs {
            Some(needs) if leader_count > 0 && leader_count <= EXACT_LEADERS => {
                let mut scored: Vec<(u32, f32)> =
                    needs.leader_slots().map(|slot| (slot, dot(self.vector(slot), query_vector))).collect();
                let by_similarity = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
                if scored.len() > CANDIDATES {
                    scored.select_nth_unstable_by(CANDIDATES, by_similarity);
                    scored.truncate(CANDIDATES);
                }
                scored.sort_by(by_similarity);
                scored
            }
            Some(needs) if leader_count > 0 => self
                .ann
                .search_where(query_vector, CANDIDATES, |key| needs.is_leader(key))
                .into_iter()
                .map(|(k, s)| (k as u32, s))
                .collect(),
            _ => Vec::new(),
        };
        for (key, sim) in plain_nearest {
            let slot = key as u32;
            if self.alive(slot) && !semantic.iter().any(|(s, _)| *s == slot) {
                semantic.push((slot, sim));
            }
        }
        semantic.sort_by(|a, b| b.1.total_cmp(&a.1));
        semantic.retain(|(s, _)| self.alive(*s));

        // 3. Fuse.
        let mut fused: HashMap<u32, f32> = HashMap::new();
        let rrf = |rank: usize| 1.0 / (RRF_K + rank as f32 + 1.0);
        let (w_needs, w_sem, w_kw) = match ranking {
            Ranking::Needs | Ranking::Rrf => (if ranking == Ranking::Rrf { 1.0 } else { 0.0 }, 1.0, 1.0),
            Ranking::Semantic => (0.0, 1.0, 0.0),
            Ranking::Keyword => (0.0, 0.0, 1.0),
        };
        for (rank, (slot, _)) in semantic.iter().enumerate() {
            *fused.entry(*slot).or_default() += w_sem * rrf(rank);
        }
        for (rank, (slot, _)) in lexical.iter().enumerate() {
            *fused.entry(*slot).or_default() += w_kw * rrf(rank);
        }
        if ranking == Ranking::Rrf {
            // `top_needs` is already best first.
            for (rank, slot) in top_needs.iter().enumerate() {
                *fused.entry(*slot).or_default() += w_needs * rrf(rank);
            }
        } else if ranking == Ranking::Needs {
            for &slot in top_needs {
                fused.entry(slot).or_default();
            }
        }
        let mut ranked: Vec<(u32, bool, f32)> = fused
            .into_iter()
            .filter(|(_, f)| ranking != Ranking::Semantic && ranking != Ranking::Keyword || *f > 0.0)
            .map(|(slot, f)| match ranking {
                // Needs dominate (a budget first: see `needs`); fused ranks
                // (at most 2/61) only break ties.
                Ranking::Needs => {
                    let (fits, share) = needs_score(slot);
                    (slot, fits, share + f)
                }
                _ => (slot, true, f),
            })
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
        ranked.truncate(k);
        ranked.into_iter().map(|(slot, _, score)| self.explain(slot, score, query)).collect()
    }

    /// A zeroed buffer of `n` floats.
    fn take_scratch(&self, n: usize) -> Vec<f32> {
        let mut buffer = self.scratch.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default();
        if buffer.len() != n {
            buffer.clear();
            buffer.resize(n, 0.0);
        }
        buffer
    }

    /// Returns a buffer, which must be all zeros.
    fn put_scratch(&self, buffer: Vec<f32>) {
        let mut pool = self.scratch.lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() < 8 {
            pool.push(buffer);
        }
    }

    /// Which needs the profile in `slot` meets (with the worker's words) and which not.
    fn explain(&self, slot: u32, score: f32, query: &Query) -> Hit {
        let doc = self.documents[slot as usize].as_ref().expect("ranked slots are alive");
        let p = &doc.profile;
        let taxonomy = Taxonomy::embedded();
        let mut matched = Vec::new();
        let mut missing = Vec::new();
        let zh = query.chinese;
        let say = |zh_text: String, en_text: String| if zh { zh_text } else { en_text };
        for need in &query.needs {
            let code = need.code();
            match need {
                Need::Code(c) => {
                    let fact = p.services.iter().chain(&p.skills).chain(&p.certificates).find(|f| f.code == *c);
                    match fact {
                        Some(f) => matched.push(Met { code, evidence: f.evidence.clone() }),
                        None if p.languages.iter().any(|l| l == c) => {
                            let words: Vec<&str> = taxonomy
                                .get(c)
                                .map(|t| t.synonyms_zh.iter().chain(&t.synonyms_en).map(String::as_str).collect())
                                .unwrap_or_default();
                            let evidence =
                                clause_with(&doc.transcript, &words).unwrap_or_else(|| taxonomy.label(c, zh));
                            matched.push(Met { code, evidence });
                        }
                        None => missing.push(Unmet {
                            code,
                            reason: say(
                                format!("没有提到{}", taxonomy.label(c, true)),
                                format!("no mention of {}", taxonomy.label(c, false).to_lowercase()),
                            ),
                        }),
                    }
                }
                Need::LiveIn(want) => match p.live_in {
                    Some(v) if v == *want => {
                        let words = ["住家", "不住家", "住在", "live-in", "live in", "live out", "go home"];
                        let evidence = clause_with(&doc.transcript, &words).unwrap_or_else(|| {
                            say(
                                if v { "可住家".into() } else { "不住家".into() },
                                if v { "live-in".into() } else { "not live-in".into() },
                            )
                        });
                        matched.push(Met { code, evidence });
                    }
                    Some(v) => missing.push(Unmet {
                        code,
                        reason: say(
                            if v { "只做住家".into() } else { "不住家".into() },
                            if v { "wants live-in only".into() } else { "will not live in".into() },
                        ),
                    }),
                    None => missing
                        .push(Unmet {
                            code, reason: say("没说住不住家".into(), "did not say whether live-in".into())
                        }),
                },
                Need::MaxPay(max) => match p.expected_salary_cny_month {
                    Some(pay) if pay <= *max => {
                        let words =
                            ["工资", "月薪", "薪", "块", "千", "万", "salary", "pay", "thousand", "a month", "yuan"];
                        let evidence = clause_with(&doc.transcript, &words)
                            .unwrap_or_else(|| say(format!("期望月薪{pay}元"), format!("expects {pay} CNY a month")));
                        matched.push(Met { code, evidence });
                    }
                    Some(pay) => missing.push(Unmet {
                        code,
                        reason: say(
                            format!("期望月薪{pay}元，超出预算"),
                            format!("expects {pay} CNY a month, over budget"),
                        ),
                    }),
                    None => missing
                        .push(Unmet { code, reason: say("没说期望工资".into(), "did not say the pay".into()) }),
                },
                Need::Area(area) => {
                    let theirs = p.work_area.as_deref().and_then(canonical_area);
                    let wanted = query::district_mask(area);
                    let named = p.work_area.as_deref().map_or(0, query::district_mask);
                    match theirs {
                        Some(a) if a == *area || (wanted != 0 && named & wanted != 0) => {
                            let said = p.work_area.clone().unwrap_or_default();
                            let evidence = clause_with(&doc.transcript, &[said.as_str()]).unwrap_or(said);
                            matched.push(Met { code, evidence });
                        }
                        Some(a) => missing
                            .push(Unmet {
                                code, reason: say(format!("想在{a}工作"), format!("wants to work in {a}"))
                            }),
                        None => missing
                            .push(Unmet { code, reason: say("没说工作区域".into(), "did not say where".into()) }),
                    }
                }
            }
        }
        Hit { id: doc.id.clone(), name: p.name.clone(), score, matched, missing }
    }

    /// Exact top-`k` keys and cosines over every live vector (the ANN's yardstick).
    pub fn exact_nearest(&self, query_vector: &[f32], k: usize) -> Vec<(u64, f32)> {
        let scored =
            top_by(self.documents.len(), k, |s| self.alive(s as u32).then(|| dot(self.vector(s as u32), query_vector)));
        scored.into_iter().map(|(s, sim)| (s as u64, sim)).collect()
    }

    /// The graph's top-`k` keys and cosines (for measuring recall against
    /// [`Index::exact_nearest`]).
    pub fn approximate_nearest(&self, query_vector: &[f32], k: usize) -> Vec<(u64, f32)> {
        self.ann.search(query_vector, k)
    }

    /// The needs scan of [`Index::search`] alone (for measuring it): how
    /// many profiles meet the most needs.
    pub fn leaders(&self, query: &Query) -> usize {
        let plan = NeedPlan::new(query, &self.bits, &self.areas);
        self.scan_needs(query, &plan).map_or(0, |s| s.leader_count)
    }

    /// Step 1 of [`Index::search`]: who meets the most needs (`None` for a
    /// query without needs).
    fn scan_needs(&self, query: &Query, plan: &NeedPlan) -> Option<needs::Scan> {
        (!query.needs.is_empty()).then(|| self.columns.scan(plan, CANDIDATES))
    }
}

/// Dot product with eight independent sums, so the compiler can use SIMD
/// (a single running float sum would have to stay in order).
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// The `k` items with the highest scores (`None` skips an item), best first.
pub(crate) fn top_by(n: usize, k: usize, score: impl Fn(usize) -> Option<f32>) -> Vec<(usize, f32)> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    #[derive(PartialEq)]
    struct Entry(f32, Reverse<usize>);
    impl Eq for Entry {}
    impl PartialOrd for Entry {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Entry {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
        }
    }
    let mut heap: BinaryHeap<Reverse<Entry>> = BinaryHeap::with_capacity(k + 1);
    for i in 0..n {
        let Some(s) = score(i) else { continue };
        if heap.len() < k {
            heap.push(Reverse(Entry(s, Reverse(i))));
        } else if heap.peek().is_some_and(|Reverse(min)| Entry(s, Reverse(i)) > *min) {
            heap.pop();
            heap.push(Reverse(Entry(s, Reverse(i))));
        }
    }
    let mut out: Vec<(usize, f32)> = heap.into_iter().map(|Reverse(Entry(s, Reverse(i)))| (i, s)).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// What the keyword index reads: the worker's words, the summary, and the
/// zh and en labels of their codes (so an English query finds a Chinese
/// profile by "elderly care" and the other way round).
pub fn keyword_text(doc: &Document) -> String {
    let taxonomy = Taxonomy::embedded();
    let p = &doc.profile;
    let mut text = format!("{} {}", doc.transcript, p.summary);
    for code in p.codes().chain(p.languages.iter().map(String::as_str)) {
        text.push(' ');
        text.push_str(&taxonomy.label(code, true));
        text.push(' ');
        text.push_str(&taxonomy.label(code, false));
    }
    if let Some(area) = &p.work_area {
        text.push(' ');
        text.push_str(area);
    }
    text
}

/// The text the embedder reads for a profile ("passage: " is added by it).
pub fn passage_text(doc: &Document) -> String {
    let p = &doc.profile;
    if p.summary.trim().is_empty() {
        doc.transcript.clone()
    } else {
        format!("{} {}", p.summary, doc.transcript)
    }
}

/// The first clause of `text` containing one of `words` (case-insensitive).
fn clause_with(text: &str, words: &[&str]) -> Option<String> {
    let words: Vec<String> = words.iter().filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    clauses(text)
        .into_iter()
        .map(|c| &text[c])
        .find(|c| {
            let c = c.to_lowercase();
            words.iter().any(|w| c.contains(w.as_str()))
        })
        .map(|c| c.trim().to_string())
}

#[cfg(test)]
mod tests;
