//! The skill taxonomy: every code ayi understands, with Chinese and English
//! labels and the words workers actually use for it.
//!
//! It is data (`assets/taxonomy.json`, compiled in; `AYI_TAXONOMY` points at
//! another file), so codes and synonyms are added without touching code. The
//! core codes of the profile contract (shared/PROFILE.md) must all be present;
//! [`Taxonomy::load`] checks that and that no phrase means two codes.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

/// Marks a short gap inside a synonym: "带…宝宝" matches "带过三个宝宝".
pub const GAP: char = '…';

pub const TAXONOMY_JSON: &str = include_str!("../../assets/taxonomy.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Service,
    Skill,
    Certificate,
    Language,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Code {
    pub code: String,
    pub kind: Kind,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub description_zh: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub synonyms_zh: Vec<String>,
    #[serde(default)]
    pub synonyms_en: Vec<String>,
    /// Other codes that a mention of this one also establishes.
    #[serde(default)]
    pub implies: Vec<Implication>,
    /// Everyday words that mean this code only in an answer about old or
    /// sick people.
    #[serde(default)]
    pub care_words: Option<CareWords>,
    /// The certificate that a paper named after this work is: "伺候老人的证"
    /// is the carer's certificate, "带宝宝的证" the childcare one.
    #[serde(default)]
    pub paper: Option<String>,
}

/// "洗澡", "shower", "上厕所", "feed her": said of anyone, so the phrases
/// list cannot hold them. In an answer about old or sick people they are
/// the care skill; with a pet in the clause (or, in English, named last
/// before them), or in an answer about babies only, they are that one's
/// skill if there is one, else nothing; in an answer about neither,
/// nothing ([`super::facts`] decides).
#[derive(Debug, Clone, Deserialize)]
pub struct CareWords {
    #[serde(default)]
    pub zh: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
    pub of_babies: Option<String>,
    pub of_pets: Option<String>,
    /// Words said only of a pet ("walk him"): about anyone else they are
    /// nothing, not this code.
    #[serde(default)]
    pub pets_only: bool,
    /// Words that are this code only in an answer about babies, where they
    /// are said of the new mother ("产妇那边 伤口", "her wound"): of an old
    /// or sick person ("伤口换药") they are nothing.
    #[serde(default)]
    pub mothers_only: bool,
}

/// "搞卫生" (cleaning) is also housekeeping work; "帮老人洗澡" (bathing
/// assistance) is elderly care when the clause is about old people.
#[derive(Debug, Clone, Deserialize)]
pub struct Implication {
    pub code: String,
    /// Only when the clause contains one of these words (empty: always).
    #[serde(default)]
    pub when_clause_has: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct LanguageEntry {
    code: String,
    zh: String,
    en: String,
    #[serde(default)]
    synonyms_zh: Vec<String>,
    #[serde(default)]
    synonyms_en: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct TaxonomyFile {
    codes: Vec<Code>,
    #[serde(default)]
    languages: Vec<LanguageEntry>,
}

#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    #[error("cannot read the taxonomy {0}: {1}")]
    Read(String, std::io::Error),
    #[error("the taxonomy is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the taxonomy lacks core code {0} (shared/PROFILE.md)")]
    MissingCore(&'static str),
    #[error("the taxonomy names a code it does not have: {0}")]
    UnknownCode(String),
    #[error("the phrase {phrase:?} is listed for both {first} and {second}")]
    Ambiguous { phrase: String, first: String, second: String },
}

/// The core codes of the profile contract, which every taxonomy must keep.
pub const CORE_CODES: &[(&str, Kind)] = &[
    ("housekeeping", Kind::Service),
    ("cooking", Kind::Service),
    ("infant_care", Kind::Service),
    ("maternity_care", Kind::Service),
    ("child_care", Kind::Service),
    ("elderly_care", Kind::Service),
    ("patient_care", Kind::Service),
    ("pet_care", Kind::Service),
    ("hourly", Kind::Service),
    ("home_cooking", Kind::Skill),
    ("sichuan_cuisine", Kind::Skill),
    ("cantonese_cuisine", Kind::Skill),
    ("wheaten_food", Kind::Skill),
    ("western_cooking", Kind::Skill),
    ("baking", Kind::Skill),
    ("elderly_diet", Kind::Skill),
    ("confinement_meals", Kind::Skill),
    ("baby_food", Kind::Skill),
    ("diabetic_diet", Kind::Skill),
    ("bathing_assist", Kind::Skill),
    ("feeding_assist", Kind::Skill),
    ("repositioning", Kind::Skill),
    ("toileting_care", Kind::Skill),
    ("transfer_mobility", Kind::Skill),
    ("dementia_care", Kind::Skill),
    ("medication_reminders", Kind::Skill),
    ("vital_signs", Kind::Skill),
    ("pressure_sore_care", Kind::Skill),
    ("rehab_exercise", Kind::Skill),
    ("nasogastric_feeding", Kind::Skill),
    ("companionship", Kind::Skill),
    ("newborn_bathing", Kind::Skill),
    ("umbilical_care", Kind::Skill),
    ("formula_feeding", Kind::Skill),
    ("lactation_support", Kind::Skill),
    ("infant_massage", Kind::Skill),
    ("diaper_change", Kind::Skill),
    ("sleep_soothing", Kind::Skill),
    ("early_education", Kind::Skill),
    ("postpartum_recovery", Kind::Skill),
    ("cleaning", Kind::Skill),
    ("laundry_ironing", Kind::Skill),
    ("organizing", Kind::Skill),
    ("window_cleaning", Kind::Skill),
    ("school_pickup", Kind::Skill),
    ("homework_help", Kind::Skill),
    ("driving", Kind::Skill),
    ("dog_walking", Kind::Skill),
    ("pet_grooming", Kind::Skill),
    ("health_certificate", Kind::Certificate),
    ("elderly_carer_cert", Kind::Certificate),
    ("maternity_nurse_cert", Kind::Certificate),
    ("childcare_cert", Kind::Certificate),
    ("housekeeping_cert", Kind::Certificate),
    ("nurse_license", Kind::Certificate),
    ("dietitian_cert", Kind::Certificate),
    ("lactation_cert", Kind::Certificate),
    ("first_aid_cert", Kind::Certificate),
    ("driver_license", Kind::Certificate),
];

/// An English phrase with its one determiner or object pronoun said of
/// someone else: "turn the body" as "turn his body", "turn him every" as
/// "turn them every", "his" as "the", "her" or "their". "her" itself is left
/// as written (object or determiner?), and "my" is never made: her own
/// family is not the work. For a code with care words the person decides
/// the code, so only his, him and her change places: "change his diaper" is
/// an adult's and "change the diaper" a baby's, "cut their nails" and "give
/// them bath" may be said of pets.
fn said_of_another(phrase: &str, whose: bool) -> Vec<String> {
    let words: Vec<&str> = phrase.split(' ').collect();
    let mut variants = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let before_a_word = i + 1 < words.len();
        let swaps: &[&str] = match (*word, whose) {
            ("his", true) if before_a_word => &["her"],
            ("him", true) => &["her"],
            (_, true) => continue,
            ("the", false) if before_a_word => &["his", "her", "their"],
            ("his", false) if before_a_word => &["the", "her", "their"],
            ("their", false) if before_a_word => &["the", "his", "her"],
            ("him", false) => &["her", "them"],
            ("them", false) => &["him", "her"],
            _ => continue,
        };
        for swap in swaps {
            let mut other = words.clone();
            other[i] = swap;
            variants.push(other.join(" "));
        }
    }
    variants
}

/// An English phrase of two words or more with its first word, a verb, in
/// its other regular forms: "wash the bottles" as "washing" and "washed the
/// bottles"; "helping him" as "help" and "helped him". Not "washes": she
/// speaks of herself, and "his son checks the sugar" is not her work. Forms
/// that are no words ("babying food") are never said, so cost nothing.
fn other_tenses(phrase: &str) -> Vec<String> {
    let Some((verb, rest)) = phrase.split_once(' ') else { return Vec::new() };
    if !verb.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    // The base form, and the stem -ing is put on ("bring" and "need" are no
    // -ing or -ed forms: too short a stem).
    let stripped = |suffix| verb.strip_suffix(suffix).filter(|stem: &&str| stem.len() > 2);
    let (base, stem) = match stripped("ing").or_else(|| stripped("ed")) {
        Some(stem) => (stem, stem),
        None => (verb, verb.strip_suffix('e').unwrap_or(verb)),
    };
    let past = if base.ends_with('e') { format!("{base}d") } else { format!("{base}ed") };
    [base.to_string(), format!("{stem}ing"), past]
        .into_iter()
        .filter(|form| form != verb)
        .map(|form| format!("{form} {rest}"))
        .collect()
}

/// One phrase to look for, and what it means.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub text: String,
    pub code_index: usize,
    /// One of the code's [`CareWords`]: it means the code only by whom the
    /// answer is about, and is heard only as written.
    pub care_word: bool,
    /// Made from another phrase by [`said_of_another`] or [`other_tenses`]:
    /// matched as written only, never by its sound (it would multiply the
    /// chance likenesses) nor as an exemplar of its code.
    pub derived: bool,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Services, skills, certificates and languages, in file order.
    pub codes: Vec<Code>,
    pub phrases: Vec<Phrase>,
    by_code: HashMap<String, usize>,
}

impl Taxonomy {
    /// The taxonomy compiled into the binary, or the file `AYI_TAXONOMY` names.
    pub fn load() -> Result<Taxonomy, TaxonomyError> {
        match std::env::var_os("AYI_TAXONOMY") {
            Some(path) => Taxonomy::from_file(Path::new(&path)),
            None => Taxonomy::parse(TAXONOMY_JSON),
        }
    }

    /// The compiled-in taxonomy (checked by the tests, so it cannot fail).
    pub fn embedded() -> &'static Taxonomy {
        static EMBEDDED: std::sync::OnceLock<Taxonomy> = std::sync::OnceLock::new();
        EMBEDDED.get_or_init(|| Taxonomy::parse(TAXONOMY_JSON).expect("assets/taxonomy.json is valid"))
    }

    pub fn from_file(path: &Path) -> Result<Taxonomy, TaxonomyError> {
        let text = std::fs::read_to_string(path).map_err(|e| TaxonomyError::Read(path.display().to_string(), e))?;
        Taxonomy::parse(&text)
    }

    pub fn parse(json: &str) -> Result<Taxonomy, TaxonomyError> {
        let file: TaxonomyFile = serde_json::from_str(json)?;
        let mut codes = file.codes;
        codes.extend(file.languages.into_iter().map(|l| Code {
            code: l.code,
            kind: Kind::Language,
            zh: l.zh,
            en: l.en,
            description_zh: String::new(),
            description_en: String::new(),
            synonyms_zh: l.synonyms_zh,
            synonyms_en: l.synonyms_en,
            implies: Vec::new(),
            care_words: None,
            paper: None,
        }));
        for (core, kind) in CORE_CODES {
            if !codes.iter().any(|c| c.code == *core && c.kind == *kind) {
                return Err(TaxonomyError::MissingCore(core));
            }
        }
        let mut phrases = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, code) in codes.iter().enumerate() {
            // Only the synonyms are phrases: labels ("提醒/协助服药", "换尿布（婴儿）")
            // split into words too generic to match on.
            let mut own = HashSet::new();
            let synonyms = code.synonyms_zh.iter().cloned().chain(code.synonyms_en.iter().map(|s| s.to_lowercase()));
            let care_words =
                code.care_words.iter().flat_map(|w| w.zh.iter().cloned().chain(w.en.iter().map(|s| s.to_lowercase())));
            for (text, care_word) in synonyms.map(|t| (t, false)).chain(care_words.map(|t| (t, true))) {
                let text = text.trim().to_string();
                if text.is_empty() || !own.insert(text.clone()) {
                    continue;
                }
                if let Some(&other) = seen.get(&text) {
                    return Err(TaxonomyError::Ambiguous {
                        phrase: text,
                        first: codes[other].code.clone(),
                        second: code.code.clone(),
                    });
                }
                seen.insert(text.clone(), i);
                phrases.push(Phrase { text, code_index: i, care_word, derived: false });
            }
        }
        // The same English phrase said of another person ("turn the body"
        // as "turn his body") or in another tense ("turning his body"), never
        // in place of a phrase already there.
        let variants: Vec<Phrase> = phrases
            .iter()
            .filter(|p| !p.care_word && p.text.is_ascii() && !p.text.contains(GAP))
            .flat_map(|p| {
                let whose = codes[p.code_index].care_words.is_some();
                let persons = said_of_another(&p.text, whose);
                let tenses: Vec<String> =
                    std::iter::once(&p.text).chain(&persons).flat_map(|text| other_tenses(text)).collect();
                persons.into_iter().chain(tenses).map(|text| (text, p.code_index))
            })
            .filter_map(|(text, code_index)| {
                if seen.contains_key(&text) {
                    return None;
                }
                seen.insert(text.clone(), code_index);
                Some(Phrase { text, code_index, care_word: false, derived: true })
            })
            .collect();
        phrases.extend(variants);
        let by_code: HashMap<String, usize> = codes.iter().enumerate().map(|(i, c)| (c.code.clone(), i)).collect();
        for words in codes.iter().filter_map(|c| c.care_words.as_ref()) {
            for other in words.of_babies.iter().chain(&words.of_pets) {
                if !by_code.contains_key(other) {
                    return Err(TaxonomyError::UnknownCode(other.clone()));
                }
            }
        }
        for paper in codes.iter().filter_map(|c| c.paper.as_ref()) {
            if !by_code.get(paper).is_some_and(|&i| codes[i].kind == Kind::Certificate) {
                return Err(TaxonomyError::UnknownCode(paper.clone()));
            }
        }
        Ok(Taxonomy { codes, phrases, by_code })
    }

    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    pub fn get(&self, code: &str) -> Option<&Code> {
        self.by_code.get(code).map(|&i| &self.codes[i])
    }

    /// The language or dialect a name says, in either script ("上海话",
    /// "Shanghainese", "hokkien").
    pub fn language_called(&self, name: &str) -> Option<&Code> {
        let lower = name.to_lowercase();
        self.codes.iter().filter(|c| c.kind == Kind::Language).find(|c| {
            c.zh == name
                || c.synonyms_zh.iter().any(|s| s == name)
                || c.synonyms_en.iter().any(|s| s.to_lowercase() == lower)
        })
    }

    pub fn label(&self, code: &str, chinese: bool) -> String {
        // An unlisted dialect is labelled by its own name: "dialect:天水话" → "天水话".
        self.get(code)
            .map(|c| if chinese { c.zh.clone() } else { c.en.clone() })
            .unwrap_or_else(|| code.strip_prefix("dialect:").unwrap_or(code).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code the embedded taxonomy's phrase `text` means, if it has one.
    fn code_of_phrase(text: &str) -> Option<&'static str> {
        let t = Taxonomy::embedded();
        t.phrases.iter().find(|p| p.text == text).map(|p| t.codes[p.code_index].code.as_str())
    }

    #[test]
    fn a_phrase_is_also_said_of_another_person() {
        let mut said = said_of_another("turn the body every two hours", false);
        said.sort();
        assert_eq!(
            said,
            ["turn her body every two hours", "turn his body every two hours", "turn their body every two hours"]
        );
        assert_eq!(said_of_another("turn him every", false), ["turn her every", "turn them every"]);
        // The person decides the code: his and her only.
        assert_eq!(said_of_another("cut his nails", true), ["cut her nails"]);
        assert!(said_of_another("change the diaper", true).is_empty());
        // "her" may be either; a last word is no determiner.
        assert!(said_of_another("help her", false).is_empty() && said_of_another("wash the", false).is_empty());
        assert_eq!(code_of_phrase("turn his body"), Some("repositioning"));
        assert_eq!(code_of_phrase("cut their nails"), None);
    }

    #[test]
    fn a_phrase_is_also_said_in_its_other_tenses() {
        assert_eq!(other_tenses("wash the bottles"), ["washing the bottles", "washed the bottles"]);
        assert_eq!(other_tenses("helping him"), ["help him", "helped him"]);
        assert_eq!(other_tenses("change the diaper"), ["changing the diaper", "changed the diaper"]);
        // Never the third person: "his son checks the sugar" is not hers.
        assert!(!other_tenses("check the sugar").iter().any(|t| t.starts_with("checks")));
        assert!(other_tenses("cooking").is_empty());
        assert_eq!(code_of_phrase("turning his body"), Some("repositioning"));
    }

    #[test]
    fn embedded_taxonomy_has_every_core_code_and_spoken_synonyms() {
        let t = Taxonomy::embedded();
        for (core, kind) in CORE_CODES {
            let code = t.get(core).unwrap();
            assert_eq!(code.kind, *kind);
            assert!(!code.synonyms_zh.is_empty() && !code.synonyms_en.is_empty(), "{core} has no synonyms");
        }
        assert!(t.get("cantonese").is_some_and(|c| c.kind == Kind::Language));
        assert_eq!(code_of_phrase("看老人"), Some("elderly_care"));
        assert_eq!(code_of_phrase("健康证"), Some("health_certificate"));
    }

    #[test]
    fn a_taxonomy_missing_a_core_code_or_with_an_ambiguous_phrase_is_refused() {
        assert!(matches!(Taxonomy::parse(r#"{"codes": []}"#), Err(TaxonomyError::MissingCore(_))));
        let mut file: serde_json::Value = serde_json::from_str(TAXONOMY_JSON).unwrap();
        let codes = file["codes"].as_array_mut().unwrap();
        let first_synonym = codes[0]["synonyms_zh"][0].clone();
        codes[1]["synonyms_zh"].as_array_mut().unwrap().push(first_synonym);
        assert!(matches!(Taxonomy::parse(&file.to_string()), Err(TaxonomyError::Ambiguous { .. })));
    }

    #[test]
    fn a_paper_named_after_work_must_be_a_certificate() {
        let t = Taxonomy::embedded();
        assert_eq!(t.get("elderly_care").and_then(|c| c.paper.as_deref()), Some("elderly_carer_cert"));
        let mut file: serde_json::Value = serde_json::from_str(TAXONOMY_JSON).unwrap();
        file["codes"][0]["paper"] = "cooking".into();
        assert!(matches!(Taxonomy::parse(&file.to_string()), Err(TaxonomyError::UnknownCode(_))));
    }
}
