//! The on-device language models, in candle: Gemma 3 270M (GGUF, Q4_K_M),
//! and, opt-in, Qwen2.5-Coder 0.5B Instruct (GGUF) for judging with a chat
//! model. The GGUF's `general.architecture` picks the network and tokenizer;
//! a closed set, so an enum rather than a trait object.
//!
//! Extraction does not depend on it (see [`crate::extract`]): a base model
//! this small was measured to invent pay, years and skills. It is kept for
//! the narrow tasks where it is measured to help, and its runtime is tested
//! on its own: the tokenizer against sentencepiece, the network against
//! perplexity and llama.cpp's logits on the same file.
//!
//! Gemma is a base model that expects BOS; Qwen is a chat model that takes
//! none, ends its turn with `<|im_end|>`, and whose prompts callers format
//! with `<|im_start|>…` themselves.

pub mod gemma3;
mod layers;
pub mod qwen2;
pub mod tokenizer;

use std::path::Path;

use candle_core::quantized::gguf_file;
use candle_core::{Device, Tensor, D};

use crate::fault::Fault;

#[derive(Debug, thiserror::Error)]
pub enum LmError {
    #[error("cannot read the language model {path}: {reason}")]
    Load { path: String, reason: String },
    #[error(transparent)]
    Tokenizer(#[from] tokenizer::TokenizerError),
    #[error("language model inference failed: {0}")]
    Inference(String),
    #[error("{0}")]
    Input(String),
}

impl LmError {
    pub fn fault(&self) -> Fault {
        match self {
            LmError::Input(_) => Fault::User,
            _ => Fault::Internal,
        }
    }
}

impl From<candle_core::Error> for LmError {
    fn from(e: candle_core::Error) -> Self {
        LmError::Inference(e.to_string())
    }
}

/// Gemma's BOS and EOS ids.
pub const BOS: u32 = 2;
pub const EOS: u32 = 1;

/// What the networks share around their layers: a (K, V) cache per layer,
/// the position reached, the hidden states after the final norm, and the
/// output projection. Cache handling and the logits are written once here.
pub trait Decoder {
    fn caches(&mut self) -> Vec<&mut Option<(Tensor, Tensor)>>;
    fn set_position(&mut self, position: usize);
    /// Runs `ids` after what is cached; returns the hidden states (1, t, hidden).
    fn hidden(&mut self, ids: &[u32]) -> candle_core::Result<Tensor>;
    fn output(&self) -> &candle_core::quantized::QMatMul;

    /// Forgets the KV cache.
    fn clear(&mut self) {
        for cache in self.caches() {
            *cache = None;
        }
        self.set_position(0);
    }

    /// Keeps only the first `len` cached positions (a shared prompt prefix).
    fn truncate(&mut self, len: usize) -> candle_core::Result<()> {
        for cache in self.caches() {
            if let Some((k, v)) = cache.as_ref() {
                *cache = Some((k.narrow(2, 0, len)?, v.narrow(2, 0, len)?));
            }
        }
        self.set_position(len);
        Ok(())
    }

    /// Feeds `ids`; returns the next-token logits after the last one (vocab).
    fn forward_last(&mut self, ids: &[u32]) -> candle_core::Result<Tensor> {
        use candle_core::Module;
        let h = self.hidden(ids)?;
        let last = h.narrow(1, ids.len() - 1, 1)?;
        self.output().forward(&last)?.squeeze(0)?.squeeze(0)
    }

    /// Feeds `ids`; returns logits after every position (t, vocab).
    fn forward_all(&mut self, ids: &[u32]) -> candle_core::Result<Tensor> {
        use candle_core::Module;
        let h = self.hidden(ids)?;
        self.output().forward(&h)?.squeeze(0)
    }
}

/// The networks we run, by the GGUF's `general.architecture`.
pub enum Network {
    Gemma3(gemma3::Gemma3),
    Qwen2(qwen2::Qwen2),
}

impl Network {
    fn decoder(&mut self) -> &mut dyn Decoder {
        match self {
            Network::Gemma3(m) => &mut m.stack,
            Network::Qwen2(m) => &mut m.stack,
        }
    }

    /// Forgets the KV cache.
    pub fn clear(&mut self) {
        self.decoder().clear()
    }

    /// Keeps only the first `len` cached positions (a shared prompt prefix).
    pub fn truncate(&mut self, len: usize) -> candle_core::Result<()> {
        self.decoder().truncate(len)
    }

    /// Feeds `ids` after the cache; returns the next-token logits (vocab).
    pub fn forward_last(&mut self, ids: &[u32]) -> candle_core::Result<Tensor> {
        self.decoder().forward_last(ids)
    }

    /// Feeds `ids` after the cache; returns logits after every position (t, vocab).
    pub fn forward_all(&mut self, ids: &[u32]) -> candle_core::Result<Tensor> {
        self.decoder().forward_all(ids)
    }

