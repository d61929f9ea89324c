//! Spoken numbers, Chinese and English, parsed deterministically.
//!
//! Workers say "七千左右", "八九千", "一万二", "五十出头", "十来年",
//! "eight thousand", "forty-two", or digits. [`find_numbers`] finds every
//! number in a clause with its byte span and a [`Number`] that keeps what was
//! said: the value, whether it was a range (the lower bound is the value) and
//! whether it was approximate. Which field a number belongs to is decided by
//! the caller from the words around it.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// The value, or the lower bound of a range ("八九千" → 8000).
    pub value: f64,
    /// A range like "八九千" or "5000 to 6000".
    pub is_range: bool,
    /// Hedged: 左右, 多, 来, 出头, about, around.
    pub approximate: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NumberMention {
    pub span: Range<usize>,
    pub number: Number,
}

/// The value of one Chinese digit character (一 → 1, 两 → 2, 幺 → 1, 〇 → 0).
pub(crate) fn digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '幺' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        _ => return None,
    })
}

fn is_cjk_numeral(c: char) -> bool {
    digit(c).is_some() || unit(c).is_some()
}

/// Parses a run of Chinese numerals ("四十八", "一万二", "七千五", "八九千").
fn parse_chinese(run: &[char]) -> Option<Number> {
    if run.is_empty() {
        return None;
    }
    // Two adjacent different digits before a unit make a range: 八九千, 五六十, 三四.
    let mut is_range = false;
    let mut chars: Vec<char> = run.to_vec();
    if chars.len() >= 2 {
        if let (Some(a), Some(b)) = (digit(chars[0]), digit(chars[1])) {
            if b == a + 1 {
                is_range = true;
                chars.remove(1);
            }
        }
    }
    // "四十七八": a range in the last place; the lower bound counts.
    let n = chars.len();
    if n >= 3 && unit(chars[n - 3]).is_some() {
        if let (Some(a), Some(b)) = (digit(chars[n - 2]), digit(chars[n - 1])) {
            if b == a + 1 {
                is_range = true;
                chars.pop();
            }
        }
    }
    // A lone string of digits (一三八…) is read digit by digit: phone numbers.
    if chars.len() > 1 && chars.iter().all(|&c| digit(c).is_some()) {
        let v = chars.iter().fold(0u64, |acc, &c| acc * 10 + digit(c).unwrap() as u64);
        return Some(Number { value: v as f64, is_range, approximate: false });
    }
    let mut total: u64 = 0; // completed 万 groups
    let mut section: u64 = 0; // below 万
    let mut pending: Option<u64> = None; // last digit not yet multiplied
    let mut last_unit: u64 = 1;
    for &c in &chars {
        if let Some(d) = digit(c) {
            pending = Some(d as u64);
        } else if let Some(u) = unit(c) {
            let n = pending.take().unwrap_or(if u == 10 { 1 } else { 0 });
            if u == 10_000 {
                total = (total + section + n) * 10_000;
                section = 0;
            } else {
                section += n * u;
            }
            last_unit = u;
        }
    }
    if let Some(d) = pending {
        // "一万二" = 12000, "七千五" = 7500, "四十八" = 48: a trailing digit
        // counts in the unit below the last one.
        let scale = if last_unit >= 100 { last_unit / 10 } else { 1 };
        section += d * scale;
    }
    Some(Number { value: (total + section) as f64, is_range, approximate: false })
}

/// "三千五四千" → 3500: an amount with its unit and the digit after it, then
/// a larger amount with its own unit, said without a pause.
fn run_together_range(run: &[char]) -> Option<Number> {
    let split = (2..run.len().saturating_sub(1)).find(|&k| {
        unit(run[k - 2]).is_some_and(|u| u >= 1000)
            && digit(run[k - 1]).is_some()
            && digit(run[k]).is_some()
            && digit(run[k]) != digit(run[k - 1]).map(|d| d + 1)
            && run[k + 1..].iter().any(|c| unit(*c).is_some_and(|u| u >= 1000))
    })?;
    let (low, high) = (parse_chinese(&run[..split])?, parse_chinese(&run[split..])?);
    (low.value < high.value && high.value <= low.value * 3.0).then_some(Number {
        value: low.value,
        is_range: true,
        approximate: false,
    })
}

