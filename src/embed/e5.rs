//! multilingual-e5-small (a 12-layer XLM-R/BERT encoder) in candle.
//!
//! Texts are sorted by length and encoded in padded batches, so the matmuls
//! see many rows at once (candle's f32 gemm is where the time goes) and the
//! padding stays small. The word embedding table stays Q4_0 and only the rows
//! a batch uses are dequantised. Output: mean over every token of the text
//! (`<s>` and `</s>` included, as the model was trained), L2-normalised.

use std::path::Path;

use candle_core::{DType, Device, Module, Tensor, D};
use candle_nn::{LayerNorm, Linear};

use super::tokenizer::E5Tokenizer;
use super::{EmbedError, Embedder, TextKind};
use crate::models::e5::{dequantize_q4_0_block, E5Config, Q4_0_BLOCK_BYTES};

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    output: Linear,
    attention_norm: LayerNorm,
    up: Linear,
    down: Linear,
    ffn_norm: LayerNorm,
}

pub struct E5Embedder {
    config: E5Config,
    tokenizer: E5Tokenizer,
    word_q4_0: Vec<u8>,
    position: Vec<f32>,
    token_type: Vec<f32>,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    device: Device,
    /// Padded tokens per forward pass. 512–768 measured fastest here: larger
    /// batches spend their gain on page faults for the big activations.
    batch_tokens: usize,
}

fn model_err(e: impl std::fmt::Display) -> EmbedError {
    EmbedError::Model(e.to_string())
}

impl E5Embedder {
    /// Loads the converted model from `dir` (`ayi models fetch` makes it).
    pub fn load(dir: &Path) -> Result<E5Embedder, EmbedError> {
        use crate::models::e5::{MODEL_FILE, NORMALIZATION_FILE, TOKENIZER_FILE};
        let model_path = dir.join(MODEL_FILE);
        if !model_path.exists() {
            return Err(EmbedError::NotFetched(model_path.display().to_string()));
        }
        let bytes = std::fs::read(&model_path).map_err(model_err)?;
        let (_, header) = safetensors::SafeTensors::read_metadata(&bytes).map_err(model_err)?;
        let config = header
            .metadata()
            .as_ref()
            .and_then(E5Config::from_metadata)
            .ok_or_else(|| EmbedError::Model(format!("{}: no encoder configuration", model_path.display())))?;
        let device = Device::Cpu;
        let mut tensors = candle_core::safetensors::load_buffer(&bytes, &device).map_err(model_err)?;
        let mut take = |name: &str| {
            tensors.remove(name).ok_or_else(|| EmbedError::Model(format!("{}: missing {name}", model_path.display())))
        };
        let word_q4_0 =
            take("embeddings.word.q4_0")?.flatten_all().and_then(|t| t.to_vec1::<u8>()).map_err(model_err)?;
        let position =
            take("embeddings.position")?.flatten_all().and_then(|t| t.to_vec1::<f32>()).map_err(model_err)?;
        let token_type = take("embeddings.token_type")?.to_vec1::<f32>().map_err(model_err)?;
        let eps = config.layer_norm_eps;
        let embedding_norm = LayerNorm::new(take("embeddings.norm.weight")?, take("embeddings.norm.bias")?, eps);
        let mut layers = Vec::with_capacity(config.layers);
        for l in 0..config.layers {
            let mut linear = |name: &str| -> Result<Linear, EmbedError> {
                let w = take(&format!("layers.{l}.{name}.weight"))?;
                let b = take(&format!("layers.{l}.{name}.bias"))?;
                Ok(Linear::new(w, Some(b)))
            };
            let (query, key, value, output) = (
                linear("attention.query")?,
                linear("attention.key")?,
                linear("attention.value")?,
                linear("attention.output")?,
            );
            let (up, down) = (linear("ffn.up")?, linear("ffn.down")?);
            let mut norm = |name: &str| -> Result<LayerNorm, EmbedError> {
                Ok(LayerNorm::new(
                    take(&format!("layers.{l}.{name}.weight"))?,
                    take(&format!("layers.{l}.{name}.bias"))?,
                    eps,
                ))
            };
            let (attention_norm, ffn_norm) = (norm("attention.norm")?, norm("ffn.norm")?);
            layers.push(Layer { query, key, value, output, attention_norm, up, down, ffn_norm });
        }
        let tokenizer =
            E5Tokenizer::load(&dir.join(TOKENIZER_FILE), &dir.join(NORMALIZATION_FILE)).map_err(EmbedError::Model)?;
        let row = config.hidden / 32 * Q4_0_BLOCK_BYTES;
        if word_q4_0.len() != config.vocab * row || position.len() != config.max_positions * config.hidden {
            return Err(EmbedError::Model(format!("{}: embedding tables have the wrong size", model_path.display())));
        }
        Ok(E5Embedder {
            config,
            tokenizer,
            word_q4_0,
            position,
            token_type,
            embedding_norm,
            layers,
            device,
            batch_tokens: 640,
        })
    }

