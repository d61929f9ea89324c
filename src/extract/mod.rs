//! Transcript → résumé profile, right by construction.
//!
//! A base language model this small invents skills and pay (measured: salary
//! 0/6, skills copied from the few-shot examples), so it does not decide what
//! goes in a profile. Instead every fact comes from a span of the transcript:
//! the [`matcher`] finds taxonomy phrases and their negations, [`scalars`]
//! reads names, places and numbers from their cue words, and the
//! [`summary`] is composed from the facts found. Evidence is always a
//! verbatim slice of the transcript; a fact nobody said cannot appear.

pub mod eval;
pub mod judge;
pub mod matcher;
pub mod numbers;
mod places;
pub mod profile;
pub mod scalars;
pub mod similar;
pub mod sounds;
pub mod summary;
pub mod taxonomy;
pub mod text;

use std::collections::BTreeSet;
use std::ops::Range;

pub use profile::{Fact, Profile};
use taxonomy::Kind;
pub use taxonomy::Taxonomy;

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error(transparent)]
    Taxonomy(#[from] taxonomy::TaxonomyError),
    #[error("cannot read the transcript {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("the transcript is not UTF-8 text")]
    NotText,
    #[error("evaluation set: {0}")]
    EvalSet(String),
    /// The embedder behind the (evaluation-only) similarity layer failed.
    #[error(transparent)]
    Embed(#[from] crate::embed::EmbedError),
    /// The language model behind the (evaluation-only) judge failed.
    #[error(transparent)]
    Lm(#[from] crate::lm::LmError),
}

impl ExtractError {
    pub fn fault(&self) -> crate::fault::Fault {
        match self {
            ExtractError::Read { .. } | ExtractError::NotText => crate::fault::Fault::User,
            _ => crate::fault::Fault::Internal,
        }
    }
}

/// The longest evidence quoted for one fact, in characters.
const MAX_EVIDENCE_CHARS: usize = 24;

/// What extraction found, including what the worker said they do *not* do
/// (kept out of the profile, but needed to merge answers and to evaluate).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub profile: Profile,
    pub negated: BTreeSet<String>,
}

/// Whether the interview is held in Chinese; decides the summary's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryLanguage {
    Zh,
    En,
}

impl SummaryLanguage {
    /// Chinese when the text has any Chinese characters.
    pub fn of(text: &str) -> SummaryLanguage {
        if text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            SummaryLanguage::Zh
        } else {
            SummaryLanguage::En
        }
    }
}

/// Which recall layers run on top of the exact taxonomy rules. Each can
/// only add phrases the transcript contains (as written or as heard), so
/// none can invent a fact; `ayi eval extract --layers` measures each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layers {
    /// Pinyin-tolerant matching of misheard phrases ([`sounds`]).
    pub sounds: bool,
}

impl Layers {
    /// Exact phrases only.
    pub const RULES: Layers = Layers { sounds: false };
    /// What the service runs: the layers the evaluation supports.
    pub const ADOPTED: Layers = Layers { sounds: true };
}

/// The taxonomy and its matcher, built once and used for every transcript.
pub struct Extractor {
    pub taxonomy: Taxonomy,
    matcher: matcher::Matcher,
    layers: Layers,
}

impl Extractor {
    pub fn new(taxonomy: Taxonomy) -> Extractor {
        Extractor::with_layers(taxonomy, Layers::ADOPTED)
    }

    pub fn with_layers(taxonomy: Taxonomy, layers: Layers) -> Extractor {
        let mut matcher = matcher::Matcher::new(&taxonomy);
        if layers.sounds {
            matcher = matcher.with_sounds(&taxonomy);
        }
        Extractor { taxonomy, matcher, layers }
    }

    /// The one built from the compiled-in taxonomy.
    pub fn embedded() -> &'static Extractor {
        static EMBEDDED: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
        EMBEDDED.get_or_init(|| Extractor::new(Taxonomy::embedded().clone()))
    }

    pub fn extract(&self, transcript: &str) -> Extraction {
        extract_profile(self, transcript)
    }

    /// [`Extractor::extract`], plus the codes the embedding layer proposes for
    /// clauses the rules found nothing in (see [`similar`]).
    /// With a `judge`, a proposal is kept only when the language model says
    /// the clause claims it (see [`judge`]).
    pub fn extract_with_similar(
        &self,
        transcript: &str,
        layer: &similar::SimilarityLayer,
        embedder: &mut dyn crate::embed::Embedder,
        mut judge: Option<&mut judge::Judge>,
    ) -> Result<Extraction, ExtractError> {
        let mut extraction = self.extract(transcript);
        let covered: Vec<Range<usize>> = self.matcher.find(transcript).into_iter().map(|m| m.clause).collect();
        for proposal in layer.propose(transcript, &covered, embedder)? {
            let code = &self.taxonomy.codes[proposal.code_index];
            let p = &mut extraction.profile;
            // Languages are not proposed: a clause "like" a dialect is not speaking it.
            if code.kind == Kind::Language
                || p.codes().any(|c| c == code.code)
                || extraction.negated.contains(&code.code)
            {
                continue;
            }
            if let Some(judge) = judge.as_deref_mut() {
                let clause = &transcript[proposal.clause.clone()];
                let score = judge.score(clause, code)?;
                tracing::debug!(target: "ayi::judge", code = %code.code, score, similarity = proposal.similarity, clause);
                if score <= judge.margin {
                    continue;
                }
            }
            let said = evidence(transcript, &proposal.clause, &proposal.clause).to_string();
            add_fact(p, code.kind, Fact { code: code.code.clone(), evidence: said });
        }
        Ok(extraction)
    }

    /// What a recruiter asks for, read with the same taxonomy (see [`matcher::Speaker`]).
    pub fn extract_request(&self, request: &str) -> Extraction {
        let mut extraction = facts(&self.taxonomy, &self.matcher, request, matcher::Speaker::Recruiter);
        scalars::fill_scalars(request, &mut extraction.profile);
        extraction
    }
}

/// Cue words of the scalar rules that Whisper mishears ("住加", "注家").
const SCALAR_CUES: &[&str] = &["住家", "白班", "工资", "月薪", "钟头", "小时", "今年"];

pub fn extract_profile(extractor: &Extractor, transcript: &str) -> Extraction {
    let taxonomy = &extractor.taxonomy;
    let spoken = text::as_mandarin(transcript);
    let mut extraction = facts(taxonomy, &extractor.matcher, &spoken, matcher::Speaker::Worker);
    let p = &mut extraction.profile;
    if let std::borrow::Cow::Owned(spoken) = &spoken {
        quote_the_worker(transcript, spoken, p);
    }
    // Ages and names said in Traditional characters ("五十二歲") are read in
    // Simplified; the facts' phrases keep the script they are listed in.
    let simplified = text::in_simplified(&spoken);
    let for_scalars = simplified.as_deref().unwrap_or(&spoken);
    if extractor.layers.sounds {
        scalars::fill_scalars(&sounds::respell(for_scalars, SCALAR_CUES), p);
    } else {
        scalars::fill_scalars(for_scalars, p);
    }
    // Her name as she said it: 吉秀蓮 stays hers.
    if let Some(name) = p.name.as_mut() {
        quote_as_said(transcript, for_scalars, name);
    }
    // Only looked for when the arrangement is neither found nor denied.
    let hourly = "hourly";
    if !p.codes().any(|c| c == hourly) && !extraction.negated.contains(hourly) {
        if let Some(rate) = hourly_rate(transcript) {
            add_fact(p, Kind::Service, Fact { code: hourly.to_string(), evidence: transcript[rate].to_string() });
        }
    }
    p.summary = summary::compose(taxonomy, p, SummaryLanguage::of(transcript));
    extraction
}

/// Units of a rate by the hour, as said before or after its amount.
const PER_HOUR_ZH: &[&str] = &["一个钟头", "一个小时", "一个钟", "一小时", "每小时", "一钟头"];
const PER_HOUR_EN: &[&str] = &["per hour", "an hour", "one hour", "per our", "a hour", "hourly"];

/// "一个钟头三十五", "四十块一个小时", "40 dirhams per hour": a wage by the
/// hour is the hourly arrangement (钟点工) even when she never says the
/// word. Returns the rate's words: the unit and its amount.
fn hourly_rate(text: &str) -> Option<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    numbers::find_numbers(text).into_iter().find_map(|n| {
        // An hourly wage, not a count of hours or a monthly figure.
        if !(10.0..=300.0).contains(&n.number.value) {
            return None;
        }
        let before = lower[..n.span.start].trim_end_matches([' ', '是', ',', '，']);
        let unit_before = PER_HOUR_ZH.iter().chain(PER_HOUR_EN).find(|u| before.ends_with(*u));
        if let Some(unit) = unit_before {
            return Some(before.len() - unit.len()..n.span.end);
        }
        let after = &lower[n.span.end..];
        let money = after.trim_start_matches([' ', '块', '元', '钱']);
        let money = ["dirhams ", "dirham ", "kuai ", "yuan ", "rmb ", "ringgit ", "dollars ", "dollar "]
            .iter()
            .find_map(|w| money.strip_prefix(w))
            .unwrap_or(money);
        let unit_after = PER_HOUR_ZH.iter().chain(PER_HOUR_EN).find(|u| money.starts_with(*u))?;
        Some(n.span.start..n.span.end + (after.len() - money.len()) + unit_after.len())
    })
}

/// "Before I also looked after two kids, took them to school bus and helped
/// homework, but now I don't want children job": an English service she
/// says she no longer wants takes back, before it, every skill that is part
/// of it (the taxonomy's implications), not only the service named again.
fn give_up_skills_with_their_service(taxonomy: &Taxonomy, transcript: &str, mentions: &mut [matcher::Mention]) {
    const NO_LONGER_WANTED: &[&str] =
        &["don't want", "dont want", "do not want", "anymore", "any more", "no more", "no longer"];
    let given_up: Vec<(usize, usize)> = mentions
        .iter()
        .filter(|m| m.negated && taxonomy.codes[m.code_index].kind == Kind::Service)
        .filter(|m| {
            let clause = transcript[m.clause.clone()].to_ascii_lowercase();
            clause.is_ascii() && NO_LONGER_WANTED.iter().any(|w| clause.contains(w))
        })
        .map(|m| (m.code_index, m.span.start))
        .collect();
    for (service, said_at) in given_up {
        let name = &taxonomy.codes[service].code;
        let part_of_it =
            |code: usize| code == service || taxonomy.codes[code].implies.iter().any(|implied| &implied.code == name);
        for m in mentions.iter_mut().filter(|m| m.span.start < said_at && part_of_it(m.code_index)) {
            m.negated = true;
        }
    }
}

/// Each fact's evidence, found in `spoken` (the transcript with same-length
/// respellings), quoted again from the transcript itself at the same bytes.
fn quote_the_worker(transcript: &str, spoken: &str, profile: &mut Profile) {
    for fact in profile.services.iter_mut().chain(&mut profile.skills).chain(&mut profile.certificates) {
        quote_as_said(transcript, spoken, &mut fact.evidence);
    }
}

/// `said`, found in `read` (the transcript respelled at the same byte
/// lengths), replaced by the transcript's own words at those bytes.
fn quote_as_said(transcript: &str, read: &str, said: &mut String) {
    if let Some(at) = read.find(said.as_str()) {
        *said = transcript[at..at + said.len()].to_string();
    }
}

/// Whether a clause has the worker as its subject: "我", not "我老公",
/// "我们家"; "I", not "my employer".
fn says_i(clause: &str) -> bool {
    const NOT_HER: &[&str] =
        &["们", "家", "老公", "爱人", "丈夫", "男人", "对象", "女儿", "儿子", "闺女", "雇主", "老板"];
    clause.match_indices(['我', '俺']).any(|(at, me)| !NOT_HER.iter().any(|w| clause[at + me.len()..].starts_with(w)))
        || matcher::ascii_words(clause)
            .any(|w| ["i", "i'm", "im", "i've", "i'd"].contains(&w.to_ascii_lowercase().as_str()))
}

/// What was last said about one code.
struct CodeState {
    code_index: usize,
    positive: bool,
    span: Range<usize>,
    clause: Range<usize>,
}

/// The last thing said about a code wins ("会开车 不对 我不会开车"); a
/// positive mention keeps its first evidence.
fn record(states: &mut Vec<CodeState>, new: CodeState) {
    match states.iter_mut().find(|s| s.code_index == new.code_index) {
        Some(old) if old.positive && new.positive => {}
        Some(old) => *old = new,
        None => states.push(new),
    }
}

