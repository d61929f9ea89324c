//! Speech to text with whisper.cpp (through `whisper-rs`).
//!
//! One [`WhisperContext`] holds the weights for the life of the process; each
//! transcription makes its own state, so several can run at once off one
//! model. Before Whisper sees audio, voice-activity detection cuts it down to
//! speech ([`crate::audio::vad`]): silence gives empty text without running
//! the model at all. After it, segments that are Whisper's well-known
//! hallucinations, or that it itself judges to be no speech, are dropped, and
//! Chinese is normalised to Simplified characters.

use std::path::Path;
use std::sync::Once;

use serde::Serialize;
use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters};

use crate::audio::vad::{self, VadSettings};
use crate::audio::{Audio, SAMPLE_RATE};
use crate::fault::Fault;
use crate::models::WhisperModel;

#[derive(Debug, thiserror::Error)]
pub enum SttError {
    #[error("cannot load the speech model {path}: {reason}")]
    Load { path: String, reason: String },
    #[error("the English-only model {0} cannot transcribe {1}; use the multilingual model (--model base)")]
    LanguageNotSupported(&'static str, &'static str),
    #[error("speech recognition failed: {0}")]
    Inference(String),
}

impl SttError {
    pub fn fault(&self) -> Fault {
        match self {
            SttError::LanguageNotSupported(..) => Fault::User,
            _ => Fault::Internal,
        }
    }
}

/// The language to transcribe in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Detect from the audio.
    #[default]
    Auto,
    /// Mandarin Chinese, written in Simplified characters.
    Zh,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Auto => "auto",
            Language::Zh => "zh",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone)]
pub struct TranscribeOptions {
    pub language: Language,
    /// 1 is greedy decoding; more is beam search.
    pub beam_size: usize,
    pub threads: usize,
    /// Voice-activity detection; `None` sends the whole recording to Whisper.
    pub vad: Option<VadSettings>,
    /// Shrink the encoder's window to the speech's length (clips under 30 s).
    pub fit_audio_ctx: bool,
    /// The recording's first seconds that were heard already and come only
    /// as context: Whisper hears the words after them better for it, and
    /// the words in them (by their tokens' times) are left out.
    pub heard_before_s: f64,
}

