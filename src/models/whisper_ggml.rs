//! CTranslate2 Whisper → the ggml file whisper.cpp loads.
//!
//! The ggml file is: magic `ggml`; eleven i32 hyper-parameters; the mel
//! filters; the vocabulary (ids below `<|endoftext|>` as raw bytes; whisper.cpp
//! adds the special tokens itself); then tensors, each as n_dims, name length,
//! type, dims (innermost first), name, data. whisper.cpp checks each tensor's
//! byte size against the type it expects, so the types here follow its loader:
//! 1-D tensors, conv biases (as `[1, n]`) and positional embeddings are f32,
//! conv kernels f16, and every other matrix is the chosen [`WeightType`].
//!
//! CTranslate2 fuses projections that whisper.cpp keeps apart: self-attention
//! Q/K/V (`linear_0`, 3d × d) and cross-attention K/V (`linear_1`, 2d × d).
//! We split them; the K slice of a fused bias is all zeros and whisper.cpp
//! has no key bias, so it is dropped (and checked to be zero).

use std::io::Write;
use std::path::Path;

use half::f16;

use super::ct2::{Ct2Model, Variable};
use super::{mel, quant, ModelsError, WeightType};
use crate::durable;

const GGML_MAGIC: u32 = 0x6767_6d6c;
const GGML_QNT_VERSION: i32 = 2;
const GGML_QNT_VERSION_FACTOR: i32 = 1000;
const SAMPLE_RATE: u32 = 16_000;

/// ggml tensor type ids (`enum ggml_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TensorType {
    F32 = 0,
    F16 = 1,
    Q5_1 = 7,
    Q8_0 = 8,
}

impl WeightType {
    fn tensor_type(self) -> TensorType {
        match self {
            WeightType::F16 => TensorType::F16,
            WeightType::Q8_0 => TensorType::Q8_0,
            WeightType::Q5_1 => TensorType::Q5_1,
        }
    }

    /// `enum ggml_ftype` plus the quantisation-format version, as whisper.cpp reads it.
    fn file_type(self) -> i32 {
        match self {
            WeightType::F16 => 1,
            WeightType::Q8_0 => 7 + GGML_QNT_VERSION * GGML_QNT_VERSION_FACTOR,
            WeightType::Q5_1 => 9 + GGML_QNT_VERSION * GGML_QNT_VERSION_FACTOR,
        }
    }
}

/// Whisper's shape, read from the CTranslate2 variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HyperParams {
    pub n_vocab: usize,
    pub n_audio_ctx: usize,
    pub n_audio_state: usize,
    pub n_audio_head: usize,
    pub n_audio_layer: usize,
    pub n_text_ctx: usize,
    pub n_text_state: usize,
    pub n_text_head: usize,
    pub n_text_layer: usize,
    pub n_mels: usize,
}

#[derive(Debug, Clone)]
pub struct ConvertStats {
    pub hparams: HyperParams,
    pub tensors: usize,
    pub vocab: usize,
    pub bytes: u64,
}

/// Converts the CTranslate2 model in `ct2_dir` into `out`, atomically.
pub fn convert(ct2_dir: &Path, out: &Path, weights: WeightType) -> Result<ConvertStats, ModelsError> {
    let model_path = ct2_dir.join("model.bin");
    let bytes = std::fs::read(&model_path).map_err(ModelsError::io(format!("reading {}", model_path.display())))?;
    let model = Ct2Model::parse(&bytes, &model_path)?;
    let vocab_path = ct2_dir.join("vocabulary.txt");
    let vocab_text =
        std::fs::read_to_string(&vocab_path).map_err(ModelsError::io(format!("reading {}", vocab_path.display())))?;
    let vocab = vocabulary_bytes(&vocab_text, &vocab_path)?;
    let hparams = hyper_params(&model, &model_path)?;
    let tensors = tensor_plan(&model, &hparams, &model_path)?;
    let count = tensors.len();
    durable::write_atomically(out, |w| {
        write_header(w, &hparams, weights, &vocab)?;
        for tensor in &tensors {
            tensor.write(w, weights)?;
        }
        w.flush()
    })
    .map_err(ModelsError::io(format!("writing {}", out.display())))?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    Ok(ConvertStats { hparams, tensors: count, vocab: vocab.len(), bytes: size })
}