/// "换尿不湿" is said of babies and of bedridden adults alike: in an answer
/// about babies and not about old or sick people, it is a baby's diaper.
const ABOUT_BABIES: &[&str] = &[
    "宝宝",
    "婴儿",
    "育儿",
    "月嫂",
    "新生儿",
    "奶粉",
    "哄睡",
    "辅食",
    "baby",
    "babies",
    "newborn",
    "toddler",
    "one year old",
    "two year old",
    "months old",
    "一岁多",
    "几个月大",
];
const ABOUT_ADULTS: &[&str] = &[
    "老人",
    "老太",
    "老爷",
    "病人",
    "瘫",
    "老年",
    "失禁",
    "护工",
    "成人",
    "老头",
    "爷爷",
    "奶奶",
    "阿婆",
    "阿公",
    "患者",
    "中风",
    "卧床",
    "养老",
    "elderly",
    "old people",
    "old lady",
    "old man",
    "grandma",
    "grandpa",
    "adult",
    "patient",
    "elder",
    "senior",
    "stroke",
    "bedridden",
    "agong",
    "savta",
    // Regional and formal words for old people.
    "长者",
    "大爷",
    "大娘",
    "老汉",
    "娭毑",
    "嗲嗲",
    "阿嬷",
    "阿嫲",
    "阿伯",
    "老伯",
    "伯伯",
    "服务对象",
    // Care homes' and home carers' words for the people they care for
    // ("resident" holds "residents").
    "resident",
    "service user",
    "client",
    "care recipient",
    "care home",
    "nursing home",
    "kaigo",
    "aged care",
    "group home",
    "care facility",
    "院舍",
];
/// Short words for old people that other words hold ("ama" in "drama" or
/// Dubai's Karama): whole words only. Taiwan's 阿嬤, Israel's grandpa.
const ABOUT_ADULTS_WORDS: &[&str] = &["ama", "saba", "ward"];

/// "带孩子" is said of babies and of school children alike: in an answer
/// about school children and not about babies, it is child care.
const ABOUT_SCHOOL: &[&str] =
    &["上学", "放学", "小学", "年级", "作业", "幼儿园", "功课", "school", "homework", "grade"];
const ANY_CHILD: &[&str] = &["孩子", "小孩", "娃", "kid", "child", "nanny"];

/// Whom an answer is about, read once from its lower-cased text: the rules
/// that give one phrase different codes for different people all ask it.
#[derive(Debug, Clone, Copy)]
struct About {
    adults: bool,
    /// Someone else is said to be over sixty-five ([`names_someone_old_by_age`]).
    old_by_age: bool,
    babies: bool,
    school: bool,
    pets: bool,
}

impl About {
    fn of(lower: &str) -> About {
        let any = |words: &[&str]| words.iter().any(|w| lower.contains(w));
        let pets = PETS.iter().any(|w| names(lower, w));
        let old_by_age = names_someone_old_by_age(lower);
        let adults = any(ABOUT_ADULTS)
            || ABOUT_ADULTS_WORDS.iter().any(|w| names(lower, w))
            || names_an_old_one(lower)
            || old_by_age;
        About { adults, old_by_age, babies: any(ABOUT_BABIES), school: any(ABOUT_SCHOOL), pets }
    }
    fn babies_only(self) -> bool {
        self.babies && !self.adults
    }
    fn adults_only(self) -> bool {
        self.adults && !self.babies
    }
    fn school_children_only(self) -> bool {
        self.school && !self.babies
    }
    fn pets_only(self) -> bool {
        self.pets && !self.adults && !self.babies
    }
}

/// "one old Arabic lady", "the old sheikh", "old Arab baba": "old" and,
/// a word or two on, a person.
fn names_an_old_one(lower: &str) -> bool {
    const PEOPLE: &[&str] = &[
        "lady",
        "man",
        "woman",
        "sheikh",
        "baba",
        "madam",
        "sir",
        "couple",
        "person",
        "uncle",
        "auntie",
        "aunty",
        "mother",
        "father",
        "gentleman",
        "folks",
        "patient",
    ];
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()).collect();
    words.iter().enumerate().any(|(i, w)| *w == "old" && words[i + 1..].iter().take(3).any(|n| PEOPLE.contains(n)))
}

/// Whether `text` says `word`: an English word whole, or with its plural
/// ("dogs"), not inside another ("car" in "care", "cat" in "location");
/// Chinese as it stands.
fn names(text: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return text.contains(word);
    }
    text.match_indices(word).any(|(at, _)| {
        let end = at + word.len();
        let plural = ["es", "s"].iter().find(|p| text[end..].starts_with(**p)).map_or(0, |p| p.len());
        matcher::at_word_boundaries(text, &(at..end + plural))
    })
}

/// A pet in the clause makes a care word ("给狗子洗澡") the pet's; so does
/// a dog named by its breed ("one poodle also, I bathe him").
const PETS: &[&str] = &[
    "狗",
    "猫",
    "宠物",
    "金毛",
    "泰迪",
    "柯基",
    "哈士奇",
    "拉布拉多",
    "比熊",
    "柴犬",
    "边牧",
    "博美",
    "萨摩",
    "雪纳瑞",
    "dog",
    "cat",
    "pet",
    "puppy",
    "puppies",
    "poodle",
    "retriever",
    "labrador",
    "husky",
    "corgi",
    "shih tzu",
    "chihuahua",
    "beagle",
    "pomeranian",
    "terrier",
    "bulldog",
    "schnauzer",
    "dachshund",
];
/// A thing in the clause makes it something else: housework ("擦洗厨房",
/// "clean the shower") or tube feeding ("feeding by tube through the nose").
const HOUSE_THINGS: &[&str] = &[
    "tube",
    "nose",
    "gastric",
    "胃管",
    "鼻饲",
    "地板",
    "拖地",
    "厨房",
    "窗",
    "玻璃",
    "卫生间",
    "马桶",
    "灶",
    "油烟机",
    "桌",
    "家具",
    "车",
    "碗",
    "floor",
    "kitchen",
    "window",
    "bathroom",
    "car",
    "dishes",
    "clean the shower",
    "clean the bath",
    "bathtub",
];

/// What "clean" is said of when it is not housework: "clean the belly
/// button", "clean the umbilical cord", "clean litter box"; a sore or a
/// bottom cleaned and then dressed or changed ("the bed sore i clean and
/// dress", "clean and change adult diaper", not "clean and change the
/// sheets"); the cat's box; Whisper's
/// "umbrella cord"; and a driver's "clean record".
const NOT_HOUSEWORK: &[&str] = &[
    "cord",
    "belly",
    "button",
    "umbilical",
    "navel",
    "litter",
    "wound",
    "teeth",
    "ears",
    "nose",
    "bottle",
    "poop",
    "box",
    "cage",
    "record",
    "diaper",
    "diapers",
    "bottom",
    "sore",
    "sores",
    "bedsore",
    "umbrella",
    "dentures",
    "dress",
    "cream",
];

/// Whether `text` ends with `suffix`, ignoring ASCII letter case, without
/// lower-casing all of `text`.
fn ends_with_ignoring_case(text: &str, suffix: &str) -> bool {
    text.get(text.len().saturating_sub(suffix.len())..).is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
}

