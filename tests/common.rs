//! Shared paths and helpers for the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use ayi::models::{WeightType, WhisperModel};
use ayi::stt::WhisperTranscriber;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn models_dir() -> PathBuf {
    std::env::var_os("AYI_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("models"))
}

pub fn model_path(model: WhisperModel, weights: WeightType) -> PathBuf {
    let path = model.ggml_path(&models_dir(), weights);
    assert!(
        path.exists(),
        "{} is missing: run `ayi models fetch` first (the README's test command does)",
        path.display()
    );
    path
}

/// The default model, loaded once per test binary.
pub fn base() -> &'static WhisperTranscriber {
    static BASE: OnceLock<WhisperTranscriber> = OnceLock::new();
    BASE.get_or_init(|| {
        WhisperTranscriber::load(&model_path(WhisperModel::Base, WeightType::default()), WhisperModel::Base).unwrap()
    })
}

/// Runs the `ayi` binary with the test's models folder.
pub fn ayi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ayi"))
        .args(args)
        .env("AYI_MODELS", models_dir())
        .output()
        .expect("the ayi binary runs")
}

/// Lower-case words without punctuation, for comparing transcripts.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Character error rate of `hypothesis` against `reference`, ignoring punctuation and spaces.
pub fn cer(reference: &str, hypothesis: &str) -> f64 {
    let clean = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<Vec<char>>();
    error_rate(&clean(reference), &clean(hypothesis))
}

/// Word error rate, ignoring case and punctuation.
pub fn wer(reference: &str, hypothesis: &str) -> f64 {
    error_rate(&words(reference), &words(hypothesis))
}

/// Levenshtein distance over tokens, divided by the reference's length.
fn error_rate<T: PartialEq>(r: &[T], h: &[T]) -> f64 {
    let mut row: Vec<usize> = (0..=h.len()).collect();
    for i in 1..=r.len() {
        let mut prev = row[0];
        row[0] = i;
        for j in 1..=h.len() {
            let cur = row[j];
            row[j] = (row[j] + 1).min(row[j - 1] + 1).min(prev + usize::from(r[i - 1] != h[j - 1]));
            prev = cur;
        }
    }
    row[h.len()] as f64 / r.len().max(1) as f64
}

pub const JFK_TEXT: &str =
    "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.";
pub const ZH_TEXT: &str = "欢迎大家来体验达摩院推出的语音识别模型";
/// What `answer_en.wav` says (scripts/make_answer_audio.sh), numbers as Whisper writes them.
pub const ANSWER_EN_TEXT: &str = "Hello, my name is Maria Santos. I am 45 years old. I can cook and clean the house, \
    and I take care of elderly people. I have worked for 10 years. I can live in. I want 6,000 yuan a month.";

#[test]
fn cer_counts_substitutions_insertions_and_deletions() {
    assert_eq!(cer("abcd", "abcd"), 0.0);
    assert_eq!(cer("abcd", "abxd"), 0.25);
    assert_eq!(cer("abcd", "abd"), 0.25);
    assert_eq!(cer("abcd", "abcde"), 0.25);
    assert_eq!(cer("欢迎大家", "欢迎大家。"), 0.0);
    assert_eq!(wer("Ask not, what", "ask what"), 1.0 / 3.0);
}

/// The sentence embedder, loaded once per test binary.
pub fn embedder() -> std::sync::MutexGuard<'static, ayi::embed::e5::E5Embedder> {
    static E5: OnceLock<std::sync::Mutex<ayi::embed::e5::E5Embedder>> = OnceLock::new();
    E5.get_or_init(|| {
        let dir = ayi::models::embedder_dir(&models_dir());
        std::sync::Mutex::new(ayi::embed::e5::E5Embedder::load(&dir).expect("run `ayi models fetch` first"))
    })
    .lock()
    .unwrap_or_else(|e| e.into_inner())
}