fn hyper_params(model: &Ct2Model, file: &Path) -> Result<HyperParams, ModelsError> {
    if model.spec != "WhisperSpec" {
        return Err(ModelsError::format(file, format!("spec {} is not WhisperSpec", model.spec)));
    }
    let var = |name: &str| model.get(name).ok_or_else(|| ModelsError::format(file, format!("missing {name}")));
    let dim = |name: &str, i: usize| -> Result<usize, ModelsError> {
        var(name)?.dims.get(i).copied().ok_or_else(|| ModelsError::format(file, format!("{name}: no dim {i}")))
    };
    let scalar = |name: &str| -> Result<usize, ModelsError> {
        var(name)?
            .scalar()
            .map(|v| v as usize)
            .ok_or_else(|| ModelsError::format(file, format!("{name} is not a scalar")))
    };
    let layers = |prefix: &str| {
        (0..).take_while(|i| model.variables.contains_key(&format!("{prefix}/layer_{i}/ffn/linear_0/weight"))).count()
    };
    Ok(HyperParams {
        n_vocab: dim("decoder/embeddings/weight", 0)?,
        n_audio_ctx: dim("encoder/position_encodings/encodings", 0)?,
        n_audio_state: dim("encoder/position_encodings/encodings", 1)?,
        n_audio_head: scalar("encoder/num_heads")?,
        n_audio_layer: layers("encoder"),
        n_text_ctx: dim("decoder/position_encodings/encodings", 0)?,
        n_text_state: dim("decoder/embeddings/weight", 1)?,
        n_text_head: scalar("decoder/num_heads")?,
        n_text_layer: layers("decoder"),
        n_mels: dim("encoder/conv1/weight", 1)?,
    })
}

/// GPT-2's byte-level BPE shows every byte as a printable character; undo it.
fn unicode_to_byte() -> std::collections::HashMap<char, u8> {
    let mut printable: Vec<u32> = (b'!' as u32..=b'~' as u32).chain(0xA1..=0xAC).chain(0xAE..=0xFF).collect();
    let mut chars: Vec<u32> = printable.clone();
    let mut extra = 0;
    for b in 0..256u32 {
        if !printable.contains(&b) {
            printable.push(b);
            chars.push(256 + extra);
            extra += 1;
        }
    }
    printable.into_iter().zip(chars).map(|(b, c)| (char::from_u32(c).expect("valid"), b as u8)).collect()
}

/// The tokens below `<|endoftext|>`, as raw bytes.
fn vocabulary_bytes(text: &str, file: &Path) -> Result<Vec<Vec<u8>>, ModelsError> {
    let table = unicode_to_byte();
    let mut out = Vec::new();
    for line in text.split('\n') {
        if line == "<|endoftext|>" {
            return Ok(out);
        }
        let token = line
            .chars()
            .map(|c| table.get(&c).copied())
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(|| ModelsError::format(file, format!("token {line:?} is not byte-level BPE")))?;
        out.push(token);
    }
    Err(ModelsError::format(file, "no <|endoftext|> token"))
}

fn write_header(w: &mut impl Write, h: &HyperParams, weights: WeightType, vocab: &[Vec<u8>]) -> std::io::Result<()> {
    w.write_all(&GGML_MAGIC.to_le_bytes())?;
    for v in [
        h.n_vocab,
        h.n_audio_ctx,
        h.n_audio_state,
        h.n_audio_head,
        h.n_audio_layer,
        h.n_text_ctx,
        h.n_text_state,
        h.n_text_head,
        h.n_text_layer,
        h.n_mels,
    ] {
        w.write_all(&(v as i32).to_le_bytes())?;
    }
    w.write_all(&weights.file_type().to_le_bytes())?;
    w.write_all(&(h.n_mels as i32).to_le_bytes())?;
    w.write_all(&(mel::N_FREQS as i32).to_le_bytes())?;
    for v in mel::mel_filters(SAMPLE_RATE, h.n_mels) {
        w.write_all(&v.to_le_bytes())?;
    }
    w.write_all(&(vocab.len() as i32).to_le_bytes())?;
    for token in vocab {
        w.write_all(&(token.len() as u32).to_le_bytes())?;
        w.write_all(token)?;
    }
    Ok(())
}