/// The words of `text`, split at anything not a letter or a digit.
fn words(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

fn drop_cleaning_of_people_and_pets(taxonomy: &Taxonomy, transcript: &str, mentions: &mut Vec<matcher::Mention>) {
    let Some(cleaning) = taxonomy.index_of("cleaning") else { return };
    mentions.retain(|m| {
        let said = transcript[m.span.clone()].to_lowercase();
        if m.code_index != cleaning || !["clean", "cleaned", "cleans", "cleaning"].contains(&said.as_str()) {
            return true;
        }
        let one_of = |w: &str, of: &[&str]| of.iter().any(|n| n.eq_ignore_ascii_case(w));
        let after: Vec<&str> = words(&transcript[m.span.end..]).take(5).collect();
        // "clean and change adult diaper" (not "clean and change the bed sheets").
        if after.first().is_some_and(|w| w.eq_ignore_ascii_case("and"))
            && after.iter().any(|w| one_of(w, &["diaper", "diapers", "pad", "pads", "nappy", "nappies"]))
        {
            return false;
        }
        // The thing cleaned, after it or right before it ("the umbrella cord cleaning").
        let next = &after[..after.len().min(3)];
        let before = words(&transcript[..m.span.start]).next_back();
        // "clean the um billy cord": a word Whisper broke after its article
        // (not "housekeeper, um, cleaning", a filler).
        let broken_word =
            matches!(next, [the, um, ..] if the.eq_ignore_ascii_case("the") && um.eq_ignore_ascii_case("um"));
        !broken_word && !next.iter().copied().chain(before).any(|w| one_of(w, NOT_HOUSEWORK))
    });
}

/// "I cook confinement food", "做辅食": cooking for the mother or the baby
/// is that job's skill, not the cook's service, as every labelled set's
/// authors read it (36 of 39 and 45 of 50 cases). A cooking word in the
/// clause of such a meal is dropped; cooking said elsewhere still counts.
fn drop_cooking_of_meals_for_mother_and_baby(taxonomy: &Taxonomy, mentions: &mut Vec<matcher::Mention>) {
    let (Some(cooking), Some(confinement), Some(baby_food)) =
        (taxonomy.index_of("cooking"), taxonomy.index_of("confinement_meals"), taxonomy.index_of("baby_food"))
    else {
        return;
    };
    let meal_clauses: Vec<Range<usize>> = mentions
        .iter()
        .filter(|m| (m.code_index == confinement || m.code_index == baby_food) && !m.negated)
        .map(|m| m.clause.clone())
        .collect();
    // "月子餐煲汤我最拿手": the soup is the mother's, not a Cantonese cook's.
    let cantonese = taxonomy.index_of("cantonese_cuisine");
    // "宝妈的饭 一天三顿正餐三顿加餐": the count of her meals said right after.
    let meal_count_after = |m: &matcher::Mention| {
        meal_clauses.iter().any(|c| c.end <= m.clause.start && m.clause.start <= c.end + 1) && m.code_index == cooking
    };
    mentions.retain(|m| {
        ((m.code_index != cooking && Some(m.code_index) != cantonese) || !meal_clauses.contains(&m.clause))
            && !meal_count_after(m)
    });
}

/// "老人有糖尿病 我给做糖尿病餐 少油少盐": little oil and salt said with a
/// diabetic meal describe that meal, not a second diet for the old (every
/// author labels it so). Said alone, "少油少盐" is still the diet for the old.
fn drop_low_salt_of_diabetic_meals(
    taxonomy: &Taxonomy,
    transcript: &str,
    clauses: &[Range<usize>],
    mentions: &mut Vec<matcher::Mention>,
) {
    let (Some(diabetic), Some(elderly_diet)) = (taxonomy.index_of("diabetic_diet"), taxonomy.index_of("elderly_diet"))
    else {
        return;
    };
    const LITTLE_OF: &[&str] =
        &["少油", "少盐", "少放油", "少放盐", "低盐", "低脂", "low salt", "less oil", "less salt", "low fat"];
    let index_of =
        |r: &Range<usize>| clauses.iter().position(|c| c.start <= r.start && r.start < c.end.max(c.start + 1));
    let diabetic_at: Vec<usize> =
        mentions.iter().filter(|m| m.code_index == diabetic && !m.negated).filter_map(|m| index_of(&m.span)).collect();
    mentions.retain(|m| {
        let said = transcript[m.span.clone()].to_lowercase();
        if m.code_index != elderly_diet || !LITTLE_OF.iter().any(|w| said.contains(w)) {
            return true;
        }
        let Some(at) = index_of(&m.span) else { return true };
        !diabetic_at.iter().any(|&d| d <= at && at <= d + 2)
    });
}

/// "新生儿到两岁", "take care baby from newborn": the start of the ages she
/// has cared for, said by an infant nanny, is not maternity work.
fn drop_newborn_as_an_age(taxonomy: &Taxonomy, transcript: &str, mentions: &mut Vec<matcher::Mention>) {
    let Some(maternity) = taxonomy.index_of("maternity_care") else { return };
    mentions.retain(|m| {
        let said = transcript[m.span.clone()].to_lowercase();
        if m.code_index != maternity || !["新生儿", "newborn", "newborns"].contains(&said.as_str()) {
            return true;
        }
        let after = transcript[m.span.end..].trim_start();
        let before = transcript[..m.span.start].trim_end();
        let range = ["到", "至", "to ", "until "].iter().any(|w| after.starts_with(w))
            || before.ends_with('从')
            || ends_with_ignoring_case(before, "from")
            || ends_with_ignoring_case(before, "since");
        !range
    });
}

/// "我是男护工啊 专门伺候老爷子", "退休了出来做护工 专门照顾男老人": a 护工
/// for old people, with no hospital or patient in the answer, does elderly
/// care (as every author labels it).
fn carers_of_old_people(taxonomy: &Taxonomy, transcript: &str, lower: &str, mentions: &mut [matcher::Mention]) {
    let (Some(patient), Some(elderly)) = (taxonomy.index_of("patient_care"), taxonomy.index_of("elderly_care")) else {
        return;
    };
    const OLD: &[&str] = &["老人", "老爷子", "老太太", "老头", "老太", "老奶奶", "老爷爷"];
    const SICK: &[&str] = &["医院", "病人", "住院", "患者", "术后", "病房", "patient", "hospital"];
    if !OLD.iter().any(|w| lower.contains(w)) || SICK.iter().any(|w| lower.contains(w)) {
        return;
    }
    for m in mentions.iter_mut().filter(|m| m.code_index == patient && transcript[m.span.clone()].contains("护工")) {
        m.code_index = elderly;
    }
}

/// The words that say a code's care is of an old person: those with which
/// it implies elderly care ("翻身" of a 老爷子, "patient care" of a grandma).
fn words_for_the_old(taxonomy: &Taxonomy, code_index: usize) -> impl Iterator<Item = &String> {
    taxonomy.codes[code_index].implies.iter().filter(|i| i.code == "elderly_care").flat_map(|i| &i.when_clause_has)
}

/// "老爷子帕金森 走路得扶着", "一个老爷爷骨折", "old man with Parkinson",
/// "照顾过两个老人 一个是帕金森": an illness of old age said of an old person
/// (in its clause or just before) makes her care elderly care, not
/// a patient's (as the authors label it); the words for an old person are
/// those with which patient care implies elderly care.
fn illnesses_of_old_people(taxonomy: &Taxonomy, transcript: &str, mentions: &mut [matcher::Mention]) {
    let (Some(patient), Some(elderly)) = (taxonomy.index_of("patient_care"), taxonomy.index_of("elderly_care")) else {
        return;
    };
    const OF_OLD_AGE: &[&str] = &["帕金森", "parkinson", "parkin son", "parking son", "骨折", "fracture"];
    let old_words: Vec<String> = words_for_the_old(taxonomy, patient).map(|w| w.to_lowercase()).collect();
    for m in mentions.iter_mut().filter(|m| m.code_index == patient) {
        let said = transcript[m.span.clone()].to_lowercase();
        if OF_OLD_AGE.iter().any(|w| said.starts_with(w)) {
            let clause = transcript[context_before(transcript, &m.clause)].to_lowercase();
            if old_words.iter().any(|w| clause.contains(w.as_str())) {
                m.code_index = elderly;
            }
        }
    }
}

/// "辅导作业 一二年级的作业行 再大了 数学我就辅导不了了": a denial past a
/// limit ("再大", older children) bounds work she has just claimed; it
/// does not take it back.
fn limits_are_not_denials(transcript: &str, mentions: &mut Vec<matcher::Mention>) {
    const BEYOND: &[&str] = &["再大", "再高", "大了就", "高年级", "大一点的就", "更大的"];
    let claimed: Vec<(usize, usize)> =
        mentions.iter().filter(|m| !m.negated).map(|m| (m.code_index, m.span.start)).collect();
    mentions.retain(|m| {
        if !m.negated || !claimed.iter().any(|&(code, at)| code == m.code_index && at < m.span.start) {
            return true;
        }
        // The limit said in the denial's clause or the few characters before it.
        let from = transcript[..m.clause.start].char_indices().rev().nth(8).map_or(0, |(i, _)| i);
        !BEYOND.iter().any(|w| transcript[from..m.clause.end].contains(w))
    });
}

/// "Driver is doing the shopping, not me", "the sir is the one driving them",
/// "在饭店洗碗": the family's driver is someone else, and dishes washed in a
/// restaurant are that job, not housework.
fn drop_other_peoples_jobs(transcript: &str, mentions: &mut Vec<matcher::Mention>) {
    // Said of herself: "i am the driver", "as the driver", "I am driver".
    const HERS: &[&str] = &["am the", "i'm the", "im the", "as the", "me the", "am", "i'm", "im", "as"];
    // "the driver", or "Driver is doing the shopping": the driver as someone doing something.
    const DOES: &[&str] = &["is ", "does ", "will ", "drives ", "takes "];
    const RESTAURANTS: &[&str] = &["饭店", "餐馆", "饭馆", "酒店", "食堂", "餐厅", "酒楼", "restaurant"];
    mentions.retain(|m| {
        let said = transcript[m.span.clone()].to_ascii_lowercase();
        // Only a driver's mention reads the words around it.
        let the_driver = ["driver", "drivers", "driving"].contains(&said.as_str()) && {
            let before = transcript[..m.span.start].to_ascii_lowercase();
            let before = before.trim_end();
            let after = transcript[m.span.end..].to_ascii_lowercase();
            let someone = before.ends_with(" the")
                || before.ends_with(" the one")
                || before == "the"
                || (said == "driver" && DOES.iter().any(|w| after.trim_start().starts_with(w)));
            someone && !HERS.iter().any(|h| before.ends_with(h))
        };
        let clause = &transcript[m.clause.clone()];
        let restaurant_dishes = said.contains("洗碗") && RESTAURANTS.iter().any(|r| clause.contains(r));
        !the_driver && !restaurant_dishes
    });
}

/// "可以开车接送病人", "接送老人去医院", "I can drive to pick them up": taking
/// adults somewhere is not the school run. A pickup that names no child is
/// dropped where its clause names a patient or an old person, or where the
/// answer names no child at all.
fn drop_pickups_of_adults(
    taxonomy: &Taxonomy,
    transcript: &str,
    lower: &str,
    about: About,
    mentions: &mut Vec<matcher::Mention>,
) {
    let Some(pickup) = taxonomy.index_of("school_pickup") else { return };
    const ADULTS: &[&str] =
        &["病人", "老人", "patient", "old people", "grandma", "grandpa", "elderly", "医院", "hospital"];
    // With Cantonese 细路/返学 and a kindergarten.
    const CHILDREN: &[&str] = &["细路", "细佬", "小朋友", "学生", "返学", "kindergarten", "twins", "学校"];
    let of_children = |s: &str| ANY_CHILD.iter().chain(ABOUT_SCHOOL).chain(CHILDREN).any(|w| s.contains(w));
    let child_in_answer = about.babies || about.school || of_children(lower);
    mentions.retain(|m| {
        if m.code_index != pickup {
            return true;
        }
        let clause = transcript[m.clause.clone()].to_lowercase();
        of_children(&clause) || (child_in_answer && !ADULTS.iter().any(|w| clause.contains(w)))
    });
}

/// "月嫂证也有 就是那个母婴护理的", "母婴护理那个证": what a certificate is
/// called, said to explain it, is not a claim of the service.
fn drop_services_naming_a_certificate(
    taxonomy: &Taxonomy,
    transcript: &str,
    clauses: &[Range<usize>],
    mentions: &mut Vec<matcher::Mention>,
) {
    let certificate_in = |clause: &Range<usize>, mentions: &[matcher::Mention]| {
        mentions
            .iter()
            .any(|m| m.clause == *clause && taxonomy.codes[m.code_index].kind == Kind::Certificate && !m.negated)
    };
    let glosses: Vec<Range<usize>> = clauses
        .iter()
        .enumerate()
        .filter(|(i, clause)| {
            let said = transcript[(*clause).clone()].trim();
            let gloss = said.starts_with("就是") && (said.ends_with('的') || said.ends_with("那个"));
            let before = i.checked_sub(1).map(|j| &clauses[j]);
            (gloss && before.is_some_and(|b| certificate_in(b, mentions)))
                || ((said.ends_with("那个证") || said.ends_with("的证")) && certificate_in(clause, mentions))
        })
        .map(|(_, clause)| clause.clone())
        .collect();
    mentions.retain(|m| taxonomy.codes[m.code_index].kind != Kind::Service || !glosses.contains(&m.clause));
}

/// "有证 养老护理员 中级", "证呢 母婴护理师 催乳师都有", "月嫂证 健康证 还有育婴师":
/// a job's title said as what her paper is (after "有证" or "证我有", or in a
/// list of papers) is that paper, where the taxonomy knows the title with 证
/// after it as a certificate.
fn titles_said_as_papers(taxonomy: &Taxonomy, transcript: &str, mentions: &mut [matcher::Mention]) {
    const PAPERS_TOPIC: &[&str] = &["有证", "证我有", "证有", "证呢", "证书", "证的话", "证都有", "证也有"];
    const BETWEEN: &[&str] = &["", "还有", "也有", "我有", "有", "和", "跟"];
    if !transcript.contains('证') {
        return;
    }
    let paper_titled = |title: &str| {
        let with_paper = format!("{title}证");
        taxonomy
            .phrases
            .iter()
            .find(|p| p.text == with_paper && taxonomy.codes[p.code_index].kind == Kind::Certificate)
            .map(|p| p.code_index)
    };
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&i| mentions[i].span.start);
    // Where the last topic word or paper ended.
    let mut after_paper: Option<usize> = None;
    for i in order {
        let m = &mentions[i];
        let before = &transcript[..m.span.start];
        // "我没有证 养老护理员那个证 一直想考": no paper to name.
        let denied = |at: usize| ["没", "无", "不"].iter().any(|w| before[..at].ends_with(w));
        let topic_end = PAPERS_TOPIC
            .iter()
            .filter_map(|w| before.rfind(w).filter(|&at| !denied(at)).map(|at| at + w.len()))
            .max()
            .filter(|&end| end > after_paper.unwrap_or(0));
        let from = topic_end.or(after_paper);
        let close = from.is_some_and(|from| {
            from <= m.span.start && BETWEEN.contains(&transcript[from..m.span.start].replace(' ', "").as_str())
        });
        if taxonomy.codes[m.code_index].kind == Kind::Certificate {
            after_paper = (!m.negated).then_some(m.span.end);
            continue;
        }
        // A title names a worker ("育婴师", "月嫂"); "通乳" after a paper is her skill.
        let title = &transcript[m.span.clone()];
        let is_title = ['员', '师', '嫂', '工', '士'].iter().any(|c| title.ends_with(*c));
        // The title ends what she says of it, or gives its level: "护工做了五年"
        // is her work, "还有育婴师 还没考下来" a paper she is still to get.
        let rest = &transcript[m.span.end..];
        const LEVEL_OR_LIST: &[&str] =
            &["中级", "初级", "高级", "四级", "三级", "五级", "都有", "也有", "和", "跟", "还有"];
        let said_alone = rest.is_empty()
            || rest.starts_with([' ', '，', '。', '、'])
            || LEVEL_OR_LIST.iter().any(|w| rest.starts_with(w));
        let said_after: String = rest.chars().take(8).collect();
        let not_held =
            ["没", "不", "未", "想", "要", "准备", "报", "过期", "在学", "学"].iter().any(|w| said_after.contains(w));
        let paper = (close && is_title && said_alone && !not_held).then(|| paper_titled(title)).flatten();
        match paper {
            Some(code) if !m.negated => {
                mentions[i].code_index = code;
                after_paper = Some(mentions[i].span.end);
            }
            _ => after_paper = None,
        }
    }
}

/// "help the homework, english and math": English taught is not English
/// spoken. In an English answer the word counts as a language she speaks
/// only where her sentence so far speaks of speaking it ("I speak
/// Mandarin, Hokkien, a little English").
fn drop_english_as_a_subject(taxonomy: &Taxonomy, transcript: &str, mentions: &mut Vec<matcher::Mention>) {
    let Some(english) = taxonomy.index_of("english") else { return };
    const SPEAKING: &[&str] =
        &["speak", "talk", "communicat", "fluent", "understand", "language", "good english", "know"];
    mentions.retain(|m| {
        if m.code_index != english || !transcript[m.span.clone()].eq_ignore_ascii_case("english") {
            return true;
        }
        let start = transcript[..m.clause.start].rfind(['.', '!', '?']).map_or(0, |i| i + 1);
        let sentence = transcript[start..m.clause.end].to_lowercase();
        !sentence.is_ascii() || SPEAKING.iter().any(|w| sentence.contains(w))
    });
}

/// "一岁多的 喂饭 哄睡": feeding in an answer about babies and no one else
/// is a baby's meals, not help with eating for the old or sick.
fn drop_feeding_of_babies(taxonomy: &Taxonomy, about: About, mentions: &mut Vec<matcher::Mention>) {
    let Some(feeding) = taxonomy.index_of("feeding_assist") else { return };
    if about.babies_only() {
        mentions.retain(|m| m.code_index != feeding);
    }
}

/// "产妇这块 帮她擦身子", "宝妈奶少 我给她催奶 按摩": in an answer about
/// no old or sick person, washing or massaging the mother is maternity work,
/// not an elder's bathing or rehabilitation.
fn drop_adult_care_of_the_mother(
    taxonomy: &Taxonomy,
    transcript: &str,
    about: About,
    mentions: &mut Vec<matcher::Mention>,
) {
    const MOTHER: &[&str] = &["产妇", "宝妈", "产后", "月子", "催奶", "催乳", "通乳"];
    if about.adults {
        return;
    }
    let adult_care: Vec<usize> =
        ["bathing_assist", "rehab_exercise"].iter().filter_map(|c| taxonomy.index_of(c)).collect();
    mentions.retain(|m| {
        !adult_care.contains(&m.code_index)
            || !MOTHER.iter().any(|w| transcript[context_before(transcript, &m.clause)].contains(w))
    });
}

/// Resolves each care word ([`taxonomy::CareWords`]) by whom the answer is
/// about. A recruiter's query seldom says that ("who can bathe"): there a
/// care word keeps its code unless a pet or babies say otherwise.
fn resolve_care_words(
    taxonomy: &Taxonomy,
    transcript: &str,
    about: About,
    speaker: matcher::Speaker,
    mentions: &mut Vec<matcher::Mention>,
) {
    let about_adults = about.adults || speaker == matcher::Speaker::Recruiter;
    mentions.retain_mut(|m| {
        let care_word = taxonomy.phrases[m.phrase_index].care_word;
        let Some(words) = taxonomy.codes[m.code_index].care_words.as_ref().filter(|_| care_word) else {
            return true;
        };
        // "massage after bath" says when, not that she bathes anyone.
        let before = &transcript[..m.span.start];
        if ["after ", "before ", "after the ", "before the "].into_iter().any(|w| ends_with_ignoring_case(before, w)) {
            return false;
        }
        let clause = transcript[m.clause.clone()].to_lowercase();
        // An answer about pets and no one else: "给狗洗澡 剪指甲".
        let other = if about.pets_only()
            || PETS.iter().any(|w| names(&clause, w))
            || (about.pets && a_pet_named_last(&before.to_lowercase()))
        {
            &words.of_pets
        } else if HOUSE_THINGS.iter().any(|w| names(&clause, w)) {
            return false;
        } else if about.babies_only() {
            &words.of_babies
        } else {
            return about_adults && !words.pets_only && !words.mothers_only;
        };
        match other.as_deref().and_then(|code| taxonomy.index_of(code)) {
            Some(code_index) => {
                m.code_index = code_index;
                true
            }
            None => false,
        }
    });
}

