//! Pinyin-tolerant matching: finds taxonomy phrases that Whisper wrote with
//! the wrong characters for the right sounds ("中点工" for 钟点工, "建康证"
//! for 健康证, "副食" for 辅食).
//!
//! Each Chinese phrase and each character of the transcript is reduced to a
//! toneless, "fuzzy" syllable (zh/z, ch/c, sh/s, n/l/r and the -ng finals
//! merged, as Chinese input methods do for speakers with an accent); an
//! Aho-Corasick automaton over those syllable strings finds the phrases. A
//! match is reported with the byte span of the transcript's own characters,
//! so evidence stays verbatim and the matcher's negation and claim rules
//! apply to it unchanged. Only sound-alikes are found here: exact phrases
//! are the [`super::matcher`]'s, and a two-syllable sound-alike must share a
//! character with its phrase (two syllables alone collide too easily).

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use pinyin::ToPinyin;

use super::taxonomy::Taxonomy;

/// A phrase heard by its sound.
#[derive(Debug, Clone, PartialEq)]
pub struct SoundAlike {
    /// Index into [`Taxonomy::phrases`].
    pub phrase_index: usize,
    /// The transcript's bytes that sound like the phrase.
    pub span: Range<usize>,
}

pub struct SoundMatcher {
    automaton: AhoCorasick,
    /// The phrases (indices into the taxonomy's) behind each pattern: several
    /// phrases can sound alike.
    phrases_of_pattern: Vec<Vec<usize>>,
    /// Each phrase's characters, to count those the transcript shares.
    phrase_chars: Vec<Vec<char>>,
}

/// The toneless syllable of `c` with accent-prone distinctions merged, or
/// None for a character that is not Chinese.
pub fn fuzzy_syllable(c: char) -> Option<String> {
    let plain = c.to_pinyin()?.plain();
    let mut s = plain.replace('ü', "v");
    for (from, to) in [("zh", "z"), ("ch", "c"), ("sh", "s")] {
        if let Some(rest) = s.strip_prefix(from) {
            s = format!("{to}{rest}");
        }
    }
    // n/l, and r/l in southern speech ("催鲁" for 催乳).
    if let Some(rest) = s.strip_prefix(['n', 'r']) {
        if !rest.is_empty() && rest != "g" {
            s = format!("l{rest}");
        }
    }
    if s.ends_with("ng") && s.len() > 2 {
        s.truncate(s.len() - 1);
    }
    Some(s)
}

/// `;syl;syl;` for a phrase, or None when a character has no reading.
fn phrase_key(text: &str) -> Option<String> {
    let mut key = String::from(";");
    for c in text.chars() {
        key.push_str(&fuzzy_syllable(c)?);
        key.push(';');
    }
    Some(key)
}

