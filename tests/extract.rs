//! Extraction held to the thresholds on the labelled set, and the CLI around it.

use ayi::extract::{eval, Extractor};

use crate::common::{ayi, fixture};

/// Every labelled set: the evaluation set; a held-out set and a negation
/// stress set, each written by someone who had seen neither the extractor nor
/// the other sets; and the spoken-style sets of issue 15 (unpunctuated,
/// colloquial, misheard), held a little under what they measure so a change
/// that costs a fact or two on them is seen. holdout14, 19, 20, 28, 30–33, 35,
/// 37, 39, 41, 43, 45, 47, 49, 51 and 53–88 stay sealed: they measure first
/// runs and later rounds, not a bar (BENCHMARKS.md). holdout52 is opened but
/// still extracts a negated fact.
#[test]
fn labelled_sets_meet_the_quality_bar() {
    for (set, size, f1, recall) in [
        ("extract_eval.jsonl", 40, 0.90, 0.90),
        ("extract_holdout.jsonl", 40, 0.90, 0.90),
        ("extract_stress.jsonl", 20, 0.90, 0.90),
        ("extract_spoken_zh.jsonl", 80, 0.98, 0.975),
        ("extract_spoken_en.jsonl", 30, 0.985, 0.985),
        ("extract_mishear.jsonl", 40, 0.97, 0.955),
        ("extract_spoken_holdout.jsonl", 70, 0.96, 0.955),
        ("extract_spoken_holdout2.jsonl", 60, 0.97, 0.955),
        ("extract_spoken_holdout3.jsonl", 60, 0.965, 0.955),
        ("extract_spoken_holdout4.jsonl", 70, 0.95, 0.94),
        ("extract_spoken_holdout5.jsonl", 70, 0.955, 0.945),
        ("extract_spoken_holdout6.jsonl", 50, 0.96, 0.94),
        ("extract_spoken_holdout7.jsonl", 50, 0.965, 0.955),
        ("extract_spoken_holdout8.jsonl", 50, 0.985, 0.985),
        ("extract_spoken_holdout9.jsonl", 50, 0.985, 0.985),
        ("extract_spoken_holdout10.jsonl", 50, 0.985, 0.99),
        ("extract_spoken_holdout11.jsonl", 50, 0.98, 0.985),
        ("extract_spoken_holdout12.jsonl", 50, 0.98, 0.985),
        ("extract_spoken_holdout13.jsonl", 50, 0.98, 0.985),
        ("extract_spoken_holdout15.jsonl", 50, 0.97, 0.965),
        ("extract_spoken_holdout16.jsonl", 50, 0.99, 0.99),
        ("extract_spoken_holdout17.jsonl", 50, 0.975, 0.97),
        ("extract_spoken_holdout18.jsonl", 50, 0.95, 0.95),
        ("extract_spoken_holdout21.jsonl", 50, 0.94, 0.95),
        ("extract_spoken_holdout22.jsonl", 50, 0.975, 0.975),
        ("extract_spoken_holdout23.jsonl", 50, 0.98, 0.985),
        ("extract_spoken_holdout24.jsonl", 50, 0.98, 0.975),
        ("extract_spoken_holdout25.jsonl", 50, 0.97, 0.955),
        ("extract_spoken_holdout27.jsonl", 50, 0.96, 0.97),
        ("extract_spoken_holdout29.jsonl", 50, 0.96, 0.945),
        ("extract_spoken_holdout38.jsonl", 50, 0.96, 0.965),
        ("extract_spoken_holdout40.jsonl", 50, 0.95, 0.94),
        ("extract_spoken_holdout42.jsonl", 50, 0.945, 0.94),
        ("extract_spoken_holdout26.jsonl", 50, 0.97, 0.98),
        ("extract_spoken_holdout34.jsonl", 50, 0.955, 0.94),
        ("extract_spoken_holdout36.jsonl", 50, 0.92, 0.88),
        ("extract_spoken_holdout44.jsonl", 50, 0.945, 0.94),
        ("extract_spoken_holdout46.jsonl", 50, 0.885, 0.865),
        ("extract_spoken_holdout48.jsonl", 50, 0.945, 0.94),
        ("extract_spoken_holdout50.jsonl", 50, 0.92, 0.885),
    ] {
        let cases = eval::load(&fixture(set)).unwrap();
        assert!(cases.len() >= size, "{set}");
        let report = eval::evaluate(Extractor::embedded(), &cases);
        let why = report.errors.join("\n");
        assert!(report.f1 >= f1, "{set}: micro-F1 {:.3}\n{why}", report.f1);
        assert!(report.recall >= recall, "{set}: recall {:.3}\n{why}", report.recall);
        assert!(report.scalar_accuracy >= 0.90, "{set}: scalar accuracy {:.3}\n{why}", report.scalar_accuracy);
        assert_eq!(report.evidence_not_in_transcript, 0, "{set}: {why}");
        assert_eq!(report.negated_facts_extracted, 0, "{set}: {why}");
    }
}

