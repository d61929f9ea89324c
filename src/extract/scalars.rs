//! The profile's single-valued fields: name, age, hometown, years of
//! experience, live-in, expected pay, work area and phone.
//!
//! Each is found from cue words around a span, never guessed: a number is an
//! age only when "岁", "今年" or "years old" says so, a salary only next to
//! pay words or a money unit. When a worker corrects themself ("干了八年 不对
//! 是十年", "六千 哦不 七千"), the corrected number takes the field of the one
//! before it, and the last value said wins.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use super::matcher;
use super::numbers::{self, find_numbers, NumberMention};
use super::places::{is_english_district, is_english_town, longest_prefix, places};
use super::profile::Profile;

/// The numeric fields. Phone numbers are found digit by digit ([`find_phone`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Age,
    Years,
    Salary,
}

const CORRECTION_CUES: &[&str] = &[
    "不对",
    "哦不",
    "噢不",
    "啊不",
    "说错",
    "不是不是",
    "应该是",
    "准确说",
    "no,",
    "no ",
    "i mean",
    "sorry",
    "actually",
];

/// Fills the profile's single-valued fields from `text`; the rest stay as they are.
pub fn fill_scalars(text: &str, s: &mut Profile) {
    numbers_to_fields(&said_plainly(text), s);
    s.name = find_name(text).map(capitalized);
    let work_area = find_work_area(text);
    s.hometown = find_hometown(text, work_area.as_deref())
        .map(|home| said_again_more_fully(text, home, work_area.as_deref()))
        .map(capitalized);
    s.work_area = work_area.map(capitalized);
    s.live_in = find_live_in(text);
    if let Some(phone) = find_phone(text).or_else(|| find_phone_after_cue(text)) {
        s.phone = Some(phone);
    }
}

/// "maria dela cruz" → "Maria Dela Cruz": a name or place from an answer
/// Whisper wrote all in lower case is shown as names are written. Anything
/// with a capital already is kept as said ("McDonald", "de la Cruz").
fn capitalized(said: String) -> String {
    if said.chars().any(|c| c.is_uppercase()) || !said.is_ascii() {
        return said;
    }
    said.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| first.to_ascii_uppercase().to_string() + chars.as_str())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One digit of a number read out: a digit, a Chinese digit (幺 too) or
/// 腰, how Whisper often writes the 幺 of a phone number.
fn spoken_digit(c: char) -> Option<u32> {
    c.to_digit(10).or_else(|| numbers::digit(c)).or((c == '腰').then_some(1))
}

/// One English word of a number read out ("oh" is a zero), in lower case.
fn english_digit(word: &str) -> Option<u32> {
    if word == "oh" {
        return Some(0);
    }
    numbers::english_word(word).filter(|d| *d <= 9).and_then(|d| u32::try_from(d).ok())
}

/// A mobile number, in digits or spoken digit by digit ("一三九 一二六七 八八四一"),
/// in groups. Longer digit runs (ID numbers) are never taken.
fn find_phone(text: &str) -> Option<String> {
    // "腰" is how Whisper often writes the 幺 of a number read out; "要"
    // too ("要三九 八七二六 要要五四"), but only next to another digit.
    let chars: Vec<char> = text.chars().collect();
    let digit_at = |i: usize| {
        let c = chars[i];
        let heard_as_one = c == '要'
            && chars.get(i + 1).is_some_and(|&n| n == '要' || spoken_digit(n).is_some())
            && (i == 0 || !matches!(chars[i - 1], '我' | '俺' | '就' | '想' | '还' | '只' | '都' | '也' | '不'));
        spoken_digit(c).or(heard_as_one.then_some(1)).and_then(|d| char::from_digit(d, 10))
    };
    // "one five eight, two two three one, …": English digit words become digits first.
    let english: String = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| english_digit(&w.to_ascii_lowercase()).map_or(" ".to_string(), |d| d.to_string()))
        .collect();
    let spoken = english.split(' ').find(|run| run.len() == 11 && run.starts_with('1'));
    // Groups of digits and what separates them: a number is read out in
    // groups ("138，1234，5678", "138, 12345678", "幺三八 幺二三四…").
    #[derive(PartialEq)]
    enum Gap {
        None,
        Separator,
        Other,
    }
    let separator = |c: char| matches!(c, ' ' | '-' | ',' | '，' | '、' | '.' | '\u{3000}');
    // (digits, read on from the previous group, said to correct the previous
    // group, said after 是 as what it is)
    let mut said: Vec<(String, bool, bool, bool)> = Vec::new();
    let mut gap = Gap::Other;
    let mut between = String::new(); // what was said since the last group
    for (i, &c) in chars.iter().enumerate() {
        if let Some(d) = digit_at(i) {
            match said.last_mut() {
                Some((run, _, _, _)) if gap == Gap::None => run.push(d),
                _ => said.push((d.to_string(), gap == Gap::Separator, corrects(&between), between.trim() == "是")),
            }
            gap = Gap::None;
            between.clear();
        } else if separator(c) && gap != Gap::Other {
            gap = Gap::Separator;
            between.push(c);
        } else {
            gap = Gap::Other;
            between.push(c);
        }
    }
    // "零二八五 哦不对 零二五八": a group said again, corrected, replaces it.
    let mut groups: Vec<(String, bool)> = Vec::new();
    // "九零零四 哦不是九零零四 是九零四零": the wrong group said again after
    // the cue, then the right one after 是.
    let mut wrong_said_again = false;
    for (run, joins, corrects, is) in said {
        match groups.last_mut() {
            Some((last, _)) if corrects && *last == run => wrong_said_again = true,
            // "七七二 一六 不对 一九": the last pair may be said again too.
            Some((last, _)) if (corrects || (is && wrong_said_again)) && last.len() == run.len() && run.len() >= 2 => {
                *last = run;
                wrong_said_again = false;
            }
            _ => {
                groups.push((run, joins));
                wrong_said_again = false;
            }
        }
    }
    let mut found = spoken.map(str::to_string);
    for start in 0..groups.len() {
        let mut number = String::new();
        for (i, (run, joins)) in groups[start..].iter().enumerate() {
            if i > 0 && !joins {
                break;
            }
            number.push_str(run);
            if number.len() >= 11 {
                break;
            }
        }
        let mobile = number.len() == 11 && number.starts_with('1') && matches!(number.as_bytes()[1], b'3'..=b'9');
        // An 18-digit ID number is one group: never cut down to a phone.
        if mobile && groups[start].0.len() <= 11 {
            found = Some(number);
            break;
        }
    }
    found
}

/// A number that is no Chinese mobile: abroad ("My number is 050 317 4426,
/// sorry, 4462", "phone is 9 1 2 3 4 5 7 6") or a landline. Any length a
/// phone number has (7 to 12 digits) could be a sum or a date too, so it is
/// taken only when read on from a phone word, with nothing but digits,
/// fillers and corrections between.
fn find_phone_after_cue(text: &str) -> Option<String> {
    const CUES: &[&str] =
        &["number", "phone", "mobile", "whatsapp", "call me", "cell", "contact", "电话", "手机", "号码"];
    let lower = text.to_lowercase();
    let mut starts: Vec<usize> = CUES.iter().flat_map(|c| lower.match_indices(c).map(|(at, _)| at + c.len())).collect();
    starts.sort_unstable();
    starts.into_iter().find_map(|from| digits_read_on(&lower[from..]))
}

/// What a stretch of speech after a phone word says, token by token.
#[derive(Debug, PartialEq)]
enum PhoneToken {
    Digits(String),
    /// "sorry", "no", "不对": what follows replaces what was said.
    Correction,
    /// "is", "my", "嗯", "是": no word of its own.
    Filler,
    /// Anything else ends the number.
    Other,
}

fn phone_tokens(rest: &str) -> Vec<PhoneToken> {
    const CORRECTIONS: &[&str] = &["sorry", "no", "not", "mean", "不对", "不是", "说错了", "错了"];
    const FILLERS: &[&str] = &[
        "is", "it", "s", "my", "me", "at", "on", "i", "uh", "um", "er", "ah", "oh", "number", "phone", "mobile",
        "whatsapp", "also", "same", "是", "呢", "啊", "嗯", "哦", "号", "码", "就", "吧",
    ];
    // The words: runs of letters and digits, and each Chinese character but
    // a correction of two or three.
    let mut words: Vec<&str> = Vec::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_ascii_alphanumeric() {
            let mut end = at + 1;
            while let Some(&(i, n)) = chars.peek().filter(|(_, n)| n.is_ascii_alphanumeric()) {
                end = i + n.len_utf8();
                chars.next();
            }
            words.push(&rest[at..end]);
        } else if !c.is_whitespace() && !matches!(c, ',' | '，' | '、' | '-' | '.' | ':' | '：' | '+' | '(' | ')') {
            let correction = CORRECTIONS.iter().find(|w| !w.is_ascii() && rest[at..].starts_with(**w));
            let word = correction.copied().unwrap_or(&rest[at..at + c.len_utf8()]);
            for _ in 1..word.chars().count() {
                chars.next();
            }
            words.push(word);
        }
    }
    let digit = |word: &str| match word {
        "o" => Some("0".to_string()),
        w if w.chars().all(|c| c.is_ascii_digit()) => Some(w.to_string()),
        // (两 is "two of", never a digit read out.)
        w => english_digit(w)
            .or_else(|| {
                let mut cs = w.chars();
                let c = cs.next().filter(|&c| c != '两')?;
                spoken_digit(c).filter(|_| cs.next().is_none())
            })
            .map(|d| d.to_string()),
    };
    let mut tokens = Vec::new();
    // "double seven": the next digit said twice.
    let mut repeat = 1;
    for (i, &word) in words.iter().enumerate() {
        // "oh" is a zero among digits, else a filler ("oh, my number…").
        let among_digits = tokens.iter().any(|t| matches!(t, PhoneToken::Digits(_)))
            || words.get(i + 1).is_some_and(|next| digit(next).is_some() || ["double", "triple"].contains(next));
        let token = match digit(word) {
            Some(d) if word != "oh" || among_digits => PhoneToken::Digits(d.repeat(std::mem::replace(&mut repeat, 1))),
            _ if word == "double" || word == "triple" => {
                repeat = if word == "double" { 2 } else { 3 };
                continue;
            }
            _ if CORRECTIONS.contains(&word) => PhoneToken::Correction,
            _ if FILLERS.contains(&word) => PhoneToken::Filler,
            _ => PhoneToken::Other,
        };
        let other = token == PhoneToken::Other;
        tokens.push(token);
        if other {
            break;
        }
    }
    tokens
}

/// The number read on from a phone word, corrections applied.
fn digits_read_on(rest: &str) -> Option<String> {
    let mut said = String::new();
    let mut correction: Option<String> = None;
    let mut fillers_first = 0;
    for token in phone_tokens(rest) {
        match token {
            PhoneToken::Digits(d) => correction.as_mut().unwrap_or(&mut said).push_str(&d),
            PhoneToken::Filler if said.is_empty() => {
                fillers_first += 1;
                if fillers_first > 4 {
                    return None;
                }
            }
            PhoneToken::Filler => {}
            PhoneToken::Correction if said.is_empty() => return None,
            PhoneToken::Correction => {
                // ("no sorry": one correction.)
                if let Some(again) = correction.take().filter(|again| !again.is_empty()) {
                    said = corrected_number(&said, &again)?;
                }
                correction = Some(String::new());
            }
            PhoneToken::Other => break,
        }
    }
    let number = match correction {
        Some(again) if !again.is_empty() => corrected_number(&said, &again)?,
        _ => said,
    };
    (7..=12).contains(&number.len()).then_some(number)
}

/// `said` with its end said again as `again`: the whole number ("0917 583
/// 2046, sorry, 0917 583 2064"), its last group ("… 4426, sorry, 4462") or
/// from a digit on ("zero five five 4 3 1 no sorry 4 3 7 2 2 1 9"). Where
/// `again` could start, the place that keeps the number's length wins, then
/// the latest that gives a number of a phone's length.
fn corrected_number(said: &str, again: &str) -> Option<String> {
    let first = again.chars().next()?;
    let starts: Vec<usize> = said.char_indices().filter(|&(_, c)| c == first).map(|(i, _)| i).collect();
    let with = |at: usize| format!("{}{again}", &said[..at]);
    starts
        .iter()
        .find(|&&at| at + again.len() == said.len())
        .or_else(|| starts.iter().rev().find(|&&at| (7..=12).contains(&(at + again.len()))))
        .map(|&at| with(at))
        .or_else(|| (7..=12).contains(&again.len()).then(|| again.to_string()))
}

/// Whether the words between two digit groups take the first one back.
fn corrects(between: &str) -> bool {
    let words = between.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | '.' | '。'));
    // "哎不对", "啊 不是": an interjection before the cue.
    let words = words.trim_start_matches(['哎', '唉', '啊', '呃', '嗯', ' ']);
    ["哦不对", "不对", "哦", "不是", "哦不是", "说错了", "sorry", "no sorry"].contains(&words.to_lowercase().as_str())
}

fn lower_window(text: &str, from: usize, to: usize) -> String {
    text[from..to].to_lowercase()
}

/// Years and ages said without a plain count, said again as one: "about a
/// decade" is about ten years, "two decades" twenty, "10+ years" and "ten
/// plus years" ten (more than N is N), 小十年 (nearly ten) 十年; "in my
/// fifties" is fifty years old (a vague age is its lower bound), "52 years
/// young" 52 years old, and "forty-seven going on forty-eight" forty-seven.
/// Only the numbers read this text; nothing quotes it.
fn said_plainly(text: &str) -> Cow<'_, str> {
    static DECADES: OnceLock<Regex> = OnceLock::new();
    static PLUS: OnceLock<Regex> = OnceLock::new();
    static IN_MY: OnceLock<Regex> = OnceLock::new();
    static YOUNG: OnceLock<Regex> = OnceLock::new();
    static GOING_ON: OnceLock<Regex> = OnceLock::new();
    let decades = DECADES.get_or_init(|| regex(r"(?i)\b(a|one|two|three)\s+decades?\b"));
    let plus = PLUS.get_or_init(|| regex(r"(?i)\b(\d+|[a-z]+)\s*(\+|\s+plus)\s+years?\b"));
    let in_my = IN_MY
        .get_or_init(|| regex(r"(?i)\bin my\s+(?:early\s+|mid\s+|late\s+)?(twent|thirt|fort|fift|sixt|sevent)ies\b"));
    let young = YOUNG.get_or_init(|| regex(r"(?i)\byears young\b"));
    let going_on = GOING_ON.get_or_init(|| {
        regex(r"(?i)\s+going on\s+(?:\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)\b")
    });
    let plain = |said: &str| {
        !decades.is_match(said)
            && !plus.is_match(said)
            && !in_my.is_match(said)
            && !young.is_match(said)
            && !going_on.is_match(said)
            && !said.contains("小十年")
            && !said.contains("小二十年")
    };
    if plain(text) {
        return Cow::Borrowed(text);
    }
    let said = decades.replace_all(text, |c: &regex::Captures| {
        let years = match c[1].to_ascii_lowercase().as_str() {
            "two" => "twenty",
            "three" => "thirty",
            _ => "ten",
        };
        format!("{years} years")
    });
    let said = plus.replace_all(&said, "$1 years");
    let said = in_my.replace_all(&said, |c: &regex::Captures| {
        let tens = match c[1].to_ascii_lowercase().as_str() {
            "twent" => "twenty",
            "thirt" => "thirty",
            "fort" => "forty",
            "fift" => "fifty",
            "sixt" => "sixty",
            _ => "seventy",
        };
        format!("{tens} years old")
    });
    let said = young.replace_all(&said, "years old");
    // (Only after a number in words: "going on twelve years now" is years.)
    let said = going_on.replace_all(&said, |c: &regex::Captures| {
        let next = &said[c.get(0).map_or(0, |m| m.end())..];
        if next.trim_start().to_ascii_lowercase().starts_with("year") {
            c[0].to_string()
        } else {
            String::new()
        }
    });
    Cow::Owned(said.replace("小十年", "十年").replace("小二十年", "二十年"))
}

fn numbers_to_fields(text: &str, s: &mut Profile) {
    let mentions = find_numbers(text);
    let clauses = super::matcher::clauses(text);
    let mut last: HashMap<Field, f64> = HashMap::new();
    let mut previous: Option<(Field, usize)> = None;
    let mut years_end: Option<usize> = None;
    // "干了快三年了": the years said as a bound ("快", "不到"), which a smaller number refines.
    let mut years_bound = false;
    // Whether the years last said were of work she did before ("以前在医院干了三年").
    let mut years_of_before = false;
    // The years the last figure said (a part said after a total keeps the
    // total, and then the total is what counts).
    let mut years_said_last = 0.0;
    for (k, m) in mentions.iter().enumerate() {
        let field = field_of(text, &clauses, m).or_else(|| {
            // A bare number right after a correction takes the corrected one's field.
            let (field, end) = previous?;
            let between = lower_window(text, end, m.span.start);
            (CORRECTION_CUES.iter().any(|c| between.contains(c)) || bare_correction(&between)).then_some(field)
        });
        // A child's age ("带过两岁的小孩") is not the worker's: implausible values are skipped.
        let Some(field) = field.filter(|f| plausible(*f, m.number.value)) else {
            // "八八六七 哎不对 八八六五": a correction corrects the number just before it.
            previous = None;
            continue;
        };
        let mut value = m.number.value;
        // "twenty six or twenty seven", "maybe 40 to 42": an age range gives the lower.
        if let Some(before) = k.checked_sub(1).map(|j| &mentions[j]).filter(|_| field == Field::Age) {
            let between = lower_window(text, before.span.end, m.span.start);
            if ["or", "to", "或", "到", "-"].contains(&between.trim()) && plausible(Field::Age, before.number.value) {
                value = value.min(before.number.value);
            }
        }
        // "3 years and half", "two years and a half".
        let rest = text[m.span.end..].trim_start();
        let said = |w: &str| rest.get(..w.len()).is_some_and(|head| head.eq_ignore_ascii_case(w));
        if field == Field::Years
            && [
                "years and half",
                "years and a half",
                "year and half",
                "year and a half",
                "and a half year",
                "and half year",
            ]
            .into_iter()
            .any(said)
        {
            value += 0.5;
        }
        if field == Field::Salary {
            let between = previous.filter(|(f, _)| *f == Field::Salary).map(|(_, end)| text[end..m.span.start].trim());
            let after = text[m.span.end..].trim_start();
            // "八千 八千五也可以", "三千五 四千都中": the higher is fine too.
            // (Cantonese 也得 and 都得.)
            let either =
                ["都可以", "都行", "都成", "都中", "都好", "都得", "也可以", "也行", "也成", "也中", "也得", "之间"]
                    .iter()
                    .any(|w| after.starts_with(w));
            let range =
                // "nine thousand, ten thousand": two amounts in a row.
                between.is_some_and(|b| ["到", "至", "或", "或者", "-", "~", ","].contains(&b) || (b.is_empty() && either));
            if range {
                // "三千五 四千 都可以": a range asks for the lower; "六千 六千五吧" is said again, higher.
                value = value.min(last[&Field::Salary]);
            } else if last.contains_key(&Field::Salary)
                && conditional(&clause_and_previous(text, &clauses, &m.span).to_lowercase())
            {
                // "住家 八千 要是双胞胎 得一万": what a harder job would cost is not the wage asked.
                continue;
            }
        }
        let said_now = value;
        if field == Field::Years {
            // "干这行十一年了 前五年在南京", "helper twelve years … for four
            // years": a part of all her years, unless said to correct them.
            if let (Some(&old), Some(end)) = (last.get(&Field::Years), years_end) {
                let between = lower_window(text, end, m.span.start);
                // "experience three years, before in Taiwan ten year but that
                // is factory": years of another, earlier job.
                let earlier = ["before", "以前", "之前"].iter().any(|w| between.contains(w));
                // "十二年了 哎不是 十一年"; "快三年了 不到三年 两年多".
                let corrected = CORRECTION_CUES.iter().any(|c| between.contains(c)) || bare_correction(&between);
                // "以前在医院干了三年 … 现在看老爷子 看了两年了": no total, so
                // the years of the work she does now.
                let now_after_before =
                    years_of_before && ["现在", "now ", "currently"].iter().any(|w| between.contains(w));
                if earlier {
                    value = old;
                } else if !(now_after_before || corrected || (years_bound && value < old && said_again(&between))) {
                    value = value.max(old);
                }
            }
            years_end = Some(m.span.end);
            years_said_last = said_now;
            let before = text[..m.span.start].trim_end();
            years_bound = ["快", "不到", "将近", "快要", "差不多"].iter().any(|w| before.ends_with(w));
            // Its clause and the few before ("以前做过月嫂 做了 有三年"), back to a 现在.
            let own = clauses.iter().position(|c| c.start <= m.span.start && m.span.start < c.end);
            let story_start = own.map_or(0, |k| clauses[k.saturating_sub(STORY_CLAUSES)].start);
            let said_before = text[story_start..m.span.start].to_lowercase();
            let said_before = said_before.rsplit("现在").next().unwrap_or("");
            years_of_before = BEFORE_NOW.iter().any(|w| said_before.contains(w));
        }
        last.insert(field, value);
        previous = Some((field, m.span.end));
    }
    s.age = last.get(&Field::Age).map(|v| *v as u32);
    // "以前干了五年钟点工 … 家务活儿我不干了 现在光做饭": years of work she
    // has given up, when they are the only figure, are no experience of the
    // work she offers now (a total she gives still counts).
    let given_up_years = years_end.is_some_and(|end| {
        years_of_before && last.get(&Field::Years) == Some(&years_said_last) && given_up_after(text, end)
    });
    s.years_experience = last.get(&Field::Years).copied().filter(|_| !given_up_years);
    s.expected_salary_cny_month = last.get(&Field::Salary).map(|v| *v as u32);
}

/// English words for someone other than the worker: an age or a number said
/// just after one is theirs.
pub(super) const OTHER_PEOPLE_EN: &[&str] = &[
    "she",
    "he",
    "her",
    "his",
    "sir",
    "madam",
    "mam",
    "maam",
    "ma'am",
    "ward",
    "employer",
    "father",
    "mother",
    "grandma",
    "grandmother",
    "grandpa",
    "grandfather",
    "uncle",
    "aunt",
    "auntie",
    "aunty",
    "lady",
    "man",
    "patient",
    "boss",
    "baba",
    "mama",
    "ama",
    "husband",
    "wife",
    "lola",
    "lolo",
];

/// How many clauses before a number of years a 以前 still opens its story
/// ("以前在厦门的医院做护工 陪床 帮病人翻身 擦身子 干了三年").
const STORY_CLAUSES: usize = 4;

/// Words that set a story in the past ("老早带小囡带了五年", "last time I do
/// confinement nanny eight years").
const BEFORE_NOW: &[&str] = &[
    "以前",
    "之前",
    "原来",
    "老早",
    "早些年",
    "早几年",
    "早年",
    "早先",
    "过去",
    "年轻时",
    "年轻的时候",
    "before",
    "previously",
    "last time",
];

/// Whether the work told of before `end` is given up after it, before she
/// says what she does now: "做了两年 医院太累了 不接了", "eight years, very
/// tiring, so I stopped already".
fn given_up_after(text: &str, end: usize) -> bool {
    // The matcher's words for work given up, and a few said only of years.
    const GIVEN_UP_MORE: &[&str] = &["勿做了", "i stop", "don't want anymore"];
    let given_up = matcher::NO_LONGER_BARE.iter().chain(matcher::NO_LONGER_EN).chain(GIVEN_UP_MORE);
    let after = text[end..].to_lowercase();
    // "现在年纪大了 夜里熬不动 月嫂不做了": a 现在 that gives her reason is still the story.
    let reason = |at: usize| {
        ["年纪", "岁数", "年龄", "老了", "身体"].iter().any(|w| after[at..].trim_start_matches("现在").starts_with(w))
    };
    let now = ["现在", " now ", "now,", "currently"]
        .iter()
        .flat_map(|w| after.match_indices(w).map(|(at, _)| at))
        .filter(|&at| !reason(at))
        .min()
        .unwrap_or(after.len());
    // "现在不干了", "现在我也不做了": a 现在 that opens the giving up is part of it.
    const OPENING: usize = "现在我也".len();
    given_up.filter_map(|w| after.find(w)).any(|at| at <= now + OPENING)
}

/// "七年 不是 八年了", "十二年了 哎不是 十一年": a bare 不是 between two
/// numbers, maybe after an interjection, corrects the first.
fn bare_correction(between: &str) -> bool {
    let bare = between.trim_matches(|c: char| c.is_whitespace() || "年岁块千万了，,哎唉啊呃嗯".contains(c));
    bare == "不是"
}

/// "不到三年 两年多": the next number said at once, with nothing but its
/// unit and hesitations between ("快十年了 在北京干了八年" is a part).
fn said_again(between: &str) -> bool {
    between.chars().all(|c| c.is_whitespace() || "年了多吧啊呃嗯，,".contains(c))
}

/// Words that make a number depend on something ("要是双胞胎 得一万").
fn conditional(context: &str) -> bool {
    // "工资一万八 双胞胎的话两万二", not "来这边的话想要四千五".
    ["要是", "如果", "假如", "若是", "if "].iter().any(|w| context.contains(w))
        || (context.contains("的话") && !["希望", "要"].iter().any(|w| context.replace("要求", "").contains(w)))
}

fn plausible(field: Field, value: f64) -> bool {
    match field {
        Field::Age => (16.0..=85.0).contains(&value),
        Field::Years => (0.0..=60.0).contains(&value),
        Field::Salary => (1000.0..=100_000.0).contains(&value),
    }
}

