//! Query understanding: a recruiter's words become needs.
//!
//! The same extractor that reads workers' answers reads the query, so "会照顾
//! 老年痴呆老人" means the same code on both sides. What a query says about pay
//! is a budget (a ceiling), not an expectation, and places are compared by
//! district in either script ("朝阳区" = "Chaoyang district").

use crate::extract::numbers::find_numbers;
use crate::extract::{Extractor, Profile, SummaryLanguage};

/// One requirement of the query.
#[derive(Debug, Clone, PartialEq)]
pub enum Need {
    /// A service, skill, certificate or language code.
    Code(String),
    LiveIn(bool),
    /// The most the family will pay a month, in yuan.
    MaxPay(u32),
    /// A district, canonical (Chinese, without 区).
    Area(String),
}

impl Need {
    /// How much meeting it counts. Services say what the job is; scalars
    /// are deal-breakers families state explicitly.
    pub fn weight(&self) -> f32 {
        match self {
            Need::Code(_) => 2.0,
            Need::LiveIn(_) | Need::MaxPay(_) | Need::Area(_) => 1.5,
        }
    }

    /// A stable name for the need in results ("elderly_care", "live_in", …).
    pub fn code(&self) -> String {
        match self {
            Need::Code(c) => c.clone(),
            Need::LiveIn(true) => "live_in".into(),
            Need::LiveIn(false) => "not_live_in".into(),
            Need::MaxPay(p) => format!("pay_at_most_{p}"),
            Need::Area(a) => format!("area:{a}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Query {
    pub text: String,
    pub needs: Vec<Need>,
    pub chinese: bool,
}

/// Reads `text` as a recruiter's query.
pub fn understand(text: &str, extractor: &Extractor) -> Query {
    let profile: Profile = extractor.extract_request(text).profile;
    let mut needs: Vec<Need> = Vec::new();
    let mut add = |n: Need| {
        if !needs.contains(&n) {
            needs.push(n);
        }
    };
    // Services first: they name the job; then skills, certificates, languages.
    for code in profile.codes() {
        add(Need::Code(code.to_string()));
    }
    for language in &profile.languages {
        add(Need::Code(language.clone()));
    }
    // "我爸八十多了", "my mother needs someone": a family describing an old
    // relative is asking for elderly care even without the words for it.
    let lower = text.to_lowercase();
    let cares_for_someone = profile.services.iter().any(|f| CARE_SERVICES.contains(&f.code.as_str()));
    if !cares_for_someone && OLD_RELATIVES.iter().any(|w| lower.contains(w)) {
        add(Need::Code("elderly_care".into()));
    }
    if let Some(live_in) = profile.live_in {
        add(Need::LiveIn(live_in));
    }
    if let Some(pay) = budget(text).or(profile.expected_salary_cny_month) {
        add(Need::MaxPay(pay));
    }
    if let Some(area) = profile.work_area.as_deref().and_then(canonical_area).or_else(|| find_area(text)) {
        add(Need::Area(area));
    }
    Query { text: text.to_string(), needs, chinese: SummaryLanguage::of(text) == SummaryLanguage::Zh }
}

/// Services that already say who is cared for.
const CARE_SERVICES: &[&str] =
    &["elderly_care", "patient_care", "infant_care", "maternity_care", "child_care", "pet_care"];

/// How families name an old relative in a query.
const OLD_RELATIVES: &[&str] = &[
    "我爸",
    "我妈",
    "老爸",
    "老妈",
    "父亲",
    "母亲",
    "老父亲",
    "老母亲",
    "爷爷",
    "奶奶",
    "姥姥",
    "姥爷",
    "外婆",
    "外公",
    "公公",
    "婆婆",
    "老爷子",
    "老太太",
    "my dad",
    "my father",
    "my mother",
    "my mom",
    "my mum",
    "my parents",
    "grandma",
    "grandpa",
    "grandmother",
    "grandfather",
    "my aunt",
    "my uncle",
];

/// The budget: the largest sum of money in the query ("八千以内" → 8000,
/// "7000-9000" → 9000, "under 9k" → 9000). Ages and years are too small to be
/// monthly pay, so they never count.
pub fn budget(text: &str) -> Option<u32> {
    find_numbers(text)
        .into_iter()
        .map(|m| {
            // A range's value is its lower bound; a budget is the upper one.
            let said = &text[m.span.clone()];
            let upper = said
                .rfind(['到', '至', '-', '~', '～'])
                .or_else(|| said.rfind(" to "))
                .and_then(|at| find_numbers(&said[at..]).last().map(|n| n.number.value));
            upper.filter(|_| m.number.is_range).unwrap_or(m.number.value).max(m.number.value)
        })
        .filter(|v| (1000.0..=100_000.0).contains(v))
        .map(|v| v as u32)
        .max()
}

/// Districts in Chinese and the pinyin people type for them.
const DISTRICTS: &[(&str, &str)] = &[
    ("朝阳", "chaoyang"),
    ("海淀", "haidian"),
    ("东城", "dongcheng"),
    ("西城", "xicheng"),
    ("丰台", "fengtai"),
    ("石景山", "shijingshan"),
    ("通州", "tongzhou"),
    ("顺义", "shunyi"),
    ("昌平", "changping"),
    ("大兴", "daxing"),
    ("房山", "fangshan"),
    ("门头沟", "mentougou"),
    ("怀柔", "huairou"),
    ("密云", "miyun"),
    ("延庆", "yanqing"),
    ("平谷", "pinggu"),
    ("望京", "wangjing"),
    ("亦庄", "yizhuang"),
    ("回龙观", "huilongguan"),
    ("天通苑", "tiantongyuan"),
    ("浦东", "pudong"),
    ("徐汇", "xuhui"),
    ("静安", "jingan"),
    ("黄浦", "huangpu"),
    ("长宁", "changning"),
    ("普陀", "putuo"),
    ("虹口", "hongkou"),
    ("杨浦", "yangpu"),
    ("闵行", "minhang"),
    ("宝山", "baoshan"),
    ("嘉定", "jiading"),
    ("松江", "songjiang"),
    ("青浦", "qingpu"),
    ("天河", "tianhe"),
    ("越秀", "yuexiu"),
    ("海珠", "haizhu"),
    ("荔湾", "liwan"),
    ("白云", "baiyun"),
    ("番禺", "panyu"),
    ("福田", "futian"),
    ("南山", "nanshan"),
    ("罗湖", "luohu"),
    ("宝安", "baoan"),
    ("龙岗", "longgang"),
    ("武侯", "wuhou"),
    ("锦江", "jinjiang"),
];

/// "朝阳区", "朝阳", "Chaoyang District", "chaoyang" → "朝阳"; other places
/// are kept as said, without 区/district.
pub fn canonical_area(area: &str) -> Option<String> {
    let lower = area.trim().to_lowercase().replace(['\'', '’'], "");
    let bare = lower.trim_end_matches("district").trim_end_matches('区').trim_end_matches("新区").trim();
    if bare.is_empty() {
        return None;
    }
    let known = DISTRICTS.iter().find(|(zh, en)| bare == *zh || bare == *en || bare.starts_with(zh));
    Some(known.map_or_else(|| bare.to_string(), |(zh, _)| zh.to_string()))
}

/// Bit `i` set when the `i`-th known district is named in `area` (in either
/// script): "静安跟闵行" names two.
pub fn district_mask(area: &str) -> u64 {
    let lower = area.to_lowercase().replace(['\'', '’'], "");
    DISTRICTS
        .iter()
        .enumerate()
        .filter(|(_, (zh, en))| lower.contains(zh) || lower.contains(en))
        .fold(0, |m, (i, _)| m | 1 << i)
}

/// A known district named anywhere in the text.
fn find_area(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    DISTRICTS
        .iter()
        .find(|(zh, en)| lower.contains(zh) || lower.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w == *en))
        .map(|(zh, _)| zh.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brief_example_becomes_six_needs() {
        let q = understand("找一个会照顾老年痴呆老人、会讲粤语的住家阿姨，朝阳区，八千以内", Extractor::embedded());
        for need in [
            Need::Code("elderly_care".into()),
            Need::Code("dementia_care".into()),
            Need::Code("cantonese".into()),
            Need::LiveIn(true),
            Need::MaxPay(8000),
            Need::Area("朝阳".into()),
        ] {
            assert!(q.needs.contains(&need), "{need:?} not in {:?}", q.needs);
        }
        assert!(q.chinese);
    }

    #[test]
    fn an_old_relative_means_elderly_care() {
        let q = understand("我爸八十多了一个人在家，想找个会说湖南话的阿姨住家", Extractor::embedded());
        assert!(q.needs.contains(&Need::Code("elderly_care".into())), "{:?}", q.needs);
        let q = understand("育儿嫂 帮我妈带孙子", Extractor::embedded());
        assert!(!q.needs.contains(&Need::Code("elderly_care".into())), "{:?}", q.needs);
    }

    #[test]
    fn english_budgets_ranges_and_districts() {
        let q = understand("live-in nanny who can cook and drive, under 9000, Haidian district", Extractor::embedded());
        assert!(q.needs.contains(&Need::MaxPay(9000)), "{:?}", q.needs);
        assert!(q.needs.contains(&Need::Area("海淀".into())), "{:?}", q.needs);
        assert!(q.needs.contains(&Need::Code("driving".into())), "{:?}", q.needs);
        assert_eq!(budget("七千到九千都行"), Some(9000));
        assert_eq!(budget("五十岁以下 经验五年以上"), None);
        assert_eq!(canonical_area("Chaoyang District").as_deref(), Some("朝阳"));
        assert_eq!(canonical_area("朝阳区").as_deref(), Some("朝阳"));
    }

    /// "cook" is the plainest English for the job, as verb or noun; it used to
    /// be found only by chance, as a sound-alike of "I can cook," (a phrase
    /// the taxonomy listed instead of the word).
    #[test]
    fn english_cook_is_cooking_as_written() {
        let rules = Extractor::with_layers(Extractor::embedded().taxonomy.clone(), crate::extract::Layers::RULES);
        for text in ["live-in nanny who can cook, budget 7000", "need a cook", "nanny who cooks", "cook"] {
            let q = understand(text, &rules);
            assert!(q.needs.contains(&Need::Code("cooking".into())), "{text}: {:?}", q.needs);
        }
        let q = understand("live-in nanny who can cook, budget 7000", &rules);
        assert!(q.needs.contains(&Need::LiveIn(true)) && q.needs.contains(&Need::MaxPay(7000)), "{:?}", q.needs);
        // A whole word only.
        assert!(!understand("we have a rice cooker", &rules).needs.contains(&Need::Code("cooking".into())));
    }
}
