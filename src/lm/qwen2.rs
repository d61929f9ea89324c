//! Qwen2 (Qwen2.5 and Qwen2.5-Coder) on quantised GGUF weights, in candle.
//!
//! A plain pre-norm decoder: RMSNorm → attention with biased Q/K/V
//! projections, rotary embeddings on halves of each head (NeoX order, which
//! llama.cpp keeps for `qwen2`, so the weights need no permutation) and
//! grouped KV heads → RMSNorm → SwiGLU MLP. No embedding scale, no extra
//! norms, causal attention over the whole cache.
//!
//! As for Gemma ([`super::gemma3`]), the shape follows what is cheap on a
//! small CPU:
//!
//! - the 152k-row embedding table stays quantised (whatever its type, Q5_0
//!   in the file we ship) and only the looked-up rows are dequantised — the
//!   dense table would be ~0.5 GB of f32;
//! - Q5_0 matrices have no AVX2 kernel in candle 0.11 and are requantised to
//!   Q8_0 at load, which also applies to a tied output layer;
//! - the KV cache takes prompts in chunks and can be truncated to a prefix.

use std::io::{Read, Seek};

use candle_core::quantized::{gguf_file, QMatMul, QTensor};
use candle_core::{Device, Module, Result, Tensor};

use super::layers::{matrix, CachedAttention, DecoderBlock, DecoderConfig, QuantizedRows, RmsNorm, Stack};

/// Qwen2's shape: nothing beyond what every decoder states.
pub type Config = DecoderConfig;

/// A projection with a bias (Qwen2's Q, K and V).
struct Linear {
    weight: QMatMul,
    bias: Tensor,
}

impl Linear {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        self.weight.forward(x)?.broadcast_add(&self.bias)
    }
}

struct Attention {
    q: Linear,
    k: Linear,
    v: Linear,
    o: QMatMul,
    /// Causal over the whole cache.
    inner: CachedAttention,
}

impl Attention {
    fn forward(&mut self, x: &Tensor, start: usize) -> Result<Tensor> {
        let a = &self.inner;
        let q = a.split_heads(&self.q.forward(x)?, a.heads)?;
        let k = a.split_heads(&self.k.forward(x)?, a.kv_heads)?;
        let v = a.split_heads(&self.v.forward(x)?, a.kv_heads)?;
        let out = self.inner.attend(&q, &k, &v, start)?;
        self.o.forward(&out)
    }
}

pub(super) struct Block {
    attn_norm: RmsNorm,
    attn: Attention,
    ffn_norm: RmsNorm,
    gate: QMatMul,
    up: QMatMul,
    down: QMatMul,
}

pub struct Qwen2 {
    pub config: Config,
    pub(super) stack: Stack<Block>,
}

impl Qwen2 {
    pub fn load<R: Read + Seek>(content: &gguf_file::Content, reader: &mut R, device: &Device) -> Result<Qwen2> {
        let config = DecoderConfig::from_gguf(content, "qwen2")?;
        let mut tensor = |name: &str| content.tensor(reader, name, device);
        let eps = config.rms_eps;
        let dense = |t: QTensor| t.dequantize(device);
        let mut blocks = Vec::with_capacity(config.layers);
        for i in 0..config.layers {
            let p = format!("blk.{i}");
            let mut linear = |name: &str| -> Result<Linear> {
                Ok(Linear {
                    weight: matrix(tensor(&format!("{p}.{name}.weight"))?, device)?,
                    bias: dense(tensor(&format!("{p}.{name}.bias"))?)?,
                })
            };
            let (q, k, v) = (linear("attn_q")?, linear("attn_k")?, linear("attn_v")?);
            let attn = Attention {
                q,
                k,
                v,
                o: matrix(tensor(&format!("{p}.attn_output.weight"))?, device)?,
                inner: CachedAttention {
                    heads: config.heads,
                    kv_heads: config.kv_heads,
                    head_dim: config.head_dim,
                    rope_base: config.rope_base,
                    window: None,
                    cache: None,
                },
            };
            blocks.push(Block {
                attn_norm: RmsNorm::new(tensor(&format!("{p}.attn_norm.weight"))?, eps, device)?,
                attn,
                ffn_norm: RmsNorm::new(tensor(&format!("{p}.ffn_norm.weight"))?, eps, device)?,
                gate: matrix(tensor(&format!("{p}.ffn_gate.weight"))?, device)?,
                up: matrix(tensor(&format!("{p}.ffn_up.weight"))?, device)?,
                down: matrix(tensor(&format!("{p}.ffn_down.weight"))?, device)?,
            });
        }
        let output_norm = RmsNorm::new(tensor("output_norm.weight")?, eps, device)?;
        let embd = tensor("token_embd.weight")?;
        let embedding = QuantizedRows::new(&embd, config.hidden)?;
        // The 0.5B model ships a separate output matrix; smaller files tie it.
        let output = if content.tensor_infos.contains_key("output.weight") {
            matrix(tensor("output.weight")?, device)?
        } else {
            matrix(embd, device)?
        };
        let stack = Stack::new(embedding, None, blocks, output_norm, output, device);
        Ok(Qwen2 { config, stack })
    }
}

impl DecoderBlock for Block {
    fn forward(&mut self, x: Tensor, start: usize) -> Result<Tensor> {
        let x = (&x + self.attn.forward(&self.attn_norm.forward(&x)?, start)?)?;
        let n = self.ffn_norm.forward(&x)?;
        let m = self.down.forward(&(self.gate.forward(&n)?.silu()? * self.up.forward(&n)?)?)?;
        x + m
    }

    fn cache(&mut self) -> &mut Option<(Tensor, Tensor)> {
        &mut self.attn.inner.cache
    }
}
