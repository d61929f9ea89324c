//! Measures extraction against a labelled set (`tests/fixtures/extract_eval.jsonl`):
//! micro precision/recall/F1 over services, skills and certificates;
//! accuracy of the scalars; evidence not found verbatim; negated facts
//! extracted. `ayi eval extract` prints it and a test holds the thresholds.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::taxonomy::Kind;
use super::{Extraction, Extractor, Fact, Layers, Profile};

#[derive(Debug, Deserialize)]
pub struct Case {
    pub id: String,
    pub transcript: String,
    pub gold: Gold,
}

/// What a labelled case should give: the profile as the labels say it
/// (facts as bare codes), and the codes the worker denies.
#[derive(Debug, Deserialize)]
pub struct Gold {
    #[serde(flatten)]
    pub profile: Profile,
    #[serde(default)]
    pub negated: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub cases: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Over name, age, years_experience, live_in, expected_salary_cny_month.
    pub scalar_accuracy: f64,
    /// Over hometown, work_area, phone and languages (reported, not gated).
    pub other_accuracy: f64,
    pub evidence_not_in_transcript: usize,
    pub negated_facts_extracted: usize,
    /// One line per disagreement, for reading.
    pub errors: Vec<String>,
}

pub fn load(path: &Path) -> Result<Vec<Case>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1)))
        .collect()
}

/// `"{got:?} want {want:?}"` when the extracted value is not the labelled one.
fn differs<T: PartialEq + std::fmt::Debug>(got: &T, want: &T) -> Option<String> {
    (got != want).then(|| format!("{got:?} want {want:?}"))
}

/// The same for names and places, where letter case is how it is shown, not
/// what was heard: "Maria Santos" is right for a gold "maria santos".
fn differs_in_words(got: &Option<String>, want: &Option<String>) -> Option<String> {
    let folded = |s: &Option<String>| s.as_ref().map(|s| s.to_lowercase());
    (folded(got) != folded(want)).then(|| format!("{got:?} want {want:?}"))
}

/// A dialect by the taxonomy's code, however it was named: authors write
/// "dialect:上海话" or "dialect:hokkien" for "dialect:shanghainese" and
/// "dialect:minnan". A dialect the taxonomy does not list stays as named.
fn listed_language(code: &str) -> String {
    let Some(name) = code.strip_prefix("dialect:") else { return code.to_string() };
    let taxonomy = super::taxonomy::Taxonomy::embedded();
    let listed = taxonomy.get(code).filter(|c| c.kind == Kind::Language).or_else(|| taxonomy.language_called(name));
    listed.map_or_else(|| code.to_string(), |c| c.code.clone())
}

pub fn evaluate(extractor: &Extractor, cases: &[Case]) -> Report {
    evaluate_with(cases, |text| extractor.extract(text))
}

