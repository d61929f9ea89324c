//! Settings shared by every command, read once from flags or `AYI_*`
//! environment variables and validated here, so stages receive plain values.

use std::path::PathBuf;

/// Default cap on one recording. Interview answers are short; anything near
/// this is a mistake (a forgotten recorder), and refusing it early keeps a
/// two-hour upload from tying up the model for minutes.
pub const DEFAULT_MAX_AUDIO_SECONDS: f64 = 600.0;

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Folder holding the model files (fetched and converted by `ayi models fetch`).
    #[arg(long, env = "AYI_MODELS", default_value = "models", global = true)]
    pub models_dir: PathBuf,

    /// Longest recording accepted, in seconds.
    #[arg(long, env = "AYI_MAX_AUDIO_SECONDS", default_value_t = DEFAULT_MAX_AUDIO_SECONDS, global = true)]
    pub max_audio_seconds: f64,

    /// CPU threads for inference (default: all cores). Transcription uses
    /// fewer while other programs keep cores busy (see `ayi::cpu`).
    #[arg(long, env = "AYI_THREADS", global = true)]
    pub threads: Option<usize>,
}

impl Config {
    pub fn threads(&self) -> usize {
        self.threads.filter(|&n| n > 0).unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
    }
}
