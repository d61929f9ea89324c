//! The index's logic with hand-made vectors (the real embedder is exercised
//! by the integration tests).

use super::log::Document;
use super::query::understand;
use super::*;
use crate::extract::Extractor;

const DIM: usize = 8;

fn doc(id: &str, transcript: &str) -> Document {
    let profile = Extractor::embedded().extract(transcript).profile;
    Document { id: id.into(), profile, transcript: transcript.into(), search_terms: Vec::new() }
}

fn unit(i: usize) -> Vec<f32> {
    let mut v = vec![0.0; DIM];
    v[i % DIM] = 1.0;
    v
}

fn ids(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.id.as_str()).collect()
}

/// The keys of nearest-neighbour results, in order.
fn keys(nearest: &[(u64, f32)]) -> Vec<u64> {
    nearest.iter().map(|(key, _)| *key).collect()
}

fn workers() -> Vec<(Document, Vec<f32>)> {
    vec![
        (doc("wang", "我叫王秀兰 照顾老人八年了 会照顾老年痴呆老人 会说粤语 可以住家 工资七千 想在朝阳区"), unit(0)),
        (doc("li", "我叫李桂芳 照顾老人五年了 会帮老人洗澡 可以住家 工资九千 想在朝阳区"), unit(1)),
        (doc("zhang", "我叫张玉梅 做保洁 打扫卫生 擦玻璃 不住家 工资五千 想在海淀区"), unit(2)),
        (doc("chen", "我叫陈丽华 照顾老年痴呆老人 会说粤语 不住家 工资六千 想在海淀区"), unit(3)),
    ]
}

/// A writable index of `workers()` in a temporary folder (kept alive by the
/// returned guard).
fn index_of_workers() -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    let mut index = Index::open_for_writing(dir.path(), DIM).unwrap();
    index.add(workers()).unwrap();
    (dir, index)
}

#[test]
fn ranks_by_needs_met_and_explains_with_the_workers_words() {
    let (_dir, index) = index_of_workers();
    let q = understand("找一个会照顾老年痴呆老人、会讲粤语的住家阿姨，朝阳区，八千以内", Extractor::embedded());
    let hits = index.search(&q, &unit(5), 4, Ranking::Needs);
    assert_eq!(hits[0].id, "wang", "{hits:#?}");
    assert!(hits[0].missing.is_empty(), "{:?}", hits[0].missing);
    let dementia = hits[0].matched.iter().find(|m| m.code == "dementia_care").unwrap();
    assert!(hits[0].matched.iter().all(|m| !m.evidence.is_empty()));
    assert!("我叫王秀兰 照顾老人八年了 会照顾老年痴呆老人".contains(&dementia.evidence));
    // chen has dementia care and Cantonese but is not live-in, wants 海淀.
    let chen = hits.iter().find(|h| h.id == "chen").unwrap();
    let missing: Vec<&str> = chen.missing.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(missing, ["live_in", "area:朝阳"], "{:?}", chen.missing);
    // li is over budget: said so, with the figure.
    let li = hits.iter().find(|h| h.id == "li").unwrap();
    assert!(li.missing.iter().any(|m| m.code == "pay_at_most_8000" && m.reason.contains("9000")), "{:?}", li.missing);
}

#[test]
fn updates_and_removals_survive_reopening_with_and_without_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut index = Index::open_for_writing(dir.path(), DIM).unwrap();
        index.add(workers()).unwrap();
        index.remove("zhang").unwrap();
        // An update replaces the old profile: 李 now speaks Cantonese.
        index.add(vec![(doc("li", "我叫李桂芳 照顾老人 会说粤语 可以住家"), unit(1))]).unwrap();
        assert!(matches!(index.remove("nobody"), Err(IndexError::NotFound(_))));
    }
    for drop_snapshot in [false, true] {
        if drop_snapshot {
            std::fs::remove_file(dir.path().join(SNAPSHOT_META)).unwrap();
        }
        let index = Index::open(dir.path(), DIM).unwrap();
        assert_eq!(index.len(), 3);
        assert!(index.get("zhang").is_none());
        assert!(index.get("li").unwrap().profile.languages.contains(&"cantonese".to_string()));
        let q = understand("打扫卫生 擦玻璃", Extractor::embedded());
        assert!(!ids(&index.search(&q, &unit(2), 4, Ranking::Needs)).contains(&"zhang"));
        // The graph holds exactly the live profiles.
        assert_eq!(index.approximate_nearest(&unit(1), 10).len(), 3);
        assert_eq!(keys(&index.exact_nearest(&unit(1), 1)), vec![index.by_id["li"] as u64]);
    }
}

#[test]
fn a_second_writer_is_refused_and_bad_input_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = Index::open_for_writing(dir.path(), DIM).unwrap();
    assert!(matches!(Index::open_for_writing(dir.path(), DIM), Err(IndexError::Locked(_))));
    let (d, _) = workers().remove(0);
    assert!(matches!(first.add(vec![(d.clone(), vec![1.0; 3])]), Err(IndexError::BadInput(_))));
    let mut unnamed = d;
    unnamed.id = " ".into();
    assert!(matches!(first.add(vec![(unnamed, unit(0))]), Err(IndexError::BadInput(_))));
    // Readers are never blocked by the writer.
    assert!(Index::open(dir.path(), DIM).is_ok());
}