const ENGLISH_SMALL: [(&str, u64); 28] = [
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// The value of one English number word below a hundred ("seven" → 7).
pub(crate) fn english_word(w: &str) -> Option<u64> {
    let w = w.to_ascii_lowercase();
    ENGLISH_SMALL.iter().find(|(s, _)| *s == w).map(|(_, v)| *v).or(match w.as_str() {
        "a" | "an" => None,
        _ => None,
    })
}

fn english_scale(w: &str) -> Option<u64> {
    match w.to_ascii_lowercase().as_str() {
        "hundred" => Some(100),
        "thousand" | "k" => Some(1000),
        "million" => Some(1_000_000),
        _ => None,
    }
}

/// Every number in `text`, in order, with the hedge words around it.
pub fn find_numbers(text: &str) -> Vec<NumberMention> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        // Arabic digits, with separators, decimals and a 千/万/k suffix.
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            let mut j = i;
            let mut s = String::new();
            while j < chars.len() {
                let ch = chars[j].1;
                if ch.is_ascii_digit() {
                    s.push(ch);
                } else if ('０'..='９').contains(&ch) {
                    s.push(char::from_digit(ch as u32 - '０' as u32, 10).unwrap());
                } else if (ch == '.' || ch == ',')
                    && chars.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit())
                    && !s.is_empty()
                {
                    if ch == '.' {
                        s.push('.');
                    }
                } else if ch == ' ' && chars.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit()) && s.len() < 11 {
                    // Phone numbers are spoken in groups: 138 1234 5678.
                } else {
                    break;
                }
                j += 1;
            }
            let mut value: f64 = s.parse().unwrap_or(0.0);
            if let Some(&(_, suffix)) = chars.get(j) {
                let scale = match suffix {
                    '千' | 'k' | 'K' => Some(1000.0),
                    '万' | 'w' | 'W' => Some(10_000.0),
                    _ => None,
                };
                if let Some(scale) = scale {
                    value *= scale;
                    j += 1;
                }
            }
            // "I want 10 thousand", "15 thousand per month": digits, then the word.
            let rest = &text[end_of(j)..];
            if value < 1000.0 && rest.get(..9).is_some_and(|w| w.eq_ignore_ascii_case(" thousand")) {
                value *= 1000.0;
                j += 9;
            }
            out.push(NumberMention {
                span: start..end_of(j),
                number: Number { value, is_range: false, approximate: false },
            });
            i = j;
            continue;
        }
        if is_cjk_numeral(c) {
            let mut j = i;
            while j < chars.len() && is_cjk_numeral(chars[j].1) {
                j += 1;
            }
            // "八千一个月": the last 一 is "a" (一个月), not 8100.
            let measure_word = chars.get(j).is_some_and(|(_, c)| "个次天周下点些直起样般会年月".contains(*c));
            // (Not "五十一周岁": 周岁 is years of age, not a week.)
            let full_years =
                chars.get(j).is_some_and(|(_, c)| *c == '周') && chars.get(j + 1).is_some_and(|(_, c)| *c == '岁');
            if j - i > 1 && chars[j - 1].1 == '一' && measure_word && chars[j].1 != '年' && !full_years {
                j -= 1;
            }
            let run: Vec<char> = chars[i..j].iter().map(|(_, c)| *c).collect();
            // "三千五四千": two amounts run together are a range; the lower stands for it.
            if let Some(number) = run_together_range(&run) {
                out.push(NumberMention { span: start..end_of(j), number });
                i = j;
                continue;
            }
            // "半" after a unit-year handled by callers; "两年半" → 2.5.
            if let Some(mut number) = parse_chinese(&run) {
                // A lone 一 is usually the word "one"/"a" (一个, 一直, 一起): only
                // keep it when a counter follows.
                let next = chars.get(j).map(|(_, c)| *c);
                let lone_yi = run == ['一'] && !matches!(next, Some('年' | '岁' | '千' | '万'));
                // A run that starts with 百/千/万 is a word (万一 "in case", 千万 "by all means").
                let starts_with_big_unit = unit(run[0]).is_some() && run[0] != '十';
                if !lone_yi && !starts_with_big_unit {
                    if next == Some('半') || (next == Some('年') && chars.get(j + 1).map(|(_, c)| *c) == Some('半'))
                    {
                        number.value += 0.5;
                    }
                    out.push(NumberMention { span: start..end_of(j), number });
                }
            }
            i = j;
            continue;
        }
        // "做了半年": half a year, not after a numeral ("两年半") nor 上/下半年.
        if c == '半'
            && chars.get(i + 1).is_some_and(|(_, n)| *n == '年')
            && (i == 0 || !(is_cjk_numeral(chars[i - 1].1) || "上下前后大多".contains(chars[i - 1].1)))
        {
            out.push(NumberMention {
                span: start..end_of(i + 1),
                number: Number { value: 0.5, is_range: false, approximate: false },
            });
            i += 1;
            continue;
        }
        // English number words.
        if c.is_ascii_alphabetic() && (i == 0 || !chars[i - 1].1.is_ascii_alphabetic()) {
            let mut j = i;
            let mut total: u64 = 0;
            let mut current: u64 = 0;
            let mut any = false;
            let mut end = i;
            loop {
                // Read one word.
                let mut k = j;
                while k < chars.len() && (chars[k].1.is_ascii_alphabetic()) {
                    k += 1;
                }
                if k == j {
                    break;
                }
                let word: String = chars[j..k].iter().map(|(_, c)| *c).collect();
                if let Some(v) = english_word(&word) {
                    // "twenty five" is one number; "seven and nine", "seven nine" are two.
                    let joins = current == 0
                        || current.is_multiple_of(100)
                        || (current.is_multiple_of(10) && current % 100 >= 20 && v < 10);
                    if !joins {
                        break;
                    }
                    current += v;
                    any = true;
                    end = k;
                } else if let Some(s) = english_scale(&word).filter(|_| any) {
                    if s == 100 {
                        current *= 100;
                    } else {
                        total += current.max(1) * s;
                        current = 0;
                        // "six thousand five" = 6500, as people say prices.
                        let rest: String = chars[k..].iter().map(|(_, c)| *c).take(12).collect();
                        let next_word: String =
                            rest.trim_start().chars().take_while(|c| c.is_ascii_alphabetic()).collect();
                        let after_next = rest.trim_start()[next_word.len()..].chars().next();
                        if let Some(d) = english_word(&next_word).filter(|d| (1..=9).contains(d)) {
                            if !after_next.is_some_and(|c| {
                                c == ' ' && rest.trim_start()[next_word.len()..].trim_start().starts_with("hundred")
                            }) {
                                total += d * 100;
                                let skip = rest.len() - rest.trim_start().len() + next_word.len();
                                end = k + skip;
                                break;
                            }
                        }
                    }
                    end = k;
                } else if word.eq_ignore_ascii_case("and") && any && current >= 100 {
                    // "one hundred and twenty"
                } else {
                    break;
                }
                // Words join with a space or a hyphen.
                match chars.get(k).map(|(_, c)| *c) {
                    Some(' ') | Some('-') => j = k + 1,
                    _ => break,
                }
            }
            if any {
                out.push(NumberMention {
                    span: start..end_of(end),
                    number: Number { value: (total + current) as f64, is_range: false, approximate: false },
                });
                i = end.max(i + 1);
                continue;
            }
        }
        i += 1;
    }
    join_ranges(text, &mut out);
    mark_hedges(text, &mut out);
    out
}

