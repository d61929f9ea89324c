//! What `ayi index …`, `ayi search` and `ayi eval search` do, kept out of the
//! CLI module so that the service can call the same code (`ayi bench index`
//! is in `tools::bench::index`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::log::Document;
use super::query::{understand, Need};
use super::{passage_text, Hit, Index, IndexError, Ranking};
use crate::embed::e5::E5Embedder;
use crate::embed::{EmbedError, Embedder, TextKind};
use crate::extract::{Extractor, Profile};

/// The index folder inside a data folder.
pub fn index_dir(data: &Path) -> PathBuf {
    data.join("index")
}

/// One line of a `.jsonl` input, or a whole `.json` input: an id with a
/// profile, a transcript, or both (a missing profile is extracted from the
/// transcript). A bare profile JSON is accepted too, its id the file name.
#[derive(Debug, Deserialize)]
struct Input {
    id: Option<String>,
    #[serde(default)]
    transcript: Option<String>,
    #[serde(default)]
    profile: Option<Profile>,
}

/// Reads profiles to index from `path` (`.json` or `.jsonl`).
pub fn load_documents(path: &Path) -> Result<Vec<Document>, IndexError> {
    let text = std::fs::read_to_string(path).map_err(IndexError::io(format!("reading {}", path.display())))?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let bad = |line: usize, e: String| IndexError::BadInput(format!("{}:{line}: {e}", path.display()));
    let mut docs = Vec::new();
    if path.extension().is_some_and(|e| e == "jsonl") {
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let input: Input = serde_json::from_str(line).map_err(|e| bad(i + 1, e.to_string()))?;
            let id = input.id.clone().ok_or_else(|| bad(i + 1, "every line needs an \"id\"".into()))?;
            docs.push(document(id, input).map_err(|e| bad(i + 1, e))?);
        }
    } else {
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(1, e.to_string()))?;
        let input: Input = if value.get("profile").is_some() || value.get("transcript").is_some() {
            serde_json::from_value(value).map_err(|e| bad(1, e.to_string()))?
        } else {
            let profile: Profile = serde_json::from_value(value).map_err(|e| bad(1, format!("not a profile: {e}")))?;
            Input { id: None, transcript: None, profile: Some(profile) }
        };
        let id = input.id.clone().unwrap_or(stem);
        docs.push(document(id, input).map_err(|e| bad(1, e))?);
    }
    Ok(docs)
}

fn document(id: String, input: Input) -> Result<Document, String> {
    let transcript = input.transcript.unwrap_or_default();
    let profile = match input.profile {
        Some(p) => p,
        None if !transcript.trim().is_empty() => Extractor::embedded().extract(&transcript).profile,
        None => return Err("needs a \"profile\" or a \"transcript\"".into()),
    };
    Ok(Document { id, profile, transcript, search_terms: Vec::new() })
}

