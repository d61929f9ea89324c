//! The embedding recall layer: a clause whose meaning is close to a
//! taxonomy phrase proposes that code, even when none of the phrase's words
//! were said ("老人能自己走 就是陪着" ~ 陪伴老人).
//!
//! multilingual-e5-small (already loaded for search) embeds every taxonomy
//! phrase once and each clause of a transcript that the rules found nothing
//! in. A clause at or above the threshold proposes its nearest code, quoting
//! the clause itself as evidence; the matcher's claim and negation rules
//! still decide whether the worker claimed it. `ayi eval extract --layers`
//! measures it; it is not in the answer path unless the table in
//! BENCHMARKS.md says it helps.

use std::ops::Range;

use super::matcher;
use super::taxonomy::Taxonomy;
use crate::embed::{EmbedError, Embedder, TextKind};

/// A code proposed for a clause, with how close the clause came.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub code_index: usize,
    pub clause: Range<usize>,
    pub similarity: f32,
}

pub struct SimilarityLayer {
    /// Code index of each embedded phrase.
    codes: Vec<usize>,
    vectors: Vec<Vec<f32>>,
    pub threshold: f32,
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl SimilarityLayer {
    /// Embeds every phrase of `taxonomy` (seconds, once per process).
    pub fn build(taxonomy: &Taxonomy, embedder: &mut dyn Embedder, threshold: f32) -> Result<Self, EmbedError> {
        // Care words say nothing without the answer around them ("shower"),
        // and a phrase said of another person or tense adds nothing to its code.
        let exemplars: Vec<_> = taxonomy.phrases.iter().filter(|p| !p.care_word && !p.derived).collect();
        let texts: Vec<String> = exemplars.iter().map(|p| p.text.replace(super::taxonomy::GAP, "")).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let vectors = embedder.embed(&refs, TextKind::Query)?;
        let codes = exemplars.iter().map(|p| p.code_index).collect();
        Ok(SimilarityLayer { codes, vectors, threshold })
    }

    /// The nearest code of each clause of `text` outside `covered` (clauses
    /// the rules already found something in), when close enough, and only
    /// for clauses the worker says of herself without a denial.
    pub fn propose(
        &self,
        text: &str,
        covered: &[Range<usize>],
        embedder: &mut dyn Embedder,
    ) -> Result<Vec<Proposal>, EmbedError> {
        let lower = text.to_ascii_lowercase();
        let clauses = matcher::clauses(text);
        let open: Vec<Range<usize>> = clauses
            .iter()
            .filter(|c| !covered.iter().any(|f| f.start < c.end && c.start < f.end))
            .filter(|c| text[(*c).clone()].chars().filter(|ch| ch.is_alphanumeric()).count() >= 2)
            .filter(|c| matcher::plainly_claimed(&lower, &clauses, c))
            .cloned()
            .collect();
        let refs: Vec<&str> = open.iter().map(|c| &text[c.clone()]).collect();
        let embedded = embedder.embed(&refs, TextKind::Query)?;
        let mut out = Vec::new();
        for (clause, v) in open.into_iter().zip(embedded) {
            let best = self
                .vectors
                .iter()
                .enumerate()
                .map(|(i, p)| (self.codes[i], dot(&v, p)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((code_index, similarity)) = best.filter(|b| b.1 >= self.threshold) {
                out.push(Proposal { code_index, clause, similarity });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts about old people point one way, everything else another.
    struct Fake;

    impl Embedder for Fake {
        fn dim(&self) -> usize {
            2
        }
        fn embed(&mut self, texts: &[&str], _kind: TextKind) -> Result<Vec<Vec<f32>>, EmbedError> {
            Ok(texts.iter().map(|t| if t.contains("老人") { vec![1.0, 0.0] } else { vec![0.0, 1.0] }).collect())
        }
    }

    #[test]
    fn a_clause_near_a_phrase_proposes_its_code_unless_denied_or_someone_elses() {
        let taxonomy = Taxonomy::embedded();
        let mut layer = SimilarityLayer::build(taxonomy, &mut Fake, 0.99).unwrap();
        // Keep one phrase of elderly care and one of cooking, so the fake's two directions mean something.
        let elderly = taxonomy.index_of("elderly_care").unwrap();
        let cooking = taxonomy.index_of("cooking").unwrap();
        let keep: Vec<usize> = (0..layer.codes.len())
            .filter(|&i| (layer.codes[i] == elderly && layer.vectors[i][0] == 1.0) || layer.codes[i] == cooking)
            .collect();
        layer.codes = keep.iter().map(|&i| layer.codes[i]).collect();
        layer.vectors = keep.iter().map(|&i| layer.vectors[i].clone()).collect();
        let text = "陪着老人遛弯 我女儿照顾老人 我不会照顾老人";
        let proposals = layer.propose(text, &[], &mut Fake).unwrap();
        let said: Vec<&str> = proposals.iter().map(|p| &text[p.clause.clone()]).collect();
        assert_eq!(said, ["陪着老人遛弯"]);
        assert_eq!(proposals[0].code_index, elderly);
        // A clause the rules already covered is left to them.
        let first_clause = 0..text.find(' ').unwrap();
        let covered = std::slice::from_ref(&first_clause);
        assert!(layer.propose(text, covered, &mut Fake).unwrap().is_empty());
    }
}
