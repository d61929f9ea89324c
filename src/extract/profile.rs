//! The résumé profile: the contract between extraction, cards, search and the
//! API (shared/PROFILE.md). Every list item carries the worker's own words as
//! evidence; scalars not said are `None`, never guessed.

use serde::{Deserialize, Serialize};

/// One fact and the words of the transcript it came from (verbatim).
/// Read from JSON either whole or, as in labelled sets that only say what
/// is expected, as a bare code (with no evidence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(from = "FactJson")]
pub struct Fact {
    pub code: String,
    pub evidence: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FactJson {
    Whole { code: String, evidence: String },
    Code(String),
}

impl From<FactJson> for Fact {
    fn from(json: FactJson) -> Fact {
        match json {
            FactJson::Whole { code, evidence } => Fact { code, evidence },
            FactJson::Code(code) => Fact { code, evidence: String::new() },
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Profile {
    pub name: Option<String>,
    pub age: Option<u32>,
    pub hometown: Option<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    pub years_experience: Option<f64>,
    pub live_in: Option<bool>,
    pub expected_salary_cny_month: Option<u32>,
    pub work_area: Option<String>,
    /// Private: recruiters only, never on a public card.
    pub phone: Option<String>,
    #[serde(default)]
    pub services: Vec<Fact>,
    #[serde(default)]
    pub skills: Vec<Fact>,
    #[serde(default)]
    pub certificates: Vec<Fact>,
    #[serde(default)]
    pub summary: String,
}

impl Profile {
    /// True when nothing at all was learnt.
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.age.is_none()
            && self.hometown.is_none()
            && self.languages.is_empty()
            && self.years_experience.is_none()
            && self.live_in.is_none()
            && self.expected_salary_cny_month.is_none()
            && self.work_area.is_none()
            && self.phone.is_none()
            && self.services.is_empty()
            && self.skills.is_empty()
            && self.certificates.is_empty()
    }

    /// Every code in the three lists.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.services.iter().chain(&self.skills).chain(&self.certificates).map(|f| f.code.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fact_reads_whole_or_as_a_bare_code_and_writes_whole() {
        let whole: Fact = serde_json::from_str(r#"{"code": "cooking", "evidence": "会做饭"}"#).unwrap();
        assert_eq!(whole, Fact { code: "cooking".into(), evidence: "会做饭".into() });
        let bare: Fact = serde_json::from_str(r#""cooking""#).unwrap();
        assert_eq!(bare, Fact { code: "cooking".into(), evidence: String::new() });
        assert_eq!(serde_json::to_string(&bare).unwrap(), r#"{"code":"cooking","evidence":""}"#);
        assert!(serde_json::from_str::<Fact>(r#"{"code": "cooking"}"#).is_err());
    }
}
