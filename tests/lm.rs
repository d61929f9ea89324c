//! The language model runtime: tokenizer ids against Google's sentencepiece
//! on the same vocabulary, and the network's behaviour on real text.
//!
//! The `qwen_*` tests need the opt-in Qwen2.5-Coder file
//! (`ayi models fetch --lm qwen2.5-coder-0.5b-instruct`) and say so and pass
//! when it is absent, since the default fetch leaves it out.

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

/// The network against llama.cpp on the same GGUF (fixture recorded with
/// scripts/lm_llama_cpp_reference.py): same ids, perplexity within 5%, and
/// the same most likely next token almost everywhere. Our Q5_0 → Q8_0
/// requantisation accounts for the small differences.
#[test]
fn model_agrees_with_llama_cpp_on_the_same_file() {
    let reference: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("lm_llama_cpp_reference.json")).unwrap()).unwrap();
    let mut lm = model();
    for case in reference["cases"].as_array().unwrap() {
        let text = std::fs::read_to_string(fixture(case["file"].as_str().unwrap())).unwrap();
        let ids = lm.encode(&text).unwrap();
        let want: Vec<u32> = case["ids"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u32).collect();
        assert_eq!(ids, want, "token ids of {}", case["file"]);
        let nll = lm.model.mean_nll(&ids).unwrap();
        let reference_ppl = case["perplexity"].as_f64().unwrap();
        let ppl = nll.exp();
        assert!(
            (ppl / reference_ppl - 1.0).abs() < 0.05,
            "{}: perplexity {ppl:.2} vs llama.cpp {reference_ppl:.2}",
            case["file"]
        );
        assert!(ppl < 30.0, "a 270M model reads plain prose at perplexity ~17–19, got {ppl}");

        lm.model.clear();
        let logits = lm.model.forward_all(&ids[..ids.len() - 1]).unwrap();
        let top1: Vec<u32> = logits.argmax(candle_core::D::Minus1).unwrap().to_vec1().unwrap();
        let reference_top: Vec<u32> =
            case["top5_next"].as_array().unwrap().iter().map(|t| t[0].as_u64().unwrap() as u32).collect();
        let agree = top1.iter().zip(&reference_top).filter(|(a, b)| a == b).count();
        eprintln!(
            "{}: perplexity {ppl:.3} (llama.cpp {reference_ppl:.3}), top-1 agrees {agree}/{}",
            case["file"],
            top1.len()
        );
        assert!(agree as f64 >= 0.9 * top1.len() as f64, "{}: top-1 agrees on {agree}/{}", case["file"], top1.len());
    }
}

#[test]
fn greedy_completion_continues_the_text() {
    let mut lm = model();
    let c = lm.complete("The quick brown fox jumps over the lazy", 3).unwrap();
    assert!(c.text.trim_start().starts_with("dog"), "{:?}", c.text);
    assert!(c.generated_tokens >= 1 && c.prompt_tokens == 9);
}

/// A prompt fed in chunks (a cached few-shot prefix, then the rest) gives the
/// same next-token logits as feeding it whole; and a prefix kept with
/// `truncate` can be reused for a different continuation.
#[test]
fn chunked_prefill_and_a_reused_prefix_match_the_whole_prompt() {
    let mut lm = model();
    let prefix = lm.encode("Name: 王秀兰\nHometown: 河南\n\nTranscript: 我是四川人 会说四川话\n").unwrap();
    let rest = lm.encode("Hometown:").unwrap()[1..].to_vec();
    let whole: Vec<u32> = prefix.iter().chain(&rest).copied().collect();
    lm.model.clear();
    let expected: Vec<f32> = lm.model.forward_last(&whole).unwrap().to_vec1().unwrap();
    let close = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0f32, f32::max);

    lm.model.clear();
    lm.model.forward_last(&prefix).unwrap();
    let chunked: Vec<f32> = lm.model.forward_last(&rest).unwrap().to_vec1().unwrap();
    assert!(close(&expected, &chunked) < 1e-2, "max diff {}", close(&expected, &chunked));

    // Something else after the prefix, then back to the prefix and the rest.
    lm.model.forward_last(&[236743, 1234]).unwrap();
    lm.model.truncate(prefix.len()).unwrap();
    let reused: Vec<f32> = lm.model.forward_last(&rest).unwrap().to_vec1().unwrap();
    assert!(close(&expected, &reused) < 1e-2, "max diff {}", close(&expected, &reused));
}