#[test]
fn free_text_queries_fall_back_to_meaning_and_words() {
    let (_dir, index) = index_of_workers();
    let q = understand("王秀兰", Extractor::embedded());
    assert!(q.needs.is_empty());
    // No needs: the keyword hit on the name and the nearest vector lead.
    let hits = index.search(&q, &unit(0), 2, Ranking::Needs);
    assert_eq!(hits[0].id, "wang");
}

#[test]
fn an_index_built_by_another_embedder_is_refused_not_misread() {
    let dir = tempfile::tempdir().unwrap();
    Index::open_for_writing(dir.path(), DIM).unwrap().add(workers()).unwrap();
    match Index::open(dir.path(), DIM * 2) {
        Err(IndexError::BadInput(message)) => assert!(message.contains("8-dimensional"), "{message}"),
        other => panic!("expected a clear refusal, got {:?}", other.map(|i| i.len())),
    }
}

fn folder_contains(dir: &Path, needle: &str) -> bool {
    std::fs::read_dir(dir).unwrap().flatten().any(|entry| {
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
    })
}

#[test]
fn compaction_leaves_no_trace_of_removed_profiles_and_survives_a_crash_at_any_step() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("index");
    let mut index = Index::open_for_writing(&dir, DIM).unwrap();
    index.add(workers()).unwrap();
    index.remove("zhang").unwrap();
    assert!(folder_contains(&dir, "张玉梅"), "before compaction the log still holds her");
    index.compact().unwrap();
    assert!(!folder_contains(&dir, "张玉梅"), "a removed profile must leave nothing on disk");
    assert_eq!(index.len(), 3);
    let q = understand("会照顾老年痴呆老人 会说粤语", Extractor::embedded());
    assert_eq!(ids(&index.search(&q, &unit(0), 1, Ranking::Needs)), ["wang"]);
    index.add(vec![(doc("zhao", "我叫赵红 会做饭"), unit(4))]).unwrap();
    drop(index);
    let reopened = Index::open(&dir, DIM).unwrap();
    assert_eq!(reopened.len(), 4);
    assert_eq!(keys(&reopened.approximate_nearest(&unit(4), 1)), vec![reopened.by_id["zhao"] as u64]);
    drop(reopened);

    // A crash after the old folder moved away and before the new one moved in.
    let (fresh, removed) = (sibling(&dir, COMPACTING), sibling(&dir, REMOVED));
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    };
    copy(&dir, &fresh);
    std::fs::write(fresh.join(COMPLETE), b"").unwrap();
    std::fs::rename(&dir, &removed).unwrap();
    let recovered = Index::open_for_writing(&dir, DIM).unwrap();
    assert_eq!(recovered.len(), 4);
    assert!(!fresh.exists() && !removed.exists());
    drop(recovered);

    // A crash while the new folder was still being built: the old one stays.
    copy(&dir, &fresh);
    std::fs::rename(&dir, &removed).unwrap();
    let restored = Index::open_for_writing(&dir, DIM).unwrap();
    assert_eq!(restored.len(), 4);
    assert!(!fresh.exists() && !removed.exists());
}

/// "live-in nanny who can cook, budget 7000": the cook within the budget comes
/// first, though the one asking 9,500 also minds babies; and the words quoted
/// for the budget keep their thousands separator ("2,500 yuan", not "500 yuan").
#[test]
fn a_budget_puts_those_within_it_first_and_quotes_their_pay_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut index = Index::open_for_writing(dir.path(), DIM).unwrap();
    index
        .add(vec![
            (
                doc("pricey", "I'm Lin, a nanny for babies, I can cook, I can live in. I want 9,500 yuan a month."),
                unit(0),
            ),
            (doc("within", "I'm Rosa, I cook for the family and I can live in. I want 6,500 yuan a month."), unit(1)),
            (doc("cleaner", "I'm Ana, I clean houses, I want 5,000 a month."), unit(2)),
        ])
        .unwrap();
    let q = understand("live-in nanny who can cook, budget 7000", Extractor::embedded());
    assert!(q.needs.contains(&Need::Code("cooking".into())), "{:?}", q.needs);
    let hits = index.search(&q, &unit(0), 3, Ranking::Needs);
    assert_eq!(ids(&hits), ["within", "cleaner", "pricey"], "{hits:#?}");
    let pay = hits[0].matched.iter().find(|m| m.code == "pay_at_most_7000").expect("within budget");
    assert_eq!(pay.evidence, "I want 6,500 yuan a month");
    let over = hits[2].missing.iter().find(|m| m.code == "pay_at_most_7000").expect("over budget");
    assert!(over.reason.contains("9500"), "{over:?}");
}
