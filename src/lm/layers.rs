//! What Gemma 3 ([`super::gemma3`]) and Qwen2 ([`super::qwen2`]) compute the
//! same way: GGUF metadata and the decoder shape it states, RMSNorm, CPU-friendly weight matrices, the
//! quantised embedding lookup, rotary positions, the attention mask and the
//! cached grouped-query attention between the Q/K/V projections and the
//! output projection, and the stack of blocks with its KV-cache position.
//! Each model keeps only what is its own: its blocks and how they are loaded.

use candle_core::quantized::{ggml_file, gguf_file, GgmlDType, QMatMul, QTensor};
use candle_core::{DType, Device, Result, Tensor};

pub(super) fn meta_u32(c: &gguf_file::Content, key: &str) -> Result<usize> {
    c.metadata
        .get(key)
        .ok_or_else(|| candle_core::Error::Msg(format!("GGUF lacks {key}")))?
        .to_u32()
        .map(|v| v as usize)
}

pub(super) fn meta_f32(c: &gguf_file::Content, key: &str) -> Result<f64> {
    c.metadata.get(key).ok_or_else(|| candle_core::Error::Msg(format!("GGUF lacks {key}")))?.to_f32().map(|v| v as f64)
}

/// The shape of a decoder as its GGUF file states it, under the
/// architecture's name (`gemma3.block_count`, `qwen2.block_count`, …).
#[derive(Debug, Clone)]
pub struct DecoderConfig {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub kv_heads: usize,
    pub head_dim: usize,
    pub rms_eps: f64,
    pub rope_base: f64,
    pub vocab: usize,
}

impl DecoderConfig {
    pub fn from_gguf(c: &gguf_file::Content, arch: &str) -> Result<DecoderConfig> {
        let key = |name: &str| format!("{arch}.{name}");
        let hidden = meta_u32(c, &key("embedding_length"))?;
        let heads = meta_u32(c, &key("attention.head_count"))?;
        Ok(DecoderConfig {
            hidden,
            layers: meta_u32(c, &key("block_count"))?,
            heads,
            kv_heads: meta_u32(c, &key("attention.head_count_kv"))?,
            // Qwen2 files leave key_length out: heads split the width evenly.
            head_dim: meta_u32(c, &key("attention.key_length")).unwrap_or(hidden / heads.max(1)),
            rms_eps: meta_f32(c, &key("attention.layer_norm_rms_epsilon"))?,
            // And some leave the rotary base out: the usual 10 000.
            rope_base: meta_f32(c, &key("rope.freq_base")).unwrap_or(10_000.0),
            vocab: c.tensor_infos.get("token_embd.weight").map(|t| t.shape.dims()[0]).unwrap_or(0),
        })
    }
}

pub(super) struct RmsNorm {
    weight: Tensor,
    eps: f64,
}

impl RmsNorm {
    pub(super) fn new(weight: QTensor, eps: f64, device: &Device) -> Result<RmsNorm> {
        Ok(RmsNorm { weight: weight.dequantize(device)?, eps })
    }

    pub(super) fn forward(&self, x: &Tensor) -> Result<Tensor> {
        candle_nn::ops::rms_norm(x, &self.weight, self.eps as f32)
    }
}

/// A weight matrix with a kernel that is fast on CPU: Q5_0 has no AVX2
/// kernel in candle 0.11 and becomes Q8_0.
pub(super) fn matrix(t: QTensor, device: &Device) -> Result<QMatMul> {
    if t.dtype() == GgmlDType::Q5_0 {
        QMatMul::from_qtensor(QTensor::quantize(&t.dequantize(device)?, GgmlDType::Q8_0)?)
    } else {
        QMatMul::from_qtensor(t)
    }
}

/// A quantised embedding table whose rows are dequantised only when looked
/// up: the dense tables (150k–260k rows) would cost ~0.5 GB of f32.
pub(super) struct QuantizedRows {
    bytes: Vec<u8>,
    dtype: GgmlDType,
    row_bytes: usize,
    hidden: usize,
}

