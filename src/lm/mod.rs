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

pub struct LanguageModel {
    pub model: gemma3::Gemma3,
    pub tokenizer: tokenizers::Tokenizer,
}

fn string_array(content: &gguf_file::Content, key: &str) -> Result<Vec<gguf_file::Value>, String> {
    match content.metadata.get(key) {
        Some(gguf_file::Value::Array(values)) => Ok(values.clone()),
        _ => Err(format!("GGUF lacks {key}")),
    }
}

/// The tokenizer stored in a GGUF file's metadata.
pub fn tokenizer_from_gguf(content: &gguf_file::Content) -> Result<tokenizers::Tokenizer, LmError> {
    let bad = |reason: String| LmError::Tokenizer(tokenizer::TokenizerError(reason));
    let pieces = string_array(content, "tokenizer.ggml.tokens")
        .map_err(bad)?
        .iter()
        .map(|v| v.to_string().cloned())
        .collect::<Result<Vec<String>, _>>()
        .map_err(|e| bad(e.to_string()))?;
    let scores = string_array(content, "tokenizer.ggml.scores")
        .map_err(bad)?
        .iter()
        .map(|v| v.to_f32())
        .collect::<Result<Vec<f32>, _>>()
        .map_err(|e| bad(e.to_string()))?;
    let types = string_array(content, "tokenizer.ggml.token_type")
        .map_err(bad)?
        .iter()
        .map(|v| v.to_i32())
        .collect::<Result<Vec<i32>, _>>()
        .map_err(|e| bad(e.to_string()))?;
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
    pub fn complete(&mut self, prompt: &str, max_tokens: usize) -> Result<String, LmError> {
        let ids = self.encode(prompt)?;
        self.model.clear();
        let mut logits: Tensor = self.model.forward_last(&ids)?;
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
        self.tokenizer.decode(&out, false).map_err(|e| LmError::Inference(e.to_string()))
    }
}