/// Embeds documents as passages, in chunks, with a progress bar on a terminal.
pub fn embed_documents(embedder: &mut dyn Embedder, docs: &[Document]) -> Result<Vec<Vec<f32>>, EmbedError> {
    let bar = progress(docs.len() as u64, "embedding");
    let mut out = Vec::with_capacity(docs.len());
    for chunk in docs.chunks(64) {
        let texts: Vec<String> = chunk.iter().map(passage_text).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        out.extend(embedder.embed(&refs, TextKind::Passage)?);
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    Ok(out)
}

pub(crate) fn progress(len: u64, what: &'static str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || len < 64 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(what);
    bar
}

/// `ayi index add`: extracts where needed, embeds and adds, committing every
/// 64 profiles so that a long run killed half-way keeps what it finished.
pub fn add(data: &Path, models_dir: &Path, files: &[PathBuf]) -> Result<usize, IndexError> {
    let mut docs = Vec::new();
    for f in files {
        docs.extend(load_documents(f)?);
    }
    let mut embedder = E5Embedder::load(&crate::models::embedder_dir(models_dir))?;
    let mut index = Index::open_for_writing(&index_dir(data), embedder.dim())?;
    for chunk in docs.chunks(64) {
        let vectors = embed_documents(&mut embedder, chunk)?;
        index.add(chunk.iter().cloned().zip(vectors).collect())?;
    }
    Ok(docs.len())
}

/// `ayi index remove`.
pub fn remove(data: &Path, id: &str) -> Result<(), IndexError> {
    let mut index = Index::open_for_writing(&index_dir(data), crate::embed::E5_DIM)?;
    index.remove(id)?;
    Ok(())
}

#[derive(Debug, Serialize)]
pub struct SearchOutput {
    pub query: QueryOutput,
    pub results: Vec<Hit>,
}

#[derive(Debug, Serialize)]
pub struct QueryOutput {
    pub text: String,
    pub needs: Vec<String>,
}

/// Understands and runs one query.
pub fn run_query(
    index: &Index,
    embedder: &mut dyn Embedder,
    text: &str,
    top: usize,
    ranking: Ranking,
) -> Result<SearchOutput, EmbedError> {
    let query = understand(text, Extractor::embedded());
    let vector = embedder.embed(&[text], TextKind::Query)?.remove(0);
    let results = index.search(&query, &vector, top, ranking);
    Ok(SearchOutput {
        query: QueryOutput { text: text.into(), needs: query.needs.iter().map(Need::code).collect() },
        results,
    })
}

/// `ayi search`.
pub fn search(
    data: &Path,
    models_dir: &Path,
    text: &str,
    top: usize,
    ranking: Ranking,
) -> Result<SearchOutput, IndexError> {
    if text.trim().is_empty() {
        return Err(IndexError::BadInput("the query is empty".into()));
    }
    let dir = index_dir(data);
    if !dir.join(super::LOG_FILE).exists() {
        return Err(IndexError::BadInput(format!(
            "there is no index in {}: add profiles first with `ayi index add --data {} FILE`",
            dir.display(),
            data.display()
        )));
    }
    let mut embedder = E5Embedder::load(&crate::models::embedder_dir(models_dir))?;
    let index = Index::open(&dir, embedder.dim())?;
    Ok(run_query(&index, &mut embedder, text, top, ranking)?)
}

#[derive(Debug, Deserialize)]
pub struct LabelledQuery {
    pub id: String,
    pub query: String,
    pub relevant: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct EvalReport {
    pub ranking: String,
    pub queries: usize,
    pub profiles: usize,
    pub top1: f32,
    pub top3: f32,
    pub mrr: f32,
    pub misses: Vec<serde_json::Value>,
}

/// `ayi eval search`: indexes labelled profiles into a temporary folder and
/// scores the queries: is a relevant worker first, in the top 3, and MRR.
pub fn eval(
    models_dir: &Path,
    profiles: &Path,
    query_sets: &[PathBuf],
    rankings: &[Ranking],
) -> Result<Vec<EvalReport>, IndexError> {
    let docs = load_documents(profiles)?;
    let mut queries: Vec<LabelledQuery> = Vec::new();
    for set in query_sets {
        let text = std::fs::read_to_string(set).map_err(IndexError::io(format!("reading {}", set.display())))?;
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            queries.push(
                serde_json::from_str(line)
                    .map_err(|e| IndexError::BadInput(format!("{}:{}: {e}", set.display(), i + 1)))?,
            );
        }
    }
    let mut embedder = E5Embedder::load(&crate::models::embedder_dir(models_dir))?;
    let dir = tempfile::tempdir().map_err(IndexError::io("creating a temporary folder"))?;
    let mut index = Index::open_for_writing(dir.path(), embedder.dim())?;
    let vectors = embed_documents(&mut embedder, &docs)?;
    index.add(docs.iter().cloned().zip(vectors).collect())?;
    let mut reports = Vec::new();
    for &ranking in rankings {
        let (mut top1, mut top3, mut mrr) = (0, 0, 0f32);
        let mut misses = Vec::new();
        for q in &queries {
            let out = run_query(&index, &mut embedder, &q.query, 10, ranking)?;
            let ids: Vec<&str> = out.results.iter().map(|h| h.id.as_str()).collect();
            let rank = ids.iter().position(|id| q.relevant.iter().any(|r| r == id));
            top1 += usize::from(rank == Some(0));
            top3 += usize::from(rank.is_some_and(|r| r < 3));
            mrr += rank.map_or(0.0, |r| 1.0 / (r as f32 + 1.0));
            if rank.is_none_or(|r| r >= 3) {
                misses.push(serde_json::json!({
                    "id": q.id, "query": q.query, "relevant": q.relevant, "needs": out.query.needs,
                    "top3": out.results.iter().take(3).map(|h| serde_json::json!({"id": h.id, "score": h.score,
                        "missing": h.missing.iter().map(|m| m.code.clone()).collect::<Vec<_>>()})).collect::<Vec<_>>(),
                }));
            }
        }
        let n = queries.len().max(1) as f32;
        reports.push(EvalReport {
            ranking: format!("{ranking:?}").to_lowercase(),
            queries: queries.len(),
            profiles: docs.len(),
            top1: top1 as f32 / n,
            top3: top3 as f32 / n,
            mrr: mrr / n,
            misses,
        });
    }
    Ok(reports)
}