/// "nine to ten thousand", "五到六千": the first number takes the second's
/// scale and stands for the range (its lower bound); the second is dropped.
fn join_ranges(text: &str, mentions: &mut Vec<NumberMention>) {
    let mut i = 0;
    while i + 1 < mentions.len() {
        let between = text[mentions[i].span.end..mentions[i + 1].span.start].trim().to_lowercase();
        let (a, b) = (mentions[i].number.value, mentions[i + 1].number.value);
        let is_range_word = ["to", "or", "-", "到", "至", "~"].contains(&between.as_str());
        if is_range_word && a >= 1000.0 && a < b && b <= a * 3.0 {
            // "四千五到五千": the lower bound stands for the range.
            mentions[i].number.is_range = true;
            mentions[i].span.end = mentions[i + 1].span.end;
            mentions.remove(i + 1);
            continue;
        }
        // "six or seven years", "6-7 years", "six, seven years", "五到六年":
        // a span of years or an age given as two neighbours; the lower stands,
        // said where the higher was, next to its unit (and in its clause:
        // a comma may part the two).
        // (Only the unit's few bytes are read: the rest may be long.)
        let unit_after = || {
            let after = text[mentions[i + 1].span.end..].trim_start();
            ["year", "yr", "年", "岁"].iter().any(|u| after.get(..u.len()).is_some_and(|h| h.eq_ignore_ascii_case(u)))
        };
        if (is_range_word || between == ",")
            && a.fract() == 0.0
            && b.fract() == 0.0
            && a < b
            && b <= a + 2.0
            && b < 100.0
            && unit_after()
        {
            mentions[i + 1].number = Number { value: a, is_range: true, approximate: false };
            mentions.remove(i);
            continue;
        }
        if is_range_word && a < 1000.0 && b >= 1000.0 {
            // The largest scale that keeps the range in order and not wider than 3:1.
            let scale = [10_000.0, 1000.0].into_iter().find(|s| a * s <= b && b <= a * s * 3.0);
            if let Some(scaled) = scale.map(|s| a * s) {
                mentions[i].number = Number { value: scaled, is_range: true, approximate: false };
                mentions[i].span.end = mentions[i + 1].span.end;
                mentions.remove(i + 1);
            }
        }
        i += 1;
    }
}

