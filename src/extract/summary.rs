//! The profile's summary, composed from its facts with the templates in
//! `prompts/summary.{zh,en}.txt`, so it can only say what the profile says.
//!
//! A template is text with `{field}` slots; a `[bracketed]` part is dropped
//! when any slot in it has no value. The result is tidied into sentences.

use std::collections::HashMap;

use super::profile::Profile;
use super::taxonomy::Taxonomy;
use super::SummaryLanguage;

const ZH: &str = include_str!("../../prompts/summary.zh.txt");
const EN: &str = include_str!("../../prompts/summary.en.txt");

/// The parsed template: its body and the words for `{live_in}`.
struct Template {
    body: String,
    live_in_yes: String,
    live_in_no: String,
}

fn parse(text: &str) -> Template {
    let mut t = Template { body: String::new(), live_in_yes: String::new(), live_in_no: String::new() };
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        if let Some(v) = line.strip_prefix("live_in.true=") {
            t.live_in_yes = v.to_string();
        } else if let Some(v) = line.strip_prefix("live_in.false=") {
            t.live_in_no = v.to_string();
        } else {
            t.body.push_str(line);
        }
    }
    t
}

fn fill(body: &str, values: &HashMap<&str, String>) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('[') {
        out.push_str(&fill_slots(&rest[..open], values).unwrap_or_default());
        let close = rest[open..].find(']').map_or(rest.len(), |c| open + c);
        if let Some(part) = fill_slots(&rest[open + 1..close], values) {
            out.push_str(&part);
        }
        rest = &rest[(close + 1).min(rest.len())..];
    }
    out.push_str(&fill_slots(rest, values).unwrap_or_default());
    out
}

/// Replaces every `{slot}`; `None` if one has no value.
fn fill_slots(part: &str, values: &HashMap<&str, String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = part;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}')?;
        out.push_str(values.get(&rest[open + 1..close])?);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

pub fn compose(taxonomy: &Taxonomy, p: &Profile, language: SummaryLanguage) -> String {
    let zh = language == SummaryLanguage::Zh;
    let template = parse(if zh { ZH } else { EN });
    let list = |facts: &[super::Fact]| -> Option<String> {
        let labels: Vec<String> = facts.iter().take(4).map(|f| taxonomy.label(&f.code, zh)).collect();
        (!labels.is_empty()).then(|| labels.join(if zh { "、" } else { ", " }))
    };
    let mut values: HashMap<&str, String> = HashMap::new();
    let mut put = |k: &'static str, v: Option<String>| {
        if let Some(v) = v {
            values.insert(k, v);
        }
    };
    put("name", p.name.clone());
    put("age", p.age.map(|a| a.to_string()));
    put("hometown", p.hometown.clone());
    put("years", p.years_experience.map(|y| format!("{y}")));
    put("services", list(&p.services));
    put("skills", list(&p.skills));
    put("certificates", list(&p.certificates));
    put("live_in", p.live_in.map(|yes| if yes { template.live_in_yes.clone() } else { template.live_in_no.clone() }));
    put("salary", p.expected_salary_cny_month.map(|s| s.to_string()));
    put("area", p.work_area.clone());
    let text = fill(&template.body, &values);
    let text = text.trim().trim_end_matches(['，', ',', ' ']);
    if text.is_empty() {
        return String::new();
    }
    if zh {
        format!("{text}。")
    } else {
        let mut chars = text.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
        format!("{first}{}.", chars.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Fact;

    #[test]
    fn only_known_facts_are_written() {
        let t = Taxonomy::embedded();
        let mut p =
            Profile { name: Some("王秀兰".into()), age: Some(48), live_in: Some(false), ..Default::default() };
        p.services.push(Fact { code: "elderly_care".into(), evidence: "看老人".into() });
        let zh = compose(t, &p, SummaryLanguage::Zh);
        assert!(zh.starts_with("王秀兰，48岁，") && zh.contains("不住家") && zh.ends_with('。'), "{zh}");
        assert!(!zh.contains("月薪") && !zh.contains('{'), "{zh}");
        let en = compose(t, &p, SummaryLanguage::En);
        assert!(en.starts_with("王秀兰, aged 48") && en.contains("not live-in") && en.ends_with('.'), "{en}");
        assert_eq!(compose(t, &Profile::default(), SummaryLanguage::Zh), "");
    }
}
