//! The language model runtime: tokenizer ids against Google's sentencepiece
//! on the same vocabulary, and the network's behaviour on real text.

use std::sync::{Mutex, OnceLock};

use ayi::lm::LanguageModel;

use crate::common::{fixture, models_dir};

fn model() -> std::sync::MutexGuard<'static, LanguageModel> {
    static LM: OnceLock<Mutex<LanguageModel>> = OnceLock::new();
    LM.get_or_init(|| {
        let path = ayi::models::lm_path(&models_dir());
        assert!(path.exists(), "{} is missing: run `ayi models fetch`", path.display());
        Mutex::new(LanguageModel::load(&path).unwrap())
    })
    .lock()
    .unwrap()
}

#[test]
fn tokenizer_matches_sentencepiece_on_chinese_and_english() {
    let reference: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("gemma_tokenizer_ids.json")).unwrap()).unwrap();
    let lm = model();
    let mut checked = 0;
    for case in reference["cases"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let want: Vec<u32> = case["ids"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u32).collect();
        let got = lm.tokenizer.encode(text, false).unwrap().get_ids().to_vec();
        assert_eq!(got, want, "{text:?}");
        // And back to the same text.
        assert_eq!(lm.tokenizer.decode(&got, false).unwrap(), text, "{text:?}");
        checked += 1;
    }
    assert!(checked >= 20);
}