impl Default for TranscribeOptions {
    fn default() -> Self {
        TranscribeOptions {
            language: Language::Auto,
            beam_size: 1,
            threads: 2,
            vad: Some(VadSettings::default()),
            fit_audio_ctx: true,
            heard_before_s: 0.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub start: f64,
    pub end: f64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transcript {
    pub text: String,
    /// Language code (`zh`, `en`, …); null when nothing was said.
    pub language: Option<String>,
    pub duration_s: f64,
    pub segments: Vec<Segment>,
}

/// Anything that turns audio into a transcript: whisper.cpp in production,
/// a fake in unit tests of the code around it.
pub trait Transcriber: Send + Sync {
    fn transcribe(&self, audio: &Audio, options: &TranscribeOptions) -> Result<Transcript, SttError>;
}

pub struct WhisperTranscriber {
    context: WhisperContext,
    model: WhisperModel,
}

impl WhisperTranscriber {
    pub fn load(path: &Path, model: WhisperModel) -> Result<Self, SttError> {
        static LOG_HOOKS: Once = Once::new();
        // Route whisper.cpp's chatter into `tracing` (stderr, off by default).
        LOG_HOOKS.call_once(whisper_rs::install_logging_hooks);
        let load_error = |reason: String| SttError::Load { path: path.display().to_string(), reason };
        let path_str = path.to_str().ok_or_else(|| load_error("path is not UTF-8".into()))?;
        let mut params = WhisperContextParameters::default();
        params.use_gpu(cfg!(feature = "cuda"));
        let context = WhisperContext::new_with_params(path_str, params).map_err(|e| load_error(e.to_string()))?;
        Ok(WhisperTranscriber { context, model })
    }
}

impl Transcriber for WhisperTranscriber {
    fn transcribe(&self, audio: &Audio, options: &TranscribeOptions) -> Result<Transcript, SttError> {
        let duration_s = audio.duration_s();
        let language = match (self.model, options.language) {
            (WhisperModel::TinyEn, Language::Zh) => return Err(SttError::LanguageNotSupported("tiny.en", "Chinese")),
            (WhisperModel::TinyEn, _) => Language::En,
            (_, l) => l,
        };
        let speech = match &options.vad {
            Some(settings) => vad::trim_to_speech(&audio.samples, settings),
            None => vad::Trimmed::whole(&audio.samples),
        };
        if speech.is_empty() {
            return Ok(Transcript { text: String::new(), language: None, duration_s, segments: Vec::new() });
        }

        let strategy = if options.beam_size > 1 {
            SamplingStrategy::BeamSearch { beam_size: options.beam_size as i32, patience: -1.0 }
        } else {
            SamplingStrategy::Greedy { best_of: 1 }
        };
        let mut params = FullParams::new(strategy);
        // No more threads than free cores: whisper.cpp's spin barriers turn
        // one preempted thread into seconds (see `crate::cpu`).
        let threads = crate::cpu::threads_for_now(options.threads);
        params.set_n_threads(threads as i32);
        params.set_language(Some(language.code()));
        params.set_translate(false);
        params.set_no_context(true);
        params.set_suppress_blank(true);
        params.set_suppress_nst(true);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_special(false);
        params.set_print_timestamps(false);
        let context_s = options.heard_before_s.max(0.0);
        if context_s > 0.0 {
            params.set_token_timestamps(true);
        }

        let mut state = self.context.create_state().map_err(|e| SttError::Inference(e.to_string()))?;
        // whisper.cpp wants at least a second of audio; pad short clips with silence.
        let mut samples = speech.samples.clone();
        samples.resize(samples.len().max(SAMPLE_RATE as usize + SAMPLE_RATE as usize / 10), 0.0);
        let fitted = fitted_audio_ctx(samples.len()).filter(|_| options.fit_audio_ctx);
        if let Some(audio_ctx) = fitted {
            params.set_audio_ctx(audio_ctx);
        }
        if language == Language::Auto {
            let detect_ctx = fitted.unwrap_or(FULL_AUDIO_CTX).min(LANGUAGE_DETECTION_CTX);
            prime_audio_ctx(&mut state, &samples, detect_ctx, threads)?;
        }
        state.full(params, &samples).map_err(|e| SttError::Inference(e.to_string()))?;

        let detected = whisper_rs::get_lang_str(state.full_lang_id_from_state()).unwrap_or(language.code());
        let is_chinese = detected == "zh";
        let mut segments = Vec::new();
        // Timestamps come in centiseconds of the trimmed audio.
        let seconds = |centiseconds: i64| speech.original_time(centiseconds as f64 / 100.0);
        for segment in state.as_iter() {
            let mut start = seconds(segment.start_timestamp());
            let end = seconds(segment.end_timestamp()).min(duration_s);
            let raw = if context_s <= 0.0 || start >= context_s {
                segment.to_str_lossy().map_err(|e| SttError::Inference(e.to_string()))?.into_owned()
            } else if end <= context_s {
                continue;
            } else {
                // Straddles the context's end: only the tokens said after it.
                start = context_s;
                let mut bytes = Vec::new();
                for token in (0..segment.n_tokens()).filter_map(|i| segment.get_token(i)) {
                    let data = token.token_data();
                    if data.id >= self.context.token_eot() || seconds((data.t0 + data.t1) / 2) < context_s {
                        continue;
                    }
                    bytes.extend_from_slice(token.to_bytes().map_err(|e| SttError::Inference(e.to_string()))?);
                }
                // The context's last sentence may end after its time: its stop is not ours.
                String::from_utf8_lossy(&bytes).trim_start_matches(|c: char| !c.is_alphanumeric()).to_string()
            };
            let text = if is_chinese { to_simplified(raw.trim()) } else { raw.trim().to_string() };
            let wordless = !text.chars().any(char::is_alphanumeric);
            if wordless || is_hallucination(&text) || segment.no_speech_probability() > 0.8 {
                continue;
            }
            segments.push(Segment { start: round_ms(start), end: round_ms(end.max(start)), text });
        }
        let joiner = if is_chinese { "" } else { " " };
        let text = segments.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(joiner);
        let language = (!segments.is_empty()).then(|| detected.to_string());
        Ok(Transcript { text, language, duration_s: round_ms(duration_s), segments })
    }
}

/// Whisper's encoder always looks at 30 s (1500 frames of 20 ms); for a
/// shorter clip, running it over just the clip (plus a margin, so the last
/// words are not cut) is several times faster. `None` for 30 s and longer.
fn fitted_audio_ctx(samples: usize) -> Option<i32> {
    const MARGIN: usize = 64;
    let frames = samples / (SAMPLE_RATE as usize / 50) + MARGIN;
    (frames < FULL_AUDIO_CTX as usize).then_some(frames as i32)
}

/// Encoder frames (20 ms each) in Whisper's 30 s window.
const FULL_AUDIO_CTX: i32 = 1500;
/// The language is told from the first ~8 s of speech: enough to be sure,
/// and a fraction of the cost of encoding the whole clip a second time.
const LANGUAGE_DETECTION_CTX: i32 = 400 + 64;

/// whisper.cpp detects the language *before* it applies `audio_ctx`, with
/// whatever size the state was left with — on a fresh state a whole 30 s
/// window, most of the cost of a short clip. A first call that stops just
/// before encoding leaves `audio_ctx` on the state, and detection uses it.
fn prime_audio_ctx(
    state: &mut whisper_rs::WhisperState,
    samples: &[f32],
    audio_ctx: i32,
    threads: usize,
) -> Result<(), SttError> {
    unsafe extern "C" fn stop_before_encoding(
        _: *mut whisper_rs::WhisperSysContext,
        _: *mut whisper_rs::WhisperSysState,
        _: *mut std::ffi::c_void,
    ) -> bool {
        false
    }
    let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
    params.set_language(Some("en"));
    params.set_audio_ctx(audio_ctx);
    params.set_n_threads(threads.max(1) as i32);
    params.set_print_progress(false);
    // SAFETY: the callback touches neither the context nor the state.
    unsafe { params.set_start_encoder_callback(Some(stop_before_encoding)) };
    state.full(params, samples).map_err(|e| SttError::Inference(e.to_string()))
}

fn round_ms(t: f64) -> f64 {
    (t * 1000.0).round() / 1000.0
}

/// Traditional → Simplified Chinese (Whisper often writes Mandarin in Traditional).
pub fn to_simplified(text: &str) -> String {
    zhconv::zhconv(text, zhconv::Variant::ZhHans)
}

/// Whisper's known inventions on silence and noise (see the file's header).
const HALLUCINATIONS_FILE: &str = include_str!("../assets/whisper_hallucinations.txt");

fn hallucinations() -> &'static [String] {
    static LIST: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        HALLUCINATIONS_FILE
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| normalise_for_match(&to_simplified(l)))
            .collect()
    })
}