/// "The family have one poodle also, I walk him and bathe him": in English
/// the one a care word is said of may sit in an earlier clause. It is a pet
/// when, among the last words before it, a pet is named after any person.
fn a_pet_named_last(lower_before: &str) -> bool {
    const PEOPLE: &[&str] = &[
        "grandma", "grandpa", "granny", "lola", "lolo", "ama", "baby", "babies", "kid", "child", "children", "boy",
        "girl", "son", "daughter", "madam", "sir", "patient", "man", "lady", "woman", "uncle", "auntie", "aunty",
        "mother", "father", "mom", "elderly", "resident", "client", "twins", "toddler", "newborn", "employer",
    ];
    /// How far back a pronoun's one is looked for, in words.
    const WORDS_BACK: usize = 12;
    let last_words: Vec<&str> = words(lower_before).rev().take_while(|w| w.is_ascii()).take(WORDS_BACK).collect();
    let named =
        |list: &[&str]| last_words.iter().position(|w| list.iter().any(|n| *w == *n || w.strip_suffix('s') == Some(n)));
    match (named(PETS), named(PEOPLE)) {
        (Some(pet), Some(person)) => pet < person,
        (Some(_), None) => true,
        _ => false,
    }
}

/// "人家小孩爱吃蛋糕 我想学学": a food someone likes to eat is their taste,
/// not her cooking. So is a dish just said to be eaten ("我们那边吃面条多",
/// "北方人吃面食", "I like eating noodles"), with the dishes run on right
/// after it ("爱吃包子馒头").
fn drop_foods_someone_likes(taxonomy: &Taxonomy, transcript: &str, mentions: &mut Vec<matcher::Mention>) {
    const LIKES: &[&str] = &["爱吃", "喜欢吃", "想吃", "要吃", "好吃"];
    const EATEN: &[&str] = &["吃", "eat ", "eats ", "eating ", "ate "];
    // "吃了一碗拉面", "能吃两碗面条": how much was eaten may come between.
    let eaten_just_before = |before: &str| {
        let before = before.trim_end_matches(|c: char| "了过一两三几半碗盘个顿点些".contains(c));
        EATEN.iter().any(|w| {
            // An English word whole: "chocolate cake" is not eaten.
            ends_with_ignoring_case(before, w)
                && !before[..before.len() - w.len()].ends_with(|c: char| c.is_ascii_alphabetic())
        })
    };
    // "酿豆腐好吃", "油泼面美得很", "牛肉面你吃过吧": a dish praised or asked
    // about, when nothing in its clause says she makes it.
    const PRAISED: &[&str] = &["好吃", "好喝", "吃过", "美得很", "香得很", "香", "吃着", "喝着", "最好吃", "贼好吃"];
    const MAKING: &[char] = &['做', '会', '弄', '烧', '煮', '包', '蒸', '擀', '炒', '炖', '熬', '煲', '拿'];
    let praised_after = |m: &matcher::Mention| {
        let after = transcript[m.span.end..m.clause.end]
            .trim_start_matches(|c: char| "你我也都就那还真很特别老可是的 ".contains(c));
        PRAISED.iter().any(|w| after.starts_with(w)) && !transcript[m.clause.start..m.clause.end].contains(MAKING)
    };
    const RUN_ON: &[&str] = &["", "、", "和", "跟"];
    let dishes: Vec<usize> = [
        "cooking",
        "home_cooking",
        "wheaten_food",
        "sichuan_cuisine",
        "cantonese_cuisine",
        "western_cooking",
        "baking",
    ]
    .iter()
    .filter_map(|c| taxonomy.index_of(c))
    .collect();
    let mut last_eaten: Option<usize> = None;
    mentions.retain(|m| {
        let before = &transcript[m.clause.start..m.span.start];
        let liked = LIKES.iter().any(|w| before.ends_with(w));
        let dish = dishes.contains(&m.code_index);
        let eaten = dish
            && (eaten_just_before(before)
                || praised_after(m)
                || last_eaten
                    .is_some_and(|end| end <= m.span.start && RUN_ON.contains(&&transcript[end..m.span.start])));
        if liked || eaten {
            last_eaten = Some(m.span.end);
        }
        !(liked || eaten)
    });
}

/// "不住家 晚上要回去接娃儿", "我晚上要回家带仔": her own children, whom she
/// goes home to, are no work of hers.
fn drop_her_own_children_at_home(taxonomy: &Taxonomy, transcript: &str, mentions: &mut Vec<matcher::Mention>) {
    const GOING_HOME: &[&str] = &["回家", "回去", "返屋企", "返去", "go home", "go back home"];
    let of_children: Vec<usize> =
        ["infant_care", "child_care", "school_pickup"].iter().filter_map(|c| taxonomy.index_of(c)).collect();
    mentions.retain(|m| {
        // Only a child's care is looked at, and only then is its clause lower-cased.
        !of_children.contains(&m.code_index) || {
            let before = transcript[m.clause.start..m.span.start].to_lowercase();
            !GOING_HOME.iter().any(|w| before.contains(w))
        }
    });
}

fn facts(taxonomy: &Taxonomy, matcher: &matcher::Matcher, transcript: &str, speaker: matcher::Speaker) -> Extraction {
    let mut mentions = matcher.find_as(transcript, speaker);
    let lower = transcript.to_lowercase();
    let about = About::of(&lower);
    resolve_care_words(taxonomy, transcript, about, speaker, &mut mentions);
    drop_cleaning_of_people_and_pets(taxonomy, transcript, &mut mentions);
    if speaker == matcher::Speaker::Worker {
        drop_cooking_of_meals_for_mother_and_baby(taxonomy, &mut mentions);
        // Cut once for the passes that look at neighbouring clauses.
        let clauses = matcher::clauses(transcript);
        drop_low_salt_of_diabetic_meals(taxonomy, transcript, &clauses, &mut mentions);
        drop_newborn_as_an_age(taxonomy, transcript, &mut mentions);
        drop_foods_someone_likes(taxonomy, transcript, &mut mentions);
        drop_other_peoples_jobs(transcript, &mut mentions);
        limits_are_not_denials(transcript, &mut mentions);
        drop_her_own_children_at_home(taxonomy, transcript, &mut mentions);
        drop_feeding_of_babies(taxonomy, about, &mut mentions);
        drop_adult_care_of_the_mother(taxonomy, transcript, about, &mut mentions);
        drop_english_as_a_subject(taxonomy, transcript, &mut mentions);
        drop_services_naming_a_certificate(taxonomy, transcript, &clauses, &mut mentions);
        titles_said_as_papers(taxonomy, transcript, &mut mentions);
        drop_pickups_of_adults(taxonomy, transcript, &lower, about, &mut mentions);
        carers_of_old_people(taxonomy, transcript, &lower, &mut mentions);
        illnesses_of_old_people(taxonomy, transcript, &mut mentions);
        give_up_skills_with_their_service(taxonomy, transcript, &mut mentions);
    }
    if let (Some(infant), Some(child)) = (taxonomy.index_of("infant_care"), taxonomy.index_of("child_care")) {
        if speaker == matcher::Speaker::Worker && about.school_children_only() {
            // The span is the transcript's: lower-casing may change byte
            // lengths ("İ"), so only the phrase itself is lower-cased.
            let any_child = |m: &matcher::Mention| {
                let phrase = transcript[m.span.clone()].to_lowercase();
                ANY_CHILD.iter().any(|w| phrase.contains(w))
            };
            for m in mentions.iter_mut().filter(|m| m.code_index == infant && any_child(m)) {
                m.code_index = child;
            }
        }
    }
    if let (Some(adult), Some(baby)) = (taxonomy.index_of("toileting_care"), taxonomy.index_of("diaper_change")) {
        // And the other way round: "change diaper adult diaper" for grandma.
        let (from, to) = if about.babies_only() { (adult, baby) } else { (baby, adult) };
        if speaker == matcher::Speaker::Worker && (about.babies_only() || about.adults_only()) {
            for m in mentions.iter_mut().filter(|m| m.code_index == from) {
                m.code_index = to;
            }
        }
    }
    // "老人能自己吃饭的 我给做 做软一点 … 陪着说说话": in an answer about no
    // babies and no patients, the old person may be named further back; and
    // a patient said to be over sixty-five ("my patient is 95 years lady")
    // is an old person too.
    let old_person_may_be_far_back = !about.babies && !["病人", "住院", "patient"].iter().any(|w| lower.contains(w));
    // "在县医院陪了两年病人 … 翻身擦身我都做过": so may the patient, unless the
    // answer is about an old person ("糖尿病人吃的东西我懂" of a diabetic
    // old man is elderly care).
    let patient_may_be_far_back = !about.babies && !about.old_by_age;
    let names_the_old = |m: &matcher::Mention| {
        words_for_the_old(taxonomy, m.code_index).any(|w| matcher::has_words(&lower, &w.to_lowercase()))
    };
    let mut states: Vec<CodeState> = Vec::new();
    for m in &mentions {
        // "我不会开车 他们家儿子开车拉着", "driving i don't, employer have
        // driver": her own denial stands against a later mention she does
        // not say of herself.
        let denied_before =
            states.iter().any(|s| s.code_index == m.code_index && !s.positive && says_i(&transcript[s.clause.clone()]));
        if !m.negated && denied_before && !says_i(&transcript[m.clause.clone()]) {
            continue;
        }
        let mention = CodeState {
            code_index: m.code_index,
            positive: !m.negated,
            span: m.span.clone(),
            clause: m.clause.clone(),
        };
        record(&mut states, mention);
        if m.negated {
            continue;
        }
        // Implied services: "搞卫生" is housekeeping work, "帮老人洗澡" elderly care.
        let clause_text = transcript[context_before(transcript, &m.clause)].to_lowercase()
            + &list_closer_after(transcript, &m.clause).to_lowercase();
        for implied in &taxonomy.codes[m.code_index].implies {
            // An English word from its start ("oma", not the end of "diploma").
            let named =
                |text: &str| implied.when_clause_has.iter().any(|w| matcher::has_words(text, &w.to_lowercase()));
            let in_context = implied.when_clause_has.is_empty()
                || named(&clause_text)
                || (implied.code == "elderly_care"
                    && (old_person_may_be_far_back && named(&lower) || !about.babies && about.old_by_age))
                || (implied.code == "patient_care" && patient_may_be_far_back && named(&lower) && !names_the_old(m));
            if let Some(target) = taxonomy.index_of(&implied.code).filter(|_| in_context) {
                if !states.iter().any(|s| s.code_index == target) {
                    states.push(CodeState {
                        code_index: target,
                        positive: true,
                        span: m.span.clone(),
                        clause: m.clause.clone(),
                    });
                }
            }
        }
    }
    if speaker == matcher::Speaker::Worker {
        drop_babies_of_maternity_work(taxonomy, &lower, &mut states);
        old_patients_at_home(taxonomy, &lower, about, &mut states);
    }
    let mut out = Extraction::default();
    for state in states {
        let code = &taxonomy.codes[state.code_index];
        if !state.positive {
            out.negated.insert(code.code.clone());
            continue;
        }
        let fact =
            Fact { code: code.code.clone(), evidence: evidence(transcript, &state.span, &state.clause).to_string() };
        add_fact(&mut out.profile, code.kind, fact);
    }
    if speaker == matcher::Speaker::Worker {
        for dialect in unlisted_dialects(taxonomy, transcript) {
            if !out.profile.languages.contains(&dialect) {
                out.profile.languages.push(dialect);
            }
        }
    }
    out
}

/// "my ward now is 93", "uncle, he is 80 plus", "sir, 78, bedridden": someone
/// else said to be over sixty-five is an old person, named by age rather than
/// by a word for one. Her own age follows "I am" and is never so high a
/// number in a sentence about someone else; pay and hours are no age.
fn names_someone_old_by_age(lower: &str) -> bool {
    const NOT_AN_AGE: &[&str] = &[
        "per", "a", "an", "dollars", "dollar", "ringgit", "rm", "sgd", "hkd", "riyal", "riyals", "dirham", "euro",
        "euros", "pounds", "pesos", "yuan", "percent", "kg", "kilo", "km", "minutes", "hours", "days", "square",
    ];
    let word = |w: &str| w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '\'').to_string();
    numbers::find_numbers(lower).iter().any(|n| {
        if !(65.0..=110.0).contains(&n.number.value) || !lower[n.span.clone()].is_ascii() {
            return false;
        }
        let before: Vec<String> = lower[..n.span.start].split_whitespace().rev().take(4).map(word).collect();
        let next = lower[n.span.end..].split_whitespace().next().map(word).unwrap_or_default();
        let her_own = before.iter().any(|w| ["i", "im", "i'm", "me", "myself"].contains(&w.as_str()));
        !her_own
            && !NOT_AN_AGE.contains(&next.as_str())
            && before.iter().any(|w| scalars::OTHER_PEOPLE_EN.contains(&w.as_str()))
    })
}