impl SoundMatcher {
    pub fn new(taxonomy: &Taxonomy) -> SoundMatcher {
        let mut keys: Vec<String> = Vec::new();
        let mut phrases_of_pattern: Vec<Vec<usize>> = Vec::new();
        for (i, phrase) in taxonomy.phrases.iter().enumerate() {
            let text = &phrase.text;
            if text.chars().count() < 2 || !text.chars().all(super::matcher::is_cjk) {
                continue;
            }
            let Some(key) = phrase_key(text) else { continue };
            match keys.iter().position(|k| *k == key) {
                Some(at) => phrases_of_pattern[at].push(i),
                None => {
                    keys.push(key);
                    phrases_of_pattern.push(vec![i]);
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&keys)
            .expect("syllable keys build an automaton");
        let phrase_chars = taxonomy.phrases.iter().map(|p| p.text.chars().collect()).collect();
        SoundMatcher { automaton, phrases_of_pattern, phrase_chars }
    }

    /// Phrases that `text` says with other characters, leftmost-longest and
    /// not overlapping one another.
    pub fn find(&self, text: &str) -> Vec<SoundAlike> {
        // The transcript as syllables: `;syl;syl;#;syl;`, where # stands for
        // anything that is not a Chinese character, so no phrase spans it.
        let mut encoded = String::from(";");
        let mut token_starts: Vec<usize> = Vec::new();
        let mut token_spans: Vec<Range<usize>> = Vec::new();
        for (at, c) in text.char_indices() {
            token_starts.push(encoded.len());
            token_spans.push(at..at + c.len_utf8());
            encoded.push_str(fuzzy_syllable(c).as_deref().unwrap_or("#"));
            encoded.push(';');
        }
        let mut found: Vec<SoundAlike> = Vec::new();
        for m in self.automaton.find_overlapping_iter(&encoded) {
            // The key's leading ';' sits just before the first token.
            let first = token_starts.partition_point(|&s| s <= m.start());
            let syllables = encoded[m.start()..m.end()].matches(';').count() - 1;
            let Some(last) = (first + syllables).checked_sub(1).filter(|&l| l < token_spans.len()) else { continue };
            let span = token_spans[first].start..token_spans[last].end;
            let heard: Vec<char> = text[span.clone()].chars().collect();
            let shared = |phrase: usize| self.phrase_chars[phrase].iter().zip(&heard).filter(|(a, b)| a == b).count();
            let Some(&best) = self.phrases_of_pattern[m.pattern().as_usize()].iter().max_by_key(|&&p| shared(p)) else {
                continue;
            };
            let same = shared(best);
            if same == heard.len() || (heard.len() == 2 && same == 0) {
                continue; // the exact phrase (the matcher's), or too weak a likeness
            }
            found.push(SoundAlike { phrase_index: best, span });
        }
        found.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
        let mut kept: Vec<SoundAlike> = Vec::new();
        for f in found {
            if kept.last().is_none_or(|k| k.span.end <= f.span.start) {
                kept.push(f);
            }
        }
        kept
    }
}

/// `text` with every sound-alike of one of `words` written as the word
/// ("注家" → "住家"), so cue-word rules read misheard speech. Only
/// same-length replacements of Chinese characters (three bytes each in
/// UTF-8) are made, so byte offsets into `text` stay valid.
pub fn respell(text: &str, words: &[&str]) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let heard: Vec<Option<String>> = chars.iter().map(|(_, c)| fuzzy_syllable(*c)).collect();
    let mut out = text.to_string();
    for word in words {
        let target: Vec<char> = word.chars().collect();
        let Some(sounds) = target.iter().map(|c| fuzzy_syllable(*c)).collect::<Option<Vec<String>>>() else {
            continue;
        };
        for start in 0..chars.len().saturating_sub(target.len() - 1) {
            let window = &chars[start..start + target.len()];
            let same_sound = (0..target.len()).all(|k| heard[start + k].as_ref() == Some(&sounds[k]));
            let same_size = window.iter().zip(&target).all(|((_, a), b)| a.len_utf8() == b.len_utf8());
            let shares = window.iter().zip(&target).any(|((_, a), b)| a == b);
            if same_sound && same_size && shares {
                let from = window[0].0;
                out.replace_range(from..from + word.len(), word);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heard(text: &str) -> Vec<(String, String)> {
        let taxonomy = Taxonomy::embedded();
        let matcher = SoundMatcher::new(taxonomy);
        matcher
            .find(text)
            .into_iter()
            .map(|f| {
                let code = taxonomy.codes[taxonomy.phrases[f.phrase_index].code_index].code.clone();
                (code, text[f.span].to_string())
            })
            .collect()
    }

    #[test]
    fn syllables_merge_what_accents_blur() {
        assert_eq!(fuzzy_syllable('钟').as_deref(), Some("zon"));
        assert_eq!(fuzzy_syllable('中').as_deref(), Some("zon"));
        assert_eq!(fuzzy_syllable('嫂'), fuzzy_syllable('扫'));
        assert_eq!(fuzzy_syllable('奶'), fuzzy_syllable('来'));
        assert_eq!(fuzzy_syllable('a'), None);
    }

    #[test]
    fn misheard_phrases_are_found_with_the_words_actually_written() {
        let found = heard("我做过中点工 有建康证");
        assert!(found.contains(&("hourly".into(), "中点工".into())), "{found:?}");
        assert!(found.iter().any(|(code, said)| code == "health_certificate" && said.ends_with("建康证")), "{found:?}");
        assert!(heard("我有健康证").is_empty(), "exact phrases are the matcher's");
        // Two syllables that share no character with the phrase are not enough.
        assert!(heard("住在北京").iter().all(|(code, _)| code != "infant_care"));
    }

    #[test]
    fn cue_words_are_respelled_in_place() {
        let text = "要住加 不注家 住在北京";
        let fixed = respell(text, &["住家"]);
        assert_eq!(fixed, "要住家 不住家 住在北京");
        assert_eq!(fixed.len(), text.len());
    }
}