/// Hesitations between a cue and its number: "今年 呃 五十二".
fn strip_trailing_fillers(text: &str) -> &str {
    let mut t = text.trim_end();
    loop {
        let before = t;
        // "今年应该是五十四", "今年好像五十四": a hedge before the number.
        for filler in [
            "呃",
            "嗯",
            "啊",
            "嘛",
            "那个",
            "就是",
            "大概",
            "差不多",
            "应该是",
            "应该",
            "好像是",
            "好像",
            "um",
            "uh",
            "er",
            "like",
            ",",
            "，",
        ] {
            t = t.strip_suffix(filler).unwrap_or(t).trim_end();
        }
        if t == before {
            return t;
        }
    }
}

/// The clause that holds `span`, with the one before it: "我护理过一位老人，三年"
/// ties the years to the work, "我会开车 有驾照十几年了" does not.
fn clause_and_previous<'a>(
    text: &'a str,
    clauses: &[std::ops::Range<usize>],
    span: &std::ops::Range<usize>,
) -> &'a str {
    let Some(i) = clauses.iter().position(|c| c.start <= span.start && span.end <= c.end) else {
        return &text[span.clone()];
    };
    // Two clauses back, not counting hesitations ("照顾过一个 那个 老年痴呆的老太太 四年").
    let filler = |c: &std::ops::Range<usize>| {
        // "陪了 有个 六七年吧": hedges said before a number, too.
        ["呃", "嗯", "啊", "那个", "就是", "然后", "有个", "有", "大概", "差不多", "得有", "估计"]
            .contains(&text[c.clone()].trim())
    };
    let mut start = clauses[i].start;
    let mut taken = 0;
    for c in clauses[..i].iter().rev() {
        start = c.start;
        if !filler(c) {
            taken += 1;
            if taken == 2 {
                break;
            }
        }
    }
    &text[start..clauses[i].end]
}

/// Places abroad where helpers work, for "in singapore 7 years".
const ABROAD: &[&str] = &[
    "gulf",
    "singapore",
    "hong kong",
    "hong",
    "taiwan",
    "malaysia",
    "dubai",
    "macau",
    "saudi",
    "kuwait",
    "riyadh",
    "jeddah",
    "dammam",
    "doha",
    "qatar",
    "sharjah",
    "ajman",
    "oman",
    "muscat",
    "bahrain",
    "manama",
    "lebanon",
    "beirut",
    "jordan",
    "amman",
];

/// Words that say a span of years is work experience.
const WORK_WORDS: &[&str] = &[
    "caring",
    "care",
    "helper",
    "nanny",
    "housekeeper",
    "i do ",
    "干",
    "做",
    "带",
    "工作",
    "从事",
    "经验",
    "一共",
    "前前后后",
    "待过",
    "待了",
    // "8 years I clean houses", "house cleaning ten years".
    "clean",
    // "我在这行呆了八年".
    "呆了",
    "这行",
    "护理",
    "当",
    "伺候",
    "照顾",
    "看",
    // "在医院陪老人 陪了两年".
    "陪了",
    "陪护",
    "worked",
    "work",
    "working",
    "experience",
    // "so total six years".
    "total",
    "been",
    "doing",
    "done",
    "did",
    "as a",
    "for",
    "nurse",
    "look after",
    "looked after",
    "yuesao",
    "caregiver",
    "carer",
    // "在她家陪护了两年", "6 years house keeper all around".
    "陪护",
    "keeper",
    // "给老板开车开了五年": a driver's years.
    "开车",
    // "专门管失智的老人 … 搞了五年" (southwestern 搞, to do), "帮人煮饭七年".
    "搞",
    "帮人",
    // "入行十年", "从业十年", "十年的月嫂": the trade, or the job named.
    "入行",
    "从业",
    "月嫂",
    "保姆",
    "育儿嫂",
    "护工",
    "家政",
];

/// Words that open a sum of years said as a phrase of its own ("算起来也有八年了").
const SUMMING: &[&str] = &["算起来", "算下来", "加起来", "满打满算", "掰着指头算", "算算"];

/// Other countries' money, each said as one word ("1700 dirhams", "130 kd").
const CURRENCIES: &[&str] =
    &["dirham", "dinar", "riyal", "ringgit", "shekel", "kd", "sgd", "hkd", "aed", "sar", "qar", "omr", "ntd"];

/// Where the sentence holding `pos` begins: after the last full stop,
/// question or exclamation mark before it (Chinese 。 too).
fn sentence_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind(['.', '!', '?', '。']).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8))
}

/// Which field a number belongs to, from the words around it.
fn field_of(text: &str, clauses: &[std::ops::Range<usize>], m: &NumberMention) -> Option<Field> {
    // Phone and ID numbers are digit strings, not amounts; an ID is never kept.
    if text[m.span.clone()].chars().filter(|c| c.is_ascii_digit()).count() >= 11 {
        return None;
    }
    let value = m.number.value;
    // "a nanny since 2015 ay no 2016": a calendar year, not an amount.
    let words_before: Vec<String> =
        text[..m.span.start].split_whitespace().rev().take(4).map(|w| w.to_ascii_lowercase()).collect();
    if text[m.span.clone()].len() == 4
        && (1950.0..=2035.0).contains(&value)
        // "I came to Dubai 2012".
        && words_before.iter().any(|w| {
            ["since", "in", "year", "came", "went", "arrived", "started", "from", "until", "till"].contains(&w.as_str())
        })
    {
        return None;
    }
    // "八七二六", "要三九": digits read one by one belong to a phone number; an
    // amount or an age is said with its 十, 百, 千.
    let spoken = &text[m.span.clone()];
    if spoken.chars().count() >= 3 && spoken.chars().all(|c| "零一二三四五六七八九幺".contains(c)) {
        return None;
    }
    // "一六年开始做的": a year read digit by digit (2016), not years of work;
    // "七八年" (seven or eight) is two digits in a row.
    const DIGITS: &str = "零一二三四五六七八九";
    if let [first, second] = spoken.chars().collect::<Vec<char>>()[..] {
        let place = |c: char| DIGITS.chars().position(|d| d == c);
        if let (Some(a), Some(b)) = (place(first), place(second)) {
            // "二三年开始干的": a year she began in, whatever its digits.
            let began = ["年开始", "年入行", "年出来", "年来的"].iter().any(|w| text[m.span.end..].starts_with(w));
            if (b != a + 1 || began) && text[m.span.end..].starts_with('年') {
                return None;
            }
        }
    }
    let before_start = text[..m.span.start].char_indices().rev().nth(11).map_or(0, |(i, _)| i);
    let after_end = text[m.span.end..].char_indices().nth(16).map_or(text.len(), |(i, _)| m.span.end + i);
    let before_full = lower_window(text, before_start, m.span.start);
    // Cue words are matched without the hesitations after them; English cues
    // end in a space ("i'm "), Chinese ones do not ("今年").
    let stripped = strip_trailing_fillers(&before_full);
    let before =
        if stripped.is_ascii() && !stripped.is_empty() { format!("{stripped} ") } else { stripped.to_string() };
    let after_raw = lower_window(text, m.span.end, after_end);
    // The next forty characters, lower-cased once, for words said past the window
    // ("3200 Singapore dollar", "Eleven years I am in Gulf").
    let far_end = text[m.span.end..].char_indices().nth(40).map_or(text.len(), |(i, _)| m.span.end + i);
    let far_after = lower_window(text, m.span.end, far_end);
    // Chinese units follow at once ("十年", "七千左右块"); English ones after a space.
    let after = after_raw.trim_start_matches(['左', '右', '多', '来', '几']);
    let en_after = after_raw.trim_start();
    let hourly = [
        "小时",
        "钟头",
        "per hour",
        "an hour",
        "one hour",
        "a hour",
        "hourly",
        "一天",
        "a day",
        "per day",
        "一次",
        "per visit",
        // Whisper's "per our".
        "per our",
    ];
    let money_unit = after.trim_start_matches(['块', '元', '钱', ' ']);
    let en_unit = ["kuai ", "yuan ", "rmb ", "dollars ", "peso "]
        .iter()
        .find_map(|u| en_after.strip_prefix(u))
        .unwrap_or(en_after);
    if hourly.iter().any(|h| after.starts_with(h) || money_unit.starts_with(h) || en_unit.starts_with(h)) {
        return None;
    }
    // "expecting 1700 dirhams", "130 kd": pay in another country's money
    // is not a wage in yuan.
    const OTHER_FOREIGN_MONEY: &[&str] =
        &["rial", "nt ", "nt.", "nt,", "hk dollar", "hong kong dollar", "singapore dollar", "taiwan dollar"];
    let en_far = far_after.trim_start();
    if CURRENCIES.iter().chain(OTHER_FOREIGN_MONEY).any(|w| en_far.starts_with(w)) || en_after == "nt" {
        return None;
    }
    // "paying 1800 dirhams, now I am expecting 2200", "salary before 1500
    // dirhams, now 2000": the money of the sentence carries over.
    let sentence_before = text[sentence_start(text, m.span.start)..m.span.start].to_lowercase();
    // Not when she asks for it here ("salary before 6000 shekel, here I ask 8500").
    let words: Vec<&str> =
        sentence_before.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let last_currency =
        words.iter().rposition(|w| CURRENCIES.iter().any(|c| if c.len() > 3 { w.starts_with(c) } else { w == c }));
    let foreign_before = last_currency.is_some_and(|at| !words[at..].iter().any(|w| ["here", "china"].contains(w)));
    let yuan_after = ["yuan", "rmb", "kuai"].iter().any(|w| en_after.starts_with(w));
    // (An amount: ages and years said in the same sentence stay.)
    let amount = m.number.value >= 100.0;
    if amount && text[m.span.clone()].is_ascii() && foreign_before && !yuan_after {
        return None;
    }
    // "My number is 050 317 4426, sorry, 4462": digits of a phone number,
    // said on from the cue with nothing but digits and a correction between.
    let phone_digits = ["number is", "phone", "contact", "whatsapp"]
        .iter()
        .filter_map(|w| sentence_before.rfind(w).map(|at| at + w.len()))
        .max()
        .is_some_and(|from| {
            sentence_before[from..].split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).all(|w| {
                w.chars().all(|c| c.is_ascii_digit() || c == '-')
                    || ["is", "sorry", "no", "i", "mean", "oh"].contains(&w)
            })
        });
    if amount && phone_digits {
        return None;
    }
    // "一个小时 四十", "per hour forty": the rate said after its unit.
    let unit_before = before_full.trim_end().trim_end_matches(['，', ',', '是']);
    let unit_before = unit_before.strip_suffix(" is").unwrap_or(unit_before);
    const UNITS_BEFORE: &[&str] = &["小时", "钟头", "per hour", "an hour", "one hour", "hourly", "一次", "per visit"];
    // "50 kuai per hour, 5 years na": unless years follow.
    let years_follow = after.starts_with('年') || en_after.starts_with("year");
    if UNITS_BEFORE.iter().any(|h| unit_before.ends_with(h)) && !years_follow {
        return None;
    }
    // What the last employer paid is not what she asks now ("以前拿六千", "before I get thirteen thousand").
    const PREVIOUS_PAY: &[&str] = &[
        "以前",
        "之前",
        "原来",
        "上一家",
        "上家",
        "before i get",
        "before i got",
        "previous",
        "last employer",
        "used to get",
        "last salary",
        "my last",
        "last job",
        // "一个钟头四十 一个月能挣个四千来块吧": what the work earns, not the wage asked.
        "能挣",
        "挣个",
        "下来也有",
        "下来有",
        "下来能有",
        // "想要一万二 上一单才给一万": a maternity nurse's jobs come in 单.
        "上一单",
        "上单",
        "salary was",
        // "my salary before is 4800", "salary before 4900, now i want same".
        "salary before",
        "pay before",
        "was paid",
        "they paid me",
    ];
    const NOW: &[&str] = &["现在", "想要", "希望", "期望", "这次", "这回", "now", "asking", "want", "expect"];
    // English says more words in as many characters: "my last salary only 6000".
    let wide;
    let before_wide: &str = if before_full.is_ascii() {
        let wide_start = text[..m.span.start].char_indices().rev().nth(29).map_or(0, |(i, _)| i);
        wide = lower_window(text, wide_start, m.span.start);
        &wide
    } else {
        &before_full
    };
    let previous_pay = PREVIOUS_PAY
        .iter()
        .filter_map(|w| before_wide.rfind(w).map(|i| &before_wide[i..]))
        .any(|since| !NOW.iter().any(|n| since.contains(n)));
    if value >= 1000.0 && previous_pay {
        return None;
    }
    let said_age = after.starts_with('岁')
        || after.starts_with("周岁")
        || (after.starts_with("出头") && value < 100.0)
        || ["years old", "year old", "yrs old", "yr old", "years of age"].iter().any(|w| en_after.starts_with(w))
        // "Singaporean, 55 this year".
        || ((18.0..=80.0).contains(&value) && en_after.starts_with("this year"))
        || after.starts_with("-year-old")
        // Tagalog "56 na ako": I am 56.
        || ((18.0..=80.0).contains(&value) && en_after.starts_with("na ako"))
        // "俺今年整五十", "I turned 60 last month".
        || ["今年整", "i turned ", "i just turned "].iter().any(|c| before.ends_with(c))
        // "周岁四十九": her age in full years (not 虚岁, the old count a
        // year ahead: "五十九 虚岁六十" is 59).
        || ["今年", "年纪", "年龄", "岁数", "周岁", "age ", "aged "]
            .iter()
            .any(|c| before.ends_with(c) || before.ends_with(&format!("{c}是")))
        // "a guy haha, 27 from Cebu", "Dewi Lestari, 44 years, from Surabaya".
        || ((18.0..=80.0).contains(&value)
            && ["from ", "years, from", "years from", "yrs, from"].iter().any(|w| en_after.starts_with(w)))
        // "my name is ratna sari, 31 years, i'm indonesian": years alone, right
        // after her name or where she is from ("i am Nur Aini, from Lombok, 29 years.").
        || ((18.0..=70.0).contains(&value)
            && (en_after == "years" || en_after.starts_with("years,") || en_after.starts_with("years."))
            && (before_wide.contains("name") || before_wide.contains("from ")))
        || ((before.ends_with("i'm ") || before.ends_with("i am "))
            && (18.0..=80.0).contains(&value)
            && !en_after.starts_with("year"))
        // "i am 38 years i work as nanny", "i am kamala rai 45 years i come from".
        || ((18.0..=70.0).contains(&value) && introduced_with_years(before_wide, en_after));
    // "上一家是个阿姨 五十来岁", "有个阿婆 八十几岁", "老太太八十多岁": the
    // age of someone she cared for, said right after them.
    let others_age = {
        const PEOPLE: &[&str] =
            &["阿姨", "老人", "老太太", "老爷子", "老头", "老干部", "老教授", "奶奶", "爷爷", "阿婆", "阿伯", "老人家"];
        let head = before_full.rsplit(['，', ',', '。', ' ']).next().unwrap_or("");
        let clause_before =
            before_full.trim_end_matches([' ', '，', ',']).rsplit(['，', ',', '。', ' ']).next().unwrap_or("");
        let named = |w: &str| PEOPLE.iter().any(|p| w.ends_with(p));
        // "是个 四十几岁的男的": the person named right after the age.
        let person_after = after_raw.trim_start_matches(['几', '多', '来']).strip_prefix('岁').is_some_and(|rest| {
            ["的男的", "的女的", "的男人", "的女人", "的老人", "的老太太", "的老爷子", "的老头", "的病人"]
                .iter()
                .any(|p| rest.starts_with(p))
        });
        // "陪护一个四十多岁的大哥", "照顾一个四十多岁的老板": someone counted and
        // described by the age; not "我是个五十岁的人".
        let someone_described = ["一个", "一位", "个", "位"].iter().any(|w| before_full.trim_end().ends_with(w))
            && after_raw.trim_start_matches(['几', '多', '来']).starts_with("岁的")
            && !head.contains(['我', '俺']);
        person_after
            || someone_described
            || (!head.is_empty() && named(head) && !head.contains(['我', '俺']))
            // "上一家是个阿姨 五十来岁", not "我是个阿姨 五十岁".
            || (head.is_empty() && named(clause_before) && clause_before.contains('个') && !["我是", "俺是"].iter().any(|w| clause_before.starts_with(w)))
    };
    // "I am 45, my employer is 80 years old": someone else's age, in English
    // too, when what comes between says it is theirs ("is", "was"); not in
    // "my employer husband do the cooking forty three years old".
    let another_in_the_sentence = || another_named_before(text, m.span.start);
    let english_of_another = || {
        spoken.is_ascii() && another_in_the_sentence() && {
            let from = text[..m.span.start].char_indices().rev().nth(23).map_or(0, |(at, _)| at);
            let near = lower_window(text, from, m.span.start);
            [" is ", " was ", "'s "].iter().any(|w| near.contains(w))
        }
    };
    if said_age && !others_age && !english_of_another() {
        return Some(Field::Age);
    }
    // A bare "五十七了" standing alone, in a self-introduction, is an age.
    let clause_rest = after_raw.split(['，', ',', '。', ' ', '.']).next().unwrap_or("");
    let clause_head = before_full.rsplit(['，', ',', '。', ' ']).next().unwrap_or("");
    let en_rest = en_after.split([',', '.', '，', '。', ';', '!', '?']).next().unwrap_or("").trim();
    let bare_english = m.number.value.fract() == 0.0 && spoken.is_ascii() && en_rest.is_empty();
    // So is a bare "五十三" between two phrases ("五十三 重庆的", "我五十九").
    // Digits read one by one ("零零六三", "幺九") are part of a phone number.
    // A Chinese age is said with its 十 ("五十九"); "五九" is two digits of a
    // phone number. English words ("fifty something") count as they are.
    let bare_chinese = m.number.value.fract() == 0.0
        && !spoken.contains(|c: char| c.is_ascii_digit())
        && !spoken.starts_with(['零', '幺'])
        && !spoken.contains('幺')
        // ("from Bandung twenty nine years I take care" is her age; "for
        // twenty years", "have thirty years experience" are years of work.)
        && (spoken.contains('十') || (spoken.is_ascii() && !years_of_work_in_words(&before_full, en_rest)));
    let head = clause_head.trim();
    // "she is eighty", "a helper nineteen years": an English number after
    // someone else, or after her job and before years, is not her age.
    let word_before = before_full.split_whitespace().next_back().unwrap_or("");
    // "he only 50", "she about 80": someone else, a word or two before.
    let another_just_before = || {
        let words: Vec<&str> = before_full.split_whitespace().rev().take(3).collect();
        let at = words.iter().position(|w| ["he", "she", "he's", "she's"].contains(&w.trim_matches([',', '.'])));
        at.is_some_and(|at| !words[..at].iter().any(|w| w.contains(['.', ','])))
    };
    let said_of_another_or_time = spoken.is_ascii()
        && ((["is", "he", "she", "was", "grandma", "grandpa", "baby", "son", "daughter", "boy", "girl"]
            .contains(&word_before)
            && !before_full.trim_end().ends_with("age is"))
            || another_just_before()
            || another_in_the_sentence()
            || (["helper", "nanny", "maid", "housekeeper", "caregiver", "carer", "driver", "cook"]
                .contains(&word_before)
                && en_after.starts_with("year")));
    // "一个钟 三十五", "一天 两百": an amount after its unit, in a phrase of its own.
    let a_rate_before =
        ["个钟", "钟头", "小时", "一天", "一次", "一个月"].iter().any(|u| before_full.trim_end().ends_with(u));
    // "五十好几了", "五十多了", "五十来岁了": about fifty.
    let clause_rest = clause_rest.strip_prefix("好几").unwrap_or(clause_rest).trim_start_matches(['多', '来', '几']);
    if (clause_rest == "了" || clause_rest == "岁了" || bare_english || (bare_chinese && clause_rest.is_empty()))
        // "俺都五十了": already fifty; "四十八 哦四十九": said again, right.
        && ["", "我", "俺", "我是", "俺是", "我今年", "今年我", "我都", "俺都", "哦", "噢"].contains(&head)
        && !said_of_another_or_time
        && !others_age
        && !a_rate_before
        && (18.0..=80.0).contains(&value)
    {
        return Some(Field::Age);
    }
    // "…叫孔令军 8000": a bare four- or five-digit amount standing alone is the wage asked.
    if text[m.span.clone()].is_ascii()
        && clause_rest.is_empty()
        && head.is_empty()
        && (2000.0..=30_000.0).contains(&value)
    {
        return Some(Field::Salary);
    }
    // "九个年头" is nine years.
    let year_unit = ((after.starts_with('年') || after.starts_with("个年头"))
        && !["年级", "年前", "年底", "年初", "年代"].iter().any(|w| after.starts_with(w)))
        || en_after.starts_with("years")
        || en_after.starts_with("year ")
        // "one and half year": the half is added below.
        || ["and half year", "and a half year"].iter().any(|w| en_after.starts_with(w))
        // "in shanghai five year, i do", not "from two months until one year."
        || ((en_after.starts_with("year,") || en_after.starts_with("year."))
            && !["until ", "to ", "from "].iter().any(|w| before.ends_with(w)))
        || en_after == "year";
    // "two years in singapore with the baby": years abroad are years of the work.
    // "I am in singapore 7 years", "nine years hong kong", "in Shanghai already
    // 4 years", "5 years na": years at a place, or said as "already".
    let place_word = |w: &str| ABROAD.contains(&w) || is_english_town(w);
    let words_after: Vec<&str> = en_after.split_whitespace().skip(1).take(2).collect();
    let abroad = ["years in ", "year in "].iter().any(|w| en_after.starts_with(w))
        || (spoken.is_ascii()
            && (words_before.first().is_some_and(|w| w == "already")
                || words_before.get(1).is_some_and(|w| w == "in")
                    && words_before.first().is_some_and(|w| place_word(w))
                // "five years same family", "three years back", "last eight years",
                // "6 years here in HK", "six years with a family", "i am here 6 years".
                || words_after.first().is_some_and(|w| {
                    ["already", "na", "same", "back", "here", "with"].contains(&w.trim_end_matches([',', '.']))
                })
                || words_before.first().is_some_and(|w| w == "last" || w == "here")
                || words_after.first().is_some_and(|w| place_word(w.trim_end_matches([',', '.'])))
                || (words_after.len() == 2 && place_word(words_after.join(" ").trim_end_matches([',', '.'])))
                // "Eleven years I am in Gulf", "six years I stay in Dubai"; not
                // "my son is eleven years, he is in Dubai".
                || (!said_of_another_or_time
                    && far_after
                        .split_whitespace()
                        .skip(1)
                        .take(5)
                        .collect::<Vec<_>>()
                        .windows(2)
                        .any(|p| p[0] == "in" && place_word(p[1].trim_end_matches([',', '.']))))));
    let context = clause_and_previous(text, clauses, &m.span).to_lowercase();
    // "驾照拿了二十年了": how long a licence is held is not experience.
    let own_range = clauses.iter().find(|c| c.start <= m.span.start && m.span.end <= c.end);
    let own_clause = own_range.map_or("", |c| &text[c.clone()]);
    // "我有驾照 开车十几年了": how long she has driven, said of her licence.
    let clause_before = || clauses.iter().take_while(|c| c.end <= m.span.start).last().map_or("", |c| &text[c.clone()]);
    // "以前在东莞电子厂干了五六年", "before I work in a shoe factory for six
    // years then I change to be nanny": years of a job that is not this work.
    let said_so_far = text[own_range.map_or(m.span.start, |c| c.start)..m.span.end].to_lowercase();
    let own = own_clause.to_lowercase();
    let other_job = OTHER_JOBS.iter().any(|w| said_so_far.contains(w)) && !CARE_JOBS.iter().any(|w| own.contains(w));
    // An English answer said without a stop is one long clause ("I am driver
    // three years in Dubai … I have UAE license"): there, only the words
    // just before the number and its unit say what the years are of
    // ("driving license 10 years").
    let own_clause_near = if own_clause.is_ascii() {
        let from = text[..m.span.start]
            .char_indices()
            .rev()
            .nth(30)
            .map_or(0, |(i, _)| i)
            .max(own_range.map_or(0, |c| c.start));
        let soon = text[m.span.end..].char_indices().nth(10).map_or(text.len(), |(i, _)| m.span.end + i);
        let to = soon.min(own_range.map_or(text.len(), |c| c.end));
        &text[from..to]
    } else {
        own_clause
    };
    let not_work = ["驾照", "证", "结婚", "licen", "老司机"].iter().any(|w| own_clause_near.contains(w))
        || (own_clause.contains("开车") && clause_before().contains("驾照"))
        || other_job;
    // "算起来也有八年了", "加起来快五年了": a sum of her years, said on its own.
    let summed = SUMMING
        .iter()
        .find_map(|w| own_clause.trim().strip_prefix(w))
        .map(|rest| rest.trim_start_matches(['也', '都', '得', '有', '快', ' ']));
    // "五年了", "五年多 四十七岁", "seven years.": years said as a phrase of
    // their own, in an answer about her work. In English only a span no age
    // could be: "from Lombok, 29 years." is her age.
    let alone = (!spoken.is_ascii() || value < 18.0)
        && summed.unwrap_or(own_clause.trim()).strip_prefix(spoken).is_some_and(|rest| {
            let rest = rest.trim().trim_end_matches(['.', '。', ',', '，', '!', '！']).to_lowercase();
            // "Three years now.", "3 years and half."
            [
                "年",
                "年了",
                "年多",
                "年多了",
                "多年",
                "多年了",
                "years",
                "year",
                "years already",
                "years now",
                "year now",
                "years and half",
                "years and a half",
                "year and half",
                "year and a half",
            ]
            .contains(&rest.as_str())
        });
    // "在养老院上了四年班": years of going to work.
    let shifts = after.starts_with("年班");
    if year_unit && !not_work && (abroad || alone || shifts || WORK_WORDS.iter().any(|w| context.contains(w))) {
        return Some(Field::Years);
    }
    let money_after = [
        "块",
        "元",
        "千",
        "万",
        "一个月",
        "每月",
        "每个月",
        "一月",
        " yuan",
        " rmb",
        " a month",
        " per month",
        " each month",
        " kuai",
    ];
    let money_before = [
        "工资", "薪", "要", "想", "期望", "待遇", "月", "开", "给", "salary", "pay", "expect", "wage", "earn", "want",
        "¥",
    ];
    if value >= 1000.0
        && (money_after.iter().any(|w| after.starts_with(w) || after_raw.starts_with(w))
            || money_before.iter().any(|w| before.contains(w)))
    {
        return Some(Field::Salary);
    }
    // "八九千吧", "一万二": thousands said in words are a monthly wage here.
    if (2000.0..=30_000.0).contains(&value)
        && (spoken.contains('千') || spoken.contains('万') || spoken.contains("thousand"))
    {
        return Some(Field::Salary);
    }
    None
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid pattern")
}