/// Sets `approximate`/`is_range` from the words right around each number.
fn mark_hedges(text: &str, mentions: &mut [NumberMention]) {
    for m in mentions.iter_mut() {
        let after = &text[m.span.end..];
        let before = &text[..m.span.start];
        let after_head: String = after.chars().take(4).collect();
        if ["左右", "多", "来", "出头", "上下", "几"].iter().any(|h| {
            after_head.starts_with(h)
                || after_head.contains(&format!("年{h}"))
                || after_head.contains(&format!("岁{h}"))
        }) || ["about ", "around ", "roughly ", "almost ", "nearly ", "over "]
            .iter()
            .any(|h| before.to_ascii_lowercase().ends_with(h))
        {
            m.number.approximate = true;
        }
        if after_head.starts_with("到")
            || after_head.starts_with("至")
            || after_head.starts_with('-')
            || after_head.starts_with(" to ")
        {
            m.number.is_range = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<f64> {
        find_numbers(text).iter().map(|m| m.number.value).collect()
    }

    #[test]
    fn chinese_numbers_as_workers_say_them() {
        assert_eq!(values("七千左右"), vec![7000.0]);
        assert_eq!(values("八九千"), vec![8000.0]);
        assert!(find_numbers("八九千")[0].number.is_range);
        assert_eq!(values("一万二"), vec![12000.0]);
        assert_eq!(values("一万五千"), vec![15000.0]);
        assert_eq!(values("七千五"), vec![7500.0]);
        assert_eq!(values("四十八岁"), vec![48.0]);
        assert_eq!(values("五十出头"), vec![50.0]);
        assert!(find_numbers("五十出头")[0].number.approximate);
        assert_eq!(values("干了十来年"), vec![10.0]);
        assert_eq!(values("十二年"), vec![12.0]);
        assert_eq!(values("两年半"), vec![2.5]);
        assert_eq!(values("三年多"), vec![3.0]);
        assert_eq!(values("八九千一个月"), vec![8000.0]);
        assert_eq!(values("四十七八"), vec![47.0]);
        assert_eq!(values("四千五到五千"), vec![4500.0]);
        assert_eq!(values("一百二十"), vec![120.0]);
        assert_eq!(values("要求不高 三千五四千 不住家"), vec![3500.0]);
        assert!(find_numbers("三千五四千")[0].number.is_range);
        assert_eq!(values("我刚入行 做了半年"), vec![0.5]);
        assert_eq!(values("两年半"), vec![2.5]);
        assert!(values("上半年").is_empty());
    }

    #[test]
    fn digits_with_units_and_phone_groups() {
        assert_eq!(values("工资7000一个月"), vec![7000.0]);
        assert_eq!(values("要8千"), vec![8000.0]);
        assert_eq!(values("1.2万"), vec![12000.0]);
        assert_eq!(values("6k"), vec![6000.0]);
        assert_eq!(values("I want 10 thousand"), vec![10000.0]);
        assert_eq!(values("15 Thousand per month"), vec![15000.0]);
        assert_eq!(values("7,500 a month"), vec![7500.0]);
        assert_eq!(values("电话138 1234 5678"), vec![13812345678.0]);
    }

    #[test]
    fn english_number_words() {
        assert_eq!(values("eight thousand a month"), vec![8000.0]);
        assert_eq!(values("I'm forty-two"), vec![42.0]);
        assert_eq!(values("fifty two years old"), vec![52.0]);
        assert_eq!(values("twelve thousand five hundred"), vec![12500.0]);
        assert_eq!(values("ten years"), vec![10.0]);
        assert_eq!(values("about six thousand five."), vec![6500.0]);
        assert_eq!(values("nine to ten thousand"), vec![9000.0]);
        assert_eq!(values("two kids, seven and nine years old"), vec![2.0, 7.0, 9.0]);
        assert_eq!(values("one hundred and twenty"), vec![120.0]);
        assert!(find_numbers("nine to ten thousand")[0].number.is_range);
        assert!(values("I can cook and clean").is_empty());
    }

    #[test]
    fn words_that_contain_numerals_are_not_numbers() {
        assert!(values("一直在做").is_empty());
        assert!(values("一起").is_empty());
        assert!(values("万一").is_empty());
        assert!(values("千万别").is_empty());
    }
}
