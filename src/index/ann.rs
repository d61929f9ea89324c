//! Approximate nearest neighbours: usearch's HNSW over profile embeddings,
//! keyed by slot.
//!
//! The graph is derived data. It is saved as a snapshot that records how much
//! of the log it covers; opening loads the snapshot and replays only the log
//! records after it, so a crash between the log write and the next snapshot
//! costs a little replay, never data.

use std::path::Path;

use usearch::{Index, IndexOptions, MetricKind, ScalarKind};

/// Candidates the graph search keeps: measured in BENCHMARKS.md (recall@10
/// against exact search, and latency, at 100k and 1M profiles).
/// `AYI_ANN_EF` overrides it, for such measurements.
fn expansion_search() -> usize {
    setting("AYI_ANN_EF", 128)
}

/// Links per node (M) and candidates kept while inserting. M 32: on 100k
/// profiles made of 500 noisy copies of each of 200 real vectors, recall@10
/// was 0.93 with M 16 and 0.98 with M 32 at about the same ingest rate
/// (BENCHMARKS.md, "Candidate index"). `AYI_ANN_M` and `AYI_ANN_EF_ADD`
/// override them for such measurements; a saved graph keeps its own.
fn connectivity() -> usize {
    setting("AYI_ANN_M", 32)
}

fn expansion_add() -> usize {
    setting("AYI_ANN_EF_ADD", 128)
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or(default)
}

pub struct Ann {
    index: Index,
    dim: usize,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl Ann {
    pub fn new(dim: usize) -> Result<Ann, String> {
        let options = IndexOptions {
            dimensions: dim,
            metric: MetricKind::Cos,
            quantization: ScalarKind::F32,
            connectivity: connectivity(),
            expansion_add: expansion_add(),
            expansion_search: expansion_search(),
            multi: false,
        };
        let index = Index::new(&options).map_err(err)?;
        index.reserve(1024).map_err(err)?;
        Ok(Ann { index, dim })
    }

    pub fn load(path: &Path, dim: usize) -> Result<Ann, String> {
        let ann = Ann::new(dim)?;
        ann.index.load(&path.to_string_lossy()).map_err(err)?;
        // A loaded file brings its own settings; search effort is ours to set.
        ann.index.change_expansion_search(expansion_search());
        if ann.index.dimensions() != dim {
            return Err(format!("snapshot has {} dimensions, expected {dim}", ann.index.dimensions()));
        }
        Ok(ann)
    }

    /// Makes room for `more` vectors beyond the current count (adds are not
    /// safe to run concurrently with a reserve, so bulk loads reserve first).
    pub fn reserve_more(&self, more: usize) -> Result<(), String> {
        let need = self.index.size() + more;
        if need > self.index.capacity() {
            self.index.reserve(need.max(self.index.capacity() * 2)).map_err(err)?;
        }
        Ok(())
    }

    /// Adds (or replaces) one vector. Safe from several threads at once after
    /// [`Ann::reserve_more`].
    pub fn add(&self, key: u64, vector: &[f32]) -> Result<(), String> {
        if vector.len() != self.dim {
            return Err(format!("vector of {} dimensions, expected {}", vector.len(), self.dim));
        }
        if self.index.contains(key) {
            self.index.remove(key).map_err(err)?;
        }
        self.index.add(key, vector).map_err(err)
    }

    pub fn remove(&self, key: u64) {
        let _ = self.index.remove(key);
    }

    pub fn len(&self) -> usize {
        self.index.size()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `k` nearest keys with cosine similarity, best first.
    pub fn search(&self, query: &[f32], k: usize) -> Vec<(u64, f32)> {
        match self.index.search(query, k) {
            Ok(m) => m.keys.into_iter().zip(m.distances).map(|(key, d)| (key, 1.0 - d)).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Like [`Ann::search`], over the keys `keep` accepts.
    pub fn search_where(&self, query: &[f32], k: usize, keep: impl Fn(u64) -> bool) -> Vec<(u64, f32)> {
        match self.index.filtered_search(query, k, keep) {
            Ok(m) => m.keys.into_iter().zip(m.distances).map(|(key, d)| (key, 1.0 - d)).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Writes the snapshot to `path` atomically (temporary file, fsync, rename).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let temp = tempfile::Builder::new().prefix(".ayi-partial-").tempfile_in(dir).map_err(err)?;
        self.index.save(&temp.path().to_string_lossy()).map_err(err)?;
        std::fs::File::open(temp.path()).and_then(|f| f.sync_all()).map_err(err)?;
        temp.persist(path).map_err(err)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}
