//! The converted Whisper models have the shape whisper.cpp expects, and the
//! conversion is repeatable.

use ayi::models::whisper_ggml::{self, inspect};
use ayi::models::{WeightType, WhisperModel};

use crate::common::{ayi, model_path, models_dir};

#[test]
fn converted_base_has_whispers_shape_vocab_and_tensor_types() {
    let bytes = std::fs::read(model_path(WhisperModel::Base, WeightType::default())).unwrap();
    let summary = inspect::summarize(&bytes).expect("a well-formed ggml file");
    // n_vocab, audio ctx/state/heads/layers, text ctx/state/heads/layers, n_mels.
    assert_eq!(&summary.hparams[..10], &[51865, 1500, 512, 8, 6, 448, 512, 8, 6, 80]);
    assert_eq!(summary.hparams[10], 2007, "q8_0 with quantisation version 2");
    // Multilingual: every id below <|endoftext|> (50257), whose 50256 is empty.
    assert_eq!(summary.n_vocab_written, 50257);
    // 10 input tensors + 15 per encoder block + 24 per decoder block + 5 others, as whisper.cpp counts.
    assert_eq!(summary.tensors.len(), 8 + 15 * 6 + 24 * 6 + 3);
    let tensor = |name: &str| summary.tensors.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("{name}"));
    let conv1 = tensor("encoder.conv1.weight");
    assert_eq!((conv1.dims.clone(), conv1.ttype), (vec![3, 80, 512], 1), "conv kernels stay f16");
    let bias = tensor("encoder.conv1.bias");
    assert_eq!((bias.dims.clone(), bias.ttype), (vec![1, 512], 0));
    let q = tensor("encoder.blocks.0.attn.query.weight");
    assert_eq!((q.dims.clone(), q.ttype), (vec![512, 512], 8), "matrices are q8_0");
    assert!(summary.tensors.iter().all(|t| t.name != "encoder.blocks.0.attn.key.bias"), "whisper.cpp has no key bias");
    let emb = tensor("decoder.token_embedding.weight");
    assert_eq!(emb.dims, vec![512, 51865]);
    assert_eq!(tensor("decoder.positional_embedding").dims, vec![512, 448]);
    assert_eq!(tensor("decoder.blocks.5.cross_attn.value.weight").dims, vec![512, 512]);
    assert_eq!(tensor("encoder.blocks.5.mlp.0.weight").dims, vec![512, 2048]);
}

#[test]
fn conversion_of_tiny_en_to_each_weight_type_is_deterministic_and_sized_right() {
    let ct2 = WhisperModel::TinyEn.ct2_dir(&models_dir());
    let dir = tempfile::tempdir().unwrap();
    let mut sizes = Vec::new();
    for weights in [WeightType::F16, WeightType::Q8_0, WeightType::Q5_1] {
        let out = dir.path().join(format!("{weights}.bin"));
        let stats = whisper_ggml::convert(&ct2, &out, weights).unwrap();
        assert_eq!(stats.hparams.n_vocab, 51864);
        assert_eq!((stats.hparams.n_audio_layer, stats.hparams.n_audio_state, stats.hparams.n_audio_head), (4, 384, 6));
        assert_eq!(stats.vocab, 50256, "tiny.en: ids below <|endoftext|>");
        let summary = inspect::summarize(&std::fs::read(&out).unwrap()).unwrap();
        assert_eq!(summary.tensors.len(), 8 + 15 * 4 + 24 * 4 + 3);
        sizes.push(stats.bytes);
        if weights == WeightType::default() {
            // Same input, same bytes as the file `models fetch` made.
            let fetched = std::fs::read(model_path(WhisperModel::TinyEn, weights)).unwrap();
            assert!(std::fs::read(&out).unwrap() == fetched, "conversion is deterministic");
        }
    }
    assert!(sizes[0] > sizes[1] && sizes[1] > sizes[2], "f16 > q8_0 > q5_1: {sizes:?}");
    assert!((70e6..85e6).contains(&(sizes[0] as f64)), "f16 tiny.en ~78 MB: {sizes:?}");
}

#[test]
fn models_fetch_again_does_nothing_and_says_so() {
    let out = ayi(&["models", "fetch"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("nothing to do"), "{stderr}");
    assert!(!stderr.contains("downloaded") && !stderr.contains("converted"), "{stderr}");
}

/// Every file a fetch leaves under its final name is complete, wherever the
/// process was killed; a rerun finishes the job.
#[test]
fn models_fetch_killed_at_any_point_leaves_only_complete_files() {
    use std::process::{Command, Stdio};
    use std::time::Duration;

    let dir = tempfile::tempdir().unwrap();
    let fetch = || {
        Command::new(env!("CARGO_BIN_EXE_ayi"))
            .args(["models", "fetch", "--model", "tiny.en"])
            .env("AYI_MODELS", dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let check_complete = || {
        let ct2_model = WhisperModel::TinyEn.ct2_dir(dir.path()).join("model.bin");
        if ct2_model.exists() {
            assert_eq!(
                ayi::models::fetch::sha256_file(&ct2_model).unwrap(),
                "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
            );
        }
        let ggml = WhisperModel::TinyEn.ggml_path(dir.path(), WeightType::default());
        if ggml.exists() {
            let summary = inspect::summarize(&std::fs::read(&ggml).unwrap()).expect("complete ggml file");
            assert_eq!(summary.tensors.len(), 8 + 15 * 4 + 24 * 4 + 3);
        }
    };
    for kill_after_ms in [150, 400, 800, 1500, 2500] {
        let mut child = fetch();
        std::thread::sleep(Duration::from_millis(kill_after_ms));
        let _ = child.kill(); // SIGKILL: no chance to clean up
        let _ = child.wait();
        check_complete();
    }
    let status = fetch().wait().unwrap();
    assert!(status.success());
    check_complete();
    assert!(WhisperModel::TinyEn.ggml_path(dir.path(), WeightType::default()).exists());
    // No temporaries are left once a fetch has completed.
    let leftovers: Vec<_> =
        walk(dir.path()).into_iter().filter(|p| p.to_string_lossy().contains(".ayi-partial-")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