/// How a tensor is stored in the ggml file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Storage {
    F32,
    F16,
    /// The file's weight type (f16 or quantised).
    Weights,
}

/// One tensor to write: a row range of a CTranslate2 variable.
struct PlannedTensor<'a> {
    name: String,
    /// ggml dims, innermost first.
    dims: Vec<usize>,
    storage: Storage,
    source: Variable<'a>,
    rows: std::ops::Range<usize>,
}

impl PlannedTensor<'_> {
    fn values(&self) -> Vec<f32> {
        let outer = self.source.dims.first().copied().unwrap_or(1).max(1);
        let row_bytes = self.source.data.len() / outer;
        let rows = Variable {
            dims: vec![self.rows.len() * self.source.len() / outer],
            dtype: self.source.dtype,
            data: &self.source.data[self.rows.start * row_bytes..self.rows.end * row_bytes],
        };
        rows.to_f32()
    }

    fn write(&self, w: &mut impl Write, weights: WeightType) -> std::io::Result<()> {
        let ttype = match self.storage {
            Storage::F32 => TensorType::F32,
            Storage::F16 => TensorType::F16,
            Storage::Weights => weights.tensor_type(),
        };
        w.write_all(&(self.dims.len() as i32).to_le_bytes())?;
        w.write_all(&(self.name.len() as i32).to_le_bytes())?;
        w.write_all(&(ttype as i32).to_le_bytes())?;
        for d in &self.dims {
            w.write_all(&(*d as i32).to_le_bytes())?;
        }
        w.write_all(self.name.as_bytes())?;
        let values = self.values();
        let mut data = Vec::with_capacity(values.len() * 2);
        match ttype {
            TensorType::F32 => values.iter().for_each(|v| data.extend(v.to_le_bytes())),
            TensorType::F16 => values.iter().for_each(|v| data.extend(f16::from_f32(*v).to_le_bytes())),
            TensorType::Q8_0 => quant::quantize_q8_0(&values, &mut data),
            TensorType::Q5_1 => quant::quantize_q5_1(&values, &mut data),
        }
        w.write_all(&data)
    }
}

type Rows = std::ops::Range<usize>;

/// Collects the tensors to write, in whisper.cpp's naming.
struct Planner<'m, 'a> {
    model: &'m Ct2Model<'a>,
    file: &'m Path,
    tensors: Vec<PlannedTensor<'a>>,
}