    /// Mean negative log-likelihood per token of `ids[1..]` given the prefix,
    /// from an empty cache: exp of it is the perplexity.
    pub fn mean_nll(&mut self, ids: &[u32]) -> candle_core::Result<f64> {
        if ids.len() < 2 {
            return Err(candle_core::Error::Msg("perplexity needs at least two tokens".into()));
        }
        self.clear();
        let logits = self.forward_all(&ids[..ids.len() - 1])?;
        let logp = candle_nn::ops::log_softmax(&logits, D::Minus1)?;
        let targets = Tensor::from_vec(ids[1..].to_vec(), (ids.len() - 1, 1), logits.device())?;
        let picked = logp.gather(&targets, 1)?;
        Ok(-(picked.mean_all()?.to_scalar::<f32>()? as f64))
    }
}

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
    pub model: Network,
    pub tokenizer: tokenizers::Tokenizer,
    /// Put in front by [`LanguageModel::encode`]: Gemma's BOS; none for Qwen.
    pub bos: Option<u32>,
    /// Ids that end a generation.
    pub stop: Vec<u32>,
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

fn metadata_str<'a>(content: &'a gguf_file::Content, key: &str) -> Option<&'a str> {
    content.metadata.get(key).and_then(|v| v.to_string().ok()).map(String::as_str)
}

/// The tokenizer stored in a GGUF file's metadata: SentencePiece pieces for
/// Gemma, byte-level BPE with Qwen2's pre-tokenizer for `qwen2`.
pub fn tokenizer_from_gguf(content: &gguf_file::Content) -> Result<tokenizers::Tokenizer, LmError> {
    let bad = |reason: String| LmError::Tokenizer(tokenizer::TokenizerError(reason));
    let pieces = metadata_array(content, "tokenizer.ggml.tokens", |v| v.to_string().cloned())?;
    let types = metadata_array(content, "tokenizer.ggml.token_type", |v| v.to_i32())?;
    match metadata_str(content, "tokenizer.ggml.model") {
        Some("gpt2") => {
            let pre = metadata_str(content, "tokenizer.ggml.pre").unwrap_or("");
            if pre != "qwen2" {
                return Err(bad(format!("byte-level BPE with pre-tokenizer {pre:?}: only qwen2 is supported")));
            }
            let merges = metadata_array(content, "tokenizer.ggml.merges", |v| v.to_string().cloned())?;
            Ok(tokenizer::from_byte_level_bpe(&pieces, &types, &merges)?)
        }
        _ => {
            let scores = metadata_array(content, "tokenizer.ggml.scores", |v| v.to_f32())?;
            Ok(tokenizer::from_sentencepiece(&pieces, &scores, &types)?)
        }
    }
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
        let architecture = metadata_str(&content, "general.architecture").unwrap_or("").to_string();
        let (model, bos, stop) = match architecture.as_str() {
            "gemma3" => {
                let model = gemma3::Gemma3::load(&content, &mut file, &Device::Cpu);
                (Network::Gemma3(model.map_err(|e| load_error(e.to_string()))?), Some(BOS), vec![EOS])
            }
            "qwen2" => {
                let model = qwen2::Qwen2::load(&content, &mut file, &Device::Cpu);
                let model = Network::Qwen2(model.map_err(|e| load_error(e.to_string()))?);
                // The end of a chat turn, and the end of a document, which a
                // chat model may also emit.
                let eos = content.metadata.get("tokenizer.ggml.eos_token_id").and_then(|v| v.to_u32().ok());
                let stop = eos.into_iter().chain(tokenizer.token_to_id("<|endoftext|>")).collect();
                (model, None, stop)
            }
            other => return Err(load_error(format!("architecture {other:?} is not supported (gemma3, qwen2 are)"))),
        };
        tracing::debug!(seconds = started.elapsed().as_secs_f64(), "weights loaded");
        Ok(LanguageModel { model, tokenizer, bos, stop })
    }

    /// Token ids of `text`, with BOS in front where the model wants one.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>, LmError> {
        let enc = self.tokenizer.encode(text, false).map_err(|e| LmError::Inference(e.to_string()))?;
        Ok(self.bos.into_iter().chain(enc.get_ids().iter().copied()).collect())
    }

    fn is_stop(&self, id: u32) -> bool {
        self.stop.contains(&id)
    }

    /// The log-probability of each candidate's first token as the token right
    /// after `prompt` — a yes/no judgement reads `["是", "否"]` or
    /// `["Yes", "No"]` off one forward pass. Candidates are tokenised alone,
    /// so a leading space must be written where the prompt expects one.
    pub fn next_token_logprobs(&mut self, prompt: &str, candidates: &[&str]) -> Result<Vec<f32>, LmError> {
        let ids = self.encode(prompt)?;
        if ids.is_empty() {
            return Err(LmError::Input("the prompt is empty".into()));
        }
        let mut firsts = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            let enc = self.tokenizer.encode(*candidate, false).map_err(|e| LmError::Inference(e.to_string()))?;
            let first = enc
                .get_ids()
                .first()
                .ok_or_else(|| LmError::Input(format!("candidate {candidate:?} has no tokens")))?;
            firsts.push(*first as usize);
        }
        self.model.clear();
        let logits = self.model.forward_last(&ids)?;
        let logp: Vec<f32> = candle_nn::ops::log_softmax(&logits, D::Minus1)?.to_vec1()?;
        firsts
            .into_iter()
            .map(|id| logp.get(id).copied().ok_or_else(|| LmError::Inference(format!("token {id} beyond the logits"))))
            .collect()
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
            if self.is_stop(next) {
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
                if self.is_stop(id) {
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