impl QuantizedRows {
    pub(super) fn new(table: &QTensor, hidden: usize) -> Result<QuantizedRows> {
        let dtype = table.dtype();
        if !hidden.is_multiple_of(dtype.block_size()) {
            return Err(candle_core::Error::Msg(format!("rows of {hidden} do not fill {dtype:?} blocks")));
        }
        let row_bytes = hidden / dtype.block_size() * dtype.type_size();
        Ok(QuantizedRows { bytes: table.data()?.to_vec(), dtype, row_bytes, hidden })
    }

    pub(super) fn lookup(&self, ids: &[u32], device: &Device) -> Result<Tensor> {
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

/// Rotary tables (cos, sin), each (len, head_dim / 2), for positions
/// `start..start + len`.
pub(super) fn rope_tables(
    base: f64,
    head_dim: usize,
    start: usize,
    len: usize,
    device: &Device,
) -> Result<(Tensor, Tensor)> {
    let inv: Vec<f32> = (0..head_dim / 2).map(|i| 1.0 / base.powf(2.0 * i as f64 / head_dim as f64) as f32).collect();
    let inv = Tensor::from_vec(inv, (1, head_dim / 2), device)?;
    let pos = Tensor::arange(start as u32, (start + len) as u32, device)?.to_dtype(DType::F32)?.reshape((len, 1))?;
    let freqs = pos.matmul(&inv)?;
    Ok((freqs.cos()?, freqs.sin()?))
}

/// Additive attention mask for `t` queries starting at position `start`
/// over `total` keys: causal, and with `window`, each query sees only itself
/// and the `window - 1` positions before it.
pub(super) fn attention_mask(
    t: usize,
    start: usize,
    total: usize,
    window: Option<usize>,
    device: &Device,
) -> Result<Tensor> {
    let mut m = vec![0f32; t * total];
    for i in 0..t {
        let query = start + i;
        for (j, cell) in m[i * total..(i + 1) * total].iter_mut().enumerate() {
            let future = j > query;
            let too_old = window.is_some_and(|w| query >= w && j <= query - w);
            if future || too_old {
                *cell = f32::NEG_INFINITY;
            }
        }
    }
    Tensor::from_vec(m, (1, 1, t, total), device)
}

/// The part of an attention layer between the Q/K/V projections and the
/// output projection: rotary positions, the KV cache and grouped-query
/// attention.
pub(super) struct CachedAttention {
    pub(super) heads: usize,
    pub(super) kv_heads: usize,
    pub(super) head_dim: usize,
    pub(super) rope_base: f64,
    /// `Some(window)` for sliding-window attention.
    pub(super) window: Option<usize>,
    pub(super) cache: Option<(Tensor, Tensor)>,
}

impl CachedAttention {
    /// A projection (b, t, heads × head_dim) as contiguous (b, heads, t, head_dim).
    pub(super) fn split_heads(&self, x: &Tensor, heads: usize) -> Result<Tensor> {
        let (b, t, _) = x.dims3()?;
        x.reshape((b, t, heads, self.head_dim))?.transpose(1, 2)?.contiguous()
    }

    /// Queries (b, heads, t, head_dim) and keys and values (b, kv_heads, t,
    /// head_dim) of the tokens at `start..`, attending over the cache and
    /// themselves; returns (b, t, heads × head_dim) for the output projection.
    pub(super) fn attend(&mut self, q: &Tensor, k: &Tensor, v: &Tensor, start: usize) -> Result<Tensor> {
        let (b, _, t, _) = q.dims4()?;
        let (cos, sin) = rope_tables(self.rope_base, self.head_dim, start, t, q.device())?;
        let q = candle_nn::rotary_emb::rope(q, &cos, &sin)?;
        let k = candle_nn::rotary_emb::rope(k, &cos, &sin)?;
        let (k, v) = match &self.cache {
            Some((ck, cv)) => (Tensor::cat(&[ck, &k], 2)?, Tensor::cat(&[cv, v], 2)?),
            None => (k, v.clone()),
        };
        self.cache = Some((k.clone(), v.clone()));
        let total = k.dim(2)?;
        // Query heads sharing a KV head are consecutive: stack them as rows so
        // each KV head is used once, without repeating it per query head.
        let group = self.heads / self.kv_heads;
        let q = q.contiguous()?.reshape((b, self.kv_heads, group * t, self.head_dim))?;
        let scale = 1.0 / (self.head_dim as f64).sqrt();
        let scores = (q.matmul(&k.t()?)? * scale)?.reshape((b, self.heads, t, total))?;
        let scores = scores.broadcast_add(&attention_mask(t, start, total, self.window, q.device())?)?;
        let probs = candle_nn::ops::softmax_last_dim(&scores)?.reshape((b, self.kv_heads, group * t, total))?;
        let out = probs.matmul(&v)?.reshape((b, self.heads, t, self.head_dim))?;
        out.transpose(1, 2)?.reshape((b, t, self.heads * self.head_dim))
    }
}

/// One block of a decoder: attention over its KV cache, then the MLP.
pub(super) trait DecoderBlock {
    fn forward(&mut self, x: Tensor, start: usize) -> Result<Tensor>;
    fn cache(&mut self) -> &mut Option<(Tensor, Tensor)>;
}

/// Embedding, blocks and output layer, with how many tokens the KV caches hold.
pub(super) struct Stack<B> {
    embedding: QuantizedRows,
    /// Multiplies the looked-up embeddings (Gemma scales by √hidden).
    embedding_scale: Option<f64>,
    blocks: Vec<B>,
    output_norm: RmsNorm,
    output: QMatMul,
    device: Device,
    position: usize,
}

impl<B> Stack<B> {
    /// With an empty KV cache.
    pub(super) fn new(
        embedding: QuantizedRows,
        embedding_scale: Option<f64>,
        blocks: Vec<B>,
        output_norm: RmsNorm,
        output: QMatMul,
        device: &Device,
    ) -> Stack<B> {
        Stack { embedding, embedding_scale, blocks, output_norm, output, device: device.clone(), position: 0 }
    }
}

impl<B: DecoderBlock> super::Decoder for Stack<B> {
    fn caches(&mut self) -> Vec<&mut Option<(Tensor, Tensor)>> {
        self.blocks.iter_mut().map(|b| b.cache()).collect()
    }

    fn set_position(&mut self, position: usize) {
        self.position = position;
    }

    /// After the final norm.
    fn hidden(&mut self, ids: &[u32]) -> Result<Tensor> {
        let start = self.position;
        let mut x = self.embedding.lookup(ids, &self.device)?;
        if let Some(scale) = self.embedding_scale {
            x = (x * scale)?;
        }
        let mut x = x.unsqueeze(0)?;
        for b in &mut self.blocks {
            x = b.forward(x, start)?;
        }
        self.position += ids.len();
        self.output_norm.forward(&x)
    }

    fn output(&self) -> &QMatMul {
        &self.output
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visible(t: usize, start: usize, total: usize, window: Option<usize>) -> Vec<Vec<bool>> {
        let m: Vec<Vec<f32>> = attention_mask(t, start, total, window, &Device::Cpu)
            .unwrap()
            .squeeze(0)
            .unwrap()
            .squeeze(0)
            .unwrap()
            .to_vec2()
            .unwrap();
        m.into_iter().map(|row| row.into_iter().map(|v| v == 0.0).collect()).collect()
    }

    #[test]
    fn global_layers_are_causal() {
        let v = visible(3, 0, 3, None);
        assert_eq!(v, vec![vec![true, false, false], vec![true, true, false], vec![true, true, true]]);
    }

    #[test]
    fn local_layers_see_only_the_window_also_while_generating() {
        // Window 3: position 5 sees 3, 4 and 5.
        let prefill = visible(6, 0, 6, Some(3));
        assert_eq!(prefill[5], vec![false, false, false, true, true, true]);
        assert_eq!(prefill[1], vec![true, true, false, false, false, false]);
        // One generated token at position 6 over a cache of 7.
        let step = visible(1, 6, 7, Some(3));
        assert_eq!(step[0], vec![false, false, false, false, true, true, true]);
    }
}