impl<'a> Planner<'_, 'a> {
    fn var(&self, src: &str) -> Result<Variable<'a>, ModelsError> {
        self.model.get(src).cloned().ok_or_else(|| ModelsError::format(self.file, format!("missing {src}")))
    }

    /// Adds rows `rows` (all when `None`) of `src` as `name`; `shape`
    /// overrides the ggml dims (conv biases are written as `[1, n]`).
    fn add(
        &mut self,
        name: String,
        src: &str,
        rows: Option<Rows>,
        storage: Storage,
        shape: Option<Vec<usize>>,
    ) -> Result<(), ModelsError> {
        let source = self.var(src)?;
        let rows = rows.unwrap_or(0..source.dims.first().copied().unwrap_or(1));
        let mut dims: Vec<usize> = source.dims.iter().rev().copied().collect();
        if let Some(outer) = dims.last_mut() {
            *outer = rows.len();
        }
        let dims = shape.unwrap_or(dims);
        self.tensors.push(PlannedTensor { name, dims, storage, source, rows });
        Ok(())
    }

    fn linear(&mut self, to: &str, from: &str, rows: Option<Rows>, bias: bool) -> Result<(), ModelsError> {
        self.add(format!("{to}.weight"), &format!("{from}/weight"), rows.clone(), Storage::Weights, None)?;
        if bias {
            self.add(format!("{to}.bias"), &format!("{from}/bias"), rows, Storage::F32, None)?;
        }
        Ok(())
    }

    fn norm(&mut self, to: &str, from: &str) -> Result<(), ModelsError> {
        self.add(format!("{to}.weight"), &format!("{from}/gamma"), None, Storage::F32, None)?;
        self.add(format!("{to}.bias"), &format!("{from}/beta"), None, Storage::F32, None)
    }

    /// Splits a fused projection whose key part has a (zero) bias we drop.
    fn split_fused(&mut self, from: &str, parts: &[(&str, Rows, bool)]) -> Result<(), ModelsError> {
        let bias = self.var(&format!("{from}/bias"))?.to_f32();
        for (to, rows, has_bias) in parts {
            if !has_bias && !bias.get(rows.clone()).is_some_and(|k| k.iter().all(|&v| v == 0.0)) {
                return Err(ModelsError::format(
                    self.file,
                    format!("{from}: key bias is not zero; whisper.cpp has none"),
                ));
            }
            self.linear(to, from, Some(rows.clone()), *has_bias)?;
        }
        Ok(())
    }

    fn self_attention(&mut self, to: &str, from: &str, d: usize) -> Result<(), ModelsError> {
        self.norm(&format!("{to}.attn_ln"), &format!("{from}/self_attention/layer_norm"))?;
        self.split_fused(
            &format!("{from}/self_attention/linear_0"),
            &[
                (&format!("{to}.attn.query"), 0..d, true),
                (&format!("{to}.attn.key"), d..2 * d, false),
                (&format!("{to}.attn.value"), 2 * d..3 * d, true),
            ],
        )?;
        self.linear(&format!("{to}.attn.out"), &format!("{from}/self_attention/linear_1"), None, true)
    }

    fn mlp(&mut self, to: &str, from: &str) -> Result<(), ModelsError> {
        self.norm(&format!("{to}.mlp_ln"), &format!("{from}/ffn/layer_norm"))?;
        self.linear(&format!("{to}.mlp.0"), &format!("{from}/ffn/linear_0"), None, true)?;
        self.linear(&format!("{to}.mlp.2"), &format!("{from}/ffn/linear_1"), None, true)
    }
}

fn tensor_plan<'a>(model: &Ct2Model<'a>, h: &HyperParams, file: &Path) -> Result<Vec<PlannedTensor<'a>>, ModelsError> {
    let mut p = Planner { model, file, tensors: Vec::new() };
    let d = h.n_audio_state;

    p.add("encoder.positional_embedding".into(), "encoder/position_encodings/encodings", None, Storage::F32, None)?;
    for conv in ["conv1", "conv2"] {
        p.add(format!("encoder.{conv}.weight"), &format!("encoder/{conv}/weight"), None, Storage::F16, None)?;
        p.add(format!("encoder.{conv}.bias"), &format!("encoder/{conv}/bias"), None, Storage::F32, Some(vec![1, d]))?;
    }
    p.norm("encoder.ln_post", "encoder/layer_norm")?;
    for i in 0..h.n_audio_layer {
        let (to, from) = (format!("encoder.blocks.{i}"), format!("encoder/layer_{i}"));
        p.self_attention(&to, &from, d)?;
        p.mlp(&to, &from)?;
    }

    p.add("decoder.positional_embedding".into(), "decoder/position_encodings/encodings", None, Storage::F32, None)?;
    p.add("decoder.token_embedding.weight".into(), "decoder/embeddings/weight", None, Storage::Weights, None)?;
    p.norm("decoder.ln", "decoder/layer_norm")?;
    for i in 0..h.n_text_layer {
        let (to, from) = (format!("decoder.blocks.{i}"), format!("decoder/layer_{i}"));
        p.self_attention(&to, &from, d)?;
        p.norm(&format!("{to}.cross_attn_ln"), &format!("{from}/attention/layer_norm"))?;
        p.linear(&format!("{to}.cross_attn.query"), &format!("{from}/attention/linear_0"), None, true)?;
        p.split_fused(
            &format!("{from}/attention/linear_1"),
            &[(&format!("{to}.cross_attn.key"), 0..d, false), (&format!("{to}.cross_attn.value"), d..2 * d, true)],
        )?;
        p.linear(&format!("{to}.cross_attn.out"), &format!("{from}/attention/linear_2"), None, true)?;
        p.mlp(&to, &from)?;
    }
    Ok(p.tensors)
}

