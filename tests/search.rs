//! The candidate index on the real embedder: relevance on the labelled sets,
//! the CLI's contract, and kill -9 during `ayi index add`.

use std::process::{Command, Stdio};
use std::time::Duration;

use ayi::index::commands::{eval, index_dir};
use ayi::index::{Index, Ranking};

use crate::common::{ayi, fixture, models_dir};

#[test]
fn the_right_worker_is_in_the_top_three_for_nine_queries_in_ten() {
    for set in ["search_queries.jsonl", "search_queries_holdout.jsonl"] {
        let reports =
            eval(&models_dir(), &fixture("search_profiles.jsonl"), &[fixture(set)], &[Ranking::Needs]).unwrap();
        let r = &reports[0];
        assert!(r.profiles >= 200 && r.queries >= 30, "{set}: {} profiles, {} queries", r.profiles, r.queries);
        assert!(r.top3 >= 0.9, "{set}: top-3 {:.3}; misses: {:#?}", r.top3, r.misses);
    }
}

fn write_jsonl(dir: &std::path::Path, name: &str, lines: &[serde_json::Value]) -> std::path::PathBuf {
    let path = dir.join(name);
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn cli_adds_searches_explains_and_removes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let input = write_jsonl(
        dir.path(),
        "workers.jsonl",
        &[
            serde_json::json!({"id": "wang", "transcript": "我叫王秀兰 照顾老人八年了 会照顾老年痴呆老人 会说粤语 可以住家 工资七千 想在朝阳区 电话13812345678"}),
            serde_json::json!({"id": "zhang", "transcript": "我叫张玉梅 做保洁 打扫卫生 擦玻璃 不住家 工资五千 想在海淀区"}),
        ],
    );
    let out = ayi(&["index", "add", "--data", data.to_str().unwrap(), input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let query = "找一个会照顾老年痴呆老人、会讲粤语的住家阿姨，朝阳区，八千以内";
    let out = ayi(&["search", "--data", data.to_str().unwrap(), "--top", "2", query]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &json["results"][0];
    assert_eq!(first["id"], "wang");
    assert_eq!(first["name"], "王秀兰");
    assert!(first["score"].as_f64().unwrap() > 0.9);
    let matched: Vec<&str> = first["matched"].as_array().unwrap().iter().map(|m| m["code"].as_str().unwrap()).collect();
    for code in ["elderly_care", "dementia_care", "cantonese", "live_in", "pay_at_most_8000", "area:朝阳"] {
        assert!(matched.contains(&code), "{code} not in {matched:?}");
    }
    assert!(first["matched"].as_array().unwrap().iter().all(|m| !m["evidence"].as_str().unwrap().is_empty()));
    assert_eq!(first["missing"].as_array().unwrap().len(), 0);
    let second = &json["results"][1];
    assert!(second["missing"].as_array().unwrap().len() >= 4, "{second}");

    let out = ayi(&["index", "remove", "--data", data.to_str().unwrap(), "wang"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = ayi(&["search", "--data", data.to_str().unwrap(), query]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["results"].as_array().unwrap().iter().all(|r| r["id"] != "wang"));

    // Wrong input: a clear message and exit code 2, nothing added.
    let bad = write_jsonl(dir.path(), "bad.jsonl", &[serde_json::json!({"transcript": "没有编号"})]);
    let out = ayi(&["index", "add", "--data", data.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"id\""), "{}", String::from_utf8_lossy(&out.stderr));
    let out = ayi(&["index", "remove", "--data", data.to_str().unwrap(), "nobody"]);
    assert_eq!(out.status.code(), Some(2));
    let nowhere = dir.path().join("nowhere");
    let out = ayi(&["search", "--data", nowhere.to_str().unwrap(), "保姆"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ayi index add"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!nowhere.exists(), "a search must not create an empty index");
}

#[test]
fn kill_9_during_index_add_never_leaves_a_broken_index_or_half_a_profile() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let generated = ayi::index::generate::generate(200, 11);
    let lines: Vec<serde_json::Value> = generated.iter().map(|g| serde_json::to_value(g).unwrap()).collect();
    let input = write_jsonl(dir.path(), "many.jsonl", &lines);
    let expected: std::collections::HashMap<&str, &str> =
        generated.iter().map(|g| (g.id.as_str(), g.transcript.as_str())).collect();
    let check = |round: &str| -> usize {
        let index =
            Index::open(&index_dir(&data), 384).unwrap_or_else(|e| panic!("{round}: the index does not open: {e}"));
        for (id, transcript) in &expected {
            if let Some(doc) = index.get(id) {
                assert_eq!(doc.transcript, *transcript, "{round}: {id} is not what was added");
                let whole = ayi::extract::Extractor::embedded().extract(transcript).profile;
                assert_eq!(doc.profile, whole, "{round}: {id} has half a profile");
            }
        }
        index.len()
    };
    let mut counts = Vec::new();
    for (round, delay_ms) in [3000u64, 5000, 6500, 8000].into_iter().enumerate() {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ayi"))
            .args(["index", "add", "--data", data.to_str().unwrap(), input.to_str().unwrap()])
            .env("AYI_MODELS", models_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        counts.push(check(&format!("after kill {round} at {delay_ms} ms")));
    }
    eprintln!("profiles in the index after each kill: {counts:?}");
    // Killed runs keep what they committed, and a final run completes.
    let out = ayi(&["index", "add", "--data", data.to_str().unwrap(), input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(check("after the final run"), 200, "counts after each kill: {counts:?}");
    let out = ayi(&["search", "--data", data.to_str().unwrap(), "月嫂 催乳"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