/// "天水话普通话都能说", "白族话 普通话都会说": a dialect the taxonomy does
/// not list, named by its town or its people, when she says she speaks it.
fn unlisted_dialects(taxonomy: &Taxonomy, text: &str) -> Vec<String> {
    let towns = &places::places().towns_zh;
    let mut found = Vec::new();
    for (pos, _) in text.match_indices('话') {
        let head: Vec<char> = text[..pos].chars().rev().take_while(|&c| text::is_cjk(c)).take(3).collect();
        // The longest name before 话: "白族", "天水".
        // "会说朝鲜话": any name right after 会说/会讲 says the language.
        let said_after_speak = |x: &String| {
            let before = &text[..pos - x.len()];
            ["会说", "会讲", "能说", "能讲"].iter().any(|w| before.ends_with(w))
        };
        let Some(name) = (2..=head.len()).rev().map(|n| head[..n].iter().rev().collect::<String>()).find(|x| {
            x.ends_with('族') || towns.contains(x) || FOREIGN_ZH.contains(&x.as_str()) || said_after_speak(x)
        }) else {
            continue;
        };
        let dialect = format!("{name}话");
        // A listed one ("上海话") is the matcher's.
        if taxonomy.language_called(&dialect).is_some() {
            continue;
        }
        let after: String = text[pos + '话'.len_utf8()..].chars().take(12).collect();
        let code = format!("dialect:{dialect}");
        let spoken = ["说", "讲", "会", "能"].iter().any(|w| after.contains(w)) || said_after_speak(&name);
        if spoken && !found.contains(&code) && !name.contains(['一', '几', '好', '不']) {
            found.push(code);
        }
    }
    for name in languages_she_speaks_abroad(text) {
        let code = format!("dialect:{name}");
        if !found.contains(&code) {
            found.push(code);
        }
    }
    found
}

/// Peoples and countries whose 话 is a language of its own: "马来话都会讲".
const FOREIGN_ZH: &[&str] = &["马来", "印尼", "越南", "泰国", "菲律宾", "阿拉伯", "韩国", "日本"];

/// Languages of the countries helpers come from and work in, which the
/// taxonomy does not list; authors write them as `dialect:<name>`.
const LANGUAGES_ABROAD: &[&str] = &[
    "hindi",
    "malayalam",
    "tamil",
    "telugu",
    "sinhala",
    "arabic",
    "khmer",
    "malay",
    "tagalog",
    "bisaya",
    "cebuano",
    "ilocano",
    "hebrew",
    "nepali",
    "bengali",
    "urdu",
    "burmese",
    "swahili",
    "luganda",
    "kikuyu",
    "amharic",
    "twi",
    "fante",
    "yoruba",
    "igbo",
    "hausa",
    "shona",
    "bemba",
    "nyanja",
    "tigrinya",
    "oromo",
    "pashto",
    "punjabi",
    "sindhi",
    "gujarati",
    "marathi",
    "kannada",
    "konkani",
];

/// "i speak sinhala, little tamil and arabic also": the listed languages
/// in the rest of the sentence after she says she speaks.
fn languages_she_speaks_abroad(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    for cue in ["i speak ", "i can speak ", "i am speaking ", "i also speak ", "i speak, "] {
        for (at, _) in lower.match_indices(cue) {
            let rest = &lower[at + cue.len()..];
            let sentence = &rest[..rest.find(['.', '!', '?']).unwrap_or(rest.len())];
            for word in sentence.split(|c: char| !c.is_ascii_alphabetic()) {
                if let Some(name) = LANGUAGES_ABROAD.iter().find(|l| **l == word) {
                    if !found.contains(name) {
                        found.push(*name);
                    }
                }
            }
        }
    }
    // "Malay also can", "Arabic all can": the language, then that she can.
    let mut from = 0;
    for word in lower.split(|c: char| !c.is_ascii_alphabetic()) {
        let at = from;
        from += word.len() + 1;
        let Some(name) = LANGUAGES_ABROAD.iter().find(|l| **l == word) else { continue };
        let rest = &lower[at + word.len()..];
        // "Tamil and little English I speak.": a sentence that ends so.
        let sentence_rest = &rest[..rest.find(['.', '!', '?']).unwrap_or(rest.len())];
        let can = [" also can", " can", " all can", " i speak", " also i speak"].iter().any(|w| rest.starts_with(w))
            || sentence_rest.trim_end().ends_with(" i speak");
        if can && !found.contains(name) {
            found.push(*name);
        }
    }
    found
}

/// How far back who she is talking about still holds in unpunctuated
/// speech: "上一家是个老爷子 九十多了 瘫炕上起不来 我天天给他擦身子".
const CONTEXT_CHARS: usize = 24;

/// The clause with up to [`CONTEXT_CHARS`] characters said before it.
fn context_before(text: &str, clause: &Range<usize>) -> Range<usize> {
    let start = text[..clause.start].char_indices().rev().nth(CONTEXT_CHARS - 1).map_or(0, |(at, _)| at);
    start..clause.end
}

/// What an infant carer (育儿嫂), not a maternity nurse, does.
const INFANT_SKILLS: &[&str] =
    &["formula_feeding", "diaper_change", "sleep_soothing", "baby_food", "early_education", "infant_massage"];
const INFANT_JOBS: &[&str] = &["育儿嫂", "育婴", "保姆", "babysit", "baby sit", "nanny for baby", "nanny for the baby"];

/// A maternity nurse's babies are maternity work: "做月嫂 带过四十多个宝宝"
/// is not infant care unless she names an infant carer's skill or job.
fn drop_babies_of_maternity_work(taxonomy: &Taxonomy, lower: &str, states: &mut Vec<CodeState>) {
    let positive = |states: &[CodeState], code: &str| {
        taxonomy.index_of(code).is_some_and(|i| states.iter().any(|s| s.code_index == i && s.positive))
    };
    let infant_work =
        INFANT_SKILLS.iter().any(|c| positive(states, c)) || INFANT_JOBS.iter().any(|w| lower.contains(w));
    if positive(states, "maternity_care") && !infant_work {
        if let Some(infant) = taxonomy.index_of("infant_care") {
            states.retain(|s| s.code_index != infant || !s.positive);
        }
    }
}

/// "My patient is 95 years lady", "old uncle, stroke patient", "an old
/// gentleman with Parkinson's": in English a sick old person cared for away
/// from any hospital is an old person, and her care elderly care, not a
/// patient's (as the authoring sheet has it: elderly care includes the
/// bedridden, stroke, dementia, Parkinson's). A hospital, a ward, surgery,
/// cancer, other sick people or patients as her trade keep patient care:
/// there she does both. (Chinese answers say 病人 and 护工 of both; see
/// [`carers_of_old_people`].)
fn old_patients_at_home(taxonomy: &Taxonomy, lower: &str, about: About, states: &mut Vec<CodeState>) {
    let (Some(patient), Some(elderly)) = (taxonomy.index_of("patient_care"), taxonomy.index_of("elderly_care")) else {
        return;
    };
    const SICKNESS_TREATED: &[&str] = &[
        "hospital",
        "ward",
        "patients",
        "surgery",
        "operation",
        "chemo",
        "cancer",
        "accident",
        "icu",
        "hospice",
        "palliative",
        "end of life",
        "sick",
        "patient attendant",
        "patient care",
        "patient carer",
    ];
    if lower.chars().any(text::is_cjk) || SICKNESS_TREATED.iter().any(|w| names(lower, w)) {
        return;
    }
    let names_the_old = about.old_by_age
        || names_an_old_one(lower)
        || words_for_the_old(taxonomy, patient).any(|w| matcher::has_words(lower, &w.to_lowercase()));
    if !names_the_old {
        return;
    }
    if states.iter().any(|s| s.code_index == elderly && s.positive) {
        states.retain(|s| s.code_index != patient || !s.positive);
    } else if let Some(s) = states.iter_mut().find(|s| s.code_index == patient && s.positive) {
        s.code_index = elderly;
    }
}

/// A list closed by "都会做" ("煲汤 蒸鱼 粤菜我都识做"): the closing clause,
/// within the next few, whose verb is every item's; else nothing.
fn list_closer_after<'t>(text: &'t str, clause: &Range<usize>) -> &'t str {
    let rest = &text[clause.end..];
    let mut end = 0;
    for part in rest.split_inclusive([' ', '，', ',', '、']).take(4) {
        end += part.len();
        if part.contains('都') {
            return &rest[..end];
        }
    }
    ""
}

/// Puts `fact` in the profile's list for its kind (a language keeps only its code).
fn add_fact(p: &mut Profile, kind: Kind, fact: Fact) {
    match kind {
        Kind::Service => p.services.push(fact),
        Kind::Skill => p.skills.push(fact),
        Kind::Certificate => p.certificates.push(fact),
        Kind::Language => p.languages.push(fact.code),
    }
}

/// The clause around a phrase, cut to a readable length around it.
fn evidence<'a>(text: &'a str, span: &Range<usize>, clause: &Range<usize>) -> &'a str {
    let clause_text = &text[clause.clone()];
    if clause_text.chars().count() <= MAX_EVIDENCE_CHARS {
        return clause_text;
    }
    let before: Vec<(usize, char)> = text[clause.start..span.start].char_indices().collect();
    let start = before.len().checked_sub(8).map_or(clause.start, |i| clause.start + before[i].0);
    let after_end = text[span.end..clause.end].char_indices().nth(8).map_or(clause.end, |(i, _)| span.end + i);
    // Never cut a Latin word or a number in two ("clean t" → "clean the",
    // "000 yuan" → "6,000 yuan").
    let inside = |at: usize| {
        let (before, after) = (text[..at].chars().next_back(), text[at..].chars().next());
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '\'');
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let separator = |c: Option<char>| matches!(c, Some(',' | '.'));
        (word(before) && word(after))
            || (separator(before) && digit(after) && digit(text[..at - 1].chars().next_back()))
            || (digit(before) && separator(after) && digit(text[at + 1..].chars().next()))
    };
    let mut start = start;
    while start > clause.start && inside(start) {
        start -= text[..start].chars().next_back().map_or(1, char::len_utf8);
    }
    let mut end = after_end;
    while end < clause.end && inside(end) {
        end += text[end..].chars().next().map_or(1, char::len_utf8);
    }
    text[start..end].trim()
}

