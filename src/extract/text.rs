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

/// `text` with the regional words for "I" written 俺 wherever they stand as
/// the pronoun, so every rule that knows 我 and 俺 reads them: 额 of Shaanxi
/// and Shanxi speech (额叫刘桂芳, 饭额不会做) and 涯 or 捱 of Hakka speech
/// (涯叫钟春梅, 饭也是涯煮; 天涯, 生涯 and 无涯 are words). All are three
/// bytes in UTF-8: byte offsets into `text` stay valid, and evidence is
/// quoted back from `text` itself.
pub fn with_regional_i(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['额', '涯', '捱']) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut before: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let after = chars.peek().copied().filter(|&a| is_cjk(a));
        let pronoun = match c {
            '额' => {
                after.is_some_and(|a| !NOT_A_PRONOUN_AFTER.contains(a))
                    && !before.is_some_and(|b| NOT_A_PRONOUN_BEFORE.contains(b))
            }
            '涯' | '捱' => after.is_some_and(|a| a != '际') && !before.is_some_and(|b| "天生无".contains(b)),
            _ => false,
        };
        out.push(if pronoun { '俺' } else { c });
        before = Some(c);
    }
    out.into()
}

/// Wu (Shanghai, Suzhou) words with a Mandarin word of as many characters,
/// so the rules written for Mandarin read them: 勿 is 不, 老早 is 以前 (the
/// past: "老早做钟点工"), 寻 is 找, 侬 is 你, 收作 is 收拾. Words the
/// taxonomy lists as they are said (汰衣裳, 揩台子, 困觉) are left alone.
const WU_WORDS: &[(&str, &str)] = &[
    ("勿", "不"),
    ("老早", "以前"),
    ("寻", "找"),
    ("汰浴", "洗澡"),
    ("侬", "你"),
    ("收作", "收拾"),
    ("小囡", "小孩"),
    ("小毛头", "小宝宝"),
    ("夜饭", "晚饭"),
    // Iraq stays Iraq.
    ("伊拉克", "伊拉克"),
    ("伊拉", "他们"),
];
/// Southwestern Mandarin (Sichuan, Chongqing, Yunnan, Guizhou) 莫 for 没 or
/// 不 before a verb: "驾照莫得", "月嫂那个我莫做过", "考了一回莫考过". Only
/// these pairs: 莫 is a surname too ("叫莫小玲").
const SOUTHWESTERN_WORDS: &[(&str, &str)] = &[
    ("莫得", "没得"),
    ("莫有", "没有"),
    ("莫做", "没做"),
    ("莫干", "没干"),
    ("莫考", "没考"),
    ("莫搞", "没搞"),
    ("莫学", "没学"),
    ("莫弄", "没弄"),
    ("莫去", "没去"),
    ("莫接", "不接"),
    ("莫会", "不会"),
    ("莫敢", "不敢"),
];
/// Characters after which 伊 is "him" or "her" ("帮伊翻身", "陪伊散步").
const BEFORE_WU_PRONOUN: &str = "帮给陪扶醒让叫看替跟和同对要喂";

/// `text` in Simplified characters where it was written in Traditional
/// ("五十二歲", "謝謝觀看"): Whisper writes Mandarin either way, and a typed
/// answer may too. Character for character, and only where a character
/// and its Simplified one are the same number of bytes, so byte offsets
/// into `text` stay valid; `None` where nothing changes.
pub fn in_simplified(text: &str) -> Option<String> {
    if !text.chars().any(is_cjk) {
        return None;
    }
    let converted = crate::stt::to_simplified(text);
    if converted == text || converted.chars().count() != text.chars().count() {
        return None;
    }
    // 么 is Simplified too ("什么", Wu "么有"), though the tables read a
    // lone one as 幺; so is southwestern 孃孃 ("叫我王孃孃"), not 娘娘.
    const ALREADY_SIMPLIFIED: &[char] = &['么', '孃'];
    let keep = |t: char, s: char| t.len_utf8() != s.len_utf8() || ALREADY_SIMPLIFIED.contains(&t);
    let simplified: String = text.chars().zip(converted.chars()).map(|(t, s)| if keep(t, s) { t } else { s }).collect();
    (simplified != text).then_some(simplified)
}

