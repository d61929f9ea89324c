//! `ayi bench index`: an index of generated workers built, reopened and
//! queried, with the graph's recall against exact search. Moved out of
//! `index::commands` because nothing but this benchmark uses it; it reaches
//! into the index only through the crate-visible helpers it measures.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::embed::e5::E5Embedder;
use crate::embed::{Embedder, TextKind};
use crate::extract::Extractor;
use crate::index::commands::{embed_documents, progress};
use crate::index::query::understand;
use crate::index::{generate, Document, Index, IndexError, Ranking};
use crate::tools::{median, timed, Spread};

#[derive(Debug, Serialize)]
pub struct BenchReport {
    pub profiles: usize,
    /// Profiles embedded by the model; the rest reuse those vectors with noise.
    pub real_embeddings: usize,
    pub noise: Noise,
    pub extract_per_s: f64,
    pub embed_profiles_per_s: f64,
    pub ingest_per_s: f64,
    pub snapshot_s: f64,
    pub reopen_s: f64,
    pub disk_mb: f64,
    pub peak_rss_mb: f64,
    pub queries: usize,
    pub query_embed_ms: Spread,
    pub query_ms: Spread,
    /// The plain graph search alone (part of a query: one core runs it
    /// while the other runs the keyword search and the needs scan), for the
    /// same queries.
    pub graph_search_ms: Spread,
    /// The needs scan alone, and how many profiles met the most needs (median).
    pub needs_scan_ms: Spread,
    pub leaders: usize,
    /// The graph's top 10 found among the exact top 10 (set overlap).
    pub recall_at_10: f64,
    /// The same, counting a result no less similar than the exact 10th
    /// minus 1e-3 (ann-benchmarks' definition, which forgives near-ties).
    pub recall_at_10_within_1e3: f64,
    /// Largest cosine by which the graph's 10th result fell short of the
    /// exact 10th, over the recall queries.
    pub worst_10th_shortfall: f32,
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

fn disk_mb(dir: &Path) -> f64 {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum::<u64>())
        .unwrap_or(0) as f64
        / 1e6
}

/// What `ayi bench index` builds and measures.
#[derive(Debug, Clone, Copy)]
pub struct BenchOptions {
    pub count: usize,
    /// Profiles the model embeds; the rest reuse those vectors with `noise`.
    pub real: usize,
    pub queries: usize,
    pub seed: u64,
    pub noise: Noise,
    /// Measure queries on the index already built instead of rebuilding it.
    pub reuse: bool,
}

/// How a generated profile beyond the really embedded ones gets its vector:
/// one of the real vectors, moved by noise. What makes a graph search hard
/// is the data's local intrinsic dimensionality (LID: how many directions
/// the nearest neighbours of a point spread in); `scripts/noise_shape.py`
/// measures it for the real vectors and for each kind of noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Noise {
    /// Moves along the differences between the real vector and its
    /// LOCAL_NEIGHBOURS nearest real vectors, with Gaussian weights: new
    /// profiles lie where real profiles near it do. Its LID and its distance
    /// from the real vector match the real vectors' (BENCHMARKS.md).
    Local,
    /// A Gaussian with the covariance of the differences between each real
    /// vector and its nearest real neighbour, drawn from all of them: the
    /// same size as real variation, but in directions from anywhere, so a
    /// higher LID than real data (a harder graph search).
    Neighbours,
    /// σ = 0.02 in each of the 384 dimensions: larger than real neighbours'
    /// differences and in every direction (LID several times the real one).
    Isotropic,
}

/// Differences drawn per generated vector for [`Noise::Neighbours`].
const NOISE_TERMS: usize = 16;

/// Nearest real vectors whose directions [`Noise::Local`] moves along.
const LOCAL_NEIGHBOURS: usize = 32;

/// For each vector, the indices of its `k` nearest others (by cosine, most
/// similar first).
fn nearest_others(vectors: &[Vec<f32>], k: usize) -> Vec<Vec<usize>> {
    use rayon::prelude::*;
    vectors
        .par_iter()
        .enumerate()
        .map(|(i, v)| {
            crate::index::top_by(vectors.len(), k, |j| (j != i).then(|| crate::index::dot(v, &vectors[j])))
                .into_iter()
                .map(|(j, _)| j)
                .collect()
        })
        .collect()
}

/// Each real vector minus its nearest other real vector.
fn neighbour_differences(vectors: &[Vec<f32>]) -> Vec<Vec<f32>> {
    nearest_others(vectors, 1)
        .iter()
        .zip(vectors)
        .filter_map(|(nearest, v)| Some(v.iter().zip(&vectors[*nearest.first()?]).map(|(a, b)| a - b).collect()))
        .collect()
}

/// Where the bench keeps the model's vectors of the first `real` generated
/// profiles, next to DIR (which a rebuild replaces): embedding tens of
/// thousands of profiles takes longer than indexing a million, and the
/// generator is deterministic per seed and prefix-stable.
fn real_vectors_cache(dir: &Path, seed: u64, real: usize, dim: usize) -> PathBuf {
    let name = dir.file_name().map_or_else(|| "bench".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!("{name}.e5-seed{seed}-{real}x{dim}.f32"))
}

