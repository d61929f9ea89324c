//! `ayi bench …`: one function per stage measured. The service's latency
//! ([`serve`]), the index at scale ([`index`]) and where a cluster keeps
//! recordings ([`store`]) need their own setup; the
//! embedder, card renderer, extractor and speech model are timed here.
//! BENCHMARKS.md records what they print.

pub mod index;
pub mod serve;
pub mod store;

use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};

use crate::card::render::{render_card, CardContent};
use crate::config::Config;
use crate::embed::{e5::E5Embedder, Embedder, TextKind};
use crate::extract::taxonomy::Taxonomy;
use crate::extract::{eval, ExtractError, Extractor, SummaryLanguage};
use crate::models::{self, WeightType, WhisperModel};
use crate::stt::{TranscribeOptions, Transcriber, WhisperTranscriber};
use crate::tools::Spread;
use crate::{audio, Error};

/// `ayi bench embed`: every line of `file` embedded as a passage (after a
/// warm-up of 8), the fastest of `runs`.
pub fn embed(models_dir: &Path, file: &Path, runs: usize) -> Result<Value, Error> {
    let text = std::fs::read_to_string(file)
        .map_err(|source| ExtractError::Read { path: file.display().to_string(), source })?;
    let texts: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut embedder = E5Embedder::load(&models::embedder_dir(models_dir))?;
    let tokens: usize = texts
        .iter()
        .map(|t| embedder.token_ids(t, TextKind::Passage).map(|ids| ids.len()))
        .sum::<Result<usize, _>>()?;
    embedder.embed(&texts[..texts.len().min(8)], TextKind::Passage)?;
    let mut best = f64::MAX;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        std::hint::black_box(embedder.embed(&texts, TextKind::Passage)?);
        best = best.min(started.elapsed().as_secs_f64());
    }
    Ok(json!({
        "engine": "ayi (candle f32, Q4_0 word table)",
        "texts": texts.len(),
        "tokens": tokens,
        "seconds": (best * 1e4).round() / 1e4,
        "texts_per_s": (texts.len() as f64 / best * 10.0).round() / 10.0,
        "tokens_per_s": (tokens as f64 / best * 10.0).round() / 10.0,
    }))
}

/// `ayi bench card`: the card of every transcript in a labelled set,
/// rendered `runs` times after one warm-up render.
pub fn card(set: &Path, runs: usize) -> Result<Value, Error> {
    let extractor = Extractor::embedded();
    let cases = eval::load(set).map_err(ExtractError::EvalSet)?;
    let cards: Vec<CardContent> = cases
        .iter()
        .map(|c| {
            let p = extractor.extract(&c.transcript).profile;
            let chinese = SummaryLanguage::of(&c.transcript) == SummaryLanguage::Zh;
            CardContent::from_profile(&p, &extractor.taxonomy, chinese, "http://127.0.0.1:8080/p/1".into(), None)
        })
        .collect();
    let started = Instant::now();
    render_card(&cards[0]);
    let first_ms = started.elapsed().as_secs_f64() * 1000.0;
    let ms = Spread::of(ms_per_item(&cards, runs, render_card));
    Ok(json!({ "cards": cards.len(), "runs": runs, "first_render_ms": first_ms, "ms": ms }))
}

/// `ayi bench extract`: every transcript of a labelled set extracted `runs`
/// times.
pub fn extract(set: &Path, runs: usize) -> Result<Value, Error> {
    let extractor = Extractor::new(Taxonomy::load().map_err(ExtractError::from)?);
    let cases = eval::load(set).map_err(ExtractError::EvalSet)?;
    let ms = Spread::of(ms_per_item(&cases, runs, |case| extractor.extract(&case.transcript)));
    let longest = cases.iter().map(|c| c.transcript.chars().count()).max().unwrap_or(0);
    Ok(json!({ "transcripts": cases.len(), "runs": runs, "longest_chars": longest, "ms": ms }))
}

/// Milliseconds of `work` on each item, all items `runs` times (at least
/// once).
fn ms_per_item<T, R>(items: &[T], runs: usize, work: impl Fn(&T) -> R) -> Vec<f64> {
    let mut ms = Vec::new();
    for _ in 0..runs.max(1) {
        for item in items {
            let started = Instant::now();
            std::hint::black_box(work(item));
            ms.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    ms
}

/// `ayi bench stt`: the model loaded once, then `file` decoded and
/// transcribed `runs` times (the in-process figure of BENCHMARKS.md).
pub fn stt(
    config: &Config,
    file: &Path,
    runs: usize,
    model: WhisperModel,
    weights: WeightType,
    options: &TranscribeOptions,
) -> Result<Value, Error> {
    let started = Instant::now();
    let transcriber = WhisperTranscriber::load(&models::fetched_whisper(&config.models_dir, model, weights)?, model)?;
    let load_s = started.elapsed().as_secs_f64();
    let mut seconds = Vec::new();
    let mut text = String::new();
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let audio = audio::decode_file(file, config.max_audio_seconds)?;
        text = transcriber.transcribe(&audio, options)?.text;
        seconds.push(started.elapsed().as_secs_f64());
    }
    Ok(json!({
        "model": model.name(), "weights": weights.name(), "beam": options.beam_size, "threads": options.threads,
        "load_s": load_s, "median_s": Spread::of(seconds.clone()).p50, "runs_s": seconds, "text": text,
    }))
}