/// The same measures for any way of extracting (a layer under test).
pub fn evaluate_with(cases: &[Case], mut extract: impl FnMut(&str) -> super::Extraction) -> Report {
    let mut r = Report { cases: cases.len(), ..Default::default() };
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let (mut scalar_ok, mut scalar_n, mut other_ok, mut other_n) = (0, 0, 0, 0);
    for case in cases {
        let e = extract(&case.transcript);
        let p: &Profile = &e.profile;
        let got: BTreeSet<&str> = p.codes().collect();
        let g = &case.gold.profile;
        let want: BTreeSet<&str> = g.codes().collect();
        for code in got.difference(&want) {
            fp += 1;
            r.errors.push(format!("{}: extra {code}", case.id));
        }
        for code in want.difference(&got) {
            fn_ += 1;
            r.errors.push(format!("{}: missed {code}", case.id));
        }
        tp += got.intersection(&want).count();
        for fact in p.services.iter().chain(&p.skills).chain(&p.certificates) {
            if !case.transcript.contains(&fact.evidence) {
                r.evidence_not_in_transcript += 1;
                r.errors.push(format!("{}: evidence {:?} not in transcript", case.id, fact.evidence));
            }
        }
        for code in &case.gold.negated {
            if got.contains(code.as_str()) {
                r.negated_facts_extracted += 1;
                r.errors.push(format!("{}: negated {code} extracted", case.id));
            }
        }
        // `disagreement` is `None` when the field is right; gated fields make scalar_accuracy.
        let mut check = |field: &str, disagreement: Option<String>, gated: bool| {
            let ok = disagreement.is_none();
            if gated {
                scalar_n += 1;
                scalar_ok += ok as usize;
            } else {
                other_n += 1;
                other_ok += ok as usize;
            }
            if let Some(shown) = disagreement {
                r.errors.push(format!("{}: {field} {shown}", case.id));
            }
        };
        check("name", differs_in_words(&p.name, &g.name), true);
        check("age", differs(&p.age, &g.age), true);
        check("years", differs(&p.years_experience, &g.years_experience), true);
        check("live_in", differs(&p.live_in, &g.live_in), true);
        check("salary", differs(&p.expected_salary_cny_month, &g.expected_salary_cny_month), true);
        check("hometown", differs_in_words(&p.hometown, &g.hometown), false);
        check("work_area", differs_in_words(&p.work_area, &g.work_area), false);
        check("phone", differs(&p.phone, &g.phone), false);
        let langs: BTreeSet<String> = p.languages.iter().map(|l| listed_language(l)).collect();
        let want_langs: BTreeSet<String> = g.languages.iter().map(|l| listed_language(l)).collect();
        check("languages", differs(&langs, &want_langs), false);
    }
    r.precision = tp as f64 / (tp + fp).max(1) as f64;
    r.recall = tp as f64 / (tp + fn_).max(1) as f64;
    r.f1 = if r.precision + r.recall > 0.0 { 2.0 * r.precision * r.recall / (r.precision + r.recall) } else { 0.0 };
    r.scalar_accuracy = scalar_ok as f64 / scalar_n.max(1) as f64;
    r.other_accuracy = other_ok as f64 / other_n.max(1) as f64;
    r
}

/// Another labelling of the same transcripts scored against `gold` with the
/// extractor's measures, as if it were an extractor's output: how far two
/// labellers agree bounds what any extractor can score against one of them.
pub fn agreement(gold: &[Case], other: &[Case]) -> Result<Report, String> {
    same_transcripts(gold, other)?;
    let mut labels = other.iter();
    Ok(evaluate_with(gold, |_| {
        let case = labels.next().expect("as many cases as gold");
        Extraction { profile: case.gold.profile.clone(), negated: case.gold.negated.iter().cloned().collect() }
    }))
}

fn same_transcripts(a: &[Case], b: &[Case]) -> Result<(), String> {
    if a.len() != b.len() {
        return Err(format!("{} cases against {}", a.len(), b.len()));
    }
    match a.iter().zip(b).find(|(x, y)| x.id != y.id || x.transcript != y.transcript) {
        Some((x, _)) => Err(format!("{}: not the same case or transcript in both labellings", x.id)),
        None => Ok(()),
    }
}