/// `text` as Mandarin rules read it: [`with_regional_i`], Wu words
/// ([`WU_WORDS`]), southwestern 莫 ([`SOUTHWESTERN_WORDS`]), 伊 as a pronoun
/// and 伐 ending a question, written in Mandarin. Every replacement has as
/// many characters, each three bytes in UTF-8, so byte offsets into `text`
/// stay valid and evidence is quoted back from `text` itself.
pub fn as_mandarin(text: &str) -> std::borrow::Cow<'_, str> {
    let text = with_regional_i(text);
    let words = || WU_WORDS.iter().chain(SOUTHWESTERN_WORDS);
    let regional = words().any(|(w, _)| text.contains(w)) || text.contains('伊') || text.contains('伐');
    if !regional {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    let mut before: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        if let Some((from, to)) = words().find(|(w, _)| rest.starts_with(w)) {
            out.push_str(to);
            rest = &rest[from.len()..];
            before = to.chars().next_back();
            continue;
        }
        let next = rest[c.len_utf8()..].chars().next();
        let replaced = match c {
            '伊' if before.is_some_and(|b| BEFORE_WU_PRONOUN.contains(b)) => '他',
            // "屋里有狗伐", "要住家伐": a yes-or-no question.
            '伐' if before.is_some_and(is_cjk) && !next.is_some_and(is_cjk) => '吗',
            _ => c,
        };
        out.push(replaced);
        rest = &rest[c.len_utf8()..];
        before = Some(c);
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wu_words_are_read_as_their_mandarin_and_keep_every_offset() {
        let said = "老早做钟点工 现在勿做了 帮伊翻身 屋里有狗伐 想在静安寻 汰衣裳 狗汰浴 伐木 伊拉克";
        let read = as_mandarin(said);
        assert_eq!(read, "以前做钟点工 现在不做了 帮他翻身 屋里有狗吗 想在静安找 汰衣裳 狗洗澡 伐木 伊拉克");
        assert_eq!(read.len(), said.len());
        assert_eq!(as_mandarin("伊春人 额叫刘桂芳"), "伊春人 俺叫刘桂芳");
        assert!(matches!(as_mandarin("我叫王芳"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn the_southwestern_mo_is_read_as_a_denial_and_the_surname_is_left_alone() {
        let said = "驾照莫得 月嫂那个我莫做过 考了一回莫考过 我姓莫 叫莫小玲";
        let read = as_mandarin(said);
        assert_eq!(read, "驾照没得 月嫂那个我没做过 考了一回没考过 我姓莫 叫莫小玲");
        assert_eq!(read.len(), said.len());
    }

    #[test]
    fn the_hakka_i_is_read_as_i_and_words_with_ya_are_left_alone() {
        let said = "涯叫钟春梅 饭也是涯煮 涯不会打针 海角天涯 职业生涯里";
        let read = as_mandarin(said);
        assert_eq!(read, "俺叫钟春梅 饭也是俺煮 俺不会打针 海角天涯 职业生涯里");
        assert_eq!(read.len(), said.len());
        assert_eq!(with_regional_i("天涯海角"), "天涯海角");
    }

    #[test]
    fn the_northwestern_i_is_read_as_i_and_words_with_e_are_left_alone() {
        assert_eq!(with_regional_i("额 额叫刘桂芳 饭额不会做"), "额 俺叫刘桂芳 饭俺不会做");
        assert_eq!(with_regional_i("额五十七 狗额怕"), "俺五十七 狗俺怕");
        assert_eq!(with_regional_i("额 那个 工资金额多少 额外的活 额那个"), "额 那个 工资金额多少 额外的活 额那个");
        assert!(matches!(with_regional_i("我叫王芳"), std::borrow::Cow::Borrowed(_)));
        let text = "额叫白玉兰 额不会";
        assert_eq!(with_regional_i(text).len(), text.len());
    }
}
