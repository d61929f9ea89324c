//! Export of a profile as JSON Resume (jsonresume.org schema v1), so a
//! worker can take their résumé to any other service.
//!
//! Mapping: name, label (the main services), phone (private export only),
//! location.region (hometown), summary; services and skills become `skills`
//! entries with the worker's own words as keywords; certificates become
//! `certificates`; languages become `languages`. Pay, live-in and area,
//! which the schema has no field for, go under `meta.ayi`.

use serde_json::{json, Value};

use crate::extract::taxonomy::Taxonomy;
use crate::extract::Profile;

pub fn to_json_resume(profile: &Profile, taxonomy: &Taxonomy, chinese: bool) -> Value {
    let label = |code: &str| taxonomy.label(code, chinese);
    let services: Vec<String> = profile.services.iter().map(|f| label(&f.code)).collect();
    let skills: Vec<Value> = profile
        .services
        .iter()
        .chain(&profile.skills)
        .map(|f| json!({ "name": label(&f.code), "keywords": [f.evidence] }))
        .collect();
    let certificates: Vec<Value> = profile.certificates.iter().map(|f| json!({ "name": label(&f.code) })).collect();
    let languages: Vec<Value> = profile.languages.iter().map(|l| json!({ "language": label(l) })).collect();
    let mut basics = json!({
        "name": profile.name,
        "label": services.join(if chinese { "、" } else { ", " }),
        "summary": profile.summary,
    });
    if let Some(phone) = &profile.phone {
        basics["phone"] = json!(phone);
    }
    if let Some(hometown) = &profile.hometown {
        basics["location"] = json!({ "region": hometown });
    }
    json!({
        "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
        "basics": basics,
        "skills": skills,
        "certificates": certificates,
        "languages": languages,
        "meta": { "ayi": {
            "age": profile.age,
            "years_experience": profile.years_experience,
            "live_in": profile.live_in,
            "expected_salary_cny_month": profile.expected_salary_cny_month,
            "work_area": profile.work_area,
        }},
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::redact::public_profile;
    use crate::extract::Extractor;

    #[test]
    fn exports_facts_with_labels_and_keeps_the_phone_out_of_public_exports() {
        let e = Extractor::embedded();
        let p = e.extract("我叫王秀兰 河南人 照顾老人八年了 会帮老人洗澡 有健康证 会说粤语 电话13812345678").profile;
        let private = to_json_resume(&p, &e.taxonomy, true);
        assert_eq!(private["basics"]["name"], "王秀兰");
        assert_eq!(private["basics"]["phone"], "13812345678");
        assert_eq!(private["basics"]["location"]["region"], "河南");
        assert!(private["skills"].as_array().unwrap().iter().any(|s| s["keywords"][0] == "会帮老人洗澡"));
        assert_eq!(private["certificates"][0]["name"], e.taxonomy.label("health_certificate", true));
        assert_eq!(private["languages"][0]["language"], e.taxonomy.label("cantonese", true));
        let public = to_json_resume(&public_profile(&p, true), &e.taxonomy, true);
        assert!(public["basics"].get("phone").is_none());
        assert!(!public.to_string().contains("13812345678"));
    }
}
