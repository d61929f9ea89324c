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

use candle_core::quantized::{ggml_file, gguf_file, GgmlDType, QMatMul, QTensor};
use candle_core::{Device, Module, Result, Tensor};

use super::gemma3::{attention_mask, meta_f32, meta_u32, rope_tables, RmsNorm};

#[derive(Debug, Clone)]
pub struct Config {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub kv_heads: usize,
    pub head_dim: usize,
    pub rms_eps: f64,
    pub rope_base: f64,
    pub vocab: usize,
}

impl Config {
    pub fn from_gguf(c: &gguf_file::Content) -> Result<Config> {
        let hidden = meta_u32(c, "qwen2.embedding_length")?;
        let heads = meta_u32(c, "qwen2.attention.head_count")?;
        Ok(Config {
            hidden,
            layers: meta_u32(c, "qwen2.block_count")?,
            heads,
            kv_heads: meta_u32(c, "qwen2.attention.head_count_kv")?,
            // Qwen2 files leave key_length out: heads split the width evenly.
            head_dim: meta_u32(c, "qwen2.attention.key_length").unwrap_or(hidden / heads),
            rms_eps: meta_f32(c, "qwen2.attention.layer_norm_rms_epsilon")?,
            rope_base: meta_f32(c, "qwen2.rope.freq_base").unwrap_or(10_000.0),
            vocab: c.tensor_infos.get("token_embd.weight").map(|t| t.shape.dims()[0]).unwrap_or(0),
        })
    }
}

/// A quantised table whose rows are dequantised only when looked up.
struct QuantizedRows {
    bytes: Vec<u8>,
    dtype: GgmlDType,
    row_bytes: usize,
    hidden: usize,
}

impl QuantizedRows {
    fn new(table: &QTensor, hidden: usize) -> Result<QuantizedRows> {
        let dtype = table.dtype();
        if !hidden.is_multiple_of(dtype.block_size()) {
            return Err(candle_core::Error::Msg(format!("rows of {hidden} do not fill {dtype:?} blocks")));
        }
        let row_bytes = hidden / dtype.block_size() * dtype.type_size();
        Ok(QuantizedRows { bytes: table.data()?.to_vec(), dtype, row_bytes, hidden })
    }

    fn lookup(&self, ids: &[u32], device: &Device) -> Result<Tensor> {
        let mut rows = Vec::with_capacity(ids.len() * self.row_bytes);
        for &id in ids {
            let start = id as usize * self.row_bytes;
            let row = self
                .bytes
                .get(start..start + self.row_bytes)
                .ok_or_else(|| candle_core::Error::Msg(format!("token id {id} out of range")))?;
            rows.extend_from_slice(row);
        }
        ggml_file::qtensor_from_ggml(self.dtype, &rows, vec![ids.len(), self.hidden], device)?.dequantize(device)
    }
}

/// A weight matrix with a kernel that is fast on CPU: Q5_0 becomes Q8_0.
fn matrix(t: QTensor, device: &Device) -> Result<QMatMul> {
    if t.dtype() == GgmlDType::Q5_0 {
        QMatMul::from_qtensor(QTensor::quantize(&t.dequantize(device)?, GgmlDType::Q8_0)?)
    } else {
        QMatMul::from_qtensor(t)
    }
}

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
    heads: usize,
    kv_heads: usize,
    head_dim: usize,
    rope_base: f64,
    cache: Option<(Tensor, Tensor)>,
}

