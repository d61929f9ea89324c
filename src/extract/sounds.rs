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
//! English phrases get the same treatment with a consonant skeleton
//! ("um billy call cord" for umbilical cord, "four mula" for formula).

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
    /// English phrases by their sound skeleton ([`english_skeleton`]).
    english: std::collections::HashMap<String, Vec<usize>>,
    /// English phrases with a soft c by the skeleton they are said with
    /// ([`soft_c_skeleton`]), where it differs from the written one. Heard
    /// runs find them only when they share a word ("give her madison on
    /// time", "having lie sense"): a phrase of one word says too little,
    /// and "was busy" is no "hospice", "raise pay" no "recipe".
    english_soft_c: std::collections::HashMap<String, Vec<usize>>,
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

/// Whether the words at `span` are a name, not a misheard phrase: "so I am
/// Marites" is no "western cooking", "my name is siew ling" no "sponge bath".
/// A name is a capitalised word inside a sentence ("I" aside), or words said
/// right after "my name is", "call me" or "myself".
fn names_someone(text: &str, span: &std::ops::Range<usize>) -> bool {
    const BEFORE_A_NAME: &[&str] = &["name is", "call me", "called", "myself"];
    let before = text[..span.start].trim_end().to_ascii_lowercase();
    if BEFORE_A_NAME
        .iter()
        .any(|w| before.ends_with(w) && !before[..before.len() - w.len()].ends_with(char::is_alphabetic))
    {
        return true;
    }
    let mut at = span.start;
    text[span.clone()].split(' ').any(|word| {
        let start = at;
        at += word.len() + 1;
        let capital = word.starts_with(|c: char| c.is_ascii_uppercase()) && word != "I" && !word.starts_with("I'");
        let sentence_start = text[..start].trim_end().chars().next_back().is_none_or(|c| ".!?".contains(c));
        capital && !sentence_start
    })
}

/// The sound skeleton of English words as a listener with an accent might
/// write them down: letters only, every vowel one mark, h/w dropped, voiced
/// and voiceless pairs merged (b/p, d/t, g/k, v/f, z/s), l/r merged,
/// digraphs read as one sound, repeats collapsed. "um billy call cord" and
/// "umbilical cord" share one; so do "four mula" and "formula".
pub fn english_skeleton(words: &str) -> String {
    skeleton(words, false)
}

/// The skeleton with c before e, i or y read as s, as such words are said
/// ("madison" for medicine, "lie sense" for licence). A phrase is found by
/// this one beside [`english_skeleton`], never instead: a hard c heard for a
/// soft one must still find its phrase.
fn soft_c_skeleton(words: &str) -> String {
    skeleton(words, true)
}

fn skeleton(words: &str, soft_c: bool) -> String {
    let letters: Vec<char> =
        words.chars().filter(|c| c.is_ascii_alphabetic()).map(|c| c.to_ascii_lowercase()).collect();
    let mut out = String::new();
    let mut i = 0;
    while i < letters.len() {
        let pair = letters.get(i + 1).map(|&n| (letters[i], n));
        let (sound, width) = match pair {
            Some(('p', 'h')) => (Some('f'), 2),
            Some(('c', 'k')) => (Some('k'), 2),
            Some(('g', 'h')) => (None, 2),
            Some(('t', 'h')) => (Some('t'), 2),
            Some(('s' | 'c', 'h')) => (Some('s'), 2),
            Some(('c', 'e' | 'i' | 'y')) if soft_c => (Some('s'), 1),
            _ => {
                let sound = match letters[i] {
                    'a' | 'e' | 'i' | 'o' | 'u' | 'y' => Some('a'),
                    'h' | 'w' => None,
                    'b' => Some('p'),
                    'd' => Some('t'),
                    'g' | 'q' | 'c' => Some('k'),
                    'v' => Some('f'),
                    'z' | 'x' => Some('s'),
                    'l' => Some('r'),
                    c => Some(c),
                };
                (sound, 1)
            }
        };
        if let Some(c) = sound {
            if !out.ends_with(c) {
                out.push(c);
            }
        }
        i += width;
    }
    out
}