/// Reads back a converted file's header and tensor table, for checks.
pub mod inspect {
    use super::*;

    #[derive(Debug)]
    pub struct GgmlTensorInfo {
        pub name: String,
        pub dims: Vec<usize>,
        pub ttype: i32,
    }

    #[derive(Debug)]
    pub struct GgmlSummary {
        pub hparams: Vec<i32>,
        pub n_vocab_written: usize,
        pub tensors: Vec<GgmlTensorInfo>,
    }

    fn type_bytes(ttype: i32, n: usize) -> Option<usize> {
        Some(match ttype {
            0 => n * 4,
            1 => n * 2,
            7 => n / quant::BLOCK * quant::Q5_1_BYTES,
            8 => n / quant::BLOCK * quant::Q8_0_BYTES,
            _ => return None,
        })
    }

    pub fn summarize(bytes: &[u8]) -> Option<GgmlSummary> {
        let mut pos = 0usize;
        let i32_at = |pos: &mut usize| -> Option<i32> {
            let v = i32::from_le_bytes(bytes.get(*pos..*pos + 4)?.try_into().ok()?);
            *pos += 4;
            Some(v)
        };
        if i32_at(&mut pos)? as u32 != GGML_MAGIC {
            return None;
        }
        let hparams: Vec<i32> = (0..11).map(|_| i32_at(&mut pos)).collect::<Option<_>>()?;
        let (n_mel, n_fft) = (i32_at(&mut pos)? as usize, i32_at(&mut pos)? as usize);
        pos += n_mel * n_fft * 4;
        let n_vocab = i32_at(&mut pos)? as usize;
        for _ in 0..n_vocab {
            let len = i32_at(&mut pos)? as usize;
            pos += len;
        }
        let mut tensors = Vec::new();
        while pos < bytes.len() {
            let n_dims = i32_at(&mut pos)? as usize;
            let name_len = i32_at(&mut pos)? as usize;
            let ttype = i32_at(&mut pos)?;
            let dims: Vec<usize> = (0..n_dims).map(|_| i32_at(&mut pos).map(|d| d as usize)).collect::<Option<_>>()?;
            let name = String::from_utf8(bytes.get(pos..pos + name_len)?.to_vec()).ok()?;
            pos += name_len;
            pos += type_bytes(ttype, dims.iter().product())?;
            if pos > bytes.len() {
                return None;
            }
            tensors.push(GgmlTensorInfo { name, dims, ttype });
        }
        Some(GgmlSummary { hparams, n_vocab_written: n_vocab, tensors })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_level_bpe_strings_decode_to_bytes() {
        let text = "!\nĠthe\nÃ¤\n\n<|endoftext|>\n<|startoftranscript|>";
        let vocab = vocabulary_bytes(text, Path::new("v")).unwrap();
        assert_eq!(vocab, vec![b"!".to_vec(), b" the".to_vec(), vec![0xC3, 0xA4], vec![]]);
        assert!(vocabulary_bytes("a\nb", Path::new("v")).is_err());
    }

    #[test]
    fn file_types_carry_the_quantisation_version() {
        assert_eq!(WeightType::F16.file_type(), 1);
        assert_eq!(WeightType::Q8_0.file_type() % GGML_QNT_VERSION_FACTOR, 7);
        assert_eq!(WeightType::Q5_1.file_type() / GGML_QNT_VERSION_FACTOR, 2);
    }
}