/// Sentences that claim no work of her own, written by helpers who saw
/// neither the extractor nor the labelled sets (BENCHMARKS.md, round two,
/// seventeenth): everyday talk, and work talk of others, questions back and
/// hearsay. Each file is held to the lines that still gave a fact when the
/// round ended, so a change that reads more of them as hers is seen.
#[test]
fn sentences_claiming_no_work_give_few_facts() {
    for (file, most) in [("probes/everyday.txt", 9), ("probes/notmine.txt", 49)] {
        let text = std::fs::read_to_string(fixture(file)).unwrap();
        let with_facts: Vec<&str> = text
            .lines()
            .filter(|line| {
                let p = Extractor::embedded().extract(line).profile;
                !(p.services.is_empty() && p.skills.is_empty() && p.certificates.is_empty())
            })
            .collect();
        assert!(with_facts.len() <= most, "{file}: {} lines give a fact:\n{}", with_facts.len(), with_facts.join("\n"));
    }
}

/// Labelled probe sentences ("+code -code<TAB>sentence"), written by two
/// helpers who saw neither the extractor nor the labelled sets (BENCHMARKS.md,
/// round two, eighteenth): 320 that deny, give up or lack something, and 320
/// that claim work in roundabout words. Each file is held to the negated
/// facts and missed claims left when the last round ended (twenty-first).
#[test]
fn labelled_probe_sentences_hold_their_denials_and_claims() {
    for (file, most_negated, most_missed) in [("probes/deny.txt", 63, 17), ("probes/claim.txt", 0, 111)] {
        let text = std::fs::read_to_string(fixture(file)).unwrap();
        let (mut negated, mut missed) = (Vec::new(), Vec::new());
        for line in text.lines() {
            let (labels, said) = line.split_once('\t').expect("labels<TAB>sentence");
            let p = Extractor::embedded().extract(said).profile;
            let got: Vec<&str> = p.codes().collect();
            for label in labels.split_whitespace() {
                let (sign, code) = label.split_at(1);
                match (sign, got.contains(&code)) {
                    ("-", true) => negated.push(format!("{code}: {said}")),
                    ("+", false) => missed.push(format!("{code}: {said}")),
                    _ => {}
                }
            }
        }
        assert!(negated.len() <= most_negated, "{file}: {} negated:\n{}", negated.len(), negated.join("\n"));
        assert!(missed.len() <= most_missed, "{file}: {} missed:\n{}", missed.len(), missed.join("\n"));
    }
}

