//! Reader for CTranslate2 `model.bin` files (format version 6).
//!
//! Layout, little endian: u32 version; u16-length spec name; u32 revision;
//! u32 variable count; per variable a u16-length NUL-padded name, u8 rank,
//! rank × u32 dims, u8 dtype, u32 byte count and the data; then aliases.
//! The whole file is read into memory once (≤ 150 MB for our models) and
//! variables borrow from it.

use std::collections::BTreeMap;
use std::path::Path;

use half::f16;

use super::cursor::Cursor;
use super::ModelsError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DType {
    F32,
    I8,
    I16,
    I32,
    F16,
}

impl DType {
    fn from_code(code: u8) -> Option<DType> {
        Some(match code {
            0 => DType::F32,
            1 => DType::I8,
            2 => DType::I16,
            3 => DType::I32,
            4 => DType::F16,
            _ => return None,
        })
    }

    fn size(self) -> usize {
        match self {
            DType::I8 => 1,
            DType::I16 | DType::F16 => 2,
            DType::F32 | DType::I32 => 4,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Variable<'a> {
    pub dims: Vec<usize>,
    pub dtype: DType,
    pub data: &'a [u8],
}

impl Variable<'_> {
    pub fn len(&self) -> usize {
        self.dims.iter().product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values as f32; integers are converted (used for scalar settings).
    pub fn to_f32(&self) -> Vec<f32> {
        let d = self.data;
        match self.dtype {
            DType::F32 => d.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect(),
            DType::F16 => d.chunks_exact(2).map(|c| f16::from_le_bytes([c[0], c[1]]).to_f32()).collect(),
            DType::I8 => d.iter().map(|&b| b as i8 as f32).collect(),
            DType::I16 => d.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]]) as f32).collect(),
            DType::I32 => d.chunks_exact(4).map(|c| i32::from_le_bytes(c.try_into().unwrap()) as f32).collect(),
        }
    }

    /// A scalar setting such as `encoder/num_heads`.
    pub fn scalar(&self) -> Option<f32> {
        (self.len() == 1).then(|| self.to_f32()[0])
    }
}

pub struct Ct2Model<'a> {
    pub spec: String,
    pub revision: u32,
    pub variables: BTreeMap<String, Variable<'a>>,
    pub aliases: BTreeMap<String, String>,
}

impl<'a> Ct2Model<'a> {
    pub fn parse(bytes: &'a [u8], file: &Path) -> Result<Ct2Model<'a>, ModelsError> {
        let bad = |what: &str| ModelsError::format(file, what);
        let mut c = Cursor::new(bytes);
        let version = c.u32().ok_or_else(|| bad("truncated header"))?;
        if version != 6 {
            return Err(bad(&format!("CTranslate2 format version {version}, expected 6")));
        }
        let spec = c.name().ok_or_else(|| bad("truncated spec name"))?;
        let revision = c.u32().ok_or_else(|| bad("truncated header"))?;
        let count = c.u32().ok_or_else(|| bad("truncated header"))?;
        let mut variables = BTreeMap::new();
        for _ in 0..count {
            let name = c.name().ok_or_else(|| bad("truncated variable name"))?;
            let rank = c.u8().ok_or_else(|| bad("truncated variable"))? as usize;
            let dims = (0..rank)
                .map(|_| c.u32().map(|d| d as usize))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| bad("truncated dims"))?;
            let code = c.u8().ok_or_else(|| bad("truncated dtype"))?;
            let dtype = DType::from_code(code).ok_or_else(|| bad(&format!("{name}: unknown dtype {code}")))?;
            let nbytes = c.u32().ok_or_else(|| bad("truncated size"))? as usize;
            if nbytes != dims.iter().product::<usize>() * dtype.size() {
                return Err(bad(&format!("{name}: {nbytes} bytes do not match dims {dims:?}")));
            }
            let data = c.take(nbytes).ok_or_else(|| bad(&format!("{name}: truncated data")))?;
            variables.insert(name, Variable { dims, dtype, data });
        }
        let mut aliases = BTreeMap::new();
        if let Some(n) = c.u32() {
            for _ in 0..n {
                let alias = c.name().ok_or_else(|| bad("truncated alias"))?;
                let target = c.name().ok_or_else(|| bad("truncated alias"))?;
                aliases.insert(alias, target);
            }
        }
        Ok(Ct2Model { spec, revision, variables, aliases })
    }

    pub fn get(&self, name: &str) -> Option<&Variable<'a>> {
        self.variables.get(name).or_else(|| self.aliases.get(name).and_then(|t| self.variables.get(t)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a tiny model.bin the way CTranslate2 writes one.
    pub(crate) fn tiny_file(vars: &[(&str, &[u32], u8, Vec<u8>)]) -> Vec<u8> {
        let mut out = Vec::new();
        let name = |out: &mut Vec<u8>, s: &str| {
            out.extend(((s.len() + 1) as u16).to_le_bytes());
            out.extend(s.as_bytes());
            out.push(0);
        };
        out.extend(6u32.to_le_bytes());
        name(&mut out, "WhisperSpec");
        out.extend(3u32.to_le_bytes());
        out.extend((vars.len() as u32).to_le_bytes());
        for (n, dims, dtype, data) in vars {
            name(&mut out, n);
            out.push(dims.len() as u8);
            for d in *dims {
                out.extend(d.to_le_bytes());
            }
            out.push(*dtype);
            out.extend((data.len() as u32).to_le_bytes());
            out.extend(data);
        }
        out.extend(1u32.to_le_bytes());
        name(&mut out, "decoder/projection/weight");
        name(&mut out, "decoder/embeddings/weight");
        out
    }

    #[test]
    fn parses_variables_scalars_and_aliases() {
        let weights: Vec<u8> = [1.0f32, -2.0, 0.5, 4.0].iter().flat_map(|v| f16::from_f32(*v).to_le_bytes()).collect();
        let bytes = tiny_file(&[
            ("decoder/embeddings/weight", &[2, 2], 4, weights),
            ("encoder/num_heads", &[], 2, 6i16.to_le_bytes().to_vec()),
        ]);
        let model = Ct2Model::parse(&bytes, Path::new("t")).unwrap();
        assert_eq!(model.spec, "WhisperSpec");
        assert_eq!(model.get("encoder/num_heads").unwrap().scalar(), Some(6.0));
        let proj = model.get("decoder/projection/weight").unwrap();
        assert_eq!(proj.dims, vec![2, 2]);
        assert_eq!(proj.to_f32(), vec![1.0, -2.0, 0.5, 4.0]);
    }

    #[test]
    fn truncated_and_inconsistent_files_are_errors_not_panics() {
        let bytes = tiny_file(&[("a", &[4], 4, vec![0; 8])]);
        for cut in [0, 3, 10, bytes.len() - 20] {
            assert!(Ct2Model::parse(&bytes[..cut], Path::new("t")).is_err(), "cut at {cut}");
        }
        let wrong = tiny_file(&[("a", &[5], 4, vec![0; 8])]);
        assert!(Ct2Model::parse(&wrong, Path::new("t")).is_err());
    }
}