fn normalise_for_match(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || *c == '.')
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .trim_end_matches('.')
        .to_string()
}

pub fn is_hallucination(text: &str) -> bool {
    let norm = normalise_for_match(&to_simplified(text));
    !norm.is_empty()
        && hallucinations()
            .iter()
            .any(|h| norm == *h || (norm.contains(h.as_str()) && norm.chars().count() <= h.chars().count() + 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_becomes_simplified() {
        assert_eq!(to_simplified("歡迎大家來體驗達摩院推出的語音識別模型"), "欢迎大家来体验达摩院推出的语音识别模型");
        assert_eq!(to_simplified("And so, my fellow Americans"), "And so, my fellow Americans");
    }

    #[test]
    fn known_hallucinations_are_recognised_and_real_speech_is_not() {
        assert!(is_hallucination("字幕由Amara.org社群提供"));
        assert!(is_hallucination("(字幕由 Amara.org 社群提供)"));
        assert!(is_hallucination("請不吝點贊 訂閱 轉發 打賞支持明鏡與點點欄目"));
        assert!(is_hallucination(" Thank you for watching!"));
        assert!(!is_hallucination("我做了八年保姆，谢谢观看我的简历的家庭"));
        assert!(!is_hallucination("I have cared for my mother for ten years."));
    }
}
