//! The XLM-R SentencePiece-unigram tokenizer of multilingual-e5, on the
//! `tokenizers` crate.
//!
//! SentencePiece normalises with a codepoint table (nmt_nfkc) before the
//! unigram Viterbi; the table ships with the model and `tokenizers` cannot
//! express it, so we apply it here, then collapse runs of spaces as
//! SentencePiece does, then hand over to `tokenizers` for the metaspace
//! pre-tokenizer, the Viterbi and the `<s> … </s>` template.
//!
//! Both files come from [`crate::models::e5`], which builds `tokenizer.json`
//! when it converts the model.

use std::collections::HashMap;
use std::path::Path;

use tokenizers::Tokenizer;

/// Text in, token ids out (with `<s>` and `</s>`).
pub struct E5Tokenizer {
    normalization: HashMap<char, String>,
    inner: Tokenizer,
}

impl E5Tokenizer {
    pub fn load(tokenizer_json: &Path, normalization_json: &Path) -> Result<E5Tokenizer, String> {
        let inner = Tokenizer::from_file(tokenizer_json).map_err(|e| format!("{}: {e}", tokenizer_json.display()))?;
        let table: HashMap<String, String> = std::fs::read(normalization_json)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
            .map_err(|e| format!("{}: {e}", normalization_json.display()))?;
        let normalization = table.into_iter().filter_map(|(k, v)| Some((k.chars().next()?, v))).collect();
        Ok(E5Tokenizer { normalization, inner })
    }

    /// SentencePiece's normalisation: the codepoint table, then runs of
    /// spaces collapsed to one.
    pub fn normalize(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match self.normalization.get(&c) {
                Some(to) => out.push_str(to),
                None => out.push(c),
            }
        }
        let mut collapsed = String::with_capacity(out.len());
        for c in out.chars() {
            if !(c == ' ' && collapsed.ends_with(' ')) {
                collapsed.push(c);
            }
        }
        collapsed
    }

    /// Ids of `text` (already prefixed by the caller), `<s>` and `</s>`
    /// included; at most `max_len` ids, cutting the text's tail.
    pub fn encode(&self, text: &str, max_len: usize) -> Result<Vec<u32>, String> {
        let encoding = self.inner.encode(self.normalize(text), true).map_err(|e| e.to_string())?;
        let mut ids = encoding.get_ids().to_vec();
        if ids.len() > max_len && max_len >= 2 {
            let eos = *ids.last().expect("non-empty");
            ids.truncate(max_len - 1);
            ids.push(eos);
        }
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::e5::build_unigram;

    fn toy() -> E5Tokenizer {
        let pieces: Vec<(String, f64)> = [
            ("<s>", 0.0),
            ("<pad>", 0.0),
            ("</s>", 0.0),
            ("<unk>", 0.0),
            ("\u{2581}", -3.0),
            ("\u{2581}ab", -2.0),
            ("a", -4.0),
            ("b", -4.0),
            ("c", -4.0),
            ("\u{2581}c", -3.5),
        ]
        .into_iter()
        .map(|(p, s)| (p.to_string(), s))
        .collect();
        let inner = build_unigram(&pieces, 3, 0, 2).unwrap();
        let normalization = [('\t', " ".to_string()), ('\u{ff41}', "a".to_string())].into_iter().collect();
        E5Tokenizer { normalization, inner }
    }

    #[test]
    fn normalises_then_runs_viterbi_inside_bos_and_eos() {
        let t = toy();
        assert_eq!(t.normalize("ａb\t\t c"), "ab c");
        // "▁ab▁c": the best path is ▁ab + ▁c.
        assert_eq!(t.encode("ab c", 512).unwrap(), vec![0, 5, 9, 2]);
        assert_eq!(t.encode("ａb\t c", 512).unwrap(), vec![0, 5, 9, 2]);
    }

    #[test]
    fn long_texts_keep_their_head_and_the_end_marker() {
        let t = toy();
        let ids = t.encode(&"ab ".repeat(100), 8).unwrap();
        assert_eq!(ids.len(), 8);
        assert_eq!((ids[0], ids[7]), (0, 2));
    }
}