/// Shorter skeletons collide too easily ("diaper" and "top ear").
const MIN_ENGLISH_SKELETON: usize = 6;
/// English phrases of more words are matched only as written.
const MAX_ENGLISH_PHRASE_WORDS: usize = 3;
/// A heard run may not start or end with these: "and feed" is not "hand-feed".
const FUNCTION_WORDS: &[&str] = &["and", "the", "this", "that", "a", "an", "i", "to", "of", "is", "it", "my"];
/// Words heard as themselves: a run that differs from a phrase by one of
/// them is a different sentence, not a mishearing.
const COMMON_WORDS: &[&str] = &[
    "with", "their", "them", "they", "the", "for", "from", "in", "on", "at", "of", "his", "her", "him", "she", "he",
    "we", "you", "your", "our", "and", "but", "or", "so", "can", "do", "did", "was", "were", "are", "have", "has",
];
const NUMBER_WORDS: &[&str] = &["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
/// Everyday words that, with others, only happen to sound like one word of
/// a phrase: "here in hong" is not "ironing", "too tiring" not "tutoring",
/// "so no house" not "shanghainese", "hi i'm marites" not "omelettes".
const EVERYDAY_WORDS: &[&str] = &[
    "here", "there", "too", "up", "very", "no", "not", "hi", "hello", "i'm", "im", "hong", "kong", "salary", "time",
    "need", "know", "do", "due", "date", "night", "shift", "week", "weeks",
    // "my children are grown up" is not "clean up".
    "grown", "grew",
];
/// Times said with a number ("every day three years") are never a phrase
/// ("hour" may be: "a hour lee" is "hourly").
const TIME_WORDS: &[&str] = &["year", "years", "day", "days", "month", "months"];
/// The most words a misheard English phrase is split into.
const MAX_ENGLISH_WORDS: usize = 4;

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
            if phrase.care_word || text.chars().count() < 2 || !text.chars().all(super::text::is_cjk) {
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
        let mut english: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
        let mut english_soft_c: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
        for (i, phrase) in taxonomy.phrases.iter().enumerate() {
            // Only short terms: a misheard technical word ("um billy call
            // cord", "wheel chat") is what this layer is for, and the
            // skeleton of a longer everyday phrase ("take care the kids")
            // also fits other words ("take care two cats").
            let words = phrase.text.split_whitespace().count();
            if phrase.text.is_ascii()
                && !phrase.care_word
                && !phrase.derived
                && !phrase.text.contains(super::taxonomy::GAP)
                && words <= MAX_ENGLISH_PHRASE_WORDS
            {
                let key = english_skeleton(&phrase.text);
                let soft = soft_c_skeleton(&phrase.text);
                if soft != key && soft.len() >= MIN_ENGLISH_SKELETON {
                    english_soft_c.entry(soft).or_default().push(i);
                }
                if key.len() >= MIN_ENGLISH_SKELETON {
                    english.entry(key).or_default().push(i);
                }
            }
        }
        // A skeleton shared by phrases of two codes ("chatting", "soothing") says neither.
        let one_code = |phrases: &Vec<usize>| {
            phrases.iter().all(|&p| taxonomy.phrases[p].code_index == taxonomy.phrases[phrases[0]].code_index)
        };
        english_soft_c.retain(|key, phrases| one_code(phrases) && !english.contains_key(key));
        english.retain(|_, phrases| one_code(phrases));
        SoundMatcher { english, english_soft_c, automaton, phrases_of_pattern, phrase_chars }
    }

    /// English phrases said with other words of the same sound, as runs of
    /// up to four words joined only by spaces.
    fn find_english(&self, text: &str) -> Vec<SoundAlike> {
        let mut words: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = None;
        for (at, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            match (c.is_ascii_alphabetic() || c == '\'', start) {
                (true, None) => start = Some(at),
                (false, Some(s)) => {
                    words.push(s..at);
                    start = None;
                }
                _ => {}
            }
        }
        let mut found = Vec::new();
        for first in 0..words.len() {
            for last in first..words.len().min(first + MAX_ENGLISH_WORDS) {
                if last > first && text[words[last - 1].end..words[last].start] != *" " {
                    break;
                }
                let span = words[first].start..words[last].end;
                // Letters said one by one ("HHA training") are written as
                // said; their skeleton only happens to match ("a e d training").
                let spelled = |w: &std::ops::Range<usize>| {
                    w.len() >= 2 && text[w.clone()].bytes().all(|b| b.is_ascii_uppercase())
                };
                if words[first..=last].iter().any(spelled) {
                    continue;
                }
                let said = text[span.clone()].to_ascii_lowercase();
                let heard: Vec<&str> = said.split(' ').collect();
                let edge = |w: &&str| FUNCTION_WORDS.contains(w);
                // "I running the uniforms": a one-word phrase in -ing whose
                // first sound was heard as "I" (ironing; not "i failed", nor
                // "i renewed" for ironed).
                let i_for_a_vowel = heard.len() == 2 && heard[0] == "i";
                if (heard.first().is_some_and(edge) && !i_for_a_vowel) || heard.last().is_some_and(edge) {
                    continue;
                }
                if heard.iter().all(|w| NUMBER_WORDS.contains(w))
                    || heard.iter().any(|w| super::places::is_english_place(w) || TIME_WORDS.contains(w))
                {
                    continue;
                }
                let heard_key = english_skeleton(&said);
                let (phrases, soft_c) = match self.english.get(&heard_key) {
                    Some(phrases) => (phrases, false),
                    None => match self.english_soft_c.get(&heard_key) {
                        Some(phrases) => (phrases, true),
                        None => continue,
                    },
                };
                // Asked only of a run that sounds like a phrase: it reads the words before.
                if names_someone(text, &span) {
                    continue;
                }
                // The phrase said as written is the matcher's.
                if phrases.iter().any(|&p| self.phrase_text(p) == said) {
                    continue;
                }
                // As many words as the phrase, all different ("pudong" for
                // "bathing"), is a coincidence; a phrase split into other
                // words ("four mula") or one word misheard ("bed soar") is not.
                // Nor is a word swapped for a common one: "help them with" is
                // not "help them eat" misheard.
                let plausible = |&&p: &&usize| {
                    let text = self.phrase_text(p);
                    if i_for_a_vowel && !(text.starts_with('i') && text.ends_with("ing")) {
                        return false;
                    }
                    let words: Vec<&str> = text.split([' ', '-']).collect();
                    // Split or joined ("for mula" for formula) but not another
                    // phrase altogether ("one always" is not "on a leash").
                    let shares_a_word = heard.iter().any(|w| words.contains(w));
                    if soft_c && !shares_a_word {
                        return false;
                    }
                    let everyday = |w: &&str| EVERYDAY_WORDS.contains(w);
                    if words.len() != heard.len() {
                        // Not across a small word inside ("work in a shoe" is
                        // not "organise"), nor one word for three ("husband"
                        // is not "wash by hand").
                        let small_word_inside = heard.len() > 2 && heard[1..heard.len() - 1].iter().any(edge);
                        (words.len() == 1 && !heard.iter().any(everyday) && !small_word_inside)
                            || (heard.len() == 1 && words.len() <= 2)
                            || shares_a_word
                    } else {
                        shares_a_word
                            && !heard
                                .iter()
                                .zip(&words)
                                .any(|(h, w)| h != w && (COMMON_WORDS.contains(h) || everyday(h)))
                    }
                };
                if let Some(&phrase) = phrases.iter().find(plausible) {
                    found.push(SoundAlike { phrase_index: phrase, span });
                }
            }
        }
        found
    }

    fn phrase_text(&self, phrase: usize) -> String {
        self.phrase_chars[phrase].iter().collect()
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
            let exact_sound = |a: &char, b: &char| {
                a.to_pinyin().map(|p| p.plain()).is_some_and(|pa| b.to_pinyin().is_some_and(|pb| pb.plain() == pa))
            };
            let sounds_exactly =
                |phrase: usize| self.phrase_chars[phrase].iter().zip(&heard).all(|(a, b)| exact_sound(a, b));
            // Most characters shared, then the one that sounds exactly alike
            // ("鼻四" is 鼻饲, not 鼻试).
            let Some(&best) =
                self.phrases_of_pattern[m.pattern().as_usize()].iter().max_by_key(|&&p| (shared(p), sounds_exactly(p)))
            else {
                continue;
            };
            let same = shared(best);
            if same == heard.len() {
                continue; // the exact phrase: the matcher's
            }
            // Two syllables collide easily ("下来" and 下奶 under n/l): they must
            // share a character and sound exactly alike, accents aside.
            if heard.len() == 2 && (same == 0 || !sounds_exactly(best)) {
                continue;
            }
            // "他家有条狗" is not 油条, "再高点更好" not 糕点: an everyday word
            // in place of the phrase's character is what was meant.
            const EVERYDAY_CHARS: &str = "一有是在要会就都也还了的高低多少快慢大小早晚远近";
            let swapped_for_everyday =
                heard.iter().zip(&self.phrase_chars[best]).any(|(h, p)| h != p && EVERYDAY_CHARS.contains(*h));
            if heard.len() == 2 && swapped_for_everyday {
                continue;
            }
            // "一位老人" is one old person, not 移位 or 喂老人: a counter after a
            // number in place of the phrase's character is the counter.
            let before = text[..span.start].chars().next_back();
            let counted = heard.iter().zip(&self.phrase_chars[best]).position(|(h, p)| h != p).is_some_and(|i| {
                "位个名".contains(heard[i])
                    && (if i == 0 { before } else { Some(heard[i - 1]) })
                        .is_some_and(|c| "一两二三四五几这那每".contains(c))
            });
            if counted {
                continue;
            }
            // "大家叫我孙大姐" is how she is called, not 家教; "乡镇卫生院" is a
            // clinic, not 整卫生.
            let next = text[span.end..].chars().next();
            if heard.last() == Some(&'叫') && next.is_some_and(|c| "我她他你".contains(c)) {
                continue;
            }
            if text[..span.end].ends_with("卫生") && next.is_some_and(|c| "院所局".contains(c)) {
                continue;
            }
            // "卫生间" is a room, not 生煎; "管卫生" is cleaning, not 管喂: a
            // sound-alike may not start or end inside 卫生.
            if heard.first() == Some(&'生') && text[..span.start].ends_with('卫') {
                continue;
            }
            if heard.last() == Some(&'卫') && next == Some('生') {
                continue;
            }
            // "副食店" is a grocery, not 辅食; "主食" is staple food, not 注食.
            if next.is_some_and(|c| "店铺厂".contains(c)) || heard == ['主', '食'] {
                continue;
            }
            // "在家照顾" is not 驾照: a sound-alike may not cut a word in two.
            if heard.last() == Some(&'照') && next.is_some_and(|c| "顾看料".contains(c)) {
                continue;
            }
            // "跟爷爷奶奶" is not 夜奶, "跟着奶奶长大" not 奶涨: a doubled
            // character (爷爷, 奶奶, 宝宝) is one word, not cut in two.
            if before == heard.first().copied() || next == heard.last().copied() {
                continue;
            }
            // "做咗十几年" is not 做司机: three sounds alike and no character
            // the same is more likely chance.
            if heard.len() == 3 && same == 0 {
                continue;
            }
            found.push(SoundAlike { phrase_index: best, span });
        }
        found.extend(self.find_english(text));
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
        // An everyday word in place of the phrase's character is what was meant.
        assert!(heard("他家有条狗").is_empty());
        assert!(heard("工资六千五 再高点更好").is_empty());
        // A counter after a number is the counter: "一位老人" is neither 移位 nor 喂老人.
        assert!(heard("有一位老师").is_empty());
        assert!(heard("照顾一位老人").is_empty());
        // Not across a small word, nor one word for three.
        assert!(heard("I work in a shoe factory").is_empty());
        assert!(heard("the husband of my employer is kind").is_empty());
        assert!(heard("i do for mula feeding").iter().any(|(code, _)| code == "formula_feeding"));
    }

    #[test]
    fn english_said_with_other_words_of_the_same_sound_is_heard() {
        assert_eq!(english_skeleton("um billy call cord"), english_skeleton("umbilical cord"));
        assert_eq!(english_skeleton("four mula"), english_skeleton("formula"));
        assert_ne!(english_skeleton("clean the house"), english_skeleton("cleaning"));
        assert!(heard("i work in pudong").is_empty(), "one word for one word, all different, is a coincidence");
        assert!(heard("and feed them").iter().all(|(code, _)| code != "feeding_assist"));
        let found = heard("i clean the um billy call cord every day");
        assert!(found.contains(&("umbilical_care".into(), "um billy call cord".into())), "{found:?}");
        assert!(heard("i clean the umbilical cord").iter().all(|(_, said)| said != "umbilical cord"));
        // Words across a comma are not one phrase.
        assert!(heard("um billy, call cord").iter().all(|(code, _)| code != "umbilical_care"));
        // A long everyday phrase is matched only as written: the skeleton of
        // "take care the kids" also fits two cats.
        assert!(heard("i take care two cats").iter().all(|(code, _)| code != "child_care"));
        // Ironing heard as "I running"; other words after "i" stay themselves.
        let found = heard("general cleaning and I running the uniforms");
        assert!(found.contains(&("laundry_ironing".into(), "I running".into())), "{found:?}");
        for said in ["i renewed it this year", "i failed two times"] {
            assert!(heard(said).is_empty(), "{said}: {:?}", heard(said));
        }
    }

    #[test]
    fn a_soft_c_is_heard_as_s_when_the_words_around_it_are_the_phrase() {
        assert_eq!(soft_c_skeleton("medicine on time"), english_skeleton("madison on time"));
        assert_ne!(english_skeleton("medicine on time"), english_skeleton("madison on time"));
        let found = heard("i give her madison on time every day");
        assert!(found.iter().any(|(code, _)| code == "medication_reminders"), "{found:?}");
        let found = heard("I am having lie sense, clean record");
        assert!(found.iter().any(|(code, _)| code == "driver_license"), "{found:?}");
        // A hard c still finds its phrase.
        assert!(heard("i clean the um billy call cord").iter().any(|(code, _)| code == "umbilical_care"));
        // Other words that only sound like one soft-c word are not it.
        for said in ["the madam was busy today", "i ask them to raise pay", "the family made china tea"] {
            assert!(heard(said).is_empty(), "{said}: {:?}", heard(said));
        }
    }

    #[test]
    fn the_phrase_that_sounds_exactly_alike_is_heard_and_chance_likenesses_are_not() {
        assert!(heard("鼻四喂食 都做过").iter().any(|(code, _)| code == "nasogastric_feeding"));
        assert!(heard("做保姆做咗十几年").iter().all(|(code, _)| code != "driving"));
        assert!(heard("在家照顾过一个癌症的").iter().all(|(code, _)| code != "driver_license"));
        assert!(heard("我以前在乡镇卫生院当护士").iter().all(|(code, _)| code != "cleaning"));
        // A doubled character is one word: 爷爷奶奶 holds no 夜奶, 奶奶长大 no 奶涨.
        for said in ["我在农村长大 跟爷爷奶奶", "小时候跟着奶奶长大"] {
            assert!(heard(said).is_empty(), "{said}: {:?}", heard(said));
        }
        assert!(heard("the small one always cry").iter().all(|(code, _)| code != "dog_walking"));
        // Everyday words that together sound like one word of a phrase.
        for said in ["i was here in hong kong", "it is too tiring", "every day three years"] {
            assert!(heard(said).is_empty(), "{said}: {:?}", heard(said));
        }
        assert!(heard("my children are grown up").is_empty(), "{:?}", heard("my children are grown up"));
        assert!(heard("i was a hour lee worker").iter().any(|(code, _)| code == "hourly"));
        // Letters said one by one are no mishearing: "HHA training" is not "a e d training".
        assert!(heard("HHA training I never finish").is_empty(), "{:?}", heard("HHA training I never finish"));
    }

    #[test]
    fn cue_words_are_respelled_in_place() {
        let text = "要住加 不注家 住在北京";
        let fixed = respell(text, &["住家"]);
        assert_eq!(fixed, "要住家 不住家 住在北京");
        assert_eq!(fixed.len(), text.len());
    }
}
