//! Character classes every reader of speech in this module shares.

/// `s` without any of `words` opening it, however many and in whatever
/// order ("我现在不做了" → "不做了" for 我 and 现在).
pub fn without_leading<'a>(mut s: &'a str, words: &[&str]) -> &'a str {
    while let Some(rest) = words.iter().find_map(|w| s.strip_prefix(w)) {
        s = rest;
    }
    s
}

/// A CJK ideograph (the basic block and extension A).
pub fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}
