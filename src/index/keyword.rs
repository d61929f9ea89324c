//! Keyword search: jieba word segmentation and BM25 over the worker's
//! transcript, summary and the labels of their codes.
//!
//! Postings live in memory and are rebuilt from the log when the index opens
//! (segmentation happens once, at add time, and is stored in the record's
//! terms). Terms found in more than a quarter of the documents are skipped at
//! query time: they barely change a BM25 ranking, and their posting lists
//! are what would make a query over a million profiles slow.

use std::collections::HashMap;
use std::sync::OnceLock;

use jieba_rs::Jieba;

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Words that carry no meaning for search, in either language.
const STOPWORDS: &[&str] = &[
    "的", "了", "我", "你", "他", "她", "是", "在", "也", "都", "就", "和", "吧", "啊", "嗯", "呢", "吗", "那个",
    "这个", "一个", "找", "要", "想", "有", "会", "能", "可以", "还", "跟", "给", "做过", "过", "个", "就是", "然后",
    "什么", "a", "an", "the", "and", "or", "i", "am", "is", "are", "to", "of", "for", "in", "on", "with", "my", "me",
    "can", "have", "has", "who", "that", "be", "it", "do", "need", "looking", "want", "someone", "some",
];

/// Search terms of a text: jieba's search-mode words (long words and their
/// parts), lower-cased, without punctuation and stopwords.
pub fn terms(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    jieba()
        .cut_for_search(&lower, true)
        .into_iter()
        .map(|w| w.word.trim())
        .filter(|w| !w.is_empty() && w.chars().any(char::is_alphanumeric) && !STOPWORDS.contains(w))
        .map(str::to_string)
        .collect()
}

/// An inverted index with BM25 scoring over documents numbered by slot.
#[derive(Default)]
pub struct KeywordIndex {
    postings: HashMap<String, Vec<(u32, u16)>>,
    lengths: Vec<u16>,
    total_length: u64,
    documents: u32,
}

const K1: f32 = 1.2;
const B: f32 = 0.75;
const MAX_DOCUMENT_FREQUENCY: f32 = 0.25;
/// Postings read per query, at most (see `search`).
const POSTINGS_BUDGET: usize = 150_000;

impl KeywordIndex {
    pub fn add(&mut self, slot: u32, terms: &[String]) {
        let mut counts: HashMap<&str, u16> = HashMap::new();
        for t in terms {
            *counts.entry(t).or_default() += 1;
        }
        for (term, tf) in counts {
            self.postings.entry(term.to_string()).or_default().push((slot, tf));
        }
        let slot = slot as usize;
        if self.lengths.len() <= slot {
            self.lengths.resize(slot + 1, 0);
        }
        self.lengths[slot] = terms.len().min(u16::MAX as usize) as u16;
        self.total_length += terms.len() as u64;
        self.documents += 1;
    }

    /// Removal is by the caller's liveness check (`alive`), so postings stay
    /// append-only; this only corrects the statistics.
    pub fn forget(&mut self, slot: u32) {
        let len = self.lengths.get(slot as usize).copied().unwrap_or(0);
        self.total_length = self.total_length.saturating_sub(u64::from(len));
        self.documents = self.documents.saturating_sub(1);
    }

    /// The best `k` live documents for `query_terms`, by BM25.
    /// `scores` is a zeroed buffer with a slot for every document; it is
    /// handed back zeroed.
    pub fn search(
        &self,
        query_terms: &[String],
        k: usize,
        alive: impl Fn(u32) -> bool,
        scores: &mut Vec<f32>,
    ) -> Vec<(u32, f32)> {
        if self.documents == 0 {
            return Vec::new();
        }
        let n = self.documents as f32;
        let avg = (self.total_length as f32 / n).max(1.0);
        // Dense accumulators: posting lists of common words are long, and a
        // hash map per posting is what made this slow at a million profiles.
        if scores.len() < self.lengths.len() {
            scores.resize(self.lengths.len(), 0.0);
        }
        let mut touched: Vec<u32> = Vec::new();
        // Rarest terms first, within a budget of postings: at a million
        // profiles the common words' lists are what costs, and they move a
        // BM25 ranking least. A small index reads everything.
        let mut lists: Vec<&Vec<(u32, u16)>> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for term in query_terms {
            if seen.insert(term) {
                lists.extend(self.postings.get(term));
            }
        }
        lists.sort_by_key(|l| l.len());
        let mut budget = POSTINGS_BUDGET;
        for list in lists {
            let df = list.len() as f32;
            if (df / n > MAX_DOCUMENT_FREQUENCY && n >= 20.0) || list.len() > budget {
                continue;
            }
            budget -= list.len();
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for &(slot, tf) in list {
                let tf = f32::from(tf);
                let len = f32::from(self.lengths[slot as usize]);
                let acc = &mut scores[slot as usize];
                if *acc == 0.0 {
                    touched.push(slot);
                }
                *acc += idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg));
            }
        }
        let mut ranked: Vec<(u32, f32)> =
            touched.iter().filter(|s| alive(**s)).map(|&s| (s, scores[s as usize])).collect();
        for s in touched {
            scores[s as usize] = 0.0;
        }
        let k = k.min(ranked.len());
        if k == 0 {
            return Vec::new();
        }
        ranked.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(k);
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_segmented_and_stopwords_dropped() {
        let t = terms("我会照顾老年痴呆的老人，也会讲粤语 and I can cook");
        for want in ["照顾", "老年痴呆", "痴呆", "老人", "粤语", "cook"] {
            assert!(t.iter().any(|w| w == want), "{want} missing from {t:?}");
        }
        for unwanted in ["我", "的", "，", "can", "i"] {
            assert!(!t.iter().any(|w| w == unwanted), "{unwanted} kept in {t:?}");
        }
    }

    #[test]
    fn bm25_prefers_the_rarer_matching_term_and_skips_removed_documents() {
        let mut index = KeywordIndex::default();
        let docs = ["照顾 老人 做饭", "照顾 老人 粤语", "照顾 小孩 做饭", "打扫 卫生"];
        for (i, d) in docs.iter().enumerate() {
            index.add(i as u32, &terms(d));
        }
        let hits = index.search(&terms("粤语 老人"), 3, |_| true, &mut Vec::new());
        assert_eq!(hits[0].0, 1);
        let hits = index.search(&terms("粤语 老人"), 3, |s| s != 1, &mut Vec::new());
        assert!(hits.iter().all(|h| h.0 != 1));
        assert!(index.search(&terms("钢琴"), 3, |_| true, &mut Vec::new()).is_empty());
    }
}