    /// Token ids of `text` as the model sees it (prefix, `<s>`, `</s>`).
    pub fn token_ids(&self, text: &str, kind: TextKind) -> Result<Vec<u32>, EmbedError> {
        self.tokenizer.encode(&format!("{}{text}", kind.prefix()), self.config.max_positions).map_err(EmbedError::Model)
    }

    /// Word + position + token-type embeddings of a padded batch, `[B, L, H]`.
    fn embeddings(&self, batch: &[&[u32]], len: usize) -> Result<Tensor, EmbedError> {
        let h = self.config.hidden;
        let row = h / 32 * Q4_0_BLOCK_BYTES;
        let mut x = vec![0f32; batch.len() * len * h];
        for (b, ids) in batch.iter().enumerate() {
            for (t, &id) in ids.iter().enumerate() {
                let id = (id as usize).min(self.config.vocab - 1);
                let out = &mut x[(b * len + t) * h..][..h];
                let q = &self.word_q4_0[id * row..][..row];
                for (block, o) in q.chunks_exact(Q4_0_BLOCK_BYTES).zip(out.chunks_exact_mut(32)) {
                    dequantize_q4_0_block(block, o);
                }
                let pos = &self.position[t * h..][..h];
                for ((o, p), y) in out.iter_mut().zip(pos).zip(&self.token_type) {
                    *o += p + y;
                }
            }
        }
        Tensor::from_vec(x, (batch.len(), len, h), &self.device).map_err(model_err)
    }

    fn forward(&self, batch: &[&[u32]]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let cfg = &self.config;
        let len = batch.iter().map(|ids| ids.len()).max().unwrap_or(0);
        let (b, heads, head_dim) = (batch.len(), cfg.heads, cfg.hidden / cfg.heads);
        let mut mask = vec![0f32; b * len];
        for (i, ids) in batch.iter().enumerate() {
            mask[i * len..i * len + ids.len()].fill(1.0);
        }
        let mask = Tensor::from_vec(mask, (b, len), &self.device).map_err(model_err)?;
        // Additive attention bias: 0 for real keys, a large negative for padding.
        let bias = ((mask.clone() - 1.0).map_err(model_err)? * 1e9f64)
            .and_then(|t| t.reshape((b, 1, 1, len)))
            .map_err(model_err)?;
        let scale = 1.0 / (head_dim as f64).sqrt();
        let run = || -> candle_core::Result<Tensor> {
            // Token-wise layers see one [B·L, H] matrix: one large gemm per
            // weight instead of B small ones.
            let x0 = self.embeddings(batch, len).map_err(candle_core::Error::wrap)?.reshape((b * len, cfg.hidden))?;
            let mut x = self.embedding_norm.forward(&x0)?;
            let split = |t: Tensor| t.reshape((b, len, heads, head_dim))?.transpose(1, 2)?.contiguous();
            for layer in &self.layers {
                let q = split(layer.query.forward(&x)?)?;
                let k = split(layer.key.forward(&x)?)?;
                let v = split(layer.value.forward(&x)?)?;
                let scores = (q.matmul(&k.t()?)? * scale)?.broadcast_add(&bias)?;
                let probs = candle_nn::ops::softmax_last_dim(&scores)?;
                let context = probs.matmul(&v)?.transpose(1, 2)?.reshape((b * len, cfg.hidden))?;
                x = layer.attention_norm.forward(&(layer.output.forward(&context)? + &x)?)?;
                let up = layer.up.forward(&x)?.apply_op1_no_bwd(&super::gelu::FastGelu)?;
                x = layer.ffn_norm.forward(&(layer.down.forward(&up)? + &x)?)?;
            }
            let x = x.reshape((b, len, cfg.hidden))?;
            let m = mask.unsqueeze(2)?;
            let summed = x.broadcast_mul(&m)?.sum(1)?;
            let mean = summed.broadcast_div(&m.sum(1)?)?;
            let norm = mean.sqr()?.sum_keepdim(D::Minus1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
            mean.broadcast_div(&norm)?.to_dtype(DType::F32)
        };
        run().and_then(|t| t.to_vec2::<f32>()).map_err(model_err)
    }
}

impl Embedder for E5Embedder {
    fn dim(&self) -> usize {
        self.config.hidden
    }

    fn embed(&mut self, texts: &[&str], kind: TextKind) -> Result<Vec<Vec<f32>>, EmbedError> {
        let ids: Vec<Vec<u32>> = texts.iter().map(|t| self.token_ids(t, kind)).collect::<Result<_, _>>()?;
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| ids[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        let mut start = 0;
        while start < order.len() {
            // Sorted by length, so the last text of a batch is its longest.
            let mut end = start + 1;
            while end < order.len() && (end + 1 - start) * ids[order[end]].len() <= self.batch_tokens {
                end += 1;
            }
            let batch: Vec<&[u32]> = order[start..end].iter().map(|&i| ids[i].as_slice()).collect();
            for (&i, v) in order[start..end].iter().zip(self.forward(&batch)?) {
                out[i] = v;
            }
            start = end;
        }
        Ok(out)
    }
}