/// Characters that end a Chinese name ("我叫王秀兰今年四十八" → 王秀兰).
const NAME_STOP: &[char] = &[
    '今', '是', '我', '来', '老', '的', '啊', '呢', '嗯', '在', '有', '从', '已', '干', '做', '岁', '，', '。', '这',
    '那', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '家', '就', '呀', '吧', '和', '跟', '也',
    '住', '会',
];

/// Words after a name cue that are not a name ("叫啥", "我叫 呃 …").
const NOT_A_NAME: &[&str] = &["什么", "啥", "我", "俺", "你", "他", "她", "不", "没", "这", "那", "一个", "个"];
/// Hesitations between a name cue and the name.
const NAME_FILLERS: &[&str] = &["呃", "嗯", "啊", "那个", "就是", "不对", "我叫", "俺叫", "叫", " ", "，", ","];

/// The Chinese name after a cue at `at` in `text`: hesitations are skipped,
/// and a lone surname repeated as the start of the full name ("方 方淑华",
/// "何何春兰") gives the full name.
fn name_after(text: &str, at: usize) -> Option<String> {
    let mut rest = &text[at..];
    loop {
        let before = rest;
        for filler in NAME_FILLERS {
            rest = rest.strip_prefix(filler).unwrap_or(rest);
        }
        if rest == before {
            break;
        }
    }
    if NOT_A_NAME.iter().any(|w| rest.starts_with(w)) {
        return None;
    }
    let mut word: String = rest.chars().take_while(name_char).collect();
    // "赵二妮", "张四凤": a numeral right after the surname is part of the
    // name when a name character, not a unit, follows it.
    if word.chars().count() == 1 {
        let next: Vec<char> = rest[word.len()..].chars().take(3).collect();
        const UNITS: &[char] = &['十', '百', '千', '万', '年', '月', '个', '岁', '块', '号', '点', '次', '天', '周'];
        if let [numeral @ ('一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九'), given, ..] = next.as_slice()
        {
            if name_char(given) && !UNITS.contains(given) {
                word.push(*numeral);
                let given: String = rest[word.len()..].chars().take_while(name_char).collect();
                word.push_str(&given);
            }
        }
    }
    let mut chars: Vec<char> = word.chars().collect();
    // "方 方淑华": the surname said alone, then the whole name.
    if chars.len() == 1 {
        let next = rest[word.len()..].trim_start_matches([' ', '，', ',']);
        let full: Vec<char> = next.chars().take_while(name_char).take(3).collect();
        // "我叫杨 杨树的杨 杨桂香": a word that spells the surname is passed over.
        let spelled = next[full.iter().map(|c| c.len_utf8()).sum::<usize>()..].starts_with('的');
        if spelled {
            let after_surname = text.len() - rest.len() + word.len();
            if let Some(whole) = full_name_after(text, after_surname, chars.first().copied(), None) {
                chars = whole.chars().collect();
            }
        } else if full.len() >= 2 && full[0] == chars[0] {
            chars = full;
        }
    } else if chars.len() >= 3 && chars[0] == chars[1] {
        chars.remove(0); // "何何春兰"
    }
    // "我叫阿依古丽 今年四十五", "我叫欧阳秀英": four characters said
    // whole before a pause are her name; in a longer run the name is the
    // first three ("我叫王秀兰带孩子…").
    let at_a_pause = rest[word.len()..].chars().next().is_none_or(|c| !name_char(&c));
    let titled = chars.last().is_some_and(|c| "姐姨嫂嬢孃啦哈".contains(*c));
    // "我叫巴合提古丽 阿勒泰的": a Uyghur or Kazakh name in 古丽 is said whole, up to six.
    let guli =
        (4..=6).contains(&chars.len()) && word.chars().count() == chars.len() && at_a_pause && word.ends_with("古丽");
    let said_whole = guli || (chars.len() == 4 && word.chars().count() == 4 && at_a_pause && !titled);
    if !said_whole {
        chars.truncate(3);
    }
    let name: String = chars.into_iter().collect();
    (name.chars().count() >= 2 && !name.ends_with("阿姨")).then_some(name)
}

/// The whole name said within the next few words after `at`, starting with
/// `surname` ("叫我小唐 唐丽"), or ending with `given` ("我叫阿珍 黄玉珍"). A
/// word that spells the surname ("耳东陈", "口天吴") is passed over.
fn full_name_after(text: &str, at: usize, surname: Option<char>, given: Option<char>) -> Option<String> {
    let words = text[at..].split([' ', '，', ',']).filter(|w| !w.is_empty()).take(3);
    words
        .filter(|w| !word_after_surname(w))
        .map(|w| w.chars().collect::<Vec<char>>())
        .find(|chars| {
            (2..=3).contains(&chars.len())
                && could_be_a_name(chars)
                && (surname.is_some_and(|s| chars[0] == s) || given.is_some_and(|g| chars[chars.len() - 1] == g))
        })
        .map(|chars| chars.into_iter().collect())
}

/// Everyday words that begin with a surname: "我姓高 高血压的老人也照顾过",
/// "姓马 马上就能上岗", "姓金 金华人" (a place) are no whole name.
const SURNAME_WORDS: &[&str] = &[
    "高血压",
    "高中",
    "高兴",
    "高铁",
    "马上",
    "方便",
    "方面",
    "周末",
    "周岁",
    "白天",
    "白班",
    "孙子",
    "孙女",
    "黄瓜",
    "毛巾",
    "房子",
    "房间",
    "包子",
    "常常",
    "时间",
    "明天",
    "明年",
    "安全",
    "文化",
    "钟点",
    "钟头",
];

/// Whether what follows "姓X" starts with an everyday word or a place, not a name.
fn word_after_surname(s: &str) -> bool {
    SURNAME_WORDS.iter().any(|w| s.starts_with(w)) || place_at(s, false).is_some()
}

/// A Chinese character that does not end a name ([`NAME_STOP`]).
fn name_char(c: &char) -> bool {
    super::text::is_cjk(*c) && !NAME_STOP.contains(c)
}

/// Chinese characters none of which ends a name.
fn could_be_a_name(chars: &[char]) -> bool {
    chars.iter().all(name_char)
}

/// What she said between pauses.
fn phrases(text: &str) -> impl Iterator<Item = &str> {
    text.split([' ', '，', ',', '。']).filter(|w| !w.is_empty())
}

/// "姓周 在医院做陪护 … 我是男的 周建国 今年五十岁": the whole name said
/// later, as a phrase of three characters of its own next to her age or a
/// "我是".
fn whole_name_later(text: &str, surname: char) -> Option<String> {
    let words: Vec<&str> = phrases(text).collect();
    words.iter().enumerate().find_map(|(i, w)| {
        let chars: Vec<char> = w.chars().collect();
        let name = chars.len() == 3 && chars[0] == surname && could_be_a_name(&chars);
        let next = words.get(i + 1).is_some_and(|n| n.starts_with("今年") || n.contains('岁'));
        let before = i.checked_sub(1).is_some_and(|j| words[j].starts_with("我是"));
        (name && (next || before)).then(|| w.to_string())
    })
}

/// A name said as what people call her: "小吴", "陈姨啦", "阿珍". The whole
/// name when she says it next, else the surname ("阿珍" stays: no surname).
fn called(text: &str, end: usize, name: String) -> String {
    let trimmed = name.trim_end_matches(['啦', '吧', '呀', '哈']);
    let chars: Vec<char> = trimmed.chars().collect();
    let surname = match chars.as_slice() {
        ['小' | '老', s] => Some(*s),
        // "邓嬢嬢": Sichuan's auntie.
        [s, '姐' | '姨' | '嫂' | '嬢' | '孃']
        | [s, '阿', '姨']
        | [s, '大', '姐']
        | [s, '嬢', '嬢']
        | [s, '孃', '孃'] => Some(*s),
        _ => None,
    };
    if let Some(surname) = surname {
        return full_name_after(text, end, Some(surname), None).unwrap_or_else(|| surname.to_string());
    }
    if let ['阿', given] = chars.as_slice() {
        return full_name_after(text, end, None, Some(*given)).unwrap_or(name);
    }
    name
}

fn find_name(text: &str) -> Option<String> {
    static ZH_SURNAME: OnceLock<Regex> = OnceLock::new();
    // The last cue that is followed by a name wins ("我叫 呃 不对 我叫任佳佳").
    let mut found: Option<(usize, String)> = None;
    // "全名刘月娥", "其实叫王春花 阿花是小名": the whole or the real name after a nickname.
    for cue in [
        "我叫",
        "俺叫",
        "名字叫做",
        "我叫做",
        "名字叫",
        // "名字就叫陈红", "名字呢 叫张兰".
        "名字就叫",
        "名字呢叫",
        "名字呢 叫",
        "名叫",
        "姓名",
        "名字是",
        "我的名字",
        "本人叫",
        "全名是",
        "全名叫",
        "全名",
        "大名叫",
        "大名是",
        "大名",
        "其实叫",
        "真名叫",
        "真名是",
        "本名叫",
        "本名是",
        "真名",
    ] {
        for (pos, _) in text.match_indices(cue) {
            if let Some(name) = name_after(text, pos + cue.len()) {
                if found.as_ref().is_none_or(|(at, _)| pos > *at) {
                    let end = pos + cue.len() + text[pos + cue.len()..].find(&name).map_or(0, |i| i + name.len());
                    found = Some((pos, called(text, end, name)));
                }
            }
        }
    }
    // "本人赵淑珍 今年五十六": 本人 then a whole name with a common surname.
    for (pos, _) in text.match_indices("本人") {
        let rest = &text[pos + "本人".len()..];
        if rest.chars().next().is_some_and(|c| SURNAMES.contains(c)) && !word_after_surname(rest) {
            if let Some(name) = name_after(text, pos + "本人".len()) {
                if found.as_ref().is_none_or(|(at, _)| pos > *at) {
                    found = Some((pos, name));
                }
            }
        }
    }
    // "湖南邵阳的 叫于桂琴", "叫乌云": a bare 叫 opening a phrase.
    // It may as well be a call for someone ("叫护士"), so a name said with
    // its surname anywhere beats it.
    let mut bare_call = false;
    if found.is_none() {
        const CALLED_FOR: &[&str] = &["护士", "医生", "大夫", "救护", "家属", "保安", "物业", "师傅", "外卖"];
        for (pos, _) in text.match_indices('叫') {
            let opens = text[..pos].chars().next_back().is_none_or(|c| matches!(c, ' ' | '，' | ',' | '。'));
            let rest = &text[pos + '叫'.len_utf8()..];
            if opens && !CALLED_FOR.iter().any(|w| rest.starts_with(w)) {
                if let Some(name) = name_after(text, pos + '叫'.len_utf8()) {
                    found = Some((pos, name));
                    bare_call = true;
                }
            }
        }
    }
    // "我姓陈 陈美玲", "姓孟 孟凡荣": a surname, then the whole name.
    static ZH_SURNAME_FULL: OnceLock<Regex> = OnceLock::new();
    let surname_full = ZH_SURNAME_FULL.get_or_init(|| regex(r"姓\s*(\p{Han})[\s，,]*(\p{Han}{2,3})"));
    for c in surname_full.captures_iter(text) {
        let whole: Vec<char> = c[2].chars().take_while(|ch| !NAME_STOP.contains(ch)).collect();
        let surname = c[1].chars().next();
        let at = c.get(0).map_or(0, |m| m.start());
        // "姓秦 秦始皇的秦", "姓高 高兴的高", "姓杜 杜鹃花那个杜" spell the surname; they are no name.
        let end = c.get(2).map_or(0, |m| m.start()) + whole.iter().map(|ch| ch.len_utf8()).sum::<usize>();
        let rest = &text[end..];
        let rest = ["的", "那个", "这个"].iter().find_map(|w| rest.strip_prefix(w)).unwrap_or("");
        let spelled = rest.chars().next() == surname;
        let run_goes_on = text[end..].chars().next().is_some_and(|ch| name_char(&ch));
        if whole.len() >= 2
            && !spelled
            && !run_goes_on
            && !word_after_surname(&text[c.get(2).map_or(0, |m| m.start())..])
            && whole.first() == surname.as_ref()
            && (bare_call || found.as_ref().is_none_or(|(p, _)| at > *p))
        {
            // "姓邵 邵阿姨": what she is called, so the surname.
            found = Some((at, called(text, end, whole.into_iter().collect())));
        }
    }
    if let Some((_, name)) = found {
        return Some(name);
    }
    let zh_surname = ZH_SURNAME.get_or_init(|| regex(r"(?:我姓|俺姓|本人姓|^姓|\s姓)\s*(\p{Han})"));
    if let Some(c) = zh_surname.captures_iter(text).last() {
        // "我姓陈 耳东陈 陈素芬": the whole name after the surname spelled.
        let end = c.get(0).map_or(text.len(), |m| m.end());
        let surname = c[1].chars().next();
        return Some(
            full_name_after(text, end, surname, None)
                .or_else(|| surname.and_then(|s| whole_name_later(&text[end..], s)))
                .unwrap_or_else(|| c[1].to_string()),
        );
    }
    static ZH_NICK: OnceLock<Regex> = OnceLock::new();
    static EN_NICK: OnceLock<Regex> = OnceLock::new();
    let explicit_en = find_english_name(text);
    if explicit_en.is_some() {
        return explicit_en;
    }
    // "叫我张姐", "call me Auntie Wang": the surname is all that was said.
    let zh_nick = ZH_NICK.get_or_init(|| {
        regex(r"(?:叫我|喊我|都叫我|叫俺|叫额)\s*(?:(?:老|小)?(\p{Han})(?:姐|阿姨|姨|嫂|大姐|嬢嬢|孃孃|嬢|孃)|(?:老|小)(\p{Han}))")
    });
    // "叫我阿芳啦 梁志芳": the whole name said after what she is called.
    static ZH_A: OnceLock<Regex> = OnceLock::new();
    let zh_a = ZH_A.get_or_init(|| regex(r"(?:叫我|喊我|都叫我|叫俺)\s*(阿\p{Han})"));
    if let Some(c) = zh_a.captures_iter(text).last() {
        let end = c.get(0).map_or(text.len(), |m| m.end());
        let given = c[1].chars().nth(1);
        if let Some(whole) = full_name_after(text, end, None, given) {
            return Some(whole);
        }
    }
    if let Some(c) = zh_nick.captures_iter(text).last() {
        let surname = c.get(1).or(c.get(2)).map(|m| m.as_str().to_string())?;
        // "叫我陈姐得啦 陈美玲", "叫我汪姐 汪 汪丽华": the whole name said after it.
        let after = c.get(0).map_or(text.len(), |m| m.end());
        // "俺是刘凤霞 大家都叫我刘姐": or the whole name said bare before it.
        let said_bare = || name_said_bare(text).filter(|n| n.chars().count() > 1 && n.starts_with(&surname));
        return Some(full_name_after(text, after, surname.chars().next(), None).or_else(said_bare).unwrap_or(surname));
    }
    let en_nick = EN_NICK
        .get_or_init(|| regex(r"(?i:call me|calls me)\s+(?i:auntie|aunt|sister|ms\.?|mrs\.?)\s+(\p{Lu}\p{Ll}+)"));
    en_nick.captures_iter(text).last().map(|c| c[1].to_string()).or_else(|| name_said_bare(text))
}

/// Common surnames, for a whole name said with no cue.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

/// "我是重庆綦江的 陈小英 三十六岁": a whole name said alone, early, with
/// a common surname, right after where she is from or right before her age.
fn name_said_bare(text: &str) -> Option<String> {
    const I_AM: &[&str] = &["我是", "俺是"];
    const I_AM_ALONE: &[&str] = &["我是", "俺是", "我是那个", "俺是那个"];
    let words: Vec<&str> = phrases(text).take(6).collect();
    words.iter().enumerate().find_map(|(i, w)| {
        // "我是赵淑珍 五十六", "我是那个 张玉珍 干养老护理的": right after
        // "我是", as a phrase of its own (not "我是周口人", a place).
        let (w, introduced) = match I_AM.iter().find_map(|p| w.strip_prefix(p)) {
            Some(rest) => (rest, true),
            None => (*w, i.checked_sub(1).is_some_and(|j| I_AM_ALONE.contains(&words[j]))),
        };
        let introduced = introduced && !w.ends_with('人');
        let chars: Vec<char> = w.chars().collect();
        // Where the phrase ends, for her whole name said after what she is called.
        let end = text.find(w).map_or(text.len(), |at| at + w.len());
        // "我是小李 李秀梅": what she is called, then her whole name.
        if introduced && matches!(chars.as_slice(), ['小' | '老', s] if SURNAMES.contains(*s)) {
            return Some(called(text, end, w.to_string()));
        }
        // "我是阿珠啦 林秀珠": 阿 and her given name, then her whole name.
        if let ['阿', given, ..] = chars.as_slice() {
            if introduced && chars[2..].iter().all(|c| "啦吧呀哈".contains(*c)) {
                if let Some(whole) = full_name_after(text, end, None, Some(*given)) {
                    return Some(whole);
                }
            }
        }
        // "冉 冉小芳": the surname said alone, then the whole name.
        let stutter = i.checked_sub(1).is_some_and(|j| words[j].chars().eq(chars.first().copied()));
        let name = chars.len() == 3
            && (SURNAMES.contains(chars[0]) || stutter)
            && could_be_a_name(&chars)
            && place_at(w, false).is_none()
            // "高血压", "方便面", "金毛犬": words, not given names.
            && !chars[1..].iter().any(|c| "血病症压犬狗猫面菜饭药水奶尿床糖".contains(*c));
        // Where she is from just before ("重庆綦江的", not "照顾老人的"), or her
        // age just after ("三十六岁", not a dog's "三岁").
        let from_before = i.checked_sub(1).is_some_and(|j| {
            let before = words[j];
            before.ends_with(['的', '人', '嘅'])
                && before.char_indices().any(|(at, _)| place_at(&before[at..], false).is_some())
        });
        // Or a bare age of tens ("五十六", "三十七了").
        let age_after = words.get(i + 1).is_some_and(|n| {
            let bare = n.trim_end_matches('了');
            ((n.ends_with('岁') || n.ends_with("岁了"))
                && (n.contains('十') || n.starts_with(|c: char| c.is_ascii_digit())))
                || (bare.contains('十')
                    && bare.chars().count() <= 3
                    && bare.chars().all(|c| "二三四五六七八九十".contains(c)))
        });
        // "我是张阿姨 张玉兰": what she is called, then her whole name.
        (name && (from_before || age_after || introduced || stutter)).then(|| called(text, end, w.to_string()))
    })
}

/// "Jennylyn, uh, Jennylyn Cruz": the name said again, longer, right after.
fn longer_repeat(text: &str, end: usize, name: String) -> String {
    match whole_name_right_after(text, end) {
        // "Hanh, Dang Thi Hanh": a Vietnamese given name comes last; "Mei,
        // Tan Mei Ling": a Chinese one may stand in the middle.
        Some(whole) if whole.len() > name.len() && whole.split(' ').any(|w| w == name) => whole,
        _ => name,
    }
}

/// A name of two to four capitalised words right after `end`, past a comma
/// or a stop and fillers.
fn whole_name_right_after(text: &str, end: usize) -> Option<String> {
    static AGAIN: OnceLock<Regex> = OnceLock::new();
    let again =
        AGAIN.get_or_init(|| {
            // "Rowena dela Cruz": the small words of Filipino and Malay names.
            regex(r"^(?:\.\.\.|…|[,.])?\s*(?:(?:uh|um|er|sorry|po|here),?\s*)*(\p{Lu}\p{Ll}+(?:\s+(?:\p{Lu}\p{Ll}+|dela|de|del|delos|dos|da|bin|binti|van)){1,3})")
        });
    let whole = again.captures(&text[end..])?[1].to_string();
    let first = whole.split(' ').next().unwrap_or("");
    (!["I", "Im", "From", "My"].contains(&first)).then_some(whole)
}

/// "uh, Rosalinda. Rosalinda Dela Cruz": an answer that opens with a name
/// and nothing else (a reply to "what is your name?").
fn name_alone(text: &str) -> Option<String> {
    static ALONE: OnceLock<Regex> = OnceLock::new();
    let alone = ALONE.get_or_init(|| {
        regex(
            // "Hi po, Cristina Villanueva, from …", "Jenny Mae Bautista po, 34":
            // Tagalog's polite "po" around it.
            // "Me, Dilani. Sri Lankan.": "me" or "myself" before it.
            r"^\s*(?:(?i:uh|um|er|ah|yes|ok|okay|hi|hello|good morning|good afternoon|good evening|good day|ma'am|maam|sir|po|me|myself)\b[,.]?\s*)*(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,3})\s*(?:po\b)?\s*(?:[.,]|here\b)",
        )
    });
    const NOT_NAMES: &[&str] = &[
        "I",
        "Hi",
        "Hello",
        "Yes",
        "No",
        "Ok",
        "Okay",
        "Sorry",
        "Before",
        "Right",
        "My",
        "Well",
        "So",
        "And",
        "Um",
        "Uh",
        "Myself",
        "Salam",
        "Assalamualaikum",
        "Namaste",
    ];
    let c = alone.captures(text)?;
    let name = c[1].to_string();
    let first = name.split_whitespace().next()?;
    if NOT_NAMES.contains(&first) || !super::numbers::find_numbers(&name.to_lowercase()).is_empty() {
        return None;
    }
    Some(longer_repeat(text, c.get(1)?.end(), name))
}

/// "my name is maricel dela cruz i'm 34", "i'm hoa, thirty": names in an
/// answer Whisper wrote all in lower case, after a clear cue.
fn lower_case_name(text: &str) -> Option<String> {
    // Capitalised words mean names are capitalised too; letters in capitals
    // ("NT", "OK", "BP") say nothing of that.
    let capitalised = text.as_bytes().windows(2).any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_lowercase());
    if capitalised {
        return None;
    }
    let mut said: Vec<(usize, String, bool)> = Vec::new();
    for cue in [
        "my names are ",
        "names are ",
        "my name is ",
        "my name's ",
        "name is ",
        "my name ",
        "me name ",
        "call me ",
        "i am called ",
        "i'm called ",
        "myself ",
        "i'm ",
        "i am ",
        "im ",
    ] {
        // A cue starts a word ("im", not the end of "him").
        let starts_word = |pos: usize| !text[..pos].chars().next_back().is_some_and(|c| c.is_alphanumeric());
        for (pos, _) in text.match_indices(cue).filter(|(pos, _)| starts_word(*pos)) {
            let at = pos + cue.len();
            let at = at
                + ["auntie ", "aunt ", "kak ", "ate ", "mbak ", "ibu ", "madam "]
                    .iter()
                    .find(|w| text[at..].starts_with(**w))
                    .map_or(0, |w| w.len());
            let Some(name) = lower_case_words(text, at) else { continue };
            // "i am called faith": the cue is "i am called", not "i am".
            if NATIONALITIES.contains(&name.as_str()) || name == "called" || name.starts_with("called ") {
                continue;
            }
            // "aunt liu, liu guifang": the name said again, longer; "call me
            // cel, maricel dela cruz", "i'm joy, jocelyn reyes": the whole
            // name right after the short one.
            let mut end = at + name.len();
            let after = text[end..].trim_start();
            let again = after.strip_prefix(',').map(str::trim_start);
            let mut whole = false;
            let name = match again.and_then(|a| Some((a, lower_case_words(a, 0)?))) {
                Some((a, longer))
                    if longer.len() > name.len()
                        && (longer.starts_with(&name) || longer.split(' ').count() >= 2)
                        && !NATIONALITIES.iter().any(|n| longer.starts_with(n)) =>
                {
                    end = text.len() - a.len() + longer.len();
                    whole = true;
                    longer
                }
                _ => name,
            };
            // After "i'm" only a name followed by where she is from ("i'm
            // rowena from cebu", "i am tran thi lan i come from vietnam"), not
            // "i'm nervous," or "i'm caring old people". A nickname may come between.
            // Past a particle: "i'm auntie lim lah, from singapore".
            let next = text[end..].trim_start();
            let next = ["lah", "po", "ah", "la"]
                .iter()
                .find_map(|p| next.strip_prefix(p).filter(|r| !r.starts_with(|c: char| c.is_ascii_alphanumeric())))
                .unwrap_or(next);
            let next = next.trim_start().trim_start_matches(',').trim_start();
            const FROM: &[&str] = &[
                "from ",
                "i come from ",
                "i'm from ",
                "i am from ",
                "im from ",
                "call me ",
                "you can call me ",
                "people call me ",
            ];
            let age_next = next.starts_with(|c: char| c.is_ascii_digit())
                || next.split([' ', ',', '.']).next().and_then(super::numbers::english_word).is_some();
            // "i'm rosnah 52": one word and her age, when the word is no state of hers.
            const NOT_A_NAME_HERE: &[&str] = &[
                "married",
                "single",
                "widow",
                "widowed",
                "divorced",
                "new",
                "still",
                "only",
                "just",
                "very",
                "about",
                "around",
                "almost",
                "nearly",
                "turning",
                "currently",
                "already",
                "over",
                "under",
                "now",
                "below",
            ];
            let one_word_and_age = age_next && !name.contains(' ') && !NOT_A_NAME_HERE.contains(&name.as_str());
            // "i am kamala rai 45 years", "i'm wu xiuying, fifty one": two or
            // three words and her age, when none is a word of her work or
            // state ("i am helper here 6 years", "i am in hong kong 6 years").
            let words_and_age = age_next
                && name.split(' ').all(|w| !NOT_A_NAME_HERE.contains(&w) && !NOT_IN_A_NAME.contains(&w))
                && !NATIONALITIES.iter().any(|n| name.starts_with(n));
            let named_so =
                FROM.iter().any(|f| next.starts_with(f)) || (whole && age_next) || one_word_and_age || words_and_age;
            // "myself nanny for five years" names no one either.
            if (cue.starts_with('i') || cue == "myself ") && !named_so {
                continue;
            }
            said.push((pos, name, cue == "call me " && !whole));
        }
    }
    // The last said wins, but for "i'm jocelyn reyes call me joy": what
    // people call her does not replace the whole name she gave.
    said.sort_by_key(|(pos, _, _)| *pos);
    let mut found: Option<String> = None;
    for (_, name, nickname) in said {
        let words = |n: &str| n.split(' ').count();
        if !(nickname && found.as_deref().is_some_and(|f| words(f) > words(&name))) {
            found = Some(name);
        }
    }
    found
}