/// What most labellers say of each case: a code where more than half list
/// it, a field's value where more than half give it (names and places
/// compared without letter case); where no value has a majority, the first
/// labelling's (the set's own author) stands.
pub fn majority(labellings: &[&[Case]]) -> Result<Vec<Case>, String> {
    let (first, rest) = labellings.split_first().ok_or("no labellings")?;
    for other in rest {
        same_transcripts(first, other)?;
    }
    let mut agreed = Vec::with_capacity(first.len());
    for (i, case) in first.iter().enumerate() {
        let golds: Vec<&Gold> = labellings.iter().map(|l| &l[i].gold).collect();
        let profiles: Vec<&Profile> = golds.iter().map(|g| &g.profile).collect();
        let facts = |list: fn(&Profile) -> &Vec<Fact>| -> Vec<Fact> {
            let codes = most_listed(golds.len(), profiles.iter().map(|p| list(p).iter().map(|f| f.code.clone())));
            codes.into_iter().map(|code| Fact { code, evidence: String::new() }).collect()
        };
        let profile = Profile {
            name: most_of(&profiles, |p| p.name.clone(), fold),
            age: most_of(&profiles, |p| p.age, |v| *v),
            hometown: most_of(&profiles, |p| p.hometown.clone(), fold),
            languages: most_listed(
                golds.len(),
                profiles.iter().map(|p| p.languages.iter().map(|l| listed_language(l))),
            ),
            years_experience: most_of(&profiles, |p| p.years_experience, |v| v.map(f64::to_bits)),
            live_in: most_of(&profiles, |p| p.live_in, |v| *v),
            expected_salary_cny_month: most_of(&profiles, |p| p.expected_salary_cny_month, |v| *v),
            work_area: most_of(&profiles, |p| p.work_area.clone(), fold),
            phone: most_of(&profiles, |p| p.phone.clone(), Clone::clone),
            services: facts(|p| &p.services),
            skills: facts(|p| &p.skills),
            certificates: facts(|p| &p.certificates),
            summary: String::new(),
        };
        let negated = most_listed(golds.len(), golds.iter().map(|g| g.negated.iter().cloned()));
        agreed.push(Case { id: case.id.clone(), transcript: case.transcript.clone(), gold: Gold { profile, negated } });
    }
    Ok(agreed)
}

/// The items that more than half of `voters` lists name.
fn most_listed<I: IntoIterator<Item = String>>(voters: usize, lists: impl Iterator<Item = I>) -> Vec<String> {
    let mut votes = std::collections::BTreeMap::<String, usize>::new();
    for list in lists {
        for item in list.into_iter().collect::<BTreeSet<_>>() {
            *votes.entry(item).or_default() += 1;
        }
    }
    votes.into_iter().filter(|(_, n)| *n > voters / 2).map(|(item, _)| item).collect()
}

fn fold(value: &Option<String>) -> Option<String> {
    value.as_ref().map(|s| s.to_lowercase())
}

/// The value of `field` that more than half the profiles give (compared by
/// `key`), else the first profile's.
fn most_of<T, K: PartialEq>(profiles: &[&Profile], field: impl Fn(&Profile) -> T, key: impl Fn(&T) -> K) -> T {
    let values: Vec<T> = profiles.iter().map(|p| field(p)).collect();
    let keys: Vec<K> = values.iter().map(&key).collect();
    let quorum = profiles.len() / 2 + 1;
    let winner = (0..keys.len()).find(|&i| keys.iter().filter(|k| **k == keys[i]).count() >= quorum).unwrap_or(0);
    values.into_iter().nth(winner).expect("one value per profile")
}

/// One way of extracting, as `ayi eval extract --layer` names it. Each adds
/// to the one before: rules, then pinyin sound-alikes, then e5 proposals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// The taxonomy phrases as written, cue words and numbers.
    Rules,
    /// + pinyin-tolerant matching of misheard phrases.
    Sounds,
    /// + multilingual-e5 similarity of uncovered clauses to taxonomy phrases.
    E5,
    /// + e5 proposals at a looser threshold, each confirmed by Gemma 3 270M.
    Gemma,
    /// + e5 proposals at a looser threshold, each confirmed by Qwen2.5 0.5B.
    Qwen,
}

/// One set measured under one layer.
#[derive(Debug, Serialize)]
pub struct Row {
    pub set: String,
    pub layer: Layer,
    /// Mean extraction time per transcript, in milliseconds.
    pub ms_per_case: f64,
    #[serde(flatten)]
    pub report: Report,
}

/// What the model layers need, loaded once when a row asks for them.
pub struct ModelLayers {
    pub embedder: Box<dyn crate::embed::Embedder>,
    pub similar: super::similar::SimilarityLayer,
    /// The e5 threshold alone, and the looser one whose proposals a judge confirms.
    pub threshold: f32,
    pub judged_threshold: f32,
    pub gemma: Option<super::judge::Judge>,
    pub qwen: Option<super::judge::Judge>,
}

