//! The place names the extractor knows (assets/places.json): provinces,
//! cities and districts, in Chinese as spoken and in English as Whisper
//! writes them. Its own module because both the scalars (hometown, work
//! area) and the sound layer (a place is never a misheard phrase) read it.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

const PLACES_JSON: &str = include_str!("../../assets/places.json");

#[derive(Debug, Deserialize)]
pub(super) struct Places {
    pub(super) provinces_zh: Vec<String>,
    /// Sets, looked up by each prefix of what was said rather than scanned:
    /// there are a thousand names.
    pub(super) cities_zh: HashSet<String>,
    pub(super) districts_zh: HashSet<String>,
    pub(super) provinces_en: Vec<String>,
    pub(super) cities_en: Vec<String>,
    pub(super) districts_en: Vec<String>,
    /// Provinces and cities, for the longest place a phrase starts with.
    #[serde(skip)]
    pub(super) towns_zh: HashSet<String>,
    /// The English names in lower case: provinces and cities, and districts.
    #[serde(skip)]
    pub(super) towns_en: HashSet<String>,
    #[serde(skip)]
    pub(super) districts_en_lower: HashSet<String>,
}

pub(super) fn places() -> &'static Places {
    static PLACES: OnceLock<Places> = OnceLock::new();
    PLACES.get_or_init(|| {
        let mut p: Places = serde_json::from_str(PLACES_JSON).expect("assets/places.json is valid");
        p.towns_zh = p.provinces_zh.iter().chain(&p.cities_zh).cloned().collect();
        let lower = |names: &[&Vec<String>]| names.iter().copied().flatten().map(|n| n.to_ascii_lowercase()).collect();
        p.towns_en = lower(&[&p.provinces_en, &p.cities_en]);
        p.districts_en_lower = lower(&[&p.districts_en]);
        p
    })
}

/// The longest name in `names` that `s` starts with (names are 2–6 characters).
pub(super) fn longest_prefix<'s>(names: &HashSet<String>, s: &'s str) -> Option<&'s str> {
    let ends: Vec<usize> = s.char_indices().map(|(i, c)| i + c.len_utf8()).take(6).collect();
    ends.iter().skip(1).rev().map(|&end| &s[..end]).find(|prefix| names.contains(*prefix))
}

/// Whether an English word or name, in any letter case, is a province or city
/// we list.
pub(super) fn is_english_town(name: &str) -> bool {
    places().towns_en.contains(&name.to_ascii_lowercase())
}

/// Whether an English word or name, in any letter case, is a district we list.
pub(super) fn is_english_district(name: &str) -> bool {
    places().districts_en_lower.contains(&name.to_ascii_lowercase())
}

/// Whether an English word is a place we list ("guangzhou"): a place is
/// heard as itself, never as a misheard skill ("in guangzhou" sounds like
/// "ying yang shi").
pub(super) fn is_english_place(word: &str) -> bool {
    is_english_town(word) || is_english_district(word)
}