/// Words of her work, place or state, never part of a name said in lower case.
const NOT_IN_A_NAME: &[&str] = &[
    "in",
    "at",
    "on",
    "for",
    "with",
    "to",
    "of",
    "here",
    "there",
    "this",
    "that",
    "looking",
    "staying",
    "helper",
    "nanny",
    "maid",
    "housekeeper",
    "caregiver",
    "carer",
    "cook",
    "driver",
    "domestic",
    "baby",
    "elderly",
    "good",
    "happy",
    "fine",
    "ready",
    "willing",
    "available",
    "mother",
    "mom",
    "widow",
    "kids",
    "children",
    "experienced",
    "hong",
    "kong",
    "singapore",
    "taiwan",
    "dubai",
    "part",
    "time",
    "ma'am",
    "maam",
    "sir",
    "madam",
    "hello",
    "hi",
    "thank",
    "thanks",
];

/// What is said before a name as "auntie" is: Tagalog "ate", Malay and
/// Indonesian "mbak", "kak", "ibu"; and English titles (Mrs, Ms, Miss, Mr).
const HONORIFICS: &str = r"auntie|aunt|ate|mbak|kak|ibu|madam|mdm|mrs\.?|ms\.?|miss|mr\.?";

fn find_english_name(text: &str) -> Option<String> {
    if let Some(name) = lower_case_name(text) {
        return Some(name);
    }
    static EN: OnceLock<Regex> = OnceLock::new();
    let en = EN.get_or_init(|| {
        // With Malay/Indonesian "saya", "nama saya" and Tagalog "ako si"; "ate" and "mbak" as "auntie";
        // a word Whisper wrote twice ("my name is is Rosa").
        regex(&format!(r"(?i:my names are|names are|my name is called|name is called|my name is|my name's|name's|name is|my name|i go by|this is|it's|i am called|i'm called|i am by name|by name|me llamo|mi nombre es|i am|i'm|\bim|myself|nama saya|\bsaya|ako si)\s+(?:(?i:is|am)\s+)?(?:((?i:{HONORIFICS}))\s+)?(\p{{Lu}}\p{{Ll}}+(?:-\p{{Lu}}\p{{Ll}}+)?(?:\s+(?:(?:dela|de|del|delos|dos|da|bin|binti|van)\s+)?\p{{Lu}}\p{{Ll}}+(?:-\p{{Lu}}\p{{Ll}}+)?){{0,3}})"))
    });
    const NOT_NAMES: &[&str] = &[
        "Fine",
        "Good",
        "Here",
        "Looking",
        "Available",
        "From",
        "Not",
        "Very",
        "Happy",
        "Ready",
        "Interested",
        "A",
        "An",
        "The",
        "So",
        "Also",
        "Really",
        "Able",
        "Good",
        "Currently",
        "Just",
        "Living",
        "Working",
        "Married",
        "Single",
        // Greetings that open an answer: "Salaam, my name is Hawa Mohamed".
        "Salaam",
        "Salam",
        "Assalamualaikum",
        "Namaste",
        "Jambo",
        "Habari",
        "Hola",
        "Sawubona",
        "Dumela",
        "Hello",
        "Hi",
        "Greetings",
        "Morning",
        "Afternoon",
        "Evening",
    ];
    // "I'm Auntie Wong": what she is called gives the surname (the pattern
    // reads "auntie" before the name).
    // "I'm Ate Weng, Rowena Santos": after what she is called, her whole name.
    let said = en.captures_iter(text).map(|c| {
        let name = c[2].to_string();
        (name, c.get(2).map_or(0, |m| m.end()), c.get(1).is_some())
    });
    // "my name is Jocelyn but they call me Joy, Jocelyn Dela Cruz": the whole
    // name said right after the nickname.
    static WHOLE: OnceLock<Regex> = OnceLock::new();
    let whole = WHOLE.get_or_init(|| {
        regex(r"(?i:call me)\s+\p{Lu}\p{Ll}+,\s*(\p{Lu}\p{Ll}+(?:\s+(?:\p{Lu}\p{Ll}+|dela|de|del|delos|dos|da|bin|binti|van)){1,3})")
    });
    let whole_after_nickname = whole.captures_iter(text).last().map(|c| c[1].to_string());
    // "Grace Wanjiru is my name": the name said before the cue.
    static BEFORE_CUE: OnceLock<Regex> = OnceLock::new();
    let before_cue = BEFORE_CUE.get_or_init(|| regex(r"(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,3}),?\s+(?i:is my name)"));
    let named_before_cue = before_cue.captures_iter(text).last().map(|c| c[1].to_string());
    // "Hi y'all, Tammy Jo Baker here": the name that opens the answer, after a greeting.
    static OPENS_HERE: OnceLock<Regex> = OnceLock::new();
    let opens_here = OPENS_HERE.get_or_init(|| {
        regex(r"^\s*(?:(?i:hi|hello|hey|good morning|good afternoon|good evening)\b[^,.]{0,12}[,.]\s*)?(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){0,3}),?\s+(?i:here)\b")
    });
    // ("Analyn here, Analyn Reyes": said again, longer.)
    let named_opening =
        opens_here.captures(text).map(|c| longer_repeat(text, c.get(1).map_or(0, |m| m.end()), c[1].to_string()));
    // "call me ate Lorna": what she is called, when she gives no other name.
    static CALLED: OnceLock<Regex> = OnceLock::new();
    let called = CALLED.get_or_init(|| regex(&format!(r"(?i:call me)\s+(?:(?i:{HONORIFICS})\s+)?(\p{{Lu}}\p{{Ll}}+)")));
    let called_only = called.captures_iter(text).last().map(|c| c[1].to_string());
    said.map(|(name, end, called_so)| {
        if called_so {
            if let Some(whole) = whole_name_right_after(text, end) {
                return whole;
            }
        }
        longer_repeat(text, end, name)
    })
    .chain(name_alone(text))
    .chain(named_opening)
    .chain(whole_after_nickname)
    .chain(named_before_cue)
    .filter_map(|name| {
        let first = name.split_whitespace().next().unwrap_or("");
        (!NOT_NAMES.contains(&first) && super::numbers::find_numbers(&name.to_lowercase()).is_empty()).then(|| {
            // "I'm Maria Santos From Cebu": stop at a place or a cue word.
            name.split_whitespace()
                .take_while(|w| !["From", "And", "I", "Im"].contains(w))
                .collect::<Vec<_>>()
                .join(" ")
        })
    })
    .last()
    .or(called_only)
}

/// The longest known place that `s` starts with, or a place-like word ending in 省/市/县.
fn place_at(s: &str, english: bool) -> Option<String> {
    let p = places();
    if english {
        let lists = [&p.provinces_en, &p.cities_en, &p.districts_en];
        let found =
            lists.iter().flat_map(|l| l.iter()).filter(|name| s.starts_with(name.as_str())).max_by_key(|n| n.len())?;
        return Some(found.clone());
    }
    let mut best: Option<String> = longest_prefix(&p.towns_zh, s).map(str::to_string);
    if let Some(province) = best.clone() {
        // "四川南充": a province followed by a known city.
        let rest = s[province.len()..].trim_start_matches(['省', '市']);
        if let Some(city) = longest_prefix(&p.cities_zh, rest) {
            best = Some(format!("{province}{city}"));
        }
    }
    best
}

/// Whether `s` could be a town we do not list: two or three Chinese characters.
/// "上海本地人", "安徽六安农村的": where in a place, not a town.
const NOT_TOWNS: &[&str] = &["本地", "农村", "乡下", "那边", "这边", "城里", "市里", "郊区", "山里", "老家"];

fn unlisted_town(s: &str) -> bool {
    (2..=3).contains(&s.chars().count()) && s.chars().all(super::text::is_cjk) && !NOT_TOWNS.contains(&s)
}

/// "河北邢台的": a province we list followed by a town we do not.
fn with_town(said: &str, place: String) -> String {
    let rest = said[place.len()..].trim_start_matches(['省', '市']);
    // "苏州相城的": a city and a district of it we list.
    if let Some(district) = longest_prefix(&places().districts_zh, rest) {
        let after = &rest[district.len()..];
        if places().cities_zh.contains(&place) && ["", "的", "人"].iter().any(|w| after.starts_with(w)) {
            return format!("{place}{district}");
        }
    }
    for end in ["的", "人", "嘅", "嘞"] {
        if let Some(town) = rest.split(end).next().filter(|_| rest.contains(end)) {
            if places().provinces_zh.contains(&place) && unlisted_town(town) {
                return format!("{place}{town}");
            }
        }
    }
    place
}

/// "我是潍坊的 山东潍坊", "浙江台州的 哦 温岭 台州温岭", "浙江 浙江湖州",
/// "我是浙江杭州 富阳的": her hometown said again right after, more fully.
fn said_again_more_fully(text: &str, home: String, work_area: Option<&str>) -> String {
    if !home.chars().all(super::text::is_cjk) {
        return home;
    }
    let parts: Vec<&str> = phrases(text).collect();
    let tail: String = home.chars().rev().take(2).collect::<Vec<char>>().into_iter().rev().collect();
    let Some(at) = parts.iter().position(|p| p.contains(tail.as_str())) else { return home };
    let mut home = home;
    for (k, part) in parts.iter().skip(at + 1).take(3).enumerate() {
        let said = part.strip_suffix("人").or_else(|| part.strip_suffix('的')).unwrap_or(part);
        if work_area.is_some_and(|area| area.contains(said)) || !said.chars().all(super::text::is_cjk) {
            continue;
        }
        // "山东潍坊" after "潍坊"; "咸阳兴平" after "兴平": the province or the
        // city it lies in, before it.
        let province_before = said.strip_suffix(home.as_str()).is_some_and(|p| {
            places().provinces_zh.iter().any(|province| p.trim_end_matches('省') == province)
                || ((2..=3).contains(&p.chars().count()) && places().cities_zh.contains(p))
        });
        let town_after = said.strip_prefix(home.as_str()).is_some_and(|t| {
            (2..=3).contains(&t.chars().count()) && (place_at(t, false).is_some() || places().districts_zh.contains(t))
        });
        if province_before || town_after {
            // "潍坊" … "山东潍坊", "浙江" … "浙江湖州".
            home = said.to_string();
        } else if let Some(town) = home.char_indices().map(|(i, _)| &home[i..]).find(|t| {
            t.chars().count() >= 2 && said.starts_with(t) && said.len() > t.len() && place_at(t, false).is_some()
        }) {
            // "浙江台州" … "台州温岭": the same town, with the place in it.
            let more = &said[town.len()..];
            if (2..=3).contains(&more.chars().count()) {
                home = format!("{home}{more}");
            }
        } else if k == 0 && part.ends_with('的') && places().districts_zh.contains(said) {
            // "我是浙江杭州 富阳的": a district of it, said right after.
            home = format!("{home}{said}");
        }
    }
    home
}

fn find_hometown(text: &str, work_area: Option<&str>) -> Option<String> {
    static ZH: OnceLock<Regex> = OnceLock::new();
    static EN: OnceLock<Regex> = OnceLock::new();
    let zh = ZH.get_or_init(|| {
        // "俺家在河北张家口农村"; Cantonese "我係广东湛江嘅".
        regex(r"(?:老家是|老家在|老家|俺家在|我家在|来自|我是|俺是|咱是|额是|我系|我係|阿拉是|籍贯是|籍贯)\s*(\p{Han}{2,8})")
    });
    let mut found = None;
    for c in zh.captures_iter(text) {
        let candidate = &c[1];
        // "我家在北京" may be where she lives now; "俺家在河北张家口农村",
        // named with its province, is where she is from.
        let home = c[0].starts_with("我家在") || c[0].starts_with("俺家在");
        if let Some(place) = place_at(candidate, false).filter(|p| !home || names_province(p)) {
            found = Some(with_town(candidate, place));
        } else if let Some(idx) = candidate.find('人') {
            // "我是南阳人" with a place we do not list: keep what they said.
            let word = &candidate[..idx];
            // Not "我是专门给人看狗的": 人 ends the phrase.
            let ends = candidate[idx + '人'.len_utf8()..].chars().next().is_none_or(|n| "的啊呀嘛哦".contains(n));
            if (2..=4).contains(&word.chars().count()) && c[0].starts_with("我是") && ends {
                found = Some(word.to_string());
            }
        }
    }
    // Said with a cue, only taken back later ("我是苏州昆山的 哦不对 不是昆山 是太仓").
    let said_with_cue = found.is_some();
    // "河南周口的", "湖北的", "安徽阜阳": a clause that is only a place says where one is from.
    // A line break parts phrases as a space does ("不住家\n上海徐汇").
    // "黑龙江伊春的 哦不是伊春 是黑河": the town taken back, then the right one.
    let mut taken_back: Option<&str> = None;
    for clause in text.split(['，', ',', '。', ' ', '、', '\n']) {
        // "老家河北廊坊 哦不 是河北唐山": all of it taken back.
        if ["哦不", "哦不对", "不对", "噢不对"].contains(&clause) {
            taken_back = found.as_deref().filter(|_| taken_back.is_none()).map(|_| "");
            if taken_back.is_some() {
                continue;
            }
        }
        if let Some((_, wrong)) = clause.split_once("不是") {
            let wrong = wrong.trim_end_matches('的');
            if !wrong.is_empty() && found.as_ref().is_some_and(|f: &String| f.ends_with(wrong)) {
                taken_back = Some(wrong);
                continue;
            }
        }
        if let Some(wrong) = taken_back.take() {
            let right = clause.trim_start_matches(['是', '我', '俺']).trim_end_matches('的');
            if let (Some(home), Some(place)) = (found.as_mut(), place_at(right, false).filter(|p| p == right)) {
                if wrong.is_empty() {
                    *home = place;
                } else {
                    let kept = home.len() - wrong.len();
                    home.truncate(kept);
                    home.push_str(&place);
                }
                continue;
            }
        }
        if said_with_cue {
            continue;
        }
        let clause = clause
            .trim_start_matches("阿拉")
            .trim_start_matches(['我', '俺', '咱', '额'])
            .trim_start_matches('们')
            .trim_start_matches('就')
            .trim_start_matches(['是', '系', '係']);
        // "不住家 上海徐汇": the place said among her terms is where she wants to work.
        if work_area == Some(clause) {
            continue;
        }
        // "番禺人": a district with 人 says where one is from; a bare district is a work area.
        if let Some(district) = ["人", "本地人", "嘅人"].iter().find_map(|w| clause.strip_suffix(w)) {
            if places().districts_zh.contains(district) && found.is_none() {
                found = Some(district.to_string());
                continue;
            }
        }
        if let Some(place) = place_at(clause, false) {
            let rest = clause[place.len()..].trim_start_matches(['省', '市']);
            let rest = NOT_TOWNS.iter().find_map(|w| rest.strip_prefix(w)).unwrap_or(rest);
            // With the Cantonese 嘅 and the Henan 嘞 for 的.
            const FROM: &[&str] = &["", "的", "人", "来的", "那边的", "人嘛", "人啊", "本地人", "嘅", "嘞", "人嚟嘅"];
            // "东北的 黑龙江齐齐哈尔": the province said after the region says more.
            if found.as_deref() == Some("东北") && place != "东北" && (rest.is_empty() || FROM.contains(&rest)) {
                found = Some(with_town(clause, place));
                continue;
            }
            if found.as_ref().is_some_and(|f: &String| f.contains(place.as_str())) {
                // "陕西宝鸡的 就是宝鸡农村的": said again, less fully.
                continue;
            }
            if rest.is_empty() && (found.is_some() || work_area.is_some_and(|area| area.starts_with(place.as_str()))) {
                // "江苏扬州的 … 不住家 南京 九千": a place said bare among her
                // terms is where she wants to work, not a second hometown.
                continue;
            } else if FROM.contains(&rest) {
                found = Some(place);
            } else if places().provinces_zh.contains(&place)
                && unlisted_town(rest)
                && !FROM[1..].iter().any(|f| rest.ends_with(f))
                && found.is_none()
            {
                // "湖南益阳": a province and a town we do not list, standing alone.
                found = Some(format!("{place}{rest}"));
            } else if let Some(town) = FROM[1..].iter().find_map(|f| rest.strip_suffix(f)) {
                // "河南安阳的": a town we do not list, after a province we do.
                if unlisted_town(town) {
                    found = Some(format!("{place}{town}"));
                }
            }
        }
    }
    if found.is_some() {
        return found;
    }
    // "from Shan state Myanmar": a lower-case "state" is part of the region's name.
    let en = EN.get_or_init(|| regex(r"(?i:i'm from|i am from|i come from|hometown is|grew up in|born in|\bfrom)\s+(?:the\s+)?((?:(?i:east|west|north|south|central)\s+)?[A-Z][\w']+(?:\s+(?:[A-Z][a-z][\w']*|state|region|division))?)"));
    let found = en
        .captures_iter(text)
        .filter_map(|c| {
            let start = c.get(0)?.start();
            // "the elderly care certificate from Malaysia": where a paper is from.
            let word_before = text[..start].split_whitespace().next_back().unwrap_or("").to_ascii_lowercase();
            if PAPERS.contains(&word_before.as_str()) {
                return None;
            }
            let whole = &text[start..];
            let offset = c.get(1)?.start() - start;
            let said = &whole[offset..];
            match place_at(said, true) {
                // "from Indonesia East Java I am": the region after the country says more.
                Some(country) if COUNTRIES.contains(&country.to_ascii_lowercase().as_str()) => {
                    Some(region_after_country(&said[country.len()..]).unwrap_or(country))
                }
                Some(place) => Some(place),
                // "from Cambodia, Siem Reap": an unlisted country, then the place in it.
                None if COUNTRIES.contains(&c[1].to_ascii_lowercase().as_str()) => {
                    Some(region_after_country(&said[c[1].len()..]).unwrap_or_else(|| c[1].to_string()))
                }
                None => {
                    // "from Ethiopia Adama": the town after the country.
                    let first = c[1].split(' ').next().unwrap_or("");
                    let town = COUNTRIES
                        .contains(&first.to_ascii_lowercase().as_str())
                        .then(|| region_after_country(&said[first.len()..]))
                        .flatten();
                    Some(town.unwrap_or_else(|| without_country(&c[1])))
                }
            }
        })
        .last();
    found.or_else(|| lower_case_hometown(text))
}

/// "the elderly care certificate from Malaysia": a paper's origin, not hers.
const PAPERS: &[&str] =
    &["certificate", "license", "licence", "training", "center", "centre", "agency", "course", "diploma"];

const COUNTRIES: &[&str] = &[
    "philippines",
    "the philippines",
    "indonesia",
    "vietnam",
    "china",
    "malaysia",
    "myanmar",
    "thailand",
    "sri lanka",
    "nepal",
    "cambodia",
    "laos",
    "india",
    "bangladesh",
    "pakistan",
    "ethiopia",
    "nigeria",
    "ghana",
    "kenya",
    "uganda",
    "tanzania",
    "zimbabwe",
    "zambia",
];

/// "Vietnam Hai Phong fifty", "Sri Lanka, Kandy.", "Myanmar, Shan state,
/// Lashio": the capitalised words said right after the country, up to I/My,
/// a number or a lower-case word; the last name in them that is no country.
fn region_after_country(rest: &str) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for word in rest.split(' ').filter(|w| !w.is_empty()) {
        let bare = word.trim_end_matches([',', '.']);
        if word == "," {
            continue; // "Indonesia , Central Java"
        }
        let stops = ["I", "I'm", "Im", "My", "Me", "And", "The"].contains(&bare)
            || super::numbers::english_word(bare).is_some()
            || !bare.chars().all(|c| c.is_ascii_alphabetic() || c == '\'');
        let name_word =
            !stops && (bare.starts_with(|c: char| c.is_ascii_uppercase()) || bare == "state" && !current.is_empty());
        if !name_word {
            break;
        }
        current.push(bare);
        if word.ends_with('.') {
            break;
        }
        if word.ends_with(',') {
            names.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        names.push(current.join(" "));
    }
    names.into_iter().rfind(|n| !COUNTRIES.contains(&n.to_ascii_lowercase().as_str()))
}

/// "one auntie sixty eight years", "my employer now is sir, 78", "the boss
/// wife she have cancer only forty five": someone else named a few words
/// before `start` in the same English sentence, with no "I" between.
fn another_named_before(text: &str, start: usize) -> bool {
    let sentence = text[..start].rsplit(['.', '!', '?', '。']).next().unwrap_or("");
    let words: Vec<String> = sentence
        .split_whitespace()
        .rev()
        .take(6)
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '\'').to_ascii_lowercase())
        .collect();
    // "ah kong" is a grandfather, "hong kong" a place.
    let another = |(i, w): (usize, &String)| {
        OTHER_PEOPLE_EN.contains(&w.as_str()) || (w == "kong" && words.get(i + 1).is_none_or(|w| w != "hong"))
    };
    let at = words.iter().enumerate().position(another);
    // "call me auntie Wu, fifty nine": what she is called.
    let her_own =
        |at: usize| words.get(at + 1).is_some_and(|w| ["me", "i'm", "im", "am", "called"].contains(&w.as_str()));
    at.is_some_and(|at| {
        !her_own(at) && !words[..at].iter().any(|w| ["i", "i'm", "im", "me", "myself", "my"].contains(&w.as_str()))
    })
}

/// "Iloilo Philippines" → "Iloilo": the town says more than the country after it.
/// Jobs before this work: their years are not experience.
const OTHER_JOBS: &[&str] = &[
    "厂",
    "车间",
    "流水线",
    "外卖",
    "快递",
    "骑手",
    "收银",
    "超市",
    "销售",
    "保险",
    "工地",
    "煤矿",
    "矿上",
    "林场",
    "种地",
    "饭店",
    "餐馆",
    "factory",
    "farm",
    "restaurant",
    "delivery",
    "rider",
    "courier",
    "cashier",
    "sales",
];
/// This work, named with the years ("厂里干了五年 后来做保姆 做了三年").
const CARE_JOBS: &[&str] = &[
    "保姆",
    "护工",
    "月嫂",
    "育儿嫂",
    "家政",
    "保洁",
    "阿姨",
    "带孩子",
    "看老人",
    "照顾",
    "nanny",
    "helper",
    "caregiver",
    "maid",
    "housekeeper",
    "cleaner",
    "yuesao",
];

/// An English number in words before "years" that counts years of work:
/// "for twenty years", "I have thirty years experience" (not "I have
/// twenty two years", which in Spanish-shaped English is her age).
fn years_of_work_in_words(before: &str, en_rest: &str) -> bool {
    const COUNTING: &[&str] = &["for", "about", "almost", "nearly", "over", "than", "on"];
    let word_before = before.split_whitespace().next_back().unwrap_or("");
    en_rest.starts_with("year") && (COUNTING.contains(&word_before) || en_rest.contains("experien"))
}