#[test]
fn eval_agree_scores_labellings_against_each_other_their_majority_and_the_extractor() {
    let set = fixture("extract_spoken_holdout38.jsonl");
    let set = set.to_str().unwrap();
    let out = ayi(&["eval", "agree", "--labels", set, set, set]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    // Three pairs, three against the majority, the extractor against all four.
    assert_eq!(rows.len(), 3 + 3 + 4);
    for row in rows.iter().filter(|r| r["other"] != "extractor") {
        assert_eq!((row["f1"].as_f64(), row["scalar_accuracy"].as_f64()), (Some(1.0), Some(1.0)), "{row}");
    }
    let cases = eval::load(&fixture("extract_spoken_holdout38.jsonl")).unwrap();
    let extractor = eval::evaluate(Extractor::embedded(), &cases);
    let scored = rows.iter().find(|r| r["gold"] == "majority" && r["other"] == "extractor").unwrap();
    assert_eq!(scored["f1"].as_f64(), Some(extractor.f1));
}

#[test]
fn extract_reads_a_file_or_stdin_and_prints_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answer.txt");
    std::fs::write(&path, "我叫王秀兰 今年四十八岁 照顾老人八年了 不会开车 有健康证").unwrap();
    let out = ayi(&["extract", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let profile: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(profile["name"], "王秀兰");
    assert_eq!(profile["age"], 48);
    assert_eq!(profile["years_experience"], 8.0);
    assert_eq!(profile["services"][0]["code"], "elderly_care");
    assert_eq!(profile["certificates"][0]["code"], "health_certificate");
    assert!(profile["skills"].as_array().unwrap().iter().all(|s| s["code"] != "driving"));
    assert!(profile["summary"].as_str().unwrap().starts_with("王秀兰，48岁"));

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ayi"))
        .args(["extract", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all("hello can you hear me".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let empty: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(empty["name"].is_null() && empty["services"].as_array().unwrap().is_empty(), "{empty}");
    assert_eq!(empty["summary"], "");

    std::fs::write(&path, [0xff, 0xfe, 0x00, 0xd8]).unwrap();
    let out = ayi(&["extract", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
}

/// A real recording with no facts about work in it gives an empty profile:
/// nothing is made up.
#[test]
fn interview_on_real_speech_invents_nothing() {
    let jfk = fixture("jfk.wav");
    let out = ayi(&["interview", jfk.to_str().unwrap(), jfk.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["transcripts"].as_array().unwrap().len(), 2);
    assert!(json["transcripts"][0].as_str().unwrap().contains("fellow Americans"));
    let profile = &json["profile"];
    for list in ["services", "skills", "certificates", "languages"] {
        assert!(profile[list].as_array().unwrap().is_empty(), "{list}: {profile}");
    }
    for scalar in ["name", "age", "years_experience", "live_in", "expected_salary_cny_month", "phone"] {
        assert!(profile[scalar].is_null(), "{scalar}: {profile}");
    }
}

/// `ayi card` draws the PNG from `ayi extract`'s profile; the public card
/// differs from the private one where the name is.
#[test]
fn card_cli_renders_private_and_public_pngs() {
    let dir = tempfile::tempdir().unwrap();
    let transcript = dir.path().join("t.txt");
    std::fs::write(&transcript, "我叫王秀兰 今年四十八岁 照顾老人八年了 有健康证 电话13812345678").unwrap();
    let out = ayi(&["extract", transcript.to_str().unwrap()]);
    let profile = dir.path().join("p.json");
    std::fs::write(&profile, &out.stdout).unwrap();
    let mut pictures = Vec::new();
    for public in [false, true] {
        let png = dir.path().join(format!("card-{public}.png"));
        let mut args = vec!["card", profile.to_str().unwrap(), "--out", png.to_str().unwrap()];
        if public {
            args.push("--public");
        }
        let run = ayi(&args);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let img = image::open(&png).unwrap().to_rgba8();
        assert_eq!((img.width(), img.height()), (900, 600));
        pictures.push(img);
    }
    let name_region_differs = (244..600)
        .flat_map(|x| (40..90).map(move |y| (x, y)))
        .any(|(x, y)| pictures[0].get_pixel(x, y) != pictures[1].get_pixel(x, y));
    assert!(name_region_differs, "the public card shows 王阿姨, not the full name");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{not json").unwrap();
    let run = ayi(&["card", bad.to_str().unwrap(), "--out", dir.path().join("x.png").to_str().unwrap()]);
    assert!(!run.status.success() && String::from_utf8_lossy(&run.stderr).contains("not a profile JSON"));
    assert_eq!(run.status.code(), Some(2), "a bad profile is the user's to fix");
    assert!(!dir.path().join("x.png").exists());
}
