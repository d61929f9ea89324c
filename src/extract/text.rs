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

/// Characters that make 额 part of a word when they come before it (金额,
/// 名额, 余额) or after it (额外, 额度, 额头), and the words after which it
/// is a filler ("额 那个", Whisper's spelling of 呃).
const NOT_A_PRONOUN_BEFORE: &str = "金名份超余限配总差数定巨税面票缺售";
const NOT_A_PRONOUN_AFTER: &str = "外度头定满那这嗯呃啊";

/// `text` with 额, the "I" of Shaanxi and Shanxi speech (额叫刘桂芳, 饭额不会做),
/// written 俺 wherever it stands as the pronoun, so every rule that knows
/// 我 and 俺 reads it. Both are three bytes in UTF-8: byte offsets into
/// `text` stay valid, and evidence is quoted back from `text` itself.
pub fn with_northwestern_i(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('额') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut before = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let after = chars.peek().copied();
        let pronoun = c == '额'
            && after.is_some_and(|a| is_cjk(a) && !NOT_A_PRONOUN_AFTER.contains(a))
            && !before.is_some_and(|b: char| NOT_A_PRONOUN_BEFORE.contains(b));
        out.push(if pronoun { '俺' } else { c });
        before = Some(c);
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_northwestern_i_is_read_as_i_and_words_with_e_are_left_alone() {
        assert_eq!(with_northwestern_i("额 额叫刘桂芳 饭额不会做"), "额 俺叫刘桂芳 饭俺不会做");
        assert_eq!(with_northwestern_i("额五十七 狗额怕"), "俺五十七 狗俺怕");
        assert_eq!(with_northwestern_i("额 那个 工资金额多少 额外的活 额那个"), "额 那个 工资金额多少 额外的活 额那个");
        assert!(matches!(with_northwestern_i("我叫王芳"), std::borrow::Cow::Borrowed(_)));
        let text = "额叫白玉兰 额不会";
        assert_eq!(with_northwestern_i(text).len(), text.len());
    }
}