/// "i am 38 years i work as nanny six years", "i am kamala rai 45 years i
/// come from dharan": N years right after "i am" and at most her name is her
/// age, when what follows is not the work ("i'm helper 20 years", "i am 20
/// years in hong kong").
fn introduced_with_years(before: &str, after: &str) -> bool {
    let Some(rest) = ["years", "yrs"].iter().find_map(|w| after.strip_prefix(w)) else { return false };
    let next = rest.trim_start_matches([',', '.']).split_whitespace().next().unwrap_or("");
    if !["", "i", "i'm", "im", "from", "and", "my"].contains(&next) {
        return false;
    }
    let Some(at) = ["i am ", "i'm ", "im "].iter().filter_map(|w| before.rfind(w).map(|i| i + w.len())).max() else {
        return false;
    };
    const WORK: &[&str] = &[
        "helper",
        "nanny",
        "maid",
        "caregiver",
        "carer",
        "domestic",
        "working",
        "work",
        "here",
        "in",
        "a",
        "an",
        "the",
        "with",
        "for",
        "experience",
        "housekeeper",
        "cook",
        "driver",
        "already",
    ];
    let between: Vec<&str> = before[at..].split_whitespace().collect();
    between.len() <= 3 && between.iter().all(|w| w.chars().all(|c| c.is_ascii_alphabetic()) && !WORK.contains(w))
}

/// "Kandy Sri Lanka" → "Kandy", "Chitwan Nepal Age" → "Chitwan": cut at the
/// first word that starts a country of one or two words.
fn without_country(place: &str) -> String {
    let words: Vec<&str> = place.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let country_at = (1..words.len()).find(|&k| {
        let two = lower.get(k + 1).map(|next| format!("{} {next}", lower[k]));
        COUNTRIES.contains(&lower[k].as_str()) || two.is_some_and(|t| COUNTRIES.contains(&t.as_str()))
    });
    match country_at {
        Some(k) => words[..k].join(" "),
        None => place.to_string(),
    }
}

/// Words that end a name or a place said in a lower-case answer.
const LOWER_CASE_STOPS: &[&str] = &[
    "i",
    "i'm",
    "im",
    "and",
    "uh",
    "um",
    "so",
    "but",
    "the",
    "a",
    "my",
    "you",
    "from",
    "years",
    "year",
    "old",
    "is",
    "am",
    "can",
    "work",
    "working",
    "now",
    "before",
    "also",
    "yes",
    "ok",
    "okay",
    "call",
    "people",
    "age",
    "aged",
    // "from johor bahru got experience", "from malacca cooking can", "from pangasinan stay out".
    "got",
    "lah",
    "po",
    "ah",
    "stay",
    "cooking",
    "cleaning",
    "live",
    "part",
    "full",
    "experience",
    "last",
];

/// The words after `at` up to a stop word, a number or punctuation (at most three).
fn lower_case_words(text: &str, at: usize) -> Option<String> {
    let rest = &text[at..];
    let end = rest.find([',', '.', '!', '?', ';']).unwrap_or(rest.len());
    let words: Vec<&str> = rest[..end]
        .split_whitespace()
        .take_while(|w| {
            !LOWER_CASE_STOPS.contains(w)
                && w.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
                && super::numbers::english_word(w).is_none()
        })
        .take(3)
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// "i'm indonesian from medan": where she is from, not her name.
const NATIONALITIES: &[&str] = &[
    "indonesian",
    "filipino",
    "filipina",
    "vietnamese",
    "burmese",
    "chinese",
    "indian",
    "thai",
    "malaysian",
    "nepali",
    "cambodian",
    "sri lankan",
    "myanmar",
    "pinay",
    "ethiopian",
    "nigerian",
    "ghanaian",
    "kenyan",
    "ugandan",
    "singaporean",
];

/// Whisper writes some answers all in lower case: "from iloilo philippines i work".
/// Also where only names are capitalised: "im Dewi, from surabaya".
fn lower_case_hometown(text: &str) -> Option<String> {
    // "i'm from pampanga … a driver's license from the philippines": where
    // she says she is from beats any other "from".
    let mut found: Option<(bool, String)> = None;
    for (pos, cue) in text.match_indices("from ") {
        let before: Vec<&str> = text[..pos].split_whitespace().rev().take(4).collect();
        // "my employer before is from chengdu" is someone else's hometown.
        let others = ["employer", "boss", "family", "husband", "he", "she", "they"];
        if before.first() == Some(&"is") || before.iter().any(|w| others.contains(w)) {
            continue;
        }
        // "first aid certificate from agency": where a paper is from.
        if before.first().is_some_and(|w| PAPERS.contains(w)) {
            continue;
        }
        let at = pos + cue.len();
        // "from the philippines", not "cert I got from the course".
        let the = text[at..].strip_prefix("the ").is_some();
        let at = at + if the { "the ".len() } else { 0 };
        if the && !COUNTRIES.iter().any(|c| text[at..].to_ascii_lowercase().starts_with(c)) {
            continue;
        }
        // "pick up the kids from international school" is not where she is from.
        let fetched = ["pick", "up", "bring", "take", "back", "kids", "children", "them"];
        if before.iter().take(3).any(|w| fetched.contains(w)) {
            continue;
        }
        let hers = ["i'm", "im", "am", "come", "came", "i"].contains(before.first().unwrap_or(&""))
            || NATIONALITIES.contains(before.first().unwrap_or(&""));
        if let Some(place) = lower_case_words(text, at) {
            if hers || !found.as_ref().is_some_and(|(strong, _)| *strong) {
                found = Some((hers, without_country(&place)));
            }
        }
    }
    found.map(|(_, place)| place)
}

fn find_work_area(text: &str) -> Option<String> {
    static EN: OnceLock<Regex> = OnceLock::new();
    let p = places();
    let mut found: Option<(usize, String)> = None;
    // "郑州金水区", "在朝阳区": the words before 区/县, back to a cue or a break.
    for (pos, suffix) in text.match_indices(['区', '县']) {
        let head: String = text[..pos]
            .chars()
            .rev()
            .take_while(|c| ('\u{4e00}'..='\u{9fff}').contains(c) && !"在到去想是的住近找喺做干".contains(*c))
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let mut word = format!("{head}{suffix}");
        // "在成都 青羊区": the city said just before, in a phrase of its own.
        if let Some(before) = text[..pos - head.len()].strip_suffix(' ') {
            let run: String = before.chars().rev().take_while(|c| super::text::is_cjk(*c)).collect();
            let run: String = run.chars().rev().collect();
            let city = run.strip_prefix('在').unwrap_or(&run);
            if head.chars().count() >= 2 && place_at(city, false).is_some_and(|p| p == city) {
                word = format!("{city}{word}");
            }
        }
        if head.chars().count() < 2
            || head.contains("老家")
            // "北京哪个区都行": any district of the city.
            || head.contains('哪')
            || ["小区", "社区", "郊区", "市区", "城区", "园区", "地区", "山区", "景区", "老区"]
                .iter()
                .any(|x| word.ends_with(x))
        {
            continue;
        }
        found = Some((pos - head.len(), word));
    }
    // "最好在海淀", "在闵行那边最好", "想在昌平找": a known district after 在/去/到,
    // unless it is somewhere they worked before ("在海淀干过").
    let after_cue = |pos: usize| {
        let rest = text[pos..].trim_start_matches(['在', '喺', '去', '到', '是']).trim_start();
        longest_prefix(&p.districts_zh, rest).map(|d| {
            let with_suffix = if rest[d.len()..].starts_with('区') { format!("{d}区") } else { d.to_string() };
            (with_suffix, rest[d.len()..].chars().take(5).collect::<String>())
        })
    };
    for (pos, _) in text.match_indices(['在', '喺', '去', '到']) {
        if let Some((district, after)) = after_cue(pos) {
            let head: String = text[..pos].chars().rev().take(6).collect();
            // (Reversed: 以前, 之前, 原来, 上一家, 上家.)
            let before_past = ["前以", "前之", "来原", "家一上", "家上"].iter().any(|w| head.contains(w));
            let past =
                before_past || ["干过", "做过", "待过", "工作过", "住过", "拿"].iter().any(|w| after.contains(w));
            let known =
                found.as_ref().is_some_and(|(p0, area)| pos <= *p0 || area.contains(district.trim_end_matches('区')));
            if !past && !known {
                found = Some((pos, district));
            }
        }
    }
    // "在武昌", "最好在渝北那边", "想在银川干", "在上海徐汇": a place right
    // after 在 that opens a phrase or follows a wish, even one we do not list,
    // unless it is where they worked before ("以前在徐汇拿五千五", "在北京干了十五年").
    // (Cantonese 喺 is 在.) A wish said later wins: "在青岛 想在市南找".
    for (pos, _) in text.match_indices(['在', '喺']) {
        if found.as_ref().is_some_and(|(p0, _)| pos < *p0 || !wished_before(text, pos)) {
            continue;
        }
        if let Some(place) = wished_place_at(text, pos) {
            found = Some((pos, place));
        }
    }
    // "我想在海淀做，哦不，是昌平": a correction names the place that counts.
    for cue in ["不对", "哦不", "说错了", "不是"] {
        for (pos, _) in text.match_indices(cue) {
            let rest = text[pos + cue.len()..].trim_start_matches([',', '，', ' ', '。']);
            if let Some((district, _)) = after_cue(text.len() - rest.len()) {
                if found.as_ref().is_some_and(|(p0, _)| pos > *p0) {
                    found = Some((pos, district));
                }
            }
        }
    }
    match (found, place_among_terms(text)) {
        // "厦门 思明区": the city said before the district belongs to it.
        (Some((_, area)), Some((said, _))) if said.contains(area.as_str()) => return Some(said),
        // "在深圳做住家阿姨六年了 … 想找蛇口那边的": a place sought beats one
        // only named after 在.
        (Some((pos, _)), Some((said, true))) if !wished_before(text, pos) => return Some(said),
        (Some((_, area)), _) => return Some(extend_with_alternatives(text, &area)),
        (None, Some((said, _))) => return Some(said),
        (None, None) => {}
    }
    // "浦东那边", "静安跟闵行都可以": districts named with a word of
    // willingness, no 在 before them.
    if let Some(listed) = districts_with_willingness(text) {
        return Some(listed);
    }
    let en = EN.get_or_init(|| {
        regex(r"(?:(?i:work in|working in|job in|near|around|in the|in|stay)(?:\s+in)?|(?i:prefer)(?:\s+(?i:near|in))?)\s+([A-Za-z][\w']+)|([A-Z][\w']+)(?:\s+[Dd]istrict)?\s+(?i:would be|is) (?i:good|great|fine|best|better|ok)")
    });
    en.captures_iter(text)
        .filter_map(|c| {
            let found = c.get(1).or(c.get(2))?;
            // "work in Sha Tin area", "Tseung Kwan O": a district of two or three words.
            let longer = (2..=3).rev().find_map(|n| {
                let end = text[found.start()..].split_whitespace().take(n).last()?;
                let end = end.trim_end_matches([',', '.']);
                let at = text[found.start()..].find(end)? + end.len();
                let name = &text[found.start()..found.start() + at];
                (name.split_whitespace().count() == n && is_english_district(name)).then_some(name)
            });
            let word = longer.unwrap_or(found.as_str());
            let found_end = found.start() + word.len();
            // "grandpa in guangzhou five years": where she worked, for how long.
            let next: Vec<String> =
                text[found_end..].split_whitespace().take(2).map(|w| w.to_ascii_lowercase()).collect();
            let duration = next
                .first()
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()) || super::numbers::english_word(w).is_some())
                && next.get(1).is_some_and(|w| w.starts_with("year") || w.starts_with("month"));
            // "i worked in a hospital in manila": a past job's place.
            let start = c.get(0)?.start();
            let back: Vec<&str> = text[..start].split_whitespace().rev().take(5).collect();
            // "four years with my employer in guangzhou", "first i work in factory in malaysia".
            let past = back.iter().any(|w| {
                ["worked", "was", "were", "used", "employer", "employers", "factory", "first"]
                    .contains(&w.to_ascii_lowercase().as_str())
            });
            // "I have my sister in Amman": where someone else is.
            let someone_elses = back.iter().take(2).any(|w| {
                ["sister", "brother", "husband", "cousin", "friend", "daughter", "son", "mother"]
                    .contains(&w.to_ascii_lowercase().as_str())
            });
            if duration || past || someone_elses || next.first().is_some_and(|w| w == "before") {
                return None;
            }
            // A city said with a capital is often where she worked ("a family
            // in Shanghai"): it counts in an answer Whisper wrote in lower case
            // ("want to work in beijing") or after a wish ("I want work in Shenzhen").
            let wished = back.iter().take(3).any(|w| {
                ["want", "prefer", "hope", "like", "looking", "wish"].contains(&w.to_ascii_lowercase().as_str())
            });
            let city = is_english_town(word);
            // "I want live in job, in singapore": a place abroad counts only
            // at the end of a sentence that says a wish.
            let sentence = &text[text[..start].rfind(['.', '!', '?']).map_or(0, |i| i + 1)..start].to_ascii_lowercase();
            // ("I want work in Dubai only.", "Riyadh side only".)
            let rest = text[found_end..].trim_start();
            let rest = ["side only", "only", "side", "area"].iter().find_map(|w| rest.strip_prefix(w)).unwrap_or(rest);
            let ends = rest.trim_start().is_empty() || rest.starts_with(['.', '!', '?']);
            let abroad = ABROAD.contains(&word.to_ascii_lowercase().as_str());
            let abroad_wished =
                abroad && ends && ["want", "prefer", "hope", "looking for"].iter().any(|w| sentence.contains(w));
            let known = is_english_district(word)
                || abroad_wished
                || (city && !abroad && (word.starts_with(|c: char| c.is_ascii_lowercase()) || wished));
            if !known {
                return None;
            }
            // "Shenzhen Nanshan": a district said right after its city.
            let district = text[found_end..]
                .split_whitespace()
                .next()
                .map(|w| w.trim_end_matches([',', '.']))
                .filter(|w| is_english_district(w));
            Some(match district {
                Some(d) if city => format!("{word} {d}"),
                _ => word.to_string(),
            })
        })
        .last()
        .or_else(|| english_district_alone(text))
}

/// "… live out. Minhang area", "40 per hour, Pudong": a district said as a
/// part of its own in English is where she wants to work.
fn english_district_alone(text: &str) -> Option<String> {
    text.rsplit([',', '.', ';']).find_map(|part| {
        let part = part.trim();
        // "pudong side", "area pudong only".
        let name = [" area", " district", " side", " only"].iter().find_map(|w| part.strip_suffix(w)).unwrap_or(part);
        let name = name.strip_prefix("area ").unwrap_or(name).trim();
        let name = name.split(" only").next().unwrap_or(name);
        is_english_district(name).then(|| name.to_string())
    })
}

/// Words of her terms: where a place said alone among them is where she wants to work.
const TERMS: &[&str] =
    &["住家", "工资", "一个月", "月薪", "块", "千", "万", "白天去", "晚上回", "小时", "钟头", "离家近", "人工", "收费"];

/// What may close a place said as a wish ("通州就行", "成都就可以").
const PLACE_WISH_ENDS: &[&str] = &[
    "就行",
    "就可以",
    "就好",
    "都行",
    "都可以",
    "也行",
    "最好",
    "那边",
    "这边",
    "附近",
    "一带",
    "这一块",
    "那一块",
    "这一片",
    "这片",
];

/// The place a part of speech is, whole: a city or province ("南京", "江苏扬州"),
/// a district ("滨江", "思明区") or a city with its district ("深圳南山").
fn whole_place(part: &str) -> Option<String> {
    let p = places();
    let district = |s: &str| {
        let bare = s.strip_suffix('区').unwrap_or(s);
        p.districts_zh.contains(bare)
    };
    if district(part) {
        return Some(part.to_string());
    }
    let place = place_at(part, false)?;
    let rest = part[place.len()..].trim_start_matches('市');
    (rest.is_empty() || district(rest)).then(|| part.to_string())
}

/// "湖北孝感", "四川": a place named with its province is said the way one
/// says where one is from; a work area is a city or a district.
fn names_province(place: &str) -> bool {
    const MUNICIPALITIES: &[&str] = &["北京", "上海", "天津", "重庆"];
    places().provinces_zh.iter().any(|p| place.starts_with(p.as_str()) && !MUNICIPALITIES.contains(&p.as_str()))
}

/// "不住家 深圳南山 一个月六千", "要找兰州的 住家", "杭州 滨江 两年经验",
/// "通州就行": a place said alone among her terms (living in, pay) is where
/// she wants to work. "江苏扬州的" (with 的/人) says where she is from.
fn place_among_terms(text: &str) -> Option<(String, bool)> {
    let parts: Vec<&str> = text.split(['，', ',', '。', ' ', '、', '\n']).filter(|p| !p.is_empty()).collect();
    let terms_near = |i: usize| {
        parts[i.saturating_sub(2)..(i + 3).min(parts.len())]
            .iter()
            .enumerate()
            .any(|(k, p)| k + i.saturating_sub(2) != i && TERMS.iter().any(|w| p.contains(w)))
    };
    let mut found = None;
    let mut i = 0;
    while i < parts.len() {
        let part = parts[i];
        // "现在想去北京", "我想来大连": who and when before the wish.
        let wish = super::text::without_leading(part, &["现在", "我", "俺", "还", "就", "也"]);
        let sought = SOUGHT.iter().find_map(|w| wish.strip_prefix(w)).map(|p| p.strip_suffix('的').unwrap_or(p));
        // "想去上海做", "想换到郑州去": the verb after the place sought.
        let said = sought.map(|p| p.trim_end_matches(['做', '干', '找', '去'])).unwrap_or(part);
        // "东莞这边做就好", "大连本地做", "北京哪个区都行": a place, then where
        // in it, then a word of willingness.
        const WHERE_IN: &[&str] = &["这边", "那边", "本地", "哪个区", "哪里", "哪儿"];
        const WILLING_TO: &[&str] = &["就好", "就行", "都行", "都可以", "做", "干", "找"];
        let wished = PLACE_WISH_ENDS
            .iter()
            .find_map(|w| said.strip_suffix(w))
            // "杭州这边都可以", "北京哪个区都行".
            .map(|p| WHERE_IN.iter().filter_map(|w| p.find(w).filter(|&at| at > 0)).min().map_or(p, |at| &p[..at]))
            .or_else(|| {
                WHERE_IN.iter().find_map(|w| {
                    let at = said.find(w).filter(|&at| at > 0)?;
                    WILLING_TO.iter().any(|ok| said[at + w.len()..].contains(ok)).then(|| &said[..at])
                })
            });
        let bare = wished.unwrap_or(said);
        let marked = sought.is_some() || wished.is_some();
        if let Some(mut place) = whole_place(bare).filter(|p| marked || (terms_near(i) && !names_province(p))) {
            // "杭州 滨江": a district said right after its city.
            if let Some(district) = parts.get(i + 1).and_then(|next| whole_place(next)) {
                if place_at(&place, false).is_some() && place_at(&district, false).is_none() {
                    place.push_str(&district);
                    i += 1;
                }
            }
            found = Some((place, sought.is_some()));
        }
        i += 1;
    }
    found
}

/// Words that seek a place: "想找兰州的", "最好是南京", "想去上海".
const SOUGHT: &[&str] =
    &["要找", "想找", "找", "最好是", "最好在", "最好", "想去", "想到", "想留在", "想换到", "换到", "想来"];

/// Whether a word of wishing comes right before the 在 at `pos` ("想在", "想留在").
fn wished_before(text: &str, pos: usize) -> bool {
    // "最好是在石家庄".
    ["想", "最好", "最好是", "希望", "要", "就", "留"].iter().any(|w| text[..pos].ends_with(w))
}

/// The place after the 在 at `pos` when the phrase says where one wants to
/// work (see [`find_work_area`]).
fn wished_place_at(text: &str, pos: usize) -> Option<String> {
    const ENDS: &[&str] = &[
        "那边",
        "这边",
        "那旮瘩",
        "那块",
        "这块",
        "那一片",
        "这一片",
        "那片",
        "这片",
        "这一带",
        "那一带",
        "这一块",
        "那一块",
        "附近",
        "一带",
        "周边",
        "都行",
        "都可以",
        "也行",
        "干",
        "做",
        "找",
        "揾",
        "上班",
        "工作",
        "的",
        "吧",
        "住",
        "就",
        // "俺想在长春接着干".
        "接着",
        "继续",
    ];
    const PAST: &[&str] = &["以前", "之前", "原来", "过去", "上一家", "那时"];
    // "在一个家政公司": a workplace, not a place.
    const NOT_PLACES: &[char] =
        &['家', '医', '这', '那', '外', '人', '屋', '老', '店', '公', '单', '哪', '他', '她', '我', '你', '养', '一'];
    let head: String = text[..pos].chars().rev().take_while(|c| !matches!(c, ' ' | '，' | ',' | '。')).collect();
    let head: String = head.chars().rev().collect();
    let wished = wished_before(text, pos);
    let unwilling = ["不想", "不要", "别", "不愿意"].iter().any(|w| head.ends_with(w));
    if !(head.is_empty() || wished) || unwilling || PAST.iter().any(|w| head.contains(w)) {
        return None;
    }
    let rest = &text[pos + '在'.len_utf8()..];
    // "想在 南宁": a pause after the wish.
    let rest = if wished { rest.trim_start() } else { rest };
    let run: String = rest.chars().take_while(|c| super::text::is_cjk(*c)).collect();
    // "在上海五年了", "在上海闵行一家住家五年": a count after the place says
    // how long or with whom she has worked there, not where she wants to.
    let count = run.char_indices().find(|&(i, c)| i > 0 && "一二三四五六七八九十两几半".contains(c)).map(|(i, _)| i);
    let end = ENDS.iter().filter_map(|w| run.find(w)).filter(|&i| i > 0).chain(count).min().unwrap_or(run.len());
    let place = &run[..end];
    let after = &rest[end..];
    if count == Some(end) {
        return None;
    }
    let n = place.chars().count();
    // "在三甲医院": a workplace, not a place.
    if !(2..=6).contains(&n) || place.starts_with(NOT_PLACES) || place.contains("医院") {
        return None;
    }
    // "在上海做家务做了七年": where the years were spent, said within a few characters.
    let soon: String = after.chars().take(10).collect();
    if ["干过", "做过", "待过", "工作过", "住过", "干了", "做了", "拿", "上过"].iter().any(|w| soon.contains(w))
    {
        return None;
    }
    // "在成都做开荒保洁": where she works now, not a wish ("在成都做就行" is one).
    let willing = |w: &&str| after.chars().skip(1).take(3).collect::<String>().starts_with(w);
    if !wished
        && after.starts_with(['做', '干'])
        && !["就行", "都行", "就好", "都可以", "也行", "最好"].iter().any(willing)
    {
        return None;
    }
    let known = place_at(place, false).is_some()
        || longest_prefix(&places().districts_zh, place).is_some()
        || place.ends_with(['区', '县', '市']);
    // An unlisted place counts when the phrase is only it ("在武昌") or a wish names it.
    let alone = end == run.len() || ENDS[..18].iter().any(|w| after.starts_with(w));
    // "想喺顺德做", "想在市南找": a wish to work there names a place, not a workplace.
    let to_work = wished
        && ["做", "干", "找", "揾", "上班", "工作"].iter().any(|w| after.starts_with(w))
        && !place.contains(['家', '院', '店', '司', '厂', '校', '园', '户']);
    (known || alone || to_work).then(|| place.to_string())
}

/// Words after a list of districts that make it a preference.
const WILLING: &[&str] = &["都可以", "都行", "都能", "也行", "也可以", "那边", "这边", "附近", "一带", "都好"];

/// "大兴区西城都行" → "大兴区西城": the area said, with the alternatives
/// listed right after it when a word of willingness closes the list.
fn extend_with_alternatives(text: &str, area: &str) -> String {
    let Some(at) = text.find(area) else { return area.to_string() };
    let rest = &text[at + area.len()..];
    let clause_end = rest.find(['，', '。', ',', '.', '；', '!', '！', '?', '？', ' ']).unwrap_or(rest.len());
    let clause = &rest[..clause_end];
    let Some(cue) = WILLING.iter().filter_map(|w| clause.find(w)).min() else { return area.to_string() };
    let between = &clause[..cue];
    let names_district = places().districts_zh.iter().any(|d| between.contains(d.as_str()));
    if names_district && between.chars().count() <= 12 {
        format!("{area}{}", between.trim_end())
    } else {
        area.to_string()
    }
}

fn districts_with_willingness(text: &str) -> Option<String> {
    let p = places();
    for clause in text.split(['，', '。', ',', '.', '；', '!', '！', '?', '？', ' ']) {
        let Some(cue) = WILLING.iter().filter_map(|w| clause.find(w)).min() else { continue };
        let head = &clause[..cue];
        let first = p.districts_zh.iter().filter_map(|d| head.find(d.as_str())).min();
        if let Some(start) = first {
            let listed = head[start..].trim_end();
            if listed.chars().count() <= 12 {
                return Some(listed.to_string());
            }
        }
    }
    None
}

