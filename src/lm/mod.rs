//! The on-device language model: Gemma 3 270M (GGUF, Q4_K_M) in candle.
//!
//! Extraction does not depend on it (see [`crate::extract`]): a base model
//! this small was measured to invent pay, years and skills. It is kept for
//! the narrow tasks where it is measured to help, and its runtime is tested
//! on its own: the tokenizer against sentencepiece, the network against
//! perplexity and llama.cpp's logits on the same file.

pub mod gemma3;
pub mod tokenizer;

use std::path::Path;

use candle_core::quantized::gguf_file;
use candle_core::{Device, Tensor};

use crate::Fault;

#[derive(Debug, thiserror::Error)]
pub enum LmError {
    #[error("cannot read the language model {path}: {reason}")]
    Load { path: String, reason: String },
    #[error(transparent)]
    Tokenizer(#[from] tokenizer::TokenizerError),
    #[error("language model inference failed: {0}")]
    Inference(String),
}

impl LmError {
    pub fn fault(&self) -> Fault {
        Fault::Internal
    }
}

impl From<candle_core::Error> for LmError {
    fn from(e: candle_core::Error) -> Self {
        LmError::Inference(e.to_string())
    }
}

pub const BOS: u32 = 2;
pub const EOS: u32 = 1;

/// A greedy completion and how long its two phases took.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Completion {
    pub text: String,
    pub prompt_tokens: usize,
    pub generated_tokens: usize,
    pub prefill_s: f64,
    pub decode_s: f64,
}

pub struct LanguageModel {
    pub model: gemma3::Gemma3,
    pub tokenizer: tokenizers::Tokenizer,
}

/// One array of the GGUF's metadata, each element converted by `convert`.
fn metadata_array<T>(
    content: &gguf_file::Content,
    key: &str,
    convert: impl Fn(&gguf_file::Value) -> candle_core::Result<T>,
) -> Result<Vec<T>, LmError> {
    let bad = |reason: String| LmError::Tokenizer(tokenizer::TokenizerError(reason));
    match content.metadata.get(key) {
        Some(gguf_file::Value::Array(values)) => {
            values.iter().map(&convert).collect::<candle_core::Result<Vec<T>>>().map_err(|e| bad(format!("{key}: {e}")))
        }
        _ => Err(bad(format!("GGUF lacks {key}"))),
    }
}

/// The tokenizer stored in a GGUF file's metadata.
pub fn tokenizer_from_gguf(content: &gguf_file::Content) -> Result<tokenizers::Tokenizer, LmError> {
    let pieces = metadata_array(content, "tokenizer.ggml.tokens", |v| v.to_string().cloned())?;
    let scores = metadata_array(content, "tokenizer.ggml.scores", |v| v.to_f32())?;
    let types = metadata_array(content, "tokenizer.ggml.token_type", |v| v.to_i32())?;
    Ok(tokenizer::from_sentencepiece(&pieces, &scores, &types)?)
}

impl LanguageModel {
    pub fn load(path: &Path) -> Result<LanguageModel, LmError> {
        let load_error = |reason: String| LmError::Load { path: path.display().to_string(), reason };
        let mut file = std::fs::File::open(path).map_err(|e| load_error(e.to_string()))?;
        let content = gguf_file::Content::read(&mut file).map_err(|e| load_error(e.to_string()))?;
        let started = std::time::Instant::now();
        let tokenizer = tokenizer_from_gguf(&content)?;
        tracing::debug!(seconds = started.elapsed().as_secs_f64(), "tokenizer built");
        let started = std::time::Instant::now();
        let model = gemma3::Gemma3::load(&content, &mut file, &Device::Cpu).map_err(|e| load_error(e.to_string()))?;
        tracing::debug!(seconds = started.elapsed().as_secs_f64(), "weights loaded");
        Ok(LanguageModel { model, tokenizer })
    }

    /// Token ids of `text`, with BOS in front.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>, LmError> {
        let enc = self.tokenizer.encode(text, false).map_err(|e| LmError::Inference(e.to_string()))?;
        Ok(std::iter::once(BOS).chain(enc.get_ids().iter().copied()).collect())
    }

    /// Greedy continuation of `prompt`, at most `max_tokens`, stopping at EOS
    /// or a newline.
    pub fn complete(&mut self, prompt: &str, max_tokens: usize) -> Result<Completion, LmError> {
        let ids = self.encode(prompt)?;
        self.model.clear();
        let started = std::time::Instant::now();
        let mut logits: Tensor = self.model.forward_last(&ids)?;
        let prefill_s = started.elapsed().as_secs_f64();
        let started = std::time::Instant::now();
        let mut out = Vec::new();
        for _ in 0..max_tokens {
            let next = logits.argmax(0)?.to_scalar::<u32>()?;
            if next == EOS {
                break;
            }
            let piece = self.tokenizer.decode(&[next], false).unwrap_or_default();
            if piece.contains('\n') {
                break;
            }
            out.push(next);
            logits = self.model.forward_last(&[next])?;
        }
        let decode_s = started.elapsed().as_secs_f64();
        let text = self.tokenizer.decode(&out, false).map_err(|e| LmError::Inference(e.to_string()))?;
        Ok(Completion { text, prompt_tokens: ids.len(), generated_tokens: out.len(), prefill_s, decode_s })
    }
}

/// The few-shot prompt for copying a field out of a transcript.
const FIELDS_PROMPT: &str = include_str!("../../prompts/lm_fields.txt");

/// Which field [`LanguageModel::copy_field`] copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyField {
    Name,
    Hometown,
}

impl LanguageModel {
    /// Asks the model for `field` and lets it answer only with a substring of
    /// `transcript` (or nothing): at each step the most likely token that keeps
    /// the answer a substring is taken, among the 64 most likely.
    pub fn copy_field(&mut self, transcript: &str, field: CopyField) -> Result<Option<String>, LmError> {
        let label = match field {
            CopyField::Name => "Name",
            CopyField::Hometown => "Hometown",
        };
        let body: String = FIELDS_PROMPT.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n");
        let prompt = body.trim().replace("{transcript}", transcript.trim()).replace("{field}", label);
        // Only the other field of the last block goes: the answer line is last.
        let ids = self.encode(&prompt)?;
        self.model.clear();
        let mut logits = self.model.forward_last(&ids)?;
        let mut answer = String::new();
        for _ in 0..12 {
            let top = logits.arg_sort_last_dim(false)?.narrow(0, 0, 64)?.to_vec1::<u32>()?;
            let mut chosen = None;
            for id in top {
                if id == EOS {
                    break;
                }
                let piece = self.tokenizer.decode(&[id], false).unwrap_or_default();
                if piece.contains('\n') {
                    break;
                }
                let candidate = format!("{answer}{piece}");
                let trimmed = candidate.trim_start();
                if trimmed.is_empty() || transcript.contains(trimmed) {
                    chosen = Some((id, candidate));
                    break;
                }
            }
            let Some((id, candidate)) = chosen else { break };
            answer = candidate;
            logits = self.model.forward_last(&[id])?;
        }
        let answer = answer.trim().trim_end_matches(['，', ',', '。', '.', ' ']).to_string();
        Ok((!answer.is_empty()).then_some(answer))
    }
}