/// The opt-in Qwen model, or `None` (with a note) when it was not fetched.
fn qwen() -> Option<std::sync::MutexGuard<'static, LanguageModel>> {
    static LM: OnceLock<Option<Mutex<LanguageModel>>> = OnceLock::new();
    LM.get_or_init(|| {
        let path = ayi::models::lm_path_named(&models_dir(), ayi::models::QWEN_LM_NAME).unwrap();
        if !path.exists() {
            eprintln!("skipped: {} is missing (`ayi models fetch --lm {}`)", path.display(), ayi::models::QWEN_LM_NAME);
            return None;
        }
        Some(Mutex::new(LanguageModel::load(&path).unwrap()))
    })
    .as_ref()
    // One failed test must not fail the others through a poisoned lock.
    .map(|m| m.lock().unwrap_or_else(|e| e.into_inner()))
}

const QWEN_CAPITAL: &str = "<|im_start|>user\n中国的首都是哪里？<|im_end|>\n<|im_start|>assistant\n";

/// Byte-level BPE from the GGUF: ids known from Qwen's own tokenizer, chat
/// markers as single ids, no BOS, and text back unchanged.
#[test]
fn qwen_tokenizer_encodes_specials_whole_and_round_trips() {
    let Some(lm) = qwen() else { return };
    assert_eq!(lm.encode("Hello, world!").unwrap(), vec![9707, 11, 1879, 0]);
    let ids = lm.encode(QWEN_CAPITAL).unwrap();
    assert_eq!(ids[0], 151644, "{ids:?}");
    assert_eq!(ids.iter().filter(|&&id| id == 151644).count(), 2, "{ids:?}");
    assert_eq!(ids.iter().filter(|&&id| id == 151645).count(), 1, "{ids:?}");
    assert_eq!(lm.tokenizer.encode("<|im_end|>", false).unwrap().get_ids(), &[151645]);
    assert_eq!(lm.stop, vec![151645, 151643]);
    let en = std::fs::read_to_string(fixture("lm_en.txt")).unwrap();
    let zh = std::fs::read_to_string(fixture("lm_zh.txt")).unwrap();
    for text in
        [QWEN_CAPITAL, en.as_str(), zh.as_str(), "我叫王秀兰，今年52岁，河南人。\n  I've 3 years' experience!\t😊 ok"]
    {
        let ids = lm.encode(text).unwrap();
        assert_eq!(lm.tokenizer.decode(&ids, false).unwrap(), text, "{ids:?}");
    }
}

#[test]
fn qwen_answers_a_chat_question_and_reads_prose() {
    let Some(mut lm) = qwen() else { return };
    let c = lm.complete(QWEN_CAPITAL, 16).unwrap();
    assert!(c.text.contains("北京"), "{:?}", c.text);
    for file in ["lm_en.txt", "lm_zh.txt"] {
        let ids = lm.encode(&std::fs::read_to_string(fixture(file)).unwrap()).unwrap();
        let ppl = lm.model.mean_nll(&ids).unwrap().exp();
        eprintln!("qwen {file}: perplexity {ppl:.2}");
        // Measured 13.3 (en) and 12.1 (zh); a broken layer gives hundreds.
        assert!(ppl < 20.0, "{file}: perplexity {ppl}");
    }
}

/// Yes/no log-probabilities off one forward pass agree with an independent
/// numpy forward of the same GGUF (gguf-py's dequantisation, f32 throughout:
/// 是 −1.42, 否 −0.28), and a prompt fed in two chunks gives the same logits
/// as fed whole. The numbers also show why this model is no judge: it
/// prefers 否 for a true statement (measured near chance on such questions).
#[test]
fn qwen_next_token_logprobs_match_a_reference_and_chunked_prefill_matches() {
    let Some(mut lm) = qwen() else { return };
    let prompt = "<|im_start|>user\n北京是中国的首都吗？请只回答“是”或“否”。<|im_end|>\n<|im_start|>assistant\n";
    let got = lm.next_token_logprobs(prompt, &["是", "否"]).unwrap();
    for (got, want) in got.iter().zip([-1.42f32, -0.28]) {
        assert!((got - want).abs() < 0.1, "{got} vs the reference {want}");
    }
    assert!(lm.next_token_logprobs(prompt, &[""]).is_err());

    let ids = lm.encode(QWEN_CAPITAL).unwrap();
    let close = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0f32, f32::max);
    lm.model.clear();
    let whole: Vec<f32> = lm.model.forward_last(&ids).unwrap().to_vec1().unwrap();
    lm.model.clear();
    lm.model.forward_last(&ids[..7]).unwrap();
    let chunked: Vec<f32> = lm.model.forward_last(&ids[7..]).unwrap().to_vec1().unwrap();
    assert!(close(&whole, &chunked) < 1e-2, "max diff {}", close(&whole, &chunked));
}