fn find_live_in(text: &str) -> Option<bool> {
    // "不住家不行 得住": refusing not to live in is living in. Rewritten to a
    // yes of the same length in bytes, so every position still holds.
    // "干月嫂哪有不住家的": a question that means yes, rewritten the same way.
    // "姓白 白天的白": her surname spelled, not day work (same length again).
    let lower = text
        .to_lowercase()
        .replace("不住家不行", "得住家得住")
        .replace("哪有不住家", "肯定得住家")
        .replace("白天的白", "白色的白");
    // "I can do live in or live out": both named as one choice is either
    // (blanked to spaces, the same length; a preference said after still counts).
    let lower =
        ["live in or live out", "live-in or live-out", "live out or live in", "live-out or live-in", "live in or out"]
            .iter()
            .fold(lower, |said, pair| said.replace(pair, &" ".repeat(pair.len())));
    // "住唔住家冇所谓", "住不住家都行": either, said at once.
    for either_way in ["住唔住家", "住不住家", "住不住"] {
        if let Some(at) = lower.find(either_way) {
            let after: String = lower[at + either_way.len()..].chars().take(6).collect();
            // "住不住家都中": Henan's 中 for 行.
            if ["冇所谓", "无所谓", "都可以", "都行", "都得", "都中", "都要得", "随便"]
                .iter()
                .any(|w| after.contains(w))
            {
                return None;
            }
        }
    }
    const FALSE: &[&str] = &[
        "不住家",
        "唔住家",
        "不能住家",
        "不想住家",
        "不要住家",
        "不方便住家",
        "住家不行",
        "住家的不做",
        "住家不做",
        "只做白班",
        "只做白天",
        "白天做晚上回",
        "白天去晚上回",
        "回自己家",
        "晚上要回家",
        "晚上回家",
        // "晚上得回家 家里有孙子": must go home, as 要.
        "晚上得回",
        "晚上还得回",
        "then go home",
        "走家",
        "不住在",
        "住自己家",
        "不住雇主家",
        "live-out",
        "live out",
        "not live-in",
        "not live in",
        "don't want to live in",
        "do not want to live in",
        "can't live in",
        "cannot live in",
        "go home at night",
        "go home every night",
        "i go home",
        "stay out",
        "白班",
        "白天的",
        "晚上要回去",
        "晚上回去",
        // Wu 夜里, Cantonese 返去 and 返屋 for going home at night.
        "夜里要回去",
        "夜里回去",
        "晚上要返去",
        "晚上返去",
        "夜晚要返屋",
        "夜晚返屋",
        "唔使住家",
        "冇得办法住家",
        "没办法住家",
        // "Stay in or out both can".
        "or out",
        "or stay out",
        // "我白天在他家 晚上回", "上午去 中午回来": home the same day.
        "晚上回",
        "中午回来",
        // "住家也不住 屋头有娃儿要管".
        "住家也不住",
        "住家就不住",
        // "I want day time job only not stay night".
        "not stay night",
        "day time job",
        "daytime job",
        // Everyday ways of saying she sleeps at home.
        "sleep at my own",
        "sleep at home",
        "sleep out",
        "go home after work",
        "day job only",
        "day worker",
        "only daytime",
        "only day time",
        "not sleeping at",
        "leave in the evening",
        "leave evening",
        "早出晚归",
        "我得回家",
        "晚上得回家",
        "need to go home",
        "have to go home",
        "must go home",
        "i commute",
        "不住人家",
        // "我晚上不在那住".
        "不在那住",
        "不在那儿住",
        "不在他家住",
        "不在人家住",
        "不在雇主家住",
        "go back home at night",
        "go back home every night",
        "go back home after work",
    ];
    const TRUE: &[&str] = &[
        "住家",
        "住在雇主家",
        "住在人家家里",
        "住人家家里",
        "可以住",
        "能住",
        "live-in",
        "live in",
        "stay in",
        // Whisper's "leave in" for live in.
        "prefer leave in",
        "want leave in",
        "can leave in",
        "leave in with",
        // "leave in is okay for me", "leave in only i want", "lip in is okay".
        "leave in is",
        "leave in only",
        "leave in ok",
        "leave in also",
        "lip in is",
        "leaf in is",
        "stay with employer",
        "stay with my employer",
        "live with the family",
        "live with family",
        "sleep in is",
        "住他们家",
        "住他家",
        "stay with the family",
        "staying with family",
        "staying with the family",
        "stay with family",
        "stay overnight",
        // "工资俺不挑 管吃管住就中": board and lodging given is living in.
        "管吃管住",
        "包吃包住",
        "living in is",
        "living in ok",
        "living in no problem",
        "住在他们家",
        "住在他家",
        "吃住在",
        "吃住都在",
        "sleep at the employer",
        "sleep at my employer",
        "sleep in the employer",
        "stay at the employer",
        "stay at my employer",
        // "包吃住", "要包住的": lodging given is living in.
        "包吃住",
        "包住",
    ];
    const EITHER: &[&str] = &[
        "都可以",
        "都行",
        "都能",
        "都得",
        "都要得",
        "也可以",
        "也行",
        "也要得",
        "也得",
        // "住家不住家都中".
        "都中",
        "也中",
        "冇所谓",
        "无所谓",
        "either way",
        "also can",
        "both can",
        "also ok",
        "both are fine",
        "both fine",
        "both is ok",
        "both ok",
        "both are ok",
    ];
    // "住家我不干": a denial after a yes-phrase, in its clause.
    const DENIED_AFTER: &[&str] =
        &["不干", "不做", "不行", "不考虑", "不去", "不要", "不想", "不方便", "不可以", "不能", "嫑", "不得", "不接"];
    // The last statement wins; "住家不住家都可以" states no preference (null),
    // as every labelled set's authors read it.
    // "不考虑住家", "I no longer do live-in": a negation just before a yes-phrase.
    let negated_yes = |pos: usize| {
        // Within its own phrase: "车我不会开 住家可以" denies the car, not living in.
        let before: String = lower[..pos]
            .chars()
            .rev()
            .take_while(|c| !matches!(c, ' ' | '，' | '。'))
            .take(5)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let cue = before.rfind(['不', '没']).map(|i| &before[i..]);
        // "不对 五年住家保姆" corrects a number; it does not deny living in.
        let chinese = cue.is_some_and(|c| !["不管", "不论", "不对", "不是"].iter().any(|x| c.starts_with(x)));
        // "I don't want stay in": a denial among the three words before, in
        // its sentence ("But I don't cook, sorry. Stay in or stay out").
        let words: Vec<&str> = lower[sentence_start(&lower, pos)..pos].split_whitespace().rev().take(3).collect();
        chinese
            || words.iter().any(|w| {
                ["not", "don't", "dont", "never", "no"]
                    .contains(&w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
            })
            || lower[..pos].trim_end().ends_with("no longer")
    };
    // "I live in Minhang" says where she lives, not that she lives in; "I
    // don't live in I have my children" is no place.
    let residence = |pos: usize, phrase: &str| {
        // ("leave in with the family" names whom she lives with.)
        phrase.is_ascii()
            && !phrase.ends_with(" with")
            && text.get(pos + phrase.len()..).is_some_and(|rest| {
                let next = rest.trim_start();
                let word = next.split([' ', ',', '.']).next().unwrap_or("");
                // ("stay in the employer's house" is living in.)
                let employers = ["the employer", "the family", "their house", "their home", "the house"]
                    .iter()
                    .any(|w| next.to_ascii_lowercase().starts_with(w));
                !employers
                    && ((next.starts_with(|c: char| c.is_ascii_uppercase())
                        && !["I", "I'm", "I've", "Im"].contains(&word))
                        || ["the ", "a ", "my "].iter().any(|w| next.starts_with(w)))
                    // "stay in tampines", written in lower case.
                    || super::places::is_english_place(&word.to_ascii_lowercase())
            })
    };
    let mut result = None;
    let mut last_pos = 0;
    let mut last_end = 0;
    let (mut said_yes, mut said_no) = (false, false);
    for (pos, value, phrase) in FALSE
        .iter()
        .flat_map(|w| lower.match_indices(w).map(|(p, m)| (p, false, m)))
        .chain(TRUE.iter().flat_map(|w| lower.match_indices(w).map(|(p, m)| (p, true, m))))
    {
        if value && residence(pos, phrase) {
            continue;
        }
        // "要做钟点工吗 还是要住家的": a question about the job, not an answer.
        let after_break = |at: usize| at + lower[at..].chars().next().map_or(1, char::len_utf8);
        let clause_start = lower[..pos].rfind(['，', '。', ',', '.', ' ', '？', '?']).map_or(0, after_break);
        let clause = &lower[clause_start..];
        let clause = &clause[..clause.find(['，', '。', ',', '.', ' ']).unwrap_or(clause.len())];
        let sentence_start = lower[..pos].rfind(['。', '.', '？', '?', '！', '!']).map_or(0, after_break);
        let sentence_so_far = &lower[sentence_start..pos];
        // "你们这个是住家的不": a question that ends in 不.
        // "你们要不要住家的": 要不要 asks; "is it live in?": an English sentence that asks.
        let a_not_a = match phrase.strip_prefix('不') {
            // The phrase opens on the 不 of 要不要: the character before it is the one after.
            Some(rest) => lower[..pos].chars().next_back().is_some_and(|a| rest.starts_with(a)),
            // Or the three characters before it are A不A.
            None => {
                let before: Vec<char> = lower[..pos].chars().rev().take(3).collect();
                matches!(before.as_slice(), [b, '不', a] if a == b)
            }
        };
        // (Not "so live out, ok?": the sentence asks, and so does its clause.)
        let asked_in_english = phrase.is_ascii()
            && lower[pos..].find(['.', '?', '!', '。', '？']).is_some_and(|end| lower[pos + end..].starts_with('?'))
            && {
                let opener = lower[lower[..pos].rfind([',', '.', '?', '!']).map_or(0, |i| i + 1)..pos].trim_start();
                ["is ", "are ", "do ", "does ", "can ", "will ", "would ", "should "]
                    .iter()
                    .any(|w| opener.starts_with(w))
            };
        // "要是住家得六千": pay if she lived in, not what she wants.
        let conditional = ["要是", "如果", "假如"].iter().any(|w| clause.starts_with(w));
        if clause.contains(['吗', '？', '?'])
            || clause.ends_with("的不")
            || clause.contains("是不是")
            || (clause.starts_with("还是") && sentence_so_far.contains('吗'))
            || a_not_a
            || asked_in_english
            || conditional
        {
            continue;
        }
        // "做了十一年住家阿姨", "做过住家保姆", "以前在一家住家": the job she had, not what she wants.
        let clause_before = &lower[clause_start..pos];
        if value && ["做过", "干过", "做了", "干了", "以前", "之前", "原来"].iter().any(|w| clause_before.contains(w))
        {
            continue;
        }
        let clause_after = &clause[(pos + phrase.len()).saturating_sub(clause_start).min(clause.len())..];
        // "Live in I cannot, I have my kids here."
        // "live in I don't want".
        let denied_after = if phrase.is_ascii() {
            let after = lower[pos + phrase.len()..].trim_start();
            [
                "i cannot",
                "i can't",
                "i cant",
                "cannot",
                "can't",
                "not possible",
                "is not possible",
                "i don't want",
                "i dont want",
                "i do not want",
            ]
            .iter()
            .any(|w| after.starts_with(w))
        } else {
            DENIED_AFTER.iter().any(|w| clause_after.contains(w))
        };
        // A TRUE phrase inside a FALSE one ("不住家" contains "住家") is that one's.
        if value && FALSE.iter().any(|f| lower.match_indices(f).any(|(fp, _)| fp <= pos && pos < fp + f.len())) {
            continue;
        }
        // "不住家的不接": refusing not to live in is living in.
        let refused_not_to = !value && phrase.starts_with(['不', '唔']) && denied_after;
        let value = refused_not_to || (value && !negated_yes(pos) && !denied_after);
        said_yes |= value;
        said_no |= !value;
        if result.is_none() || pos >= last_pos {
            result = Some(value);
            last_pos = pos;
            last_end = pos + phrase.len();
        }
    }
    // "住家不住家都可以", "不住家也行 住家也行 都可以": both said, then an
    // either-phrase right after the last ("不住家的，通州东城都行" is about places).
    // In English the either-phrase may follow a comma: "stay in or stay out, both is ok".
    let next: String = if lower[last_end..].is_ascii() {
        lower[last_end..].chars().take(16).collect()
    } else {
        let clause_end =
            lower[last_end..].find(['，', '。', ',', '.', '；', ';']).map_or(lower.len(), |i| last_end + i);
        lower[last_end..clause_end].chars().take(6).collect()
    };
    let both = (said_yes && said_no) || lower.contains("住家不住家");
    if both && EITHER.iter().any(|w| next.contains(w)) {
        return None;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract_scalars(text: &str) -> Profile {
        let mut p = Profile::default();
        fill_scalars(text, &mut p);
        p
    }

    #[test]
    fn answers_written_all_in_lower_case_still_give_name_and_places() {
        let s = extract_scalars(
            "um hello my name is siti nurhaliza i'm from east java indonesia uh i want work in beijing",
        );
        // Shown as names are written.
        assert_eq!(s.name.as_deref(), Some("Siti Nurhaliza"));
        assert_eq!(s.hometown.as_deref(), Some("East Java"));
        assert_eq!(s.work_area.as_deref(), Some("Beijing"));
        assert_eq!(extract_scalars("hi i am aunt liu, liu guifang, from sichuan").name.as_deref(), Some("Liu Guifang"));
        // "i'm nervous," is not a name; someone else's town is not hers.
        assert_eq!(extract_scalars("i'm nervous, sorry").name, None);
        assert_eq!(extract_scalars("my employer is from chengdu").hometown, None);
        // Typed without the apostrophe; "him" is not "im".
        assert_eq!(extract_scalars("hi im joy from the philippines").name.as_deref(), Some("Joy"));
        assert_eq!(extract_scalars("i help him from morning").name, None);
        // Kenyan "my names are"; "i am called" is the cue, not "i am".
        assert_eq!(extract_scalars("my names are agnes njeri").name.as_deref(), Some("Agnes Njeri"));
        assert_eq!(extract_scalars("good morning i am called faith from kisumu").name.as_deref(), Some("Faith"));
        // A whole name beats what people call her; "i come from" and "me name" are cues.
        let s =
            extract_scalars("i'm jocelyn reyes call me joy i'm from pampanga a driver's license from the philippines");
        assert_eq!((s.name.as_deref(), s.hometown.as_deref()), (Some("Jocelyn Reyes"), Some("Pampanga")));
        assert_eq!(extract_scalars("my name is dewi call me dee").name.as_deref(), Some("Dee"));
        assert_eq!(
            extract_scalars("hello i am tran thi lan i come from vietnam").name.as_deref(),
            Some("Tran Thi Lan")
        );
        assert_eq!(extract_scalars("me name nguyen thi hoa from vietnam").name.as_deref(), Some("Nguyen Thi Hoa"));
        assert_eq!(extract_scalars("hi im lorna from the philippines").hometown.as_deref(), Some("Philippines"));
        assert_eq!(extract_scalars("i pick up the kids from international school").hometown, None);
        // Where she worked, and for how long, is not where she wants to work.
        let area = |t: &str| extract_scalars(t).work_area;
        assert_eq!(area("i take care old grandpa in guangzhou five years"), None);
        assert_eq!(area("i worked in a hospital in manila as a nursing aide"), None);
        assert_eq!(area("i want live in in chengdu about seven thousand").as_deref(), Some("Chengdu"));
        // A capitalised city counts after a wish, with its district; a district alone counts.
        assert_eq!(area("I want work in Shenzhen, live in").as_deref(), Some("Shenzhen"));
        // A Gulf city is where she worked unless she ends a wish with it; a sister's is hers.
        assert_eq!(area("i work part time in dubai with cleaning company"), None);
        assert_eq!(area("Live out, I have room in Deira. I want work in Dubai only.").as_deref(), Some("Dubai"));
        assert_eq!(area("I want live out, I have my sister in Amman."), None);
        assert_eq!(area("my name is Maricel i want work in Shenzhen Nanshan").as_deref(), Some("Shenzhen Nanshan"));
        assert_eq!(area("i work with a family in Shanghai they have two dogs"), None);
        assert_eq!(area("I speak english. live out. Minhang area").as_deref(), Some("Minhang"));
        assert_eq!(area("工资要七千 最好是南京 江宁区").as_deref(), Some("南京江宁区"));
        // Names with their small words, aunties by surname, a paper's country is not hers.
        assert_eq!(
            extract_scalars("my name is Rowena, Rowena dela Cruz, i'm from Batangas").name.as_deref(),
            Some("Rowena dela Cruz")
        );
        let s =
            extract_scalars("I'm Auntie Wong lah, from Ipoh, 57, I got the elderly care certificate from Malaysia.");
        assert_eq!((s.name.as_deref(), s.hometown.as_deref(), s.age), (Some("Wong"), Some("Ipoh"), Some(57)));
        // A bare age before where she is from; half a year in English.
        assert_eq!(extract_scalars("hi I'm Carlo, yes I'm a guy haha, 27 from Cebu.").age, Some(27));
        assert_eq!(extract_scalars("my name is Dewi Lestari, 44 years, from Surabaya.").age, Some(44));
        assert_eq!(extract_scalars("i do housework 3 years and half.").years_experience, Some(3.5));
    }

    #[test]
    fn what_people_call_her_gives_her_whole_name_when_she_says_it_else_the_surname() {
        for (said, name) in [
            ("我叫小郑 郑晓雯 二十九", "郑晓雯"),
            ("叫我小唐 唐丽 三十一岁", "唐丽"),
            ("我叫阿珍 黄玉珍 广东佛山人", "黄玉珍"),
            ("嗨 我叫小吴 口天吴 二十六岁", "吴"),
            ("我叫陈姨啦 做咗十几年", "陈"),
            ("按钟点算 叫我小罗就好 罗 四维罗", "罗"),
            ("我姓陈 耳东陈 陈素芬 四川南充的", "陈素芬"),
            ("我叫何春兰 五十三", "何春兰"),
            ("我是四川内江的 叫我邓嬢嬢 今年五十八了", "邓"),
            ("俺是河南南阳的 姓杜 杜鹃花那个杜 以前在厂里食堂做饭", "杜"),
            ("俺鞍山的 姓高 高兴的高 五十三", "高"),
            ("讲粤语 叫我阿芳啦 梁志芳 五十五岁", "梁志芳"),
            ("呃 姓周 在医院做陪护 做了四年了 嗯 我是男的 周建国 今年五十岁", "周建国"),
            ("嗯 我是重庆綦江的 陈小英 三十六岁 以前照顾过一个老人", "陈小英"),
            // Ways of giving a name any speaker may use.
            ("我名字叫做林美华 福建的", "林美华"),
            ("我叫杨 杨树的杨 杨桂香", "杨桂香"),
            ("Grace Wanjiru is my name, 38 years.", "Grace Wanjiru"),
            ("I'm called Esther, from Kampala.", "Esther"),
            ("my names are Agnes Njeri, I am 45", "Agnes Njeri"),
            ("本人赵淑珍 今年五十六", "赵淑珍"),
            ("我是张阿姨 张玉兰 五十岁", "张玉兰"),
            ("我是张阿姨 五十岁", "张"),
            ("My name is Mercy... Mercy Chebet.", "Mercy Chebet"),
            ("I am Mrs. Joyce Otieno from Kisumu.", "Joyce Otieno"),
            ("Hello, I'm Ms Akinyi, 41 years old.", "Akinyi"),
            // Accented letters, more ways of giving a name, a greeting first.
            ("Good morning. My name is Rosa, Rosa Hernández.", "Rosa Hernández"),
            ("Hi, I'm María José.", "María José"),
            ("Hello, good morning. Names are Mary Wanjiku.", "Mary Wanjiku"),
            ("Hello, my name is called Faith.", "Faith"),
            ("I am by name Esther Nakato.", "Esther Nakato"),
            ("Me llamo Carmen, I am 45.", "Carmen"),
            ("Salaam, my name is Hawa Mohamed.", "Hawa Mohamed"),
            ("我是王阿姨 大名王秀琴", "王秀琴"),
            ("我名叫赵春梅", "赵春梅"),
            ("姓名 李桂芝", "李桂芝"),
            ("你好 我是小李 李秀梅", "李秀梅"),
            ("我是老张 五十八", "张"),
            ("Hi it's Chipo here, Chipo Ndlovu.", "Chipo Ndlovu"),
            ("My name is Mary-Jane Otieno.", "Mary-Jane Otieno"),
        ] {
            assert_eq!(extract_scalars(said).name.as_deref(), Some(name), "{said}");
        }
    }

    #[test]
    fn no_name_after_benren_without_a_surname() {
        assert_eq!(extract_scalars("本人高中毕业 五十岁").name, None);
        assert_eq!(extract_scalars("本人身体好 能吃苦").name, None);
    }

    #[test]
    fn a_word_after_the_surname_is_no_whole_name() {
        for (said, name) in [
            ("我姓高 高血压的老人我也照顾过 今年五十二", "高"),
            ("我姓白 白天带孩子晚上回家", "白"),
            ("我姓黄 黄瓜炒蛋也会做", "黄"),
            ("我姓周 周末要休息", "周"),
            ("我姓马 马上就能上岗", "马"),
            ("我姓金 金华人", "金"),
            ("我姓孙 孙子上学了我就出来干", "孙"),
            ("我姓方 方便的话住家", "方"),
            ("我姓陈 陈美玲 今年五十", "陈美玲"),
            ("姓孟 孟凡荣 五十一了", "孟凡荣"),
            // What she is called after her surname: the surname.
            ("阿拉姓邵 邵阿姨 五十二", "邵"),
            ("我姓范 范大姐 范秀梅 五十六岁", "范秀梅"),
        ] {
            assert_eq!(extract_scalars(said).name.as_deref(), Some(name), "{said}");
        }
    }

    #[test]
    fn english_names_after_malay_and_tagalog_cues_and_what_she_is_called() {
        let name = |t: &str| extract_scalars(t).name;
        assert_eq!(name("selamat pagi, saya Siti Rahayu, from Semarang.").as_deref(), Some("Siti Rahayu"));
        assert_eq!(name("nama saya Ratna, i'm thirty").as_deref(), Some("Ratna"));
        assert_eq!(name("hi, call me ate Lorna from Batangas").as_deref(), Some("Lorna"));
        // What she is called, then her whole name.
        assert_eq!(name("Hello po, I'm Ate Weng, Rowena Santos, 47").as_deref(), Some("Rowena Santos"));
        assert_eq!(name("Hello, I'm Auntie Mei, Tan Mei Ling. Singaporean").as_deref(), Some("Tan Mei Ling"));
        assert_eq!(name("Hello I'm Madam Wong, Wong Ah Kiew, 53").as_deref(), Some("Wong Ah Kiew"));
        assert_eq!(name("my name is siti aminah can call me kak siti lah i'm 46").as_deref(), Some("Siti Aminah"));
        // What she is called only when she gives no other name.
        assert_eq!(name("my name is Jocelyn but they call me Joy").as_deref(), Some("Jocelyn"));
        assert_eq!(
            name("uh, Rosalinda. Rosalinda Dela Cruz, but everybody call me Rosa.").as_deref(),
            Some("Rosalinda Dela Cruz")
        );
    }

    #[test]
    fn english_names_after_im_or_before_here_and_abbreviated_ages() {
        let s = extract_scalars("hi ma'am im Joy, Joy Dela Cruz, 29 yrs old, i been domestic helper 4 years");
        assert_eq!(s.name.as_deref(), Some("Joy Dela Cruz"));
        assert_eq!(s.age, Some(29));
        assert_eq!(extract_scalars("hello ma'am, Jenny here, from Guangxi").name.as_deref(), Some("Jenny"));
        assert_eq!(extract_scalars("Hello, Shanghai is where I work").name, None);
    }

    #[test]
    fn numbers_go_to_the_field_their_words_say() {
        let s = extract_scalars("我今年四十八岁 干保姆干了十来年了 工资要七千左右");
        assert_eq!((s.age, s.years_experience, s.expected_salary_cny_month), (Some(48), Some(10.0), Some(7000)));
        let s = extract_scalars("五十出头 想要八九千一个月");
        assert_eq!((s.age, s.expected_salary_cny_month), (Some(50), Some(8000)));
        let s = extract_scalars("I'm forty-two years old, I have worked eight years, I expect eight thousand a month");
        assert_eq!((s.age, s.years_experience, s.expected_salary_cny_month), (Some(42), Some(8.0), Some(8000)));
    }

    #[test]
    fn spoken_ways_of_saying_years_and_a_region_of_an_island() {
        assert_eq!(extract_scalars("干育儿嫂有九个年头了").years_experience, Some(9.0));
        assert_eq!(extract_scalars("陪着说说话 下下棋 一共 一共七年").years_experience, Some(7.0));
        assert_eq!(extract_scalars("骨科 心内科都待过 四年").years_experience, Some(4.0));
        let from = |t: &str| extract_scalars(t).hometown;
        assert_eq!(from("my name is Siti Rahmawati from east Java i am thirty five").as_deref(), Some("east Java"));
    }

    #[test]
    fn corrections_win() {
        let s = extract_scalars("干了八年 不对 是十年");
        assert_eq!(s.years_experience, Some(10.0));
        let s = extract_scalars("我要六千 哦不 七千");
        assert_eq!(s.expected_salary_cny_month, Some(7000));
        // A correction corrects the number just before it, here a phone group.
        let s = extract_scalars("住家 五千五 就在西安 电话 幺五九 幺幺零二 八八六七 哎不对 八八六五");
        assert_eq!((s.expected_salary_cny_month, s.phone.as_deref()), (Some(5500), Some("15911028865")));
        let pay = |t: &str| extract_scalars(t).expected_salary_cny_month;
        assert_eq!(pay("salary expecting 1700 dirhams, can discuss"), None);
        assert_eq!(pay("salary i want 130 kd before it was 110"), None);
        assert_eq!(pay("before six hundred dollar, now i want 5500"), Some(5500));
        // A range asks for the lower, a wage said again higher is the higher,
        // and what a harder job would cost is not the wage asked.
        assert_eq!(pay("工资 三千五 四千 都可以 想找住家的"), Some(3500));
        assert_eq!(pay("工资六千 六千五吧"), Some(6500));
        assert_eq!(pay("八千 八千五也可以"), Some(8000));
        assert_eq!(pay("工资三千五 四千都中"), Some(3500));
        assert_eq!(pay("住家 八千 要是双胞胎 得一万"), Some(8000));
        // An hourly rate after its unit is neither pay nor an age.
        let s = extract_scalars("做了三年 就是 搞卫生 一个小时 四十 不住家");
        assert_eq!((s.age, s.expected_salary_cny_month), (None, None));
    }

    #[test]
    fn a_group_of_the_phone_number_said_again_corrects_it() {
        for (said, phone) in [
            ("我电话 幺三三 九四七六 零二八五 哦 零二五八", "13394760258"),
            ("幺五九 三七二八 零六四一 不对 零六四七 做了七年", "15937280647"),
            ("电话腰三六 零腰二七 五五八九", "13601275589"),
            ("手机幺三八 不对 幺三九 幺二三四 五六七八", "13912345678"),
        ] {
            assert_eq!(extract_scalars(said).phone.as_deref(), Some(phone), "{said}");
        }
    }

    #[test]
    fn phone_numbers_read_out_in_groups_are_captured() {
        for (said, expected_pay) in [
            ("my phone number is 138, 12345678", None),
            ("My number is 139 1267 8841. I want 6000 a month", Some(6000)),
            ("电话是幺三八，幺二三四，五六七八", None),
            ("我的手机号一三八 一二三四 五六七八 工资要六千", Some(6000)),
            ("我要6000，13812345678", Some(6000)),
        ] {
            let s = extract_scalars(said);
            let want = if said.contains("139") { "13912678841" } else { "13812345678" };
            assert_eq!(s.phone.as_deref(), Some(want), "{said}");
            assert_eq!(s.expected_salary_cny_month, expected_pay, "{said}");
            assert_eq!(s.age, None, "{said}");
        }
        assert_eq!(extract_scalars("身份证 410123 19760101 2345").phone, None);
        assert_eq!(extract_scalars("干了13年，带过5个孩子，12345").phone, None);
    }

    #[test]
    fn live_in_said_every_day_ways() {
        for (said, want) in [
            ("I can do live in or live out", None),
            ("I stay in the employer's house", Some(true)),
            ("I stay in Queens", None),
            ("包吃住 要七千", Some(true)),
            ("我晚上不在那住", Some(false)),
            ("live out or live in, whatever you need", None),
            ("I can do live-in or live-out, but I prefer live-out", Some(false)),
            ("I need to go home to my kids at night", Some(false)),
            ("I have my own place, I commute", Some(false)),
            ("living in is fine with me", Some(true)),
            ("吃住在他们家没问题", Some(true)),
            ("吃住都在东家", Some(true)),
            ("I sleep at the employer house", Some(true)),
            ("day time only, I go back home at night", Some(false)),
            ("在家里住 不住人家屋里", Some(false)),
        ] {
            assert_eq!(extract_scalars(said).live_in, want, "{said}");
        }
    }

    #[test]
    fn names_given_the_american_way_and_after_a_nickname() {
        for (said, want) in [
            ("Hi y'all, Tammy Jo Baker here, I'm a CNA", Some("Tammy Jo Baker")),
            ("Name's Brenda, Brenda Miller", Some("Brenda Miller")),
            ("I go by Patty, I'm a nanny", Some("Patty")),
            ("hello, Analyn here, Analyn Reyes. 58, from Batangas", Some("Analyn Reyes")),
            ("我是阿珠啦 林秀珠 五十岁", Some("林秀珠")),
            ("大家叫我阿芳 我本名是吴丽芳", Some("吴丽芳")),
            // Not a name: where she is.
            ("I live here in Boston", None),
        ] {
            assert_eq!(extract_scalars(said).name.as_deref(), want, "{said}");
        }
    }

    #[test]
    fn ages_said_loosely_are_ages() {
        for (said, want) in [
            ("I'm in my fifties, from Ohio", Some(50)),
            ("五十九 虚岁六十", Some(59)),
            ("周岁四十九", Some(49)),
            ("I'm in my early forties", Some(40)),
            ("I'm 52 years young", Some(52)),
            ("I am forty-seven going on forty-eight", Some(47)),
            ("my mother is in her eighties", None),
        ] {
            assert_eq!(extract_scalars(said).age, want, "{said}");
        }
        assert_eq!(extract_scalars("going on twelve years now as a nanny").years_experience, Some(12.0));
        assert_eq!(extract_scalars("I'm a nanny going on twenty two years now").years_experience, Some(22.0));
    }

    #[test]
    fn decades_and_n_plus_years_are_years() {
        for (said, want) in [
            ("I've been a caregiver for about a decade", Some(10.0)),
            ("I have been a nanny for over a decade", Some(10.0)),
            ("I've been doing home care for two decades", Some(20.0)),
            ("ten plus years experience as housekeeper", Some(10.0)),
            ("I have 10+ years experience in childcare", Some(10.0)),
            ("我做保姆做了小十年", Some(10.0)),
            ("I am 45, I want 2 plus days off", None),
            // In words, not digits, years are still years (not an age of twenty).
            ("I worked as nanny for twenty years", Some(20.0)),
            ("I have thirty years experience", Some(30.0)),
            ("I am Lestari from Bandung twenty nine years I take care baby", None),
        ] {
            assert_eq!(extract_scalars(said).years_experience, want, "{said}");
        }
    }

    #[test]
    fn numbers_abroad_are_taken_when_read_on_from_a_phone_word() {
        for (said, phone) in [
            ("My number is 050 317 4426, sorry, 4462. Salary 1700 dirhams", Some("0503174462")),
            ("my phone is 9 3 7 1 2 0 4 8, sorry, 9 3 7 1 2 0 8 4.", Some("93712084")),
            ("my number is zero five five 4 3 1 no sorry 4 3 7 2 2 1 9", Some("0554372219")),
            ("My number is 9 1 2 3, 4 5 6 7, no, 4 5 7 6.", Some("91234576")),
            ("my number is 0917 583 2046, sorry, 0917 583 2064. I speak Bisaya", Some("09175832064")),
            ("call me on oh seven seven double oh nine one two three", Some("077009123")),
            ("我电话是九一二三 四五六七 你打这个", Some("91234567")),
            // Too short, or words between: no number.
            ("my number is 45", None),
            ("the number of children was 3, 4 5 6 7 8 9 0 in the house", None),
            ("电话 一般晚上打 我做了十二年", None),
            ("my phone is broken, 2019 2020 2021 I worked in Dubai", None),
        ] {
            assert_eq!(extract_scalars(said).phone.as_deref(), phone, "{said}");
        }
    }

    #[test]
    fn hourly_rates_are_not_monthly_pay_and_ids_are_never_kept() {
        assert_eq!(extract_scalars("钟点工一小时五十块").expected_salary_cny_month, None);
        let s = extract_scalars("身份证号410123197601012345 电话13812345678");
        assert_eq!(s.phone.as_deref(), Some("13812345678"));
        assert_eq!(s.age, None);
    }

    #[test]
    fn regional_speech_gives_hometown_and_work_area() {
        let s = extract_scalars("我系广东湛江嘅 想喺南山区做 住家冇问题");
        assert_eq!((s.hometown.as_deref(), s.work_area.as_deref()), (Some("广东湛江"), Some("南山区")));
        assert_eq!(extract_scalars("额是甘肃天水的 叫马玉梅").hometown.as_deref(), Some("甘肃天水"));
        assert_eq!(extract_scalars("阿拉是上海本地人 姓沈").hometown.as_deref(), Some("上海"));
        assert_eq!(extract_scalars("今年五十六了 安徽六安农村的").hometown.as_deref(), Some("安徽六安"));
        let home = |t: &str| extract_scalars(t).hometown;
        assert_eq!(home("我是苏州昆山的 哦不对 不是昆山 是太仓 姓范").as_deref(), Some("苏州太仓"));
        assert_eq!(home("我是苏州相城的 姓钱").as_deref(), Some("苏州相城"));
        assert_eq!(home("我叫焦淑敏 五十九 老家河北廊坊 哦不 是河北唐山").as_deref(), Some("河北唐山"));
        assert_eq!(extract_scalars("上海嘉定人 一个钟头四十 嘉定就好").work_area.as_deref(), Some("嘉定"));
        assert_eq!(extract_scalars("Tan Mei Ling. Singaporean, 55 this year.").age, Some(55));
        assert_eq!(home("俺就是 那个 俺家在河北张家口农村 今年六十一了").as_deref(), Some("河北张家口"));
        assert_eq!(home("不住家 我家在北京 想在朝阳找"), None);
        assert_eq!(home("我係肇庆嘅 叫我冯姐").as_deref(), Some("肇庆"));
        assert_eq!(home("我姓何 何婉仪 番禺人 今年六十").as_deref(), Some("番禺"));
        assert_eq!(home("今年五十一 东北的 黑龙江齐齐哈尔 照顾老人").as_deref(), Some("黑龙江齐齐哈尔"));
        assert_eq!(home("工资期望六千以上 不住家 上海徐汇"), None);
        // Abroad, the region said after the country.
        assert_eq!(home("my name is Siti from Indonesia East Java I am thirty four").as_deref(), Some("East Java"));
        assert_eq!(home("I am Tran Thi Hoa from Vietnam Hai Phong fifty two").as_deref(), Some("Hai Phong"));
        assert_eq!(home("hello, I am Kumari, from Sri Lanka, Kandy. I worked").as_deref(), Some("Kandy"));
        assert_eq!(home("i am from Myanmar, Shan state, Lashio. age thirty eight.").as_deref(), Some("Lashio"));
        assert_eq!(home("my name Nang Hseng I am from Shan state Myanmar thirty nine").as_deref(), Some("Shan state"));
        assert_eq!(home("I am from Indonesia, age forty five.").as_deref(), Some("Indonesia"));
        assert_eq!(home("I'm fifty, from the Philippines, um I speak English").as_deref(), Some("Philippines"));
        let area = |t: &str| extract_scalars(t).work_area;
        assert_eq!(area("想喺顺德做 八千").as_deref(), Some("顺德"));
        assert_eq!(area("就想做徐汇区 礼拜一到礼拜五").as_deref(), Some("徐汇区"));
        assert_eq!(area("想在沈阳铁西那旮瘩").as_deref(), Some("沈阳铁西"));
        assert_eq!(area("工资五千到六千吧 想留在长沙").as_deref(), Some("长沙"));
        // A wish said later wins over where she is now; a workplace is not an area.
        assert_eq!(area("在青岛 想在市南找 不住家").as_deref(), Some("市南"));
        assert_eq!(area("想在私人家庭做"), None);
        // A place said alone among her terms is where she wants to work; with
        // its province, or with 的, it is where she is from.
        let s = extract_scalars("我叫方淑珍 江苏扬州的 要找不住家的 南京 九千");
        assert_eq!((s.hometown.as_deref(), s.work_area.as_deref()), (Some("江苏扬州"), Some("南京")));
        let s = extract_scalars("我叫邹玉兰 四川宜宾 四十六 住家 七千五");
        assert_eq!((s.hometown.as_deref(), s.work_area.as_deref()), (Some("四川宜宾"), None));
        assert_eq!(area("不住家 深圳南山 一个月六千").as_deref(), Some("深圳南山"));
        assert_eq!(area("收费三百 杭州 滨江 两年经验").as_deref(), Some("杭州滨江"));
        assert_eq!(area("要找兰州的 住家 六千").as_deref(), Some("兰州"));
        assert_eq!(area("离家近点 通州就行").as_deref(), Some("通州"));
        assert_eq!(area("每小时五十块 想在 南宁 不住家").as_deref(), Some("南宁"));
        assert_eq!(extract_scalars("我就北京本地的 住通州").hometown.as_deref(), Some("北京"));
        // A call for someone is not her name; her surname and name are.
        let s = extract_scalars("嗯 我 呃 姓白 白玉兰 在医院做陪护 晚上守着病人 吊瓶看着 叫护士");
        assert_eq!(s.name.as_deref(), Some("白玉兰"));
    }

    #[test]
    fn living_in_is_read_within_its_own_phrase() {
        let live_in = |t: &str| extract_scalars(t).live_in;
        // A denial of something else just before is not a denial of living in.
        assert_eq!(live_in("车我不会开 住家可以 五千五"), Some(true));
        assert_eq!(live_in("但咱不嫌乎 住家没问题"), Some(true));
        // A denial after it, in its phrase, is.
        assert_eq!(live_in("那些都巴适得很 住家我不干哈"), Some(false));
        assert_eq!(live_in("想喺番禺做 唔住家 七千五"), Some(false));
        // Both, then "either": no preference; a past job or a question: none said.
        assert_eq!(live_in("唔住家都得 住家都得"), None);
        assert_eq!(live_in("stay in or stay out, both is ok for me"), None);
        assert_eq!(live_in("在北京做了十一年住家阿姨 做饭"), None);
        // Going home at night in Wu and Cantonese; a yes taken back after it; either.
        assert_eq!(live_in("白天做 夜里回去 工资么五千左右"), Some(false));
        assert_eq!(live_in("唔使住家吧 我晚上要返去"), Some(false));
        assert_eq!(live_in("Live in I cannot, I have my kids here."), Some(false));
        assert_eq!(live_in("Stay in or out both can."), None);
        assert_eq!(live_in("eh hello i'm rosnah 52 stay in tampines i do part time"), None);
        assert_eq!(extract_scalars("eh hello i'm rosnah 52 stay in tampines").name.as_deref(), Some("Rosnah"));
        assert_eq!(extract_scalars("i'm married 2 kids").name, None);
        let s = extract_scalars("Assalamualaikum. I am Naveed Akhtar, 47. Last eight years I am with one old baba");
        assert_eq!((s.name.as_deref(), s.years_experience), (Some("Naveed Akhtar"), Some(8.0)));
        assert_eq!(extract_scalars("I am horse driver in Dubai, five years same family.").years_experience, Some(5.0));
        // Years of work given up, the only figure, are none (SHEET.md); a later or a total figure stays.
        let years = |t: &str| extract_scalars(t).years_experience;
        assert_eq!(years("以前干了五年钟点工 擦擦洗洗 累腰 家务活儿我不干了 现在光做饭"), None);
        assert_eq!(years("以前在医院做护工 做了两年 医院太累了 不接了 现在只想看老人"), None);
        // Every way the matcher knows of saying work is given up ("不搞了", "I quit").
        assert_eq!(years("以前做钟点工做了五年 太累 不搞了 现在只做饭"), None);
        assert_eq!(years("以前做了两年月嫂 不做了 现在看老人看了三年"), Some(3.0));
        assert_eq!(years("在北京医院里当护工 干了九年了 以前也干过两年月嫂 现在不干了"), Some(9.0));
        assert_eq!(years("以前在医院干了五年 现在想找个住家"), Some(5.0));
        // Other words for "before", a story told over several clauses, and a
        // 现在 that only gives her reason for stopping.
        assert_eq!(years("老早带小囡带了五年 育儿嫂 现在年纪大了 夜里起不来 小毛头不带了 现在就烧饭"), None);
        assert_eq!(years("以前在厦门的医院做护工 陪床 帮病人翻身 擦身子 干了三年 太累了 医院的活不接了"), None);
        assert_eq!(years("Last time I do confinement nanny eight years, very tiring, so I stopped already."), None);
        assert_eq!(years("以前带孩子 做饭 搞卫生 干了三年 现在年纪大了 还想接着干"), Some(3.0));
        // The trade or the job named with the years.
        assert_eq!(years("入行十年 什么活都干过"), Some(10.0));
        assert_eq!(years("从业十年"), Some(10.0));
        assert_eq!(years("十年的月嫂 带过五十多个宝宝"), Some(10.0));
        assert_eq!(extract_scalars("住家 工资七千 七千五也得").expected_salary_cny_month, Some(7000));
        assert_eq!(live_in("你们这个住家的是不是还要做饭"), None);
        // Everyday ways of saying where she sleeps.
        assert_eq!(live_in("I want to sleep at my own house."), Some(false));
        assert_eq!(live_in("Only daytime, I have kids at home."), Some(false));
        assert_eq!(live_in("早出晚归 离家近就行"), Some(false));
        assert_eq!(live_in("I'm okay to stay with employer."), Some(true));
        assert_eq!(live_in("住他们家也行"), Some(true));
    }

    #[test]
    fn hometowns_said_again_more_fully_and_ages_said_loosely() {
        let home = |t: &str| extract_scalars(t).hometown;
        assert_eq!(home("我是潍坊的 山东潍坊 五十").as_deref(), Some("山东潍坊"));
        assert_eq!(home("浙江台州的 哦 温岭 台州温岭").as_deref(), Some("浙江台州温岭"));
        assert_eq!(home("浙江 浙江湖州 四十五").as_deref(), Some("浙江湖州"));
        assert_eq!(home("嗯 兴平的 咸阳兴平 姓吴 六十了").as_deref(), Some("咸阳兴平"));
        let age = |t: &str| extract_scalars(t).age;
        assert_eq!(extract_scalars("在医院陪护 陪了 有个 六七年吧").years_experience, Some(6.0));
        assert_eq!(age("姓薛 五十八了 做钟点 给人家 看老人 一个钟 三十五 也有按天的"), Some(58));
        assert_eq!(age("我叫孙彩霞 铜川的 五十六 现在这家 是个 四十几岁的男的 脑梗了"), Some(56));
        assert_eq!(age("我叫古丽米热 库车的 三十三岁 现在陪护一个四十多岁的大哥 中风了"), Some(33));
        assert_eq!(age("四十三岁 去年照顾一个四十多岁的老板"), Some(43));
        // Someone else's age said with "years old" in English is theirs, not hers.
        assert_eq!(age("I am 45, my employer is 80 years old."), Some(45));
        assert_eq!(age("my employer husband do the cooking forty three years old"), Some(43));
        assert_eq!(age("我是个五十岁的人了 身体好"), Some(50));
        assert_eq!(home("俺是孝义的 吕梁孝义 姓霍").as_deref(), Some("吕梁孝义"));
        assert_eq!(home("我是浙江杭州 富阳的").as_deref(), Some("浙江杭州富阳"));
        assert_eq!(home("我是江苏南京的 想在南京江宁做").as_deref(), Some("江苏南京"));
        assert_eq!(home("我是上海的 上海话普通话都讲").as_deref(), Some("上海"));
        assert_eq!(home("i am from kandy sri lanka i work in dubai").as_deref(), Some("Kandy"));
        assert_eq!(home("i am rita from pokhara nepal age 30").as_deref(), Some("Pokhara"));
        let age = |t: &str| extract_scalars(t).age;
        assert_eq!(age("我叫高丽娟 五十好几了"), Some(50));
        assert_eq!(age("我呢 五十多了 老家河南"), Some(50));
        assert_eq!(age("今年四十八 哦四十九 过了生日了"), Some(49));
        assert_eq!(age("今年应该是五十四"), Some(54));
        assert_eq!(age("我是三十五 想要七千五"), Some(35));
        let s = extract_scalars("i am kamala rai 45 years i come from dharan nepal i work five years");
        assert_eq!((s.age, s.years_experience), (Some(45), Some(5.0)));
        let s = extract_scalars("i am 38 years i work as nanny six years");
        assert_eq!((s.age, s.years_experience), (Some(38), Some(6.0)));
        assert_eq!(extract_scalars("i'm helper 20 years i know cooking").age, None);
        let years = |t: &str| extract_scalars(t).years_experience;
        assert_eq!(years("以前在东莞电子厂干了五六年 流水线 后来做育儿嫂了 做了三年了"), Some(3.0));
        assert_eq!(years("在沈阳机床厂干了二十多年 车工 去年退的 家务活儿我都行"), None);
        assert_eq!(years("first i work in factory in malaysia, then in singapore two years as nanny"), Some(2.0));
        let pay = |t: &str| extract_scalars(t).expected_salary_cny_month;
        assert_eq!(pay("我想要八千到一万 上一单给的七千八"), Some(8000));
        assert_eq!(pay("一个钟头四十 一个月下来也有四千来块"), None);
    }

    #[test]
    fn names_places_and_live_in() {
        let s = extract_scalars("嗯 我叫王秀兰今年四十八 我是河南人 想在朝阳区找活 不住家");
        assert_eq!(s.name.as_deref(), Some("王秀兰"));
        assert_eq!(s.hometown.as_deref(), Some("河南"));
        assert_eq!(s.work_area.as_deref(), Some("朝阳区"));
        assert_eq!(s.live_in, Some(false));
        assert_eq!(extract_scalars("我姓李 老家四川南充的 可以住家").hometown.as_deref(), Some("四川南充"));
        assert_eq!(extract_scalars("我姓李 可以住家").live_in, Some(true));
        assert_eq!(extract_scalars("住家不住家都可以").live_in, None);
        assert_eq!(extract_scalars("按小时算 静安跟闵行都可以").work_area.as_deref(), Some("静安跟闵行"));
        assert_eq!(extract_scalars("一个月8500，大兴区西城都行，想找住家的").work_area.as_deref(), Some("大兴区西城"));
        assert_eq!(extract_scalars("嗯一个月七千五块 浦东那边").work_area.as_deref(), Some("浦东"));
        assert_eq!(extract_scalars("不住家的，那个最少八千五，通州东城区都行").live_in, Some(false));
        let s = extract_scalars(
            "My name is Maria Santos, I'm from the Philippines, live-in is fine, I want to work in Chaoyang",
        );
        assert_eq!(s.name.as_deref(), Some("Maria Santos"));
        assert_eq!(s.hometown.as_deref(), Some("Philippines"));
        assert_eq!(s.live_in, Some(true));
        assert_eq!(s.work_area.as_deref(), Some("Chaoyang"));
        assert_eq!(extract_scalars("嗯 我也不知道说啥"), Profile::default());
    }

    #[test]
    fn calendar_years_pay_said_now_or_for_harder_work_and_english_ages_of_others() {
        assert_eq!(extract_scalars("做月嫂做了七年 不对 八年了 一六年开始做的").years_experience, Some(8.0));
        assert_eq!(extract_scalars("做了七八年了").years_experience, Some(7.0));
        assert_eq!(extract_scalars("二三年开始干的").years_experience, None);
        assert_eq!(extract_scalars("我是一个阿姨 五十岁 河南的").age, Some(50));
        // A bare whole name only beside where she is from or her age.
        assert_eq!(extract_scalars("我是重庆綦江的 陈小英 三十六岁").name.as_deref(), Some("陈小英"));
        for said in ["照顾老人的 高血压 糖尿病都会", "家里养的 金毛犬 三岁", "俺是山东的 方便面 都会煮"]
        {
            assert_eq!(extract_scalars(said).name, None, "{said}");
        }
        assert_eq!(extract_scalars("上家七千 这次想八千 住家").expected_salary_cny_month, Some(8000));
        assert_eq!(extract_scalars("工资一万八 双胞胎的话两万二").expected_salary_cny_month, Some(18000));
        assert_eq!(extract_scalars("一个月才三千 来这边的话想要四千五").expected_salary_cny_month, Some(4500));
        assert_eq!(extract_scalars("nanny for four years no three and a half years").years_experience, Some(3.5));
        assert_eq!(extract_scalars("the grandma live with us she is eighty I help her").age, None);
        assert_eq!(extract_scalars("I am Lakshmi from Chennai, age is forty one.").age, Some(41));
        let s = extract_scalars("I'm fifty one I'm a helper nineteen years");
        assert_eq!((s.age, s.years_experience), (Some(51), Some(19.0)));
        let s = extract_scalars("my name is Rowena dela Cruz thirty nine years old, hi I'm from Singapore I'm a nurse");
        assert_eq!(s.name.as_deref(), Some("Rowena dela Cruz"));
        assert_eq!(s.hometown.as_deref(), Some("Singapore"));
    }

    #[test]
    fn a_numeral_after_the_surname_is_part_of_the_name_unless_a_unit_follows() {
        let name = |t: &str| extract_scalars(t).name;
        assert_eq!(name("俺叫赵二妮 今年五十一").as_deref(), Some("赵二妮"));
        assert_eq!(name("叫我刘姐就好 全名刘月娥 今年四十一").as_deref(), Some("刘月娥"));
        assert_eq!(name("我叫王阿花 嗯 其实叫王春花 阿花是小名").as_deref(), Some("王春花"));
        assert_eq!(name("嗯 我叫巴合提古丽 阿勒泰的").as_deref(), Some("巴合提古丽"));
        assert_eq!(name("我叫王秀兰带孩子带了五年").as_deref(), Some("王秀兰"));
        assert_eq!(name("我叫张四凤 河北的").as_deref(), Some("张四凤"));
        assert_eq!(name("我叫王三妹").as_deref(), Some("王三妹"));
        assert_eq!(name("我叫王五十三岁"), None);
        assert_eq!(name("我叫刘三年前来的北京"), None);
        assert_eq!(extract_scalars("我叫王五十三岁").age, Some(53));
    }

    #[test]
    fn whole_names_after_nicknames_and_nationalities_are_no_names() {
        let name = |t: &str| extract_scalars(t).name;
        let said = "my name is maricel but you can call me cel, maricel dela cruz, i am 34 years old";
        assert_eq!(name(said).as_deref(), Some("Maricel Dela Cruz"));
        assert_eq!(
            name("hi i'm joy, jocelyn reyes, forty something, i'm from pampanga").as_deref(),
            Some("Jocelyn Reyes")
        );
        let said = "hi mam my name is Jocelyn but they call me Joy, Jocelyn Dela Cruz, im 34";
        assert_eq!(name(said).as_deref(), Some("Jocelyn Dela Cruz"));
        let s = extract_scalars(
            "my name is ratna sari, 31 years, i'm indonesian from medan. i have first aid certificate from agency",
        );
        assert_eq!((s.name.as_deref(), s.age, s.hometown.as_deref()), (Some("Ratna Sari"), Some(31), Some("Medan")));
        assert_eq!(name("大家都叫我兰姐 全名是邓秋兰 江西九江的").as_deref(), Some("邓秋兰"));
        // The whole name said bare before what people call her; a cue with 就 in it.
        assert_eq!(name("你好 俺是刘凤霞 大家都叫我刘姐").as_deref(), Some("刘凤霞"));
        assert_eq!(name("名字就叫陈红 耳东陈").as_deref(), Some("陈红"));
        // Capitalised names, a lower-case place.
        assert_eq!(extract_scalars("im Dewi, from surabaya, my age 38").hometown.as_deref(), Some("Surabaya"));
    }

    #[test]
    fn ranges_digits_read_out_previous_pay_and_years_said_plainly() {
        assert_eq!(extract_scalars("i am twenty six or twenty seven, from lombok").age, Some(26));
        assert_eq!(extract_scalars("age maybe 40 to 42, from lampung").age, Some(40));
        // A phone read in pairs is no age; 要 heard for 幺.
        let s = extract_scalars("三十六岁 电话 幺八六 二七 幺幺 零三 五九");
        assert_eq!((s.age, s.phone.as_deref()), (Some(36), Some("18627110359")));
        let s = extract_scalars("想在武汉做 电话 要三九 八七二六 要要五四");
        assert_eq!((s.phone.as_deref(), s.expected_salary_cny_month), (Some("13987261154"), None));
        assert_eq!(extract_scalars("我要七千 电话幺三八").expected_salary_cny_month, Some(7000));
        let s = extract_scalars("salary i want 8500, my last salary only 6000");
        assert_eq!(s.expected_salary_cny_month, Some(8500));
        assert_eq!(
            extract_scalars("i worked for expat family in shanghai five year, i do cleaning").years_experience,
            Some(5.0)
        );
        assert_eq!(extract_scalars("two years in singapore with the baby").years_experience, Some(2.0));
        assert_eq!(extract_scalars("from two months until one year. i do baby massage").years_experience, None);
        assert_eq!(extract_scalars("之前给一个老板开车开了五年").years_experience, Some(5.0));
    }

    #[test]
    fn living_in_said_in_turns_of_speech() {
        assert_eq!(extract_scalars("不住家不行 得住 医院里陪床那种").live_in, Some(true));
        assert_eq!(extract_scalars("你们这个是住家的不 多少钱一个月").live_in, None);
        assert_eq!(extract_scalars("以前在一家住家 一个月给五千五 太少了").live_in, None);
        assert_eq!(extract_scalars("i prefer leave in with the family").live_in, Some(true));
        assert_eq!(extract_scalars("住唔住家冇所谓").live_in, None);
        assert_eq!(extract_scalars("住在人家家里 在太原").live_in, Some(true));
        assert_eq!(extract_scalars("想找白天去晚上回的 四千五六").live_in, Some(false));
        assert_eq!(extract_scalars("还想在济南找 住家不住家都中 工资五千往上").live_in, None);
        assert_eq!(extract_scalars("俺想找个钟点的活儿 上午去 中午回来 陪老人说说话").live_in, Some(false));
        assert_eq!(extract_scalars("工资俺不挑 管吃管住就中").live_in, Some(true));
        assert_eq!(extract_scalars("白天干 晚上得回家 家里有孙子").live_in, Some(false));
        assert_eq!(extract_scalars("cook dinner, then go home.").live_in, Some(false));
        assert_eq!(extract_scalars("leave in is okay for me").live_in, Some(true));
        assert_eq!(extract_scalars("lip in is okay. salary 8500").live_in, Some(true));
        assert_eq!(extract_scalars("我姓白 白天的白 五十九 现在接陪诊的活儿").live_in, None);
        assert_eq!(extract_scalars("做饭我不做的 住家也不住 屋头有娃儿要管").live_in, Some(false));
        assert_eq!(extract_scalars("现在想要一万 住家 肯定住家 干月嫂哪有不住家的").live_in, Some(true));
        assert_eq!(extract_scalars("我白天在他家 晚上回 给他做饭").live_in, Some(false));
        assert_eq!(extract_scalars("I want day time job only not stay night").live_in, Some(false));
        assert_eq!(extract_scalars("three years already I don't live in I have my children").live_in, Some(false));
        assert_eq!(extract_scalars("I want thirteen thousand live in I have health certificate").live_in, Some(true));
    }

    #[test]
    fn all_her_years_beat_a_part_of_them_unless_corrected() {
        let years = |t: &str| extract_scalars(t).years_experience;
        assert_eq!(years("干这行十一年了 前五年在南京养老院"), Some(11.0));
        assert_eq!(years("helper twelve years already. i drive the kids for my employer for four years"), Some(12.0));
        assert_eq!(years("做了六年 哦不对 七年了"), Some(7.0));
        assert_eq!(years("做了八年 不对 五年"), Some(5.0));
        assert_eq!(years("我有驾照 十多年老司机了 送完回来打扫屋子"), None);
        assert_eq!(years("i am yuesao, maternity nurse, ten years."), Some(10.0));
        assert_eq!(years("照顾老人 七年 不是 八年了"), Some(8.0));
        assert_eq!(years("experience three years, before in Taiwan ten year but that is factory"), Some(3.0));
        assert_eq!(years("我有驾照 开车十几年了 可以开车带老人去医院复查"), None);
        assert_eq!(years("i look after old grandfather in Ruili three years, he cannot walk"), Some(3.0));
        assert_eq!(extract_scalars("part time, fifty five per our, in Shanghai").age, None);
        assert_eq!(extract_scalars("Myself Anitha Joseph, from Kerala").name.as_deref(), Some("Anitha Joseph"));
        let s = extract_scalars("Hello, I am auntie Chen. fifty years old. Hourly is sixty yuan.");
        assert_eq!((s.name.as_deref(), s.age), (Some("Chen"), Some(50)));
        assert_eq!(extract_scalars("I hope around nine thousand, ten thousand.").expected_salary_cny_month, Some(9000));
        assert_eq!(extract_scalars("I don't cook, sorry. Stay in or stay out both ok for me.").live_in, None);
        assert_eq!(extract_scalars("在郑州的医院当护工干了六年 现在想找个住家哩").work_area, None);
        assert_eq!(extract_scalars("住家 一个月一万二 想去上海做").work_area.as_deref(), Some("上海"));
        assert_eq!(extract_scalars("我们云南曲靖的 我姓杨").hometown.as_deref(), Some("云南曲靖"));
        // A correction after an interjection; a bound ("快", "不到") refined by a smaller number.
        assert_eq!(years("干养老护理十二年了 哎不是 十一年 伺候的都是卧床的老人"), Some(11.0));
        assert_eq!(years("在太原干钟点工 干了快三年了 不到三年 两年多 一家一家跑"), Some(2.0));
        assert_eq!(years("干了快十年了 在北京干了八年"), Some(10.0));
        assert_eq!(years("上一家是个阿姨 在她家陪护了两年"), Some(2.0));
        assert_eq!(years("我刚入行 做了半年 在一个家政公司"), Some(0.5));
        assert_eq!(years("6 years house keeper all around, cleaning"), Some(6.0));
        assert_eq!(years("I'm in Shanghai already 4 years with a french family"), Some(4.0));
        assert_eq!(years("I am doing part time cleaning, hourly, 50 kuai per hour, 5 years na."), Some(5.0));
        assert_eq!(years("my name is Ni Luh Putu from Bali, 34. I am in singapore 7 years same family"), Some(7.0));
        assert_eq!(years("Grace Villanueva 47 from Bicol. nine years hong kong, last employer grandpa"), Some(9.0));
    }

    #[test]
    fn ages_of_others_tagalog_ages_calendar_years_and_earnings_are_not_hers() {
        let age = |t: &str| extract_scalars(t).age;
        assert_eq!(age("后来厂子黄了 俺都五十了 也没地方要"), Some(50));
        assert_eq!(age("Tess for short. 56 na ako, from Bicol."), Some(56));
        assert_eq!(age("我是河北承德的 四十五 上一家是个得了癌症的阿姨 五十来岁"), Some(45));
        assert_eq!(age("我叫于淑芬 六十了 之前照顾我们那儿一个老干部 八十多岁 脑出血"), Some(60));
        assert_eq!(age("也可以照顾老人 五十岁 甘肃天水的"), Some(50));
        let pay = |t: &str| extract_scalars(t).expected_salary_cny_month;
        assert_eq!(
            pay("a nanny for babies since 2015 ay no 2016 so like eight years. I want live in, and 10 thousand"),
            Some(10000)
        );
        assert_eq!(pay("I charge 15 thousand per month"), Some(15000));
        assert_eq!(pay("一个钟头四十 一个月能挣个四千来块吧 我叫武艳芳"), None);
        assert_eq!(pay("我叫黄丽 五十九 湖南衡阳 要求不高 三千五四千 不住家"), Some(3500));
    }

    #[test]
    fn work_areas_sought_or_named_with_where_in_them() {
        let area = |t: &str| extract_scalars(t).work_area;
        assert_eq!(area("河北保定的 住家 北京哪个区都行 工资七千五").as_deref(), Some("北京"));
        assert_eq!(area("住家 六千八 东莞这边做就好").as_deref(), Some("东莞"));
        assert_eq!(area("做钟点工 在上海五年了 长宁 静安都有"), None);
        assert_eq!(area("还能干 在上海闵行一家住家五年 老太太有点老年痴呆"), None);
        assert_eq!(area("辽宁大连的 工资七千往上 大连本地做").as_deref(), Some("大连"));
        assert_eq!(area("扶她走路 杭州这边都可以 住家 六千八").as_deref(), Some("杭州"));
        assert_eq!(area("想住家 一万五 想去上海").as_deref(), Some("上海"));
        assert_eq!(area("在深圳做住家阿姨六年了 这次还是住家 想找蛇口那边的 九千").as_deref(), Some("蛇口"));
        assert_eq!(area("上一家是在望京 双胞胎 想要一万二左右吧"), None);
        assert_eq!(area("i want to stay shanghai, live in, 7500 per month").as_deref(), Some("Shanghai"));
        assert_eq!(area("live out only, pudong side").as_deref(), Some("Pudong"));
        assert_eq!(area("not live in, area pudong only because near my house").as_deref(), Some("Pudong"));
        assert_eq!(area("four years with my employer in guangzhou, they go back to europe"), None);
        assert_eq!(extract_scalars("我叫孙浩 吉林长春的 我是专门给人看狗的").hometown.as_deref(), Some("吉林长春"));
        // A wish after who and when ("现在想去"), to move ("想换到…去"), to come ("想来").
        assert_eq!(area("以前在太原给一家人做饭 现在想去北京 听说北京挣得多").as_deref(), Some("北京"));
        assert_eq!(area("现在在洛阳干呢 想换到郑州去 一个月五千").as_deref(), Some("郑州"));
        assert_eq!(area("他走了 我想来大连 住家 这回八千就行").as_deref(), Some("大连"));
        assert_eq!(area("我想要一个月七千 最好是在石家庄").as_deref(), Some("石家庄"));
        assert_eq!(area("俺想在长春接着干 四千八到五千").as_deref(), Some("长春"));
        assert_eq!(area("我刚入行 做了半年 在一个家政公司 派到家里照顾一个老阿姨"), None);
        assert_eq!(area("住家不住家都要得 在成都 青羊区 四十五岁").as_deref(), Some("成都青羊区"));
        // Districts of Singapore and Hong Kong, of one word or two.
        assert_eq!(area("live out, prefer near Woodlands because my husband stay there").as_deref(), Some("Woodlands"));
        assert_eq!(
            area("here in hong kong I work five years now. I want to work in Sha Tin area").as_deref(),
            Some("Sha Tin")
        );
        assert_eq!(area("I want to work in Tampines, live in").as_deref(), Some("Tampines"));
        // A country or city abroad only when a wish ends on it.
        assert_eq!(area("I am strong and patient. I want live in job, in singapore").as_deref(), Some("Singapore"));
        assert_eq!(area("I work in singapore six year with one ah ma"), None);
        let s = extract_scalars("工资期望六千以上 不住家\n上海徐汇");
        assert_eq!((s.hometown.as_deref(), s.work_area.as_deref()), (None, Some("上海徐汇")));
    }

    #[test]
    fn where_she_works_now_is_no_wish_unless_she_says_so() {
        let area = |t: &str| extract_scalars(t).work_area;
        assert_eq!(area("四川乐山的 四十六岁 在成都做住家保姆三年"), None);
        assert_eq!(area("在成都做开荒保洁 带了个小团队"), None);
        assert_eq!(area("在成都做就行").as_deref(), Some("成都"));
        assert_eq!(area("想在成都做保姆").as_deref(), Some("成都"));
    }

    #[test]
    fn an_age_said_of_him_or_her_is_not_hers() {
        let age = |t: &str| extract_scalars(t).age;
        assert_eq!(
            age("im 38, no sorry 39 this year. take care one uncle after stroke, he only 50, paralyse"),
            Some(39)
        );
        assert_eq!(age("she is my sister. 45"), Some(45));
        // Someone named a few words before, in the same sentence.
        assert_eq!(
            age("myself Anjali, forty seven years. Presently one auntie sixty eight years, she had paralysis"),
            Some(47)
        );
        assert_eq!(
            age("i am thirty years old i work with the boss wife she have cancer only forty five years"),
            Some(30)
        );
        // Not what she is called, nor a place.
        assert_eq!(age("you can call me auntie Wu, fifty nine, from Xiamen"), Some(59));
        assert_eq!(age("I'm Susan Li from Hong Kong forty two I speak cantonese"), Some(42));
    }

    #[test]
    fn vietnamese_names_of_four_words_and_said_again_whole() {
        let name = |t: &str| extract_scalars(t).name;
        assert_eq!(name("hello, my name is Vo Thi Thu Trang, 44 years").as_deref(), Some("Vo Thi Thu Trang"));
        assert_eq!(name("hi, im Hanh, Dang Thi Hanh, from Nam Dinh, 47.").as_deref(), Some("Dang Thi Hanh"));
    }

    #[test]
    fn years_of_the_work_she_does_now_and_not_of_other_jobs() {
        let years = |t: &str| extract_scalars(t).years_experience;
        assert_eq!(years("以前在医院当陪护干了三年 医院的活儿现在不接了 现在在家里看一个老爷子 看了两年了"), Some(2.0));
        assert_eq!(years("以前在煤矿干了二十年 退了以后当护工 伺候老爷子 干了四年"), Some(4.0));
        assert_eq!(years("i work in Johor Bahru one and half year for one family"), Some(1.5));
    }

    #[test]
    fn years_of_shifts_of_southwestern_work_of_helping_people_and_abroad() {
        let years = |t: &str| extract_scalars(t).years_experience;
        assert_eq!(years("今年五十 在养老院上了四年班 一个人管八个老人家"), Some(4.0));
        assert_eq!(years("在九龙坡一个养老院专门管失智的老人 就是老年痴呆 搞了五年"), Some(5.0));
        assert_eq!(years("今年三十九 在深圳帮人煮饭七年 潮汕菜"), Some(7.0));
        assert_eq!(
            years("I am Chamari, 34, from Negombo. Eleven years I am in Gulf, Riyadh and now Muscat."),
            Some(11.0)
        );
        // Not years of school, nor years of anything else in a place.
        assert_eq!(years("我上了四年学 后来出来打工"), None);
        assert_eq!(years("my son is eleven years, he is in Dubai with me"), None);
        // A licence said later in an unpunctuated English answer is not what the years are of.
        let said =
            "I am driver three years in Dubai with one Emirati family before that I was security I have UAE license";
        assert_eq!(years(said), Some(3.0));
        assert_eq!(years("I have driving license 10 years"), None);
        assert_eq!(years("I work in a care home, mostly nights. Three years now. I do the checks"), Some(3.0));
        assert_eq!(years("i do housework, sweep, mop, wash clothes. 3 years and half. my phone"), Some(3.5));
    }

    #[test]
    fn live_in_asked_back_refused_twice_or_priced_if_is_no_answer() {
        let live_in = |t: &str| extract_scalars(t).live_in;
        assert_eq!(live_in("现在老头子身体不好 想不住家 晚上回去 不住家五千 要是住家得六千"), Some(false));
        assert_eq!(live_in("I go home at night, live in I don't want. only Marina side"), Some(false));
        assert_eq!(live_in("一单二十六天一万 不住家的不接"), Some(true));
        assert_eq!(live_in("要不要住家 我住家不得 家里有小孩"), Some(false));
        assert_eq!(live_in("我希望是住家 你们要不要住家的"), Some(true));
        assert_eq!(live_in("I'm taking care of a one year old. I'm asking, is it live in?"), None);
        assert_eq!(live_in("i live with my sister so live out, ok?"), Some(false));
    }

    #[test]
    fn live_in_said_with_whom_and_either_in_sichuan_words() {
        assert_eq!(extract_scalars("i leave in with the family. i cannot drive.").live_in, Some(true));
        assert_eq!(extract_scalars("按天的话我一天两百五 住不住家都要得").live_in, None);
    }

    #[test]
    fn a_hometown_and_a_phone_group_taken_back_and_said_right() {
        let s = extract_scalars("黑龙江伊春的 哦不是伊春 是黑河 今年六十了");
        assert_eq!(s.hometown.as_deref(), Some("黑龙江黑河"));
        let s = extract_scalars("电话一五二 八一三七 九零零四 哦不是九零零四 是九零四零");
        assert_eq!(s.phone.as_deref(), Some("15281379040"));
        assert_eq!(extract_scalars("from Takeo Cambodia.").hometown.as_deref(), Some("Takeo"));
        assert_eq!(extract_scalars("from Cambodia, Siem Reap. i am new").hometown.as_deref(), Some("Siem Reap"));
        let home = |t: &str| extract_scalars(t).hometown;
        assert_eq!(home("my name is Tigist I am from Ethiopia Adama I am 29").as_deref(), Some("Adama"));
        assert_eq!(home("I am from Enugu Nigeria I am 35 years").as_deref(), Some("Enugu"));
        // The words after the place are no part of it; a course is no hometown.
        assert_eq!(home("i'm 46 from johor bahru got experience ten years").as_deref(), Some("Johor Bahru"));
        assert_eq!(home("Confinement cert I got, from the course."), None);
    }

    #[test]
    fn foreign_money_carries_over_in_its_sentence_and_years_and_phone_digits_are_no_pay() {
        let pay = |t: &str| extract_scalars(t).expected_salary_cny_month;
        assert_eq!(pay("Last sponsor was paying 1800 dirhams, now I am expecting 2200."), None);
        assert_eq!(pay("Salary before 1500 dirhams, now 2000."), None);
        assert_eq!(pay("salary before 6000 shekel, here I ask 8500."), Some(8500));
        assert_eq!(pay("I am charging 3200 Singapore dollar for 28 days."), None);
        assert_eq!(pay("my salary before is 4800. i am the one who cook his soft food also"), None);
        assert_eq!(pay("my salary before 4900, now i want same or higher."), None);
        assert_eq!(pay("my salary before 5000, now I want 6000"), Some(6000));
        assert_eq!(pay("I came to Dubai 2012, first I was housemaid four years"), None);
        assert_eq!(pay("My number is 050 317 4426, sorry, 4462. Salary expecting 1700 dirhams, can discuss."), None);
        assert_eq!(
            pay("my phone one three nine two two eight seven four five six one I want six thousand five"),
            Some(6500)
        );
        assert_eq!(extract_scalars("I got 1500 dirhams, i am 35 years old").age, Some(35));
    }

    #[test]
    fn english_names_after_a_doubled_cue_word_or_after_me() {
        let name = |text: &str| extract_scalars(text).name;
        assert_eq!(name("my name is is Rosa Mendoza, I do cleaning").as_deref(), Some("Rosa Mendoza"));
        assert_eq!(name("Me, Dilani. Sri Lankan. 35.").as_deref(), Some("Dilani"));
    }

    #[test]
    fn names_after_i_am_and_before_an_age_four_characters_long_or_in_lower_case() {
        let name = |text: &str| extract_scalars(text).name;
        // After 我是 at a pause, or before a bare age; not a place.
        assert_eq!(name("我是赵淑珍 五十六 家就在丰台").as_deref(), Some("赵淑珍"));
        assert_eq!(name("你好 我是那个 张玉珍 干养老护理的").as_deref(), Some("张玉珍"));
        assert_eq!(name("做保洁的 黄春燕 三十七 一个月五千").as_deref(), Some("黄春燕"));
        assert_eq!(name("我是周口人 五十六"), None);
        // The surname alone, then the whole name, with no cue: "冉 冉小芳".
        assert_eq!(name("嗯 我是重庆万州的 冉 冉小芳 照顾老年人").as_deref(), Some("冉小芳"));
        // Four characters said whole; a longer run is cut to three.
        assert_eq!(name("我叫阿依古丽 今年四十五").as_deref(), Some("阿依古丽"));
        assert_eq!(name("我叫欧阳秀英 五十岁").as_deref(), Some("欧阳秀英"));
        assert_eq!(name("我叫王秀兰带孩子的").as_deref(), Some("王秀兰"));
        // Lower-case names of two or three words before her age.
        assert_eq!(name("i am kamala rai 45 years i come from dharan nepal").as_deref(), Some("Kamala Rai"));
        assert_eq!(name("hello um i'm wu xiuying, fifty one, from henan").as_deref(), Some("Wu Xiuying"));
        assert_eq!(name("i am housekeeper here 6 years"), None);
        assert_eq!(name("i am in hong kong 6 years"), None);
        // Past a particle, after "myself", before an age with a full stop.
        assert_eq!(name("hi i'm auntie lim lah, from singapore").as_deref(), Some("Lim"));
        assert_eq!(name("good afternoon, myself sunita, forty five years").as_deref(), Some("Sunita"));
        assert_eq!(name("myself nanny for five years"), None);
        assert_eq!(name("i'm hoa, thirty. i can do cleaning").as_deref(), Some("Hoa"));
        // Letters in capitals do not make a lower-case answer capitalised.
        assert_eq!(name("my name dewi i come from surabaya my salary seventeen thousand NT").as_deref(), Some("Dewi"));
        // Tagalog "po" around a name said alone.
        assert_eq!(name("Hi po, Cristina Villanueva, from Ilocos Norte").as_deref(), Some("Cristina Villanueva"));
        assert_eq!(name("good day, Josephine Cruz po, 39, Cebu.").as_deref(), Some("Josephine Cruz"));
        assert_eq!(name("ah yes maam, Rosalie po, Rosalie Aquino, 36").as_deref(), Some("Rosalie Aquino"));
    }

    #[test]
    fn years_said_as_a_phrase_of_their_own_or_here_and_an_age_after_where_she_is_from() {
        let s = extract_scalars("量血压 测血糖 都会 五年多 四十七岁 江苏盐城");
        assert_eq!((s.years_experience, s.age), (Some(5.0), Some(47)));
        assert_eq!(extract_scalars("我就陪他慢慢说 五年了 一个月七千").years_experience, Some(5.0));
        assert_eq!(extract_scalars("i make baby food like puree. four years. i have").years_experience, Some(4.0));
        let s = extract_scalars("hello po, Edna Pascual, 47 years old, from Pampanga, 9 years here in hong kong.");
        assert_eq!((s.years_experience, s.age), (Some(9.0), Some(47)));
        let s = extract_scalars("Marjorie Lim, 30 years old, from Negros. 5 years with same employer");
        assert_eq!(s.years_experience, Some(5.0));
        // An English span no age could be; a bare "29 years" after where she is from is her age.
        let s = extract_scalars("hi, i am Nur Aini, from Lombok, 29 years. i work two years here");
        assert_eq!((s.years_experience, s.age), (Some(2.0), Some(29)));
        // A sum of her years, opened by 算起来, far from the work it counts.
        let s = extract_scalars("我一直在医院做护工 给病人翻身 擦身子 算起来也有五年了");
        assert_eq!(s.years_experience, Some(5.0));
        assert_eq!(extract_scalars("给老人喂饭 加起来快六年了").years_experience, Some(6.0));
        // 周岁 is years of age, not "a week"; 今年整, "I turned".
        assert_eq!(extract_scalars("今年五十一周岁").age, Some(51));
        assert_eq!(extract_scalars("俺今年整五十").age, Some(50));
        assert_eq!(extract_scalars("I turned 60 last month").age, Some(60));
        assert_eq!(extract_scalars("I am 45, my employer turned 80 last year").age, Some(45));
        // Two neighbours are a range, the lower stands; 呆 is 待.
        for said in ["I been doing home care six, seven years", "home care six or seven years", "home care 6-7 years"] {
            assert_eq!(extract_scalars(said).years_experience, Some(6.0), "{said}");
        }
        assert_eq!(extract_scalars("我在这行呆了八年").years_experience, Some(8.0));
        assert_eq!(extract_scalars("8 years I clean houses").years_experience, Some(8.0));
    }

    #[test]
    fn a_name_after_a_greeting_with_a_full_stop_and_a_total_of_years() {
        let s = extract_scalars("hello. Rosalie Mendoza, from Bulacan, 60.");
        assert_eq!(s.name.as_deref(), Some("Rosalie Mendoza"));
        let s = extract_scalars("three years, no, four years. then two years with ama at home, so total six years.");
        assert_eq!(s.years_experience, Some(6.0));
    }
}