fn read_vectors(path: &Path, count: usize, dim: usize) -> Option<Vec<Vec<f32>>> {
    let bytes = std::fs::read(path).ok()?;
    if bytes.len() != count * dim * 4 {
        return None;
    }
    let floats: Vec<f32> = bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    Some(floats.chunks_exact(dim).map(<[f32]>::to_vec).collect())
}

fn write_vectors(path: &Path, vectors: &[Vec<f32>]) -> std::io::Result<()> {
    use std::io::Write;
    crate::durable::write_atomically(path, |out| {
        for x in vectors.iter().flatten() {
            out.write_all(&x.to_le_bytes())?;
        }
        Ok(())
    })
}

/// `ayi bench index`: generated profiles through extraction, embedding,
/// ingest, snapshot and reopen; then query latency and the graph's recall@10
/// against exact search. Profiles beyond `real` get the vector of a really
/// embedded profile moved by [`Noise`] (embedding a million texts on two
/// cores would take a day); BENCHMARKS.md says so next to the figures.
pub fn measure(models_dir: &Path, dir: &Path, options: &BenchOptions) -> Result<BenchReport, crate::Error> {
    use rayon::prelude::*;
    let BenchOptions { count, real, queries, seed, noise, reuse } = *options;
    let reuse = reuse && dir.join(crate::index::SNAPSHOT_META).exists();
    let generated = if reuse { Vec::new() } else { generate::generate(count, seed) };
    let (docs, extract_ms): (Vec<Document>, f64) = timed(|| {
        generated
            .par_iter()
            .map(|g| Document {
                id: g.id.clone(),
                profile: Extractor::embedded().extract(&g.transcript).profile,
                transcript: g.transcript.clone(),
                search_terms: Vec::new(),
            })
            .collect()
    });
    drop(generated);
    let mut embedder = E5Embedder::load(&crate::models::embedder_dir(models_dir))?;
    let real = real.min(count).max(1);
    let dim = embedder.dim();
    let (real_vectors, embed_ms) = if reuse {
        (Vec::new(), 0.0)
    } else {
        let cache = real_vectors_cache(dir, seed, real, dim);
        match read_vectors(&cache, real, dim) {
            Some(vectors) => (vectors, 0.0),
            None => {
                let (vectors, ms) = timed(|| embed_documents(&mut embedder, &docs[..real.min(docs.len())]));
                let vectors = vectors?;
                write_vectors(&cache, &vectors).map_err(IndexError::io(format!("writing {}", cache.display())))?;
                (vectors, ms)
            }
        }
    };
    let mut rng = generate::Rng::new(seed ^ 0xA11CE);
    let differences = if noise == Noise::Neighbours { neighbour_differences(&real_vectors) } else { Vec::new() };
    let neighbours = if noise == Noise::Local { nearest_others(&real_vectors, LOCAL_NEIGHBOURS) } else { Vec::new() };
    let mut vector_of = |i: usize| -> Vec<f32> {
        let mut v = real_vectors[i % real].clone();
        match noise {
            Noise::Isotropic => v.iter_mut().for_each(|x| *x += 0.02 * rng.normal()),
            Noise::Local => {
                let base = &real_vectors[i % real];
                let nearest = &neighbours[i % real];
                let scale = (nearest.len().max(1) as f32).sqrt().recip();
                for &j in nearest {
                    let g = rng.normal() * scale;
                    v.iter_mut().zip(base).zip(&real_vectors[j]).for_each(|((x, b), n)| *x += g * (n - b));
                }
            }
            Noise::Neighbours => {
                // A Gaussian with the covariance of the differences (sum of
                // NOISE_TERMS of them with normal weights, scaled back).
                let scale = (NOISE_TERMS as f32).sqrt().recip();
                // A single real vector has no neighbour, hence no differences.
                let terms = if differences.is_empty() { 0 } else { NOISE_TERMS };
                for _ in 0..terms {
                    let g = rng.normal() * scale;
                    let d = &differences[rng.below(differences.len())];
                    v.iter_mut().zip(d).for_each(|(x, d)| *x += g * d);
                }
            }
        }
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter_mut().for_each(|x| *x /= n);
        v
    };
    let (mut ingest_ms, mut snapshot_ms) = (0.0, 0.0);
    if !reuse {
        let _ = std::fs::remove_dir_all(dir);
        let mut index = Index::open_for_writing(dir, dim)?;
        let bar = progress(count as u64, "indexing");
        for (chunk_no, chunk) in docs.chunks(10_000).enumerate() {
            let items: Vec<(Document, Vec<f32>)> =
                chunk.iter().enumerate().map(|(j, d)| (d.clone(), vector_of(chunk_no * 10_000 + j))).collect();
            let (result, ms) = timed(|| index.add(items));
            result?;
            ingest_ms += ms;
            bar.inc(chunk.len() as u64);
        }
        bar.finish_and_clear();
        let (snap, ms) = timed(|| index.snapshot());
        snap?;
        snapshot_ms = ms;
    }
    drop(docs);
    let (reopened, reopen_ms) = timed(|| Index::open(dir, dim));
    let index = reopened?;

    let texts = generate::queries(queries, seed);
    let mut embed_times = Vec::new();
    let mut query_times = Vec::new();
    let mut graph_times = Vec::new();
    let (mut scan_times, mut leader_counts) = (Vec::new(), Vec::new());
    let mut recall = (0usize, 0usize);
    let (mut recall_tolerant, mut worst_shortfall) = (0usize, 0f32);
    for (qi, text) in texts.iter().enumerate() {
        let (v, ms) = timed(|| embedder.embed(&[text.as_str()], TextKind::Query));
        let v = v?.remove(0);
        embed_times.push(ms);
        let query = understand(text, Extractor::embedded());
        let (hits, ms) = timed(|| index.search(&query, &v, 10, Ranking::Needs));
        std::hint::black_box(hits);
        query_times.push(ms);
        let (nearest, ms) = timed(|| index.approximate_nearest(&v, crate::index::CANDIDATES));
        graph_times.push(ms);
        let (leaders, ms) = timed(|| index.leaders(&query));
        scan_times.push(ms);
        leader_counts.push(leaders);
        if qi < 100 {
            // The graph keeps max(ef, k) candidates, so with ef >= CANDIDATES
            // its top 10 of CANDIDATES are what a search for 10 returns.
            let approx = &nearest[..nearest.len().min(10)];
            let exact = index.exact_nearest(&v, 10);
            recall.0 += approx.iter().filter(|(key, _)| exact.iter().any(|(e, _)| e == key)).count();
            recall.1 += exact.len();
            // ann-benchmarks' k-nn recall: a result counts when it is no
            // further than the true k-th neighbour plus 1e-3.
            let kth = exact.last().map_or(1.0, |e| e.1);
            recall_tolerant += approx.iter().filter(|(_, sim)| *sim >= kth - 1e-3).count();
            let approx_kth = approx.last().map_or(0.0, |a| a.1);
            worst_shortfall = worst_shortfall.max(if approx.len() < exact.len() { 1.0 } else { kth - approx_kth });
        }
    }
    Ok(BenchReport {
        profiles: count,
        real_embeddings: real,
        noise,
        extract_per_s: if reuse { 0.0 } else { count as f64 / (extract_ms / 1000.0) },
        embed_profiles_per_s: if embed_ms > 0.0 { real as f64 / (embed_ms / 1000.0) } else { 0.0 },
        ingest_per_s: if reuse { 0.0 } else { count as f64 / (ingest_ms / 1000.0) },
        snapshot_s: snapshot_ms / 1000.0,
        reopen_s: reopen_ms / 1000.0,
        disk_mb: disk_mb(dir),
        peak_rss_mb: peak_rss_mb(),
        queries: texts.len(),
        query_embed_ms: Spread::of(embed_times),
        query_ms: Spread::of(query_times),
        graph_search_ms: Spread::of(graph_times),
        needs_scan_ms: Spread::of(scan_times),
        leaders: median(leader_counts),
        recall_at_10: recall.0 as f64 / recall.1.max(1) as f64,
        recall_at_10_within_1e3: recall_tolerant as f64 / recall.1.max(1) as f64,
        worst_10th_shortfall: worst_shortfall,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_real_vector_is_paired_with_its_nearest_other() {
        let a = vec![1.0, 0.0, 0.0];
        let near_a = vec![0.8, 0.6, 0.0];
        let far = vec![0.0, 0.6, 0.8];
        let differences = neighbour_differences(&[a.clone(), near_a.clone(), far.clone()]);
        let minus = |x: &[f32], y: &[f32]| x.iter().zip(y).map(|(x, y)| x - y).collect::<Vec<f32>>();
        assert_eq!(differences[0], minus(&a, &near_a));
        assert_eq!(differences[1], minus(&near_a, &a));
        // far·a = 0, far·near_a = 0.36.
        assert_eq!(differences[2], minus(&far, &near_a));
    }

    #[test]
    fn nearest_others_are_ranked_by_similarity_and_exclude_the_vector_itself() {
        let vectors = vec![vec![1.0, 0.0], vec![0.6, 0.8], vec![0.8, 0.6], vec![0.0, 1.0]];
        let nearest = nearest_others(&vectors, 2);
        assert_eq!(nearest[0], vec![2, 1]);
        assert_eq!(nearest[3], vec![1, 2]);
        assert!(nearest.iter().enumerate().all(|(i, n)| !n.contains(&i)));
    }

    #[test]
    fn cached_vectors_round_trip_and_a_cache_of_another_size_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = real_vectors_cache(&dir.path().join("bench"), 7, 2, 3);
        assert!(path.to_string_lossy().ends_with("bench.e5-seed7-2x3.f32"));
        let vectors = vec![vec![0.5, -1.0, 2.0], vec![0.0, 1.5, -0.25]];
        write_vectors(&path, &vectors).unwrap();
        assert_eq!(read_vectors(&path, 2, 3), Some(vectors));
        assert_eq!(read_vectors(&path, 3, 3), None);
    }
}