/// Measures `cases` under `layer`; `models` serves the e5 and judge layers.
pub fn evaluate_layer(
    taxonomy: &super::Taxonomy,
    layer: Layer,
    cases: &[Case],
    models: Option<&mut ModelLayers>,
) -> Result<(Report, f64), super::ExtractError> {
    let layers = if layer == Layer::Rules { Layers::RULES } else { Layers { sounds: true } };
    let extractor = Extractor::with_layers(taxonomy.clone(), layers);
    let started = std::time::Instant::now();
    let report = match (layer, models) {
        (Layer::Rules | Layer::Sounds, _) => evaluate(&extractor, cases),
        (_, None) => return Err(super::ExtractError::EvalSet("the e5 and judge layers need the models".into())),
        (_, Some(m)) => {
            m.similar.threshold = if layer == Layer::E5 { m.threshold } else { m.judged_threshold };
            let mut judge = match layer {
                Layer::Gemma => m.gemma.as_mut(),
                Layer::Qwen => m.qwen.as_mut(),
                _ => None,
            };
            let mut failure = None;
            let report = evaluate_with(cases, |text| {
                extractor
                    .extract_with_similar(text, &m.similar, m.embedder.as_mut(), judge.as_deref_mut())
                    .unwrap_or_else(|e| {
                        failure = Some(e);
                        extractor.extract(text)
                    })
            });
            if let Some(e) = failure {
                return Err(e);
            }
            report
        }
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0 / cases.len().max(1) as f64;
    Ok((report, ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(gold: &str) -> Case {
        let line = format!(r#"{{"id": "a", "transcript": "我叫李红 会做饭 不带孩子", "gold": {gold}}}"#);
        serde_json::from_str(&line).unwrap()
    }

    #[test]
    fn agreement_scores_one_labelling_as_the_others_extraction() {
        let gold = [case(r#"{"name": "李红", "services": ["cooking", "child_care"], "negated": []}"#)];
        let other = [case(r#"{"name": "李红", "services": ["cooking", "housekeeping"], "negated": []}"#)];
        let report = agreement(&gold, &other).unwrap();
        assert_eq!((report.precision, report.recall), (0.5, 0.5));
        assert_eq!(report.scalar_accuracy, 1.0);
        assert!(report.errors.iter().any(|e| e == "a: extra housekeeping"), "{:?}", report.errors);
    }

    #[test]
    fn agreement_refuses_labellings_of_different_transcripts() {
        let gold = [case(r#"{"negated": []}"#)];
        let mut other = [case(r#"{"negated": []}"#)];
        other[0].transcript.push_str(" 五十岁");
        assert!(agreement(&gold, &other).unwrap_err().contains("not the same"));
        assert!(agreement(&gold, &[]).is_err());
    }

    #[test]
    fn the_majority_keeps_what_most_labellers_say_and_the_first_breaks_ties() {
        let first = [case(r#"{"name": "李红", "age": 50, "services": ["cooking"], "negated": ["child_care"]}"#)];
        let second =
            [case(r#"{"name": "李", "age": 51, "services": ["cooking", "housekeeping"], "negated": ["child_care"]}"#)];
        let third = [case(r#"{"name": "李", "age": 52, "services": ["housekeeping"], "negated": []}"#)];
        let labellings: [&[Case]; 3] = [&first, &second, &third];
        let agreed = majority(&labellings).unwrap();
        let gold = &agreed[0].gold;
        assert_eq!(gold.profile.name.as_deref(), Some("李"));
        assert_eq!(gold.profile.age, Some(50), "no majority: the first labelling's");
        let services: Vec<&str> = gold.profile.services.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(services, ["cooking", "housekeeping"]);
        assert_eq!(gold.negated, ["child_care"]);
    }
}