/// Later answers refine earlier ones: a scalar said again replaces the old
/// value (a correction wins), new facts are added, and a fact the worker
/// later denies is removed.
pub fn merge(earlier: Extraction, later: Extraction) -> Extraction {
    let mut p = earlier.profile;
    let l = later.profile;
    macro_rules! take_newer {
        ($($field:ident),*) => { $( if l.$field.is_some() { p.$field = l.$field.clone(); } )* };
    }
    take_newer!(name, age, hometown, years_experience, live_in, expected_salary_cny_month, work_area, phone);
    let mut negated = earlier.negated;
    for code in &later.negated {
        negated.insert(code.clone());
    }
    let later_codes: BTreeSet<String> = l.codes().map(str::to_string).collect();
    for (list, new) in [(&mut p.services, l.services), (&mut p.skills, l.skills), (&mut p.certificates, l.certificates)]
    {
        list.retain(|f| !later.negated.contains(&f.code));
        for fact in new {
            if !list.iter().any(|f| f.code == fact.code) {
                list.push(fact);
            }
        }
    }
    for lang in l.languages {
        if !p.languages.contains(&lang) {
            p.languages.push(lang);
        }
    }
    negated.retain(|c| !later_codes.contains(c));
    Extraction { profile: p, negated }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(text: &str) -> Extraction {
        Extractor::embedded().extract(text)
    }

    /// The codes of the facts extracted from `text`.
    fn codes(text: &str) -> Vec<String> {
        extract(text).profile.codes().map(str::to_string).collect()
    }

    fn has(text: &str, code: &str) -> bool {
        codes(text).iter().any(|c| c == code)
    }

    #[test]
    fn a_cuisine_she_says_she_can_make_is_cooking() {
        for said in ["川菜我也会", "四川那边的菜 辣子鸡 回锅肉 我都弄得好", "面条饺子我都会扯"]
        {
            assert!(codes(said).contains(&"cooking".to_string()), "{said}: {:?}", codes(said));
        }
        // A diet she knows is no claim to cook.
        assert!(!codes("糖尿病人吃的东西我懂 少油少盐").contains(&"cooking".to_string()));
    }

    #[test]
    fn a_phrase_said_of_him_her_or_them_is_the_same_work() {
        let found = codes("he is lying in bed, i turn his body every two hours");
        assert!(found.contains(&"repositioning".to_string()), "{found:?}");
        // And in another tense.
        let found = codes("grandpa cannot walk, i was turning his body at night");
        assert!(found.contains(&"repositioning".to_string()), "{found:?}");
        assert!(!codes("His son checks the sugar, not me.").contains(&"vital_signs".to_string()));
        // Of pets, nails and baths are grooming, not an adult's bathing.
        let found = codes("I also take care of pets, I bath the dogs, cut their nails, brush the cat");
        assert!(!found.contains(&"bathing_assist".to_string()), "{found:?}");
    }

    #[test]
    fn simple_food_she_cooks_is_home_cooking() {
        for said in ["i can cook simple food", "cooking i can do, simple food, no problem"] {
            let found = codes(said);
            assert!(
                found.contains(&"home_cooking".to_string()) && found.contains(&"cooking".to_string()),
                "{said}: {found:?}"
            );
        }
    }

    #[test]
    fn a_paper_is_not_the_work() {
        // A 催乳师's paper, like the carer's and the 月嫂's, claims no work.
        for said in ["催乳师证我有", "我有养老护理员证", "月嫂证有"] {
            let found = codes(said);
            assert_eq!(found.len(), 1, "{said}: {found:?}");
        }
    }

    #[test]
    fn a_care_skill_done_for_a_patient_is_patient_care() {
        for said in ["每天给病人擦身", "患者翻身拍背都是我", "病人吃药我按点提醒"] {
            assert!(codes(said).contains(&"patient_care".to_string()), "{said}: {:?}", codes(said));
        }
        // Said of an old person alone, it stays elderly care.
        assert!(!codes("每天给老人擦身").contains(&"patient_care".to_string()));
    }

    #[test]
    fn an_old_person_implies_elderly_care_only_as_a_whole_word() {
        // "managed" holds "aged": no old person is named.
        let managed = codes("I managed to give the medicine on time");
        assert!(!managed.contains(&"elderly_care".to_string()), "{managed:?}");
        assert!(codes("I bathe the aged mother every day").contains(&"elderly_care".to_string()));
        // Hunan 娭毑, Cantonese 阿爷, the German Oma of carers in Germany.
        for said in ["早晚给娭毑量血压", "阿爷嘅药我按时畀佢食", "I give Oma her medicine and wash her"]
        {
            assert!(codes(said).contains(&"elderly_care".to_string()), "{said}: {:?}", codes(said));
        }
    }

    #[test]
    fn english_cues_count_only_from_the_start_of_a_word() {
        // "piano can" holds "no can"; "the island" holds "he is".
        assert!(codes("i play piano can do cooking").contains(&"cooking".to_string()));
        assert!(codes("i live on the island do cooking and cleaning").contains(&"cleaning".to_string()));
        assert!(codes("no can do cooking").iter().all(|c| c != "cooking"));
        assert!(codes("my husband he is the one do cooking").iter().all(|c| c != "cooking"));
    }

    #[test]
    fn clean_said_of_a_sore_a_diaper_a_box_a_record_or_a_broken_word_is_no_housework() {
        for text in [
            "the bed sore i clean and dress",
            "i clean and change adult diaper",
            "i feed the cats and clean the box",
            "i have clean record",
            "i clean the um billy cord",
        ] {
            assert!(codes(text).iter().all(|c| c != "cleaning" && c != "housekeeping"), "{text}");
        }
        assert!(codes("I'm only the housekeeper, um, cleaning, laundry.").contains(&"cleaning".to_string()));
        assert!(codes("i clean and cook").contains(&"cleaning".to_string()));
        assert!(codes("i clean and change the bed sheets").contains(&"cleaning".to_string()));
    }

    #[test]
    fn her_own_children_she_goes_home_to_are_no_work() {
        assert!(codes("不住家 晚上要回去接娃儿").is_empty());
        assert!(codes("我晚上要回家带仔 工资四千五").is_empty());
        assert_eq!(codes("我白天带宝宝"), ["infant_care"]);
    }

    #[test]
    fn the_familys_driver_and_a_restaurants_dishes_are_not_her_work() {
        assert!(codes("Driver is doing the shopping, not me.").is_empty());
        assert!(codes("the sir is the one driving them in the morning").is_empty());
        assert_eq!(codes("I can cook. the driver does the shopping"), ["cooking"]);
        assert_eq!(codes("以前在饭店洗碗 现在想试试看老人"), ["elderly_care"]);
        // Her own driving stands.
        assert_eq!(codes("i am the driver for one family"), ["driving"]);
        assert_eq!(codes("I am driver, five years"), ["driving"]);
    }

    #[test]
    fn a_denial_past_a_limit_bounds_the_work_and_does_not_take_it_back() {
        let said = "接送上学 辅导作业 一二年级的作业行 再大了 数学我就辅导不了了";
        assert!(codes(said).contains(&"homework_help".to_string()), "{:?}", codes(said));
        // With no limit said, the later denial still stands.
        assert!(!codes("辅导作业 数学我就辅导不了了").contains(&"homework_help".to_string()));
    }

    #[test]
    fn a_food_someone_likes_to_eat_is_not_her_cooking() {
        assert!(codes("人家小孩爱吃蛋糕 我想学学烤蛋糕 现在还不会").is_empty());
        assert!(codes("老人爱吃面食 饺子包子我都会做").contains(&"wheaten_food".to_string()));
        for said in ["我们那边吃面条多", "我们那边爱吃包子馒头", "北方人吃面食", "I like eating noodles"]
        {
            assert!(codes(said).is_empty(), "{said}: {:?}", codes(said));
        }
        assert!(codes("我会做面条 老人爱吃").contains(&"wheaten_food".to_string()));
        assert!(codes("I bake chocolate cake").contains(&"baking".to_string()));
        for said in ["我中午吃了一碗拉面 牛肉的", "我们那边酿豆腐好吃", "兰州牛肉面你吃过吧"]
        {
            assert!(codes(said).is_empty(), "{said}: {:?}", codes(said));
        }
        assert!(codes("我做的面条好吃").contains(&"wheaten_food".to_string()));
    }

    #[test]
    fn a_paper_she_has_signed_up_to_sit_is_not_hers_yet() {
        assert!(codes("育婴员证报了名 下个月考").is_empty());
        assert!(codes("养老护理员证 下个月考").is_empty());
        assert_eq!(codes("养老护理员证有 去年考的"), ["elderly_carer_cert"]);
    }

    #[test]
    fn washing_someone_is_bathing_them_or_grooming_a_pet() {
        assert!(codes("I help grandma, I wash her every morning").contains(&"bathing_assist".to_string()));
        let dog = codes("I walk the dog two times a day and I wash him in the bathroom");
        assert!(dog.contains(&"pet_grooming".to_string()) && !dog.contains(&"bathing_assist".to_string()), "{dog:?}");
        // A dog named by its breed.
        for said in ["雇主的柯基 回来给它擦擦爪子 洗洗澡", "i groom the shih tzu, bath, blow dry"] {
            assert!(codes(said).contains(&"pet_grooming".to_string()), "{said}: {:?}", codes(said));
        }
        assert!(codes("还遛他家那条金毛").contains(&"dog_walking".to_string()));
    }

    #[test]
    fn him_or_them_is_the_pet_named_last() {
        let both =
            codes("I take care grandma, I give her shower. The family have one poodle also, I walk him and bathe him");
        for code in ["bathing_assist", "dog_walking", "pet_grooming"] {
            assert!(both.contains(&code.to_string()), "{code}: {both:?}");
        }
        assert!(codes("we have 2 dogs golden retriever, i walk them morning and night").contains(&"dog_walking".into()));
        // A person named after the dog, or no dog at all: no dog walking.
        for said in ["the family has a dog. i take care 2 kids, i walk them to school", "I walk him in the park"] {
            assert!(!codes(said).contains(&"dog_walking".to_string()), "{said}: {:?}", codes(said));
        }
    }

    #[test]
    fn an_old_patient_at_home_is_elderly_care() {
        for said in ["My patient is 95 years lady, I give her shower", "I look after one old uncle, stroke patient"] {
            let got = codes(said);
            assert!(got.contains(&"elderly_care".into()) && !got.contains(&"patient_care".into()), "{said}: {got:?}");
        }
        // In a hospital, or with sick people besides, she does both.
        for said in [
            "I work in the hospital, my patient is old man after stroke",
            "i take care old people and also sick people, one old uncle he got stroke",
        ] {
            assert!(codes(said).contains(&"patient_care".into()), "{said}: {:?}", codes(said));
        }
    }

    #[test]
    fn work_in_a_hospital_or_a_hospice_is_patient_care() {
        for said in [
            "前些年在县医院做了三年",
            "在康复医院照顾偏瘫的",
            "I sit with them at night in the hospital",
            "I did hospice care",
        ] {
            assert!(codes(said).contains(&"patient_care".to_string()), "{said}: {:?}", codes(said));
        }
    }

    #[test]
    fn a_care_word_is_an_old_persons_when_she_is_old_by_word_or_age() {
        let said = "then I am looking after one old Arabic lady six years. wheelchair, bathing, feeding.";
        assert!(codes(said).contains(&"bathing_assist".to_string()));
        assert!(codes(said).contains(&"feeding_assist".to_string()));
        assert!(codes("my ward is 93, bathing, feeding").contains(&"bathing_assist".to_string()));
        assert!(!codes("one old friend told me, bathing is easy").contains(&"bathing_assist".to_string()));
    }

    #[test]
    fn someone_said_to_be_over_sixty_five_is_an_old_person() {
        let elderly = |text: &str| codes(text).contains(&"elderly_care".to_string());
        assert!(elderly("six years with uncle, he is 80 plus he got stroke. I help him to the wheel chair"));
        assert!(elderly("my employer now is sir, 78, bedridden. i turn him every two hours"));
        assert!(elderly("my ward now is 93, I check vital signs, BP, sugar"));
        // Her own age, and pay, are no one else's.
        assert!(!elderly("I am 68 this year, I help him to the wheel chair"));
        assert!(!elderly("she pays 80 per day, I help him to the wheel chair"));
        assert!(!elderly("he is 45, I help him to the wheel chair"));
        // Or named by a word the care skills' list of old people now holds.
        assert!(elderly("之前那家有个阿嫲 我给她翻身 拍背"));
        assert!(elderly("照顾一个老干部 比四一天打五次 翻身拍背"));
    }

    #[test]
    fn a_sore_she_keeps_away_is_her_care_of_sores() {
        assert!(codes("i turn her every two hours so she no get bed sore").contains(&"pressure_sore_care".to_string()));
        assert!(codes("i lift him to wheelchair so he dont get bed sore").contains(&"pressure_sore_care".to_string()));
    }

    #[test]
    fn an_illness_of_old_age_said_of_an_old_person_is_elderly_care() {
        assert_eq!(codes("上一个老爷子帕金森 走路得扶着"), ["elderly_care", "transfer_mobility"]);
        assert_eq!(codes("old man with Parkinson, I help him walk"), ["elderly_care", "transfer_mobility"]);
        // A Tagalog grandmother is an old person too.
        assert_eq!(codes("I took care of a lola with Parkinson's"), ["elderly_care"]);
        // The old person may be named just before, in a clause of her own.
        assert_eq!(codes("照顾过两个老人 一个是帕金森 手抖"), ["elderly_care"]);
        // Said of no old person, it stays a patient's.
        assert!(codes("他帕金森 我扶他走路").contains(&"patient_care".to_string()));
    }

    #[test]
    fn a_title_said_as_her_paper_is_that_paper() {
        assert_eq!(codes("有证 养老护理员 中级"), ["elderly_carer_cert"]);
        assert_eq!(codes("证我有 养老护理员 中级的"), ["elderly_carer_cert"]);
        assert!(codes("月嫂证 健康证 还有育婴师").contains(&"childcare_cert".to_string()));
        // Not a paper she lacks, and not a skill said after her papers.
        assert!(!codes("我没有证 养老护理员那个证 一直想考").contains(&"elderly_carer_cert".to_string()));
        assert!(codes("催乳师证 母婴护理证都有 通乳").contains(&"lactation_support".to_string()));
        assert_eq!(codes("我是养老护理员"), ["elderly_care"]);
        assert!(!codes("证有月嫂证 还有育婴师 还没考下来").contains(&"childcare_cert".to_string()));
        assert!(!codes("健康证有 护工做了五年").contains(&"elderly_carer_cert".to_string()));
    }

    #[test]
    fn whispers_con_fine_men_food_is_the_mothers_meals_not_cooking() {
        for said in ["and i cook the con fine men meal, thirty days", "i cook the con payment food for mommy"] {
            assert_eq!(codes(said), ["maternity_care", "confinement_meals"], "{said}");
        }
    }

    #[test]
    fn a_name_is_no_misheard_phrase() {
        assert!(codes("ok so I am Marites, 50 years old from Batangas").is_empty());
        assert_eq!(codes("hi my name is siew ling, i am a nanny"), ["infant_care"]);
        assert_eq!(codes("Hello I am Efua Asante, I do the cleaning"), ["housekeeping", "cleaning"]);
        // A misheard phrase at a sentence's start still is one.
        assert!(codes("Four mula feeding I can do.").contains(&"formula_feeding".to_string()));
    }

    #[test]
    fn whispers_wind_dose_and_a_misheard_bo_li_are_windows() {
        assert!(codes("i clean the wind does inside").contains(&"window_cleaning".to_string()));
        assert!(codes("拖地 擦菠萝 都弄得巴适").contains(&"window_cleaning".to_string()));
    }

    #[test]
    fn whispers_wheel_share_is_a_wheelchair() {
        assert!(codes("i push the wheel share go to the park").contains(&"transfer_mobility".to_string()));
        assert!(codes("i push his well chair").contains(&"transfer_mobility".to_string()));
        // From the misheard-English lexicon (scripts/lexicon/misheard_en_written.json).
        assert!(codes("grandma suffering from the mention i watch her").contains(&"dementia_care".to_string()));
        assert!(codes("i change the baby die per").contains(&"diaper_change".to_string()));
    }

    #[test]
    fn the_job_word_helper_alone_is_no_housework() {
        // SHEET.md: 家政, 保姆, "helper", "domestic helper" give nothing by themselves.
        assert!(codes("i work as helper for nine years in hong kong").is_empty());
        assert!(codes("I am a domestic helper, I take care of the baby").iter().all(|c| c != "housekeeping"));
        assert!(codes("i work as helper, cleaning the house").contains(&"housekeeping".to_string()));
        assert!(codes("我当过保姆 在北京 干了五年").iter().all(|c| c != "housekeeping"));
        assert!(codes("当保姆 主要搞卫生").contains(&"housekeeping".to_string()));
    }

    #[test]
    fn old_people_cared_for_in_hospital_are_both_services() {
        let both = codes("现在干陪诊 领着老人家挂号取药");
        assert!(both.contains(&"patient_care".to_string()) && both.contains(&"elderly_care".to_string()), "{both:?}");
        let ward = codes("在医院做陪护 陪床 术后的病人");
        assert!(ward.contains(&"patient_care".to_string()) && !ward.contains(&"elderly_care".to_string()), "{ward:?}");
    }

    #[test]
    fn a_word_that_holds_a_phrase_is_that_word() {
        assert!(codes("我会开面包车").is_empty());
        assert!(codes("我住过钟点房").is_empty());
        assert!(codes("奶水这块").is_empty());
        assert_eq!(codes("奶水不足我会处理"), ["maternity_care", "lactation_support"]);
        assert!(codes("i make play dough with the kids").is_empty());
        assert_eq!(codes("i do 2-hourly turning for grandpa"), ["elderly_care"]);
        assert_eq!(codes("我每天擦浴缸"), ["housekeeping", "cleaning"]);
        assert_eq!(codes("我会打发奶油"), ["cooking", "baking"]);
        assert_eq!(codes("i have maternity nursing certificate"), ["maternity_nurse_cert"]);
        // The shorter word said alone is still what it was.
        assert!(codes("我会做面包").contains(&"baking".to_string()));
        assert!(codes("我给老人擦浴").contains(&"bathing_assist".to_string()));
    }

    #[test]
    fn english_evidence_is_cut_at_word_boundaries() {
        let text = "Hello, my name is Maria Santos and I can cook and clean the house for a big family.";
        let p = extract(text).profile;
        for fact in p.services.iter().chain(&p.skills) {
            let at = text.find(&fact.evidence).expect("verbatim");
            let before = text[..at].chars().next_back();
            let after = text[at + fact.evidence.len()..].chars().next();
            assert!(!before.is_some_and(|c| c.is_ascii_alphanumeric()), "{:?}", fact.evidence);
            assert!(!after.is_some_and(|c| c.is_ascii_alphanumeric()), "{:?}", fact.evidence);
        }
        assert!(!p.services.is_empty());
        let pay = extract("I am happy to cook every day for the family and I want 6,000 yuan a month.").profile;
        assert!(pay.services.iter().all(|f| !f.evidence.starts_with("000")), "{:?}", pay.services);
    }

    #[test]
    fn her_denial_stands_against_a_later_mention_not_said_of_herself() {
        for (said, code) in [
            ("出门啥的 我不会开车 他们家儿子开车拉着", "driving"),
            ("driving i don't, employer have driver.", "driving"),
            ("i don't cook, the husband of my employer he cooks.", "cooking"),
            ("喂奶 催乳我不会的 要催乳的话要另外请人", "lactation_support"),
            ("开车俺不会 有的家要会开车", "driving"),
        ] {
            assert!(!codes(said).contains(&code.to_string()), "{said}");
        }
        // Said of herself again, it is hers; a denial not of herself does not hold.
        assert!(codes("以前我不会开车 后来我学会了开车").contains(&"driving".to_string()));
        assert!(codes("不过现在不想在养老院了 想到家里照顾老人").contains(&"elderly_care".to_string()));
        assert!(!codes("我不会开车 我老公开车").contains(&"driving".to_string()));
    }

    #[test]
    fn little_salt_with_a_diabetic_meal_is_that_meal() {
        let diabetic = codes("老人有糖尿病 我给做糖尿病餐 少油少盐");
        assert!(diabetic.contains(&"diabetic_diet".to_string()) && !diabetic.contains(&"elderly_diet".to_string()));
        assert!(codes("我给老人做饭 少油少盐 软一点").contains(&"elderly_diet".to_string()));
    }

    #[test]
    fn taking_adults_somewhere_is_not_the_school_run() {
        assert!(!codes("可以开车接送病人").contains(&"school_pickup".to_string()));
        assert!(!codes("I accompany old people to hospital, I can drive to pick them up.")
            .contains(&"school_pickup".to_string()));
        assert!(codes("每天接送孩子上学").contains(&"school_pickup".to_string()));
        // A 护工 for old people, with no hospital or patient, does elderly care.
        let old = codes("我是男护工啊 专门伺候老爷子 瘫痪的");
        assert!(old.contains(&"elderly_care".to_string()) && !old.contains(&"patient_care".to_string()));
        assert!(codes("我是护工 照顾病人").contains(&"patient_care".to_string()));
        assert!(codes("仲识开车 接送细路返学").contains(&"school_pickup".to_string()));
        // The child's family does it; she does not.
        assert!(codes("孩子他妈妈做饭 我不用做").is_empty());
        assert!(codes("他们家孩子奶奶管接送哥哥 我不管").is_empty());
        assert!(!codes("I was yuesao before, for three years, I stopped. now I cook")
            .contains(&"maternity_care".to_string()));
    }

    #[test]
    fn what_a_certificate_is_called_is_no_service() {
        let gloss = codes("月嫂证也有 就是那个母婴护理的");
        assert!(gloss.contains(&"maternity_nurse_cert".to_string()) && !gloss.contains(&"maternity_care".to_string()));
        assert!(!codes("有养老护理员证 就是那个养老护理的").contains(&"elderly_care".to_string()));
        assert!(codes("做了五年月嫂 有月嫂证").contains(&"maternity_care".to_string()));
    }

    #[test]
    fn helpers_abroad_name_old_people_their_employers_way_and_districts_are_no_care() {
        assert!(has("then an ama at home, bedridden, i turn her every two hours", "repositioning"));
        assert!(has("caregiver for saba, he is 90, with dementia", "elderly_care"));
        assert!(!has("i live in al karama, near the metro", "elderly_care"));
        assert!(!has("i like to watch drama", "elderly_care"));
    }

    #[test]
    fn an_english_service_given_up_takes_its_skills_with_it() {
        let story = "I worked in Kuwait seven years as housemaid, ironing. Before I also looked after two kids, \
                     took them to school bus and helped homework, but now I don't want children job, very tiring.";
        let found = codes(story);
        for skill in ["school_pickup", "homework_help", "child_care"] {
            assert!(!found.contains(&skill.to_string()), "{skill}: {found:?}");
        }
        assert!(found.contains(&"laundry_ironing".to_string()), "{found:?}");
    }

    #[test]
    fn a_wage_by_the_hour_is_the_hourly_arrangement() {
        fn hourly(text: &str) -> Option<&str> {
            hourly_rate(text).map(|r| &text[r])
        }
        assert_eq!(hourly("下午再去两家打扫 一个钟头四十 健康证有的"), Some("一个钟头四十"));
        assert_eq!(hourly("四十块一个小时"), Some("四十块一个小时"));
        assert_eq!(hourly("cooking in three villas, 40 dirhams per our."), Some("40 dirhams per our"));
        assert_eq!(hourly("工资要 一个钟头 哦不是 一个月 七千"), None);
        assert_eq!(hourly("每天遛狗一个小时 一个月六千"), None);
        let p = extract("下午再去两家打扫 一个钟头四十").profile;
        assert!(p.services.iter().any(|f| f.code == "hourly" && f.evidence == "一个钟头四十"), "{p:?}");
    }

    #[test]
    fn every_evidence_is_verbatim_and_nothing_said_means_an_empty_profile() {
        let text = "嗯 我叫王秀兰 今年四十八岁 干家政干了十年了 主要是做饭搞卫生 我不会开车 有健康证";
        let e = extract(text);
        for fact in e.profile.services.iter().chain(&e.profile.skills).chain(&e.profile.certificates) {
            assert!(text.contains(&fact.evidence), "{fact:?}");
        }
        assert!(e.negated.contains("driving"));
        assert!(!e.profile.codes().any(|c| c == "driving"));
        // "大家叫我" is how she is called, not a misheard 家教.
        assert_eq!(extract("大家叫我孙大姐").profile.codes().count(), 0);
        // A place is heard as itself ("in guangzhou" sounds like "ying yang shi");
        // a split word around an everyday one is still heard ("for mula feeding").
        assert!(!extract("i worked in guangzhou").profile.codes().any(|c| c == "dietitian_cert"));
        assert!(extract("i do for mula feeding").profile.codes().any(|c| c == "formula_feeding"));
        // Cooking for the mother or the baby is that job's skill, not the cook's service.
        assert!(!codes("I cook confinement food, the ginger and the soup").contains(&"cooking".to_string()));
        assert!(codes("I cook confinement food, and i cook chinese home dishes").contains(&"cooking".to_string()));
        // A nanny in an answer about school children is a child's nanny.
        assert!(!codes("I'm a driver nanny, I drive the kids to school").contains(&"infant_care".to_string()));
        // A sound-alike inside a gapped phrase is a second fact (吃呆 for 痴呆).
        assert!(codes("照顾老年吃呆的老人 两年").contains(&"dementia_care".to_string()));
        // An age range that starts at newborn is not maternity work.
        assert!(!codes("带过两个宝宝 新生儿到两岁").contains(&"maternity_care".to_string()));
        assert!(!codes("I take care baby from newborn").contains(&"maternity_care".to_string()));
        // A word swapped for a common one is another sentence, not a mishearing.
        assert!(!codes("i pick them up, help them with their homework").contains(&"feeding_assist".to_string()));
        let empty = extract("嗯 我也不知道说啥 就是 这个要怎么弄啊");
        assert!(empty.profile.is_empty(), "{:?}", empty.profile);
        assert_eq!(empty.profile.summary, "");
    }

    #[test]
    fn who_she_cares_for_holds_for_the_clauses_after_it() {
        let e = extract("上一家是个老爷子 九十多了 瘫炕上起不来 我天天给他擦身子");
        assert!(e.profile.services.iter().any(|f| f.code == "elderly_care"), "{:?}", e.profile);
        let e = extract("我带过三个宝宝 给妈妈们也做过好多年的月子餐 我会帮她们翻身擦身子");
        assert!(!e.profile.services.iter().any(|f| f.code == "elderly_care"), "{:?}", e.profile);
    }

    #[test]
    fn feeding_a_baby_is_no_help_with_eating_and_since_newborn_is_an_age() {
        let baby = codes("带孩子带了四年 一岁多的 喂饭 哄睡 讲故事");
        assert!(baby.contains(&"infant_care".into()) && !baby.contains(&"feeding_assist".into()), "{baby:?}");
        assert!(codes("照顾老人 喂饭 擦身").contains(&"feeding_assist".into()));
        let subject = codes("i pick them up from school, help the homework, english and math");
        assert!(!extract("i help the homework, english and math").profile.languages.contains(&"english".into()));
        assert!(subject.contains(&"homework_help".into()));
        let spoken = extract("I speak Mandarin, Hokkien, a little English.").profile.languages;
        assert!(spoken.contains(&"english".into()), "{spoken:?}");
        assert!(!codes("我以前在乡镇卫生院当护士").contains(&"cleaning".into()));
        assert!(!codes("做保姆做咗十几年 煲汤").contains(&"driving".into()));
        assert!(!codes("照顾病人 在家照顾过一个癌症的").contains(&"driver_license".into()));
        assert!(!codes("we read book every night. the small one always cry").contains(&"dog_walking".into()));
        let since = codes("i take care baby since newborn until two years, i make the formula");
        assert!(!since.contains(&"maternity_care".into()), "{since:?}");
    }

    #[test]
    fn a_child_is_a_school_childs_in_an_answer_about_school() {
        let e = extract("带两个小孩 一个读三年级一个读五年级 每天早上送去学校");
        assert!(e.profile.services.iter().any(|f| f.code == "child_care"), "{:?}", e.profile);
        assert!(!e.profile.services.iter().any(|f| f.code == "infant_care"), "{:?}", e.profile);
        let e = extract("带小孩 喂奶粉 换尿布 大了送幼儿园");
        assert!(e.profile.services.iter().any(|f| f.code == "infant_care"), "{:?}", e.profile);
        // A letter whose lower case is longer ("İ" → "i̇") before the phrase.
        let e = extract("İ 我带孩子 每天送去上小学");
        assert!(e.profile.services.iter().any(|f| f.code == "child_care"), "{:?}", e.profile);
    }

    #[test]
    fn a_diaper_is_a_babys_in_an_answer_about_babies() {
        assert!(codes("做育儿嫂三年 冲奶粉 换尿不湿 哄睡").contains(&"diaper_change".to_string()));
        let elder = codes("伺候瘫痪的老人 翻身 换尿不湿");
        assert!(elder.contains(&"toileting_care".to_string()) && !elder.contains(&"diaper_change".to_string()));
        let elder = codes("i take care of grandma, she cannot walk, i change diaper and feed her");
        assert!(elder.contains(&"toileting_care".to_string()) && !elder.contains(&"diaper_change".to_string()));
        assert!(!elder.contains(&"infant_care".to_string()), "{elder:?}");
    }

    #[test]
    fn the_cleaning_of_the_home_is_cleaning_however_it_is_said() {
        assert!(codes("屋里卫生我收拾得老干净了").contains(&"cleaning".to_string()));
        assert!(codes("然后家里的卫生 洗衣服熨衣服").contains(&"cleaning".to_string()));
        assert!(!codes("我以前在乡镇卫生院当护士").contains(&"cleaning".to_string()));
    }

    #[test]
    fn everyday_words_for_care_work_name_it() {
        assert!(has("那老太太拉屎拉尿都是我整", "toileting_care"));
        assert!(has("伺候瘫在床上的老爷子 给他垫气圈 擦药", "pressure_sore_care"));
        assert!(has("老爷子中风了 抬胳膊抬腿 我每天给他做两回", "rehab_exercise"));
        assert!(has("i make dal, rice, sabzi, all homely food", "home_cooking"));
    }

    #[test]
    fn an_age_in_traditional_characters_is_read_and_a_name_quoted_as_said() {
        let e = Extractor::embedded().extract("我叫吉秀蓮 五十二歲 照顾老人 帮她翻身");
        assert_eq!(e.profile.age, Some(52));
        assert_eq!(e.profile.name.as_deref(), Some("吉秀蓮"));
        // The taxonomy's Cantonese phrases are matched as they are written.
        assert!(codes("我湊仔湊咗五年 哄睏 冲奶").contains(&"infant_care".to_string()));
    }

    #[test]
    fn a_wound_is_the_new_mothers_in_an_answer_about_babies_and_nothing_elsewhere() {
        assert!(has("做月嫂 新生儿洗澡 抚触 产妇那边 伤口护理 下奶", "postpartum_recovery"));
        assert!(has("newborn care, bathing the baby, and the mother, her wound", "postpartum_recovery"));
        assert!(!has("照顾老人 量血压 测血糖 伤口换药都得", "postpartum_recovery"));
        assert!(!has("i take care of grandma, the wound dressing for bedsore also", "postpartum_recovery"));
    }

    #[test]
    fn a_care_word_means_whatever_the_answer_is_about() {
        assert!(has("在医院做护工 专门伺候男病人 洗澡都是我", "bathing_assist"));
        assert!(has("i take care of grandma, i help her go to toilet, shower, and feed her", "toileting_care"));
        assert!(has("i take care of grandma, i help her go to toilet, shower, and feed her", "feeding_assist"));
        assert!(has("做月嫂五年 宝宝 洗澡 抚触都会", "newborn_bathing"));
        assert!(!has("做月嫂五年 宝宝 洗澡 抚触都会", "bathing_assist"));
        assert!(has("照顾过老人 也会照顾宠物 给狗子洗澡", "pet_grooming"));
        assert!(!has("上门喂猫遛狗 有时候也给狗狗洗澡 剪指甲", "bathing_assist"));
        assert!(has("in shenzhen the baby is newborn when i start, so i do the bathing", "newborn_bathing"));
        assert!(!has("i take care grandpa after stroke, feeding by tube through the nose", "feeding_assist"));
        // Said of no one in particular, or of the house, it is nothing.
        assert!(!has("我做保洁 打扫卫生 洗澡间也擦", "bathing_assist"));
        assert!(!has("照顾老人 擦洗厨房", "bathing_assist"));
        assert!(!has("i clean the house and i take a shower after work", "bathing_assist"));
        assert!(!has("nanny for baby, i do the massage after bath", "newborn_bathing"));
        // The claim and denial rules still apply.
        assert!(!has("照顾老人 洗澡我不会", "bathing_assist"));
        assert!(!has("i clean the belly button, the umbilical", "cleaning"));
        assert!(!has("i feed the cats and clean litter box", "cleaning"));
        assert!(!has("bating the baby and the umbrella cord cleaning", "cleaning"));
        assert!(has("i clean the house and the windows", "cleaning"));
        // A recruiter's query need not say for whom.
        let asked = Extractor::embedded().extract_request("someone who can bathe and feed him");
        let asked: Vec<&str> = asked.profile.codes().collect();
        assert!(asked.contains(&"bathing_assist") && asked.contains(&"feeding_assist"), "{asked:?}");
    }

    #[test]
    fn a_maternity_nurses_babies_are_maternity_work() {
        let month = codes("做月嫂做了六年 带过四十多个宝宝 新生儿洗澡 脐带护理");
        assert!(month.contains(&"maternity_care".to_string()) && !month.contains(&"infant_care".to_string()));
        // An infant carer's skill or job says she does both.
        assert!(codes("做月嫂六年 带过很多宝宝 冲奶粉 哄睡").contains(&"infant_care".to_string()));
        assert!(codes("做过月嫂 也做过育儿嫂 带宝宝").contains(&"infant_care".to_string()));
        // The mother's washing and massage, and the count of her meals, are maternity work.
        let mother = codes("做月嫂 宝宝洗澡 产妇这块 帮她擦身子 宝妈奶少 我给她催奶 按摩");
        assert!(!mother.iter().any(|c| c == "bathing_assist" || c == "rehab_exercise"), "{mother:?}");
        let meals = codes("宝妈的饭 一天三顿正餐三顿加餐 都是我做");
        assert!(
            meals.contains(&"confinement_meals".to_string()) && !meals.contains(&"cooking".to_string()),
            "{meals:?}"
        );
        assert!(codes("照顾瘫痪老人 帮她擦身子").contains(&"bathing_assist".to_string()));
    }

    #[test]
    fn everyday_ways_of_naming_whom_she_cares_for() {
        assert_eq!(codes("我照顾过一位老太太"), ["elderly_care"]);
        assert_eq!(codes("I take care of my employer's mother, she is 85."), ["elderly_care"]);
        assert_eq!(codes("I work in a hospital as a caregiver."), ["patient_care"]);
    }

    #[test]
    fn an_old_person_named_far_back_makes_care_elderly_care_unless_patients_are_about() {
        let far = codes("我就是一般的照顾 老人能自己吃饭的 我给做 做软一点 烂一点 他牙口不好 就是这样 陪着说说话");
        assert!(far.contains(&"elderly_care".to_string()), "{far:?}");
        let ward = codes("在医院当护工 照顾住院的病人 帮他们擦身 翻身 老年痴呆那种我没护理过");
        assert!(!ward.contains(&"elderly_care".to_string()), "{ward:?}");
    }

    #[test]
    fn a_patient_named_far_back_makes_care_patient_care_unless_the_answer_is_about_an_old_one() {
        let ward = codes(
            "在县医院陪了两年病人 刚来成都 成都的行情我不晓得 你们一般给好多嘛 鼻饲那些我还不会 翻身擦身我都做过",
        );
        assert!(ward.contains(&"patient_care".to_string()), "{ward:?}");
        // extract_eval zh-13: the "糖尿病人" is one of the two old people.
        let diabetic = codes(
            "我照顾过两个老人 其中一个有糖尿病 糖尿病人吃的东西我懂 少油少盐不放糖 老人牙口不好的 \
             吃软烂的那种我也有经验 还会按时提醒他吃药 天天陪他下楼散步 聊聊天",
        );
        assert!(!diabetic.contains(&"patient_care".to_string()), "{diabetic:?}");
    }

    #[test]
    fn what_the_one_cared_for_cannot_do_denies_nothing() {
        let ward = codes("医院那个病人 骨折了动不了 我给他翻身");
        assert!(ward.contains(&"patient_care".to_string()), "{ward:?}");
        assert_eq!(codes("下不了床的老人我也伺候过"), ["elderly_care"]);
    }

    #[test]
    fn feeding_said_with_the_meal_or_the_spoon_is_feeding_assistance() {
        assert_eq!(codes("大爷中风了手不好使 俺就拿小勺喂"), ["elderly_care", "feeding_assist"]);
        assert_eq!(codes("阿公食饭要人喂 我就一啖一啖喂佢 慢慢来"), ["elderly_care", "feeding_assist"]);
        // A baby's meal stays the baby's.
        assert_eq!(codes("宝宝饭都是我喂"), ["infant_care", "baby_food"]);
    }

    #[test]
    fn care_in_a_ward_or_after_an_operation_is_patient_care() {
        assert_eq!(codes("病房里那个大哥手术完手不能动 饭都是我喂"), ["patient_care", "feeding_assist"]);
        assert_eq!(codes("那个大哥住院 我给他翻身"), ["patient_care", "repositioning"]);
        assert_eq!(codes("华西医院我陪过病人"), ["patient_care"]);
        assert_eq!(codes("在协和陪过床 我陪了两个月"), ["patient_care"]);
        assert_eq!(codes("在沈阳医大那病房干过"), ["patient_care"]);
    }

    #[test]
    fn an_old_person_named_before_the_care_verb_is_elderly_care() {
        assert_eq!(codes("那个老爷子我伺候了三年"), ["elderly_care"]);
        assert_eq!(codes("阿婆我照顾了五年"), ["elderly_care"]);
    }

    #[test]
    fn a_patient_said_to_be_over_sixty_five_makes_care_elderly_care() {
        let ward = codes("My patient is 95 years lady, I do everything, cooking, bath, diaper, everything.");
        assert!(ward.contains(&"elderly_care".to_string()), "{ward:?}");
    }

    #[test]
    fn care_home_english_for_pads_and_tablets_is_toileting_and_medication() {
        let pads = codes("I work in a care home for old people. I do the checks, turning them, changing pads.");
        assert!(pads.contains(&"toileting_care".to_string()), "{pads:?}");
        let tablets = codes("live in care with an elderly lady, I cooked for her, gave her tablets");
        assert!(tablets.contains(&"medication_reminders".to_string()), "{tablets:?}");
    }

    #[test]
    fn residents_service_users_and_clients_are_adults_for_the_care_words() {
        assert_eq!(codes("I work in a kaigo facility, I do bathing for the residents, night duty"), ["bathing_assist"]);
        assert_eq!(codes("domiciliary care for service users, washing and dressing"), ["bathing_assist"]);
        assert_eq!(
            codes("two weeks on two weeks off with the client, I help him with shower and shaving"),
            ["bathing_assist"]
        );
    }

    #[test]
    fn aged_care_kaigo_and_the_ward_are_about_adults() {
        assert_eq!(
            codes("I work in Japan in a kaigo facility, bathing, feeding, night duty"),
            ["bathing_assist", "feeding_assist"]
        );
    }

    #[test]
    fn regional_words_for_old_people_are_adults_for_the_care_words() {
        assert_eq!(
            codes("嬢嬢我跟你说 那个老汉儿洗澡 我都是扶到凳凳上坐起 慢慢给他洗"),
            ["elderly_care", "bathing_assist"]
        );
        let uncle = codes("阿伯行唔到 我扶佢落床 坐轮椅 上厕所都系我扶");
        assert!(uncle.contains(&"toileting_care".to_string()), "{uncle:?}");
    }

    #[test]
    fn a_verb_closing_a_spoken_list_is_every_items() {
        let cooking = |t: &str| codes(t).contains(&"cooking".to_string());
        assert!(cooking("煲汤 蒸鱼 粤菜我都识做"));
        assert!(cooking("老人吃的软乎饭 烂糊的粥 俺都会做"));
        // A closer said further on, past the list, is not this item's.
        assert!(!cooking("老人吃的软乎饭 我不挑 工资五千 家务活 我都会做"));
    }

    #[test]
    fn a_later_answer_corrects_and_withdraws() {
        let first = extract("干了八年 会开车 有健康证");
        let second = extract("不对 是干了十年 我其实不会开车");
        let merged = merge(first, second);
        assert_eq!(merged.profile.years_experience, Some(10.0));
        assert!(!merged.profile.codes().any(|c| c == "driving"));
        assert!(merged.profile.codes().any(|c| c == "health_certificate"));
    }

    #[test]
    fn languages_of_home_and_abroad_that_the_taxonomy_does_not_list() {
        let langs = |t: &str| extract(t).profile.languages;
        assert_eq!(
            langs("i speak sinhala, little tamil and arabic also little bit. i want live in"),
            ["dialect:sinhala", "dialect:tamil", "dialect:arabic"]
        );
        assert_eq!(langs("吉林延边的 四十五 会说朝鲜话 伺候卧床的老头儿五年了"), ["dialect:朝鲜话"]);
        // Said of food or a family, no language of hers.
        assert!(langs("i cook arabic food for a malay family").is_empty());
        assert_eq!(langs("My Chinese okay, Malay also can."), ["mandarin", "dialect:malay"]);
        assert_eq!(langs("广东话 华语 马来话都会讲"), ["cantonese", "mandarin", "dialect:马来话"]);
        assert_eq!(langs("普通话不大标准 上海话没问题"), ["mandarin", "dialect:shanghainese"]);
        assert_eq!(langs("I speak English and Twi."), ["english", "dialect:twi"]);
        assert_eq!(langs("Tamil and little English I speak. Thank you"), ["english", "dialect:tamil"]);
    }
}