impl Attention {
    fn forward(&mut self, x: &Tensor, start: usize) -> Result<Tensor> {
        let (b, t, _) = x.dims3()?;
        let q = self.q.forward(x)?.reshape((b, t, self.heads, self.head_dim))?.transpose(1, 2)?.contiguous()?;
        let k = self.k.forward(x)?.reshape((b, t, self.kv_heads, self.head_dim))?.transpose(1, 2)?.contiguous()?;
        let v = self.v.forward(x)?.reshape((b, t, self.kv_heads, self.head_dim))?.transpose(1, 2)?.contiguous()?;
        let (cos, sin) = rope_tables(self.rope_base, self.head_dim, start, t, x.device())?;
        let q = candle_nn::rotary_emb::rope(&q, &cos, &sin)?;
        let k = candle_nn::rotary_emb::rope(&k, &cos, &sin)?;
        let (k, v) = match &self.cache {
            Some((ck, cv)) => (Tensor::cat(&[ck, &k], 2)?, Tensor::cat(&[cv, &v], 2)?),
            None => (k, v),
        };
        self.cache = Some((k.clone(), v.clone()));
        let total = k.dim(2)?;
        // Query heads sharing a KV head are consecutive: stack them as rows so
        // each KV head is used once, without repeating it per query head.
        let group = self.heads / self.kv_heads;
        let q = q.reshape((b, self.kv_heads, group * t, self.head_dim))?;
        let scale = 1.0 / (self.head_dim as f64).sqrt();
        let scores = (q.matmul(&k.t()?)? * scale)?.reshape((b, self.heads, t, total))?;
        let scores = scores.broadcast_add(&attention_mask(t, start, total, None, x.device())?)?;
        let probs = candle_nn::ops::softmax_last_dim(&scores)?.reshape((b, self.kv_heads, group * t, total))?;
        let out = probs.matmul(&v)?.reshape((b, self.heads, t, self.head_dim))?;
        let out = out.transpose(1, 2)?.reshape((b, t, self.heads * self.head_dim))?;
        self.o.forward(&out)
    }
}

struct Block {
    attn_norm: RmsNorm,
    attn: Attention,
    ffn_norm: RmsNorm,
    gate: QMatMul,
    up: QMatMul,
    down: QMatMul,
}

pub struct Qwen2 {
    pub config: Config,
    embedding: QuantizedRows,
    blocks: Vec<Block>,
    output_norm: RmsNorm,
    output: QMatMul,
    device: Device,
    /// Tokens already in the KV cache.
    pub position: usize,
}

impl Qwen2 {
    pub fn load<R: Read + Seek>(content: &gguf_file::Content, reader: &mut R, device: &Device) -> Result<Qwen2> {
        let config = Config::from_gguf(content)?;
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
                heads: config.heads,
                kv_heads: config.kv_heads,
                head_dim: config.head_dim,
                rope_base: config.rope_base,
                cache: None,
            };
            blocks.push(Block {
                attn_norm: RmsNorm { weight: dense(tensor(&format!("{p}.attn_norm.weight"))?)?, eps },
                attn,
                ffn_norm: RmsNorm { weight: dense(tensor(&format!("{p}.ffn_norm.weight"))?)?, eps },
                gate: matrix(tensor(&format!("{p}.ffn_gate.weight"))?, device)?,
                up: matrix(tensor(&format!("{p}.ffn_up.weight"))?, device)?,
                down: matrix(tensor(&format!("{p}.ffn_down.weight"))?, device)?,
            });
        }
        let output_norm = RmsNorm { weight: dense(tensor("output_norm.weight")?)?, eps };
        let embd = tensor("token_embd.weight")?;
        let embedding = QuantizedRows::new(&embd, config.hidden)?;
        // The 0.5B model ships a separate output matrix; smaller files tie it.
        let output = if content.tensor_infos.contains_key("output.weight") {
            matrix(tensor("output.weight")?, device)?
        } else {
            matrix(embd, device)?
        };
        Ok(Qwen2 { config, embedding, blocks, output_norm, output, device: device.clone(), position: 0 })
    }

    /// Runs `ids` after what is cached; returns the hidden states (1, t, hidden)
    /// after the final norm.
    fn hidden_states(&mut self, ids: &[u32]) -> Result<Tensor> {
        let start = self.position;
        let mut x = self.embedding.lookup(ids, &self.device)?.unsqueeze(0)?;
        for b in &mut self.blocks {
            x = (&x + b.attn.forward(&b.attn_norm.forward(&x)?, start)?)?;
            let n = b.ffn_norm.forward(&x)?;
            let m = b.down.forward(&(b.gate.forward(&n)?.silu()? * b.up.forward(&n)?)?)?;
            x = (x + m)?;
        }
        self.position += ids.len();
        self.output_norm.forward(&x)
    }
}

impl super::Decoder for Qwen2 {
    fn caches(&mut self) -> Vec<&mut Option<(Tensor, Tensor)>> {
        self.blocks.iter_mut().map(|b| &mut b.attn.cache).collect()
    }

    fn set_position(&mut self, position: usize) {
        self.position = position;
    }

    fn hidden(&mut self, ids: &[u32]) -> Result<Tensor> {
        self.hidden_states(ids)
    }

    fn output(&self) -> &QMatMul {
        &self.output
    }
}
