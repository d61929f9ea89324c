//! The fuzz corpus against the real `ayi serve` with every model loaded:
//! damaged and absurd recordings in each container, hostile photos, and
//! malformed JSON, each sent where a client would send it. Every reply must
//! be a 4xx with our JSON error body or a success; never a 5xx, never a
//! dead server. The server's peak memory (VmHWM) is read from /proc: at most
//! 1 GiB under eight 15-second answers at once, and 1.5 GiB once the whole
//! corpus has been through.
//!
//! The corpus is generated from the test recordings with a fixed seed, so a
//! failure names a case that can be made again.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::fixture;
use crate::http::png_header;
use crate::service::{free_port, spawn_server};
use ayi::tools::bench::serve::multipart;

/// Where a case is sent.
enum Target {
    Answer,
    Photo,
    Edits,
    Create,
    Login,
}

impl Target {
    /// The largest body the route reads: past it the server may answer 413
    /// and close the connection before the client has sent everything.
    fn body_limit(&self) -> usize {
        match self {
            Target::Answer | Target::Photo | Target::Create => ayi::http::MAX_UPLOAD_BYTES,
            Target::Edits => ayi::http::MAX_EDITS_BYTES,
            Target::Login => 4 << 10,
        }
    }
}

struct Case {
    name: String,
    target: Target,
    /// The file name the upload carries (its extension is a hint to the decoder).
    file_name: String,
    body: Vec<u8>,
}

fn case(name: impl Into<String>, target: Target, file_name: &str, body: Vec<u8>) -> Case {
    Case { name: name.into(), target, file_name: file_name.into(), body }
}

/// A tiny deterministic generator (no new dependency for a test).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// A WAV header with the fields an attacker picks, and a little silence.
fn wav_header(rate: u32, channels: u16, bits: u16, data_len: u32) -> Vec<u8> {
    let mut wav = ayi::audio::wav_header(rate, channels, bits, data_len);
    wav.extend([0u8; 86]);
    wav
}

fn corpus() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut rng = Lcg(2026);
    // The reported attacks: 130-byte WAVs with absurd rates.
    for rate in [1_000_000_007, 4_294_967_291, u32::MAX, 0, 1] {
        cases.push(case(format!("wav rate {rate}"), Target::Answer, "a.wav", wav_header(rate, 1, 16, 86)));
    }
    for (channels, bits) in [(0, 16), (9, 16), (65535, 16), (1, 0), (1, 7), (1, 64)] {
        let body = wav_header(16_000, channels, bits, 86);
        cases.push(case(format!("wav {channels} ch {bits} bit"), Target::Answer, "a.wav", body));
    }
    // Two hours, said by the header.
    cases.push(case("wav of two hours", Target::Answer, "a.wav", wav_header(48_000, 2, 16, 48_000 * 4 * 7200)));
    cases.push(case("wav claiming 4 GB", Target::Answer, "a.wav", wav_header(16_000, 1, 16, u32::MAX)));
    // Each container: cut short, bytes overwritten, headers blanked.
    for name in ["jfk.wav", "jfk_8k_u8.wav", "jfk.flac", "jfk.mp3", "jfk.ogg", "jfk.opus", "jfk.webm", "jfk.m4a"] {
        let whole = std::fs::read(fixture(name)).unwrap();
        for cut in [1, 12, 44, 1000, whole.len() / 2] {
            cases.push(case(format!("{name} cut at {cut}"), Target::Answer, name, whole[..cut].to_vec()));
        }
        for round in 0..3 {
            let mut bytes = whole.clone();
            for _ in 0..8 {
                let at = rng.next() as usize % bytes.len().min(2048);
                bytes[at] = rng.next() as u8;
            }
            cases.push(case(format!("{name} damaged #{round}"), Target::Answer, name, bytes));
        }
        for fill in [0x00u8, 0xff] {
            let mut bytes = whole.clone();
            bytes[4..16].fill(fill);
            cases.push(case(format!("{name} header filled with {fill:#04x}"), Target::Answer, name, bytes));
        }
    }
    cases.push(case("16 MB of 384 kHz stereo", Target::Answer, "a.wav", largest_wav()));
    cases.push(case("random bytes", Target::Answer, "a.webm", (0..50_000).map(|_| rng.next() as u8).collect()));
    cases.push(case("empty recording", Target::Answer, "a.webm", Vec::new()));
    cases.push(case("over the upload limit", Target::Answer, "a.wav", vec![0u8; 17 << 20]));

    // Photos.
    cases.push(case("empty photo", Target::Photo, "me.jpg", Vec::new()));
    for (w, h) in [(13_000, 13_000), (u32::MAX, 1), (0, 0), (1, 50_000_000)] {
        cases.push(case(format!("png {w}x{h}"), Target::Photo, "me.png", png_header(w, h)));
    }
    let jpeg = {
        let image = image::RgbImage::from_fn(320, 240, |x, y| image::Rgb([x as u8, y as u8, 7]));
        let mut out = std::io::Cursor::new(Vec::new());
        image.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    };
    cases.push(case("png of 39.9 megapixels", Target::Photo, "me.png", largest_png()));
    cases.push(case("jpeg cut short", Target::Photo, "me.jpg", jpeg[..jpeg.len() / 3].to_vec()));
    let mut huge_jpeg = jpeg.clone();
    if let Some(sof) = huge_jpeg.windows(2).position(|w| w == [0xff, 0xc0]) {
        huge_jpeg[sof + 5..sof + 9].copy_from_slice(&[0xff, 0xff, 0xff, 0xff]);
    }
    cases.push(case("jpeg claiming 65535x65535", Target::Photo, "me.jpg", huge_jpeg));
    cases.push(case("a recording as a photo", Target::Photo, "me.jpg", std::fs::read(fixture("jfk.mp3")).unwrap()));

    // JSON where JSON is read.
    let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes();
    let json_cases: Vec<(&str, Vec<u8>)> = vec![
        ("nested 100000 deep", nested(100_000)),
        ("object nested 5000 deep", format!("{}1{}", r#"{"a":"#.repeat(5000), "}".repeat(5000)).into_bytes()),
        ("huge number", br#"{"age": 1e400}"#.to_vec()),
        ("integer past u64", br#"{"age": 18446744073709551616}"#.to_vec()),
        ("negative pay", br#"{"expected_salary_cny_month": -5}"#.to_vec()),
        ("unknown codes", br#"{"removed": ["no_such_code", "\u0000"]}"#.to_vec()),
        ("wrong type", br#"{"removed": "driving"}"#.to_vec()),
        ("unknown field", br#"{"language": "en", "admin": true}"#.to_vec()),
        ("invalid utf-8", b"{\"removed\": [\"\xff\xfe\"]}".to_vec()),
        ("not json", b"removed=driving".to_vec()),
        ("NaN", br#"{"years_experience": NaN}"#.to_vec()),
    ];
    for (name, body) in &json_cases {
        cases.push(case(format!("edits: {name}"), Target::Edits, "", body.clone()));
        cases.push(case(format!("create: {name}"), Target::Create, "", body.clone()));
        cases.push(case(format!("login: {name}"), Target::Login, "", body.clone()));
    }
    let junk: Vec<String> = (0..700_000).map(|i| format!("x{i}")).collect();
    cases.push(case("edits of 16 MB", Target::Edits, "", serde_json::to_vec(&json!({ "removed": junk })).unwrap()));
    cases.push(case("login of 17 MB", Target::Login, "", vec![b' '; 17 << 20]));
    cases.push(case(
        "login name with a newline",
        Target::Login,
        "",
        br#"{"name": "demo\nINFO logged in as admin", "password": "x"}"#.to_vec(),
    ));
    cases
}

/// The largest recording the limits allow at the highest rate: 16 MB of
/// 384 kHz stereo noise (it streams through the resampler).
fn largest_wav() -> Vec<u8> {
    let mut wav = wav_header(384_000, 2, 16, (16 << 20) - (64 << 10));
    wav.truncate(44);
    wav.extend((0..(16 << 20) - (64 << 10)).map(|i| ((i as u64 * 2654435761) >> 13) as u8));
    wav
}

/// The largest photo accepted: 39.9 megapixels (a PNG of a few hundred KB).
fn largest_png() -> Vec<u8> {
    let image = image::GrayImage::new(7_300, 5_460);
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Peak and current resident memory of `pid`, in MB.
fn memory_mb(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            .unwrap_or(0)
            >> 10
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(150)))
        .build()
        .into()
}

struct Sent {
    status: u16,
    body: Vec<u8>,
}

fn send(agent: &ureq::Agent, method: &str, url: &str, content_type: &str, body: &[u8]) -> Sent {
    let request = match method {
        "PATCH" => agent.patch(url),
        _ => agent.post(url),
    };
    match request.header("Content-Type", content_type).send(body) {
        Ok(reply) => {
            let status = reply.status().as_u16();
            let body = reply.into_body().with_config().limit(64 << 20).read_to_vec().unwrap_or_default();
            Sent { status, body }
        }
        // The server may close the connection on a body over the limit
        // after answering 413; ureq then reports the write failing.
        Err(e) => Sent { status: 0, body: e.to_string().into_bytes() },
    }
}

fn new_interview(agent: &ureq::Agent, base: &str) -> String {
    let sent = send(agent, "POST", &format!("{base}/api/interviews"), "application/json", br#"{"language": "en"}"#);
    assert_eq!(sent.status, 201);
    serde_json::from_slice::<Value>(&sent.body).unwrap()["id"].as_str().unwrap().to_string()
}

/// `seconds` of the spoken English answer, repeated.
fn answer_of(seconds: f64) -> Vec<u8> {
    let spoken = ayi::audio::decode_file(&fixture("answer_en.wav"), 600.0).unwrap().samples;
    let samples: Vec<f32> = spoken.iter().copied().cycle().take((seconds * 16_000.0) as usize).collect();
    ayi::audio::encode_wav(&samples)
}

#[test]
fn hostile_input_gets_4xx_never_5xx_and_memory_stays_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut server = spawn_server(dir.path(), port);
    let pid = server.id();
    let base = format!("http://127.0.0.1:{port}");
    let agent = agent();
    let started = memory_mb(pid);

    // Eight kiosks answering 15 seconds at once.
    let answer = answer_of(15.0);
    let kiosks: Vec<_> = (0..8)
        .map(|_| {
            let (agent, base, answer) = (agent.clone(), base.clone(), answer.clone());
            std::thread::spawn(move || {
                let id = new_interview(&agent, &base);
                let (content_type, body) = multipart("audio", "a.wav", &answer);
                send(&agent, "POST", &format!("{base}/api/interviews/{id}/answers"), &content_type, &body).status
            })
        })
        .collect();
    let statuses: Vec<u16> = kiosks.into_iter().map(|k| k.join().unwrap()).collect();
    assert!(statuses.iter().all(|&s| s == 200 || s == 503), "{statuses:?}");
    let (peak_answering, _) = memory_mb(pid);
    eprintln!("server memory: {} MB after start, peak {peak_answering} MB with 8 answers at once", started.1);
    assert!(peak_answering <= 1024, "peak {peak_answering} MB with 8 answers of 15 s at once (limit 1 GiB)");

    let timer = Instant::now();
    let mut interview = new_interview(&agent, &base);
    let mut failures = Vec::new();
    for (n, case) in corpus().into_iter().enumerate() {
        if n % 8 == 0 {
            interview = new_interview(&agent, &base);
        }
        let sent = match case.target {
            Target::Answer => {
                let (content_type, body) = multipart("audio", &case.file_name, &case.body);
                send(&agent, "POST", &format!("{base}/api/interviews/{interview}/answers"), &content_type, &body)
            }
            Target::Photo => {
                let (content_type, body) = multipart("photo", &case.file_name, &case.body);
                send(&agent, "POST", &format!("{base}/api/interviews/{interview}/photo"), &content_type, &body)
            }
            Target::Edits => send(
                &agent,
                "PATCH",
                &format!("{base}/api/interviews/{interview}/profile"),
                "application/json",
                &case.body,
            ),
            Target::Create => send(&agent, "POST", &format!("{base}/api/interviews"), "application/json", &case.body),
            Target::Login => send(&agent, "POST", &format!("{base}/api/login"), "application/json", &case.body),
        };
        let alive = ureq::get(&format!("{base}/healthz")).call().is_ok();
        let error_code = serde_json::from_slice::<Value>(&sent.body)
            .ok()
            .and_then(|v| v["error"]["code"].as_str().map(String::from));
        let fine = match sent.status {
            200..=299 => true,
            // An answer refused while the model is busy is the client's to retry.
            503 => error_code.as_deref() == Some("busy"),
            400..=499 => error_code.is_some(),
            // Closed after a 413 for a body over the route's limit.
            0 => case.body.len() > case.target.body_limit(),
            _ => false,
        };
        if !fine || !alive {
            failures.push(format!(
                "{}: {} {} (server alive: {alive})",
                case.name,
                sent.status,
                String::from_utf8_lossy(&sent.body[..sent.body.len().min(200)])
            ));
        }
        assert!(alive, "the server died on {:?}: {failures:?}", case.name);
    }
    let (peak_corpus, _) = memory_mb(pid);

    // The largest uploads the limits allow, four of each at once.
    let (png, wav) = (largest_png(), largest_wav());
    let uploads: Vec<_> = (0..8)
        .map(|i| {
            let (agent, base) = (agent.clone(), base.clone());
            let (field, name, bytes) =
                if i % 2 == 0 { ("photo", "me.png", png.clone()) } else { ("audio", "a.wav", wav.clone()) };
            std::thread::spawn(move || {
                let id = new_interview(&agent, &base);
                let (content_type, body) = multipart(field, name, &bytes);
                let path = if field == "photo" { "photo" } else { "answers" };
                send(&agent, "POST", &format!("{base}/api/interviews/{id}/{path}"), &content_type, &body).status
            })
        })
        .collect();
    let statuses: Vec<u16> = uploads.into_iter().map(|u| u.join().unwrap()).collect();
    assert!(statuses.iter().all(|s| [200, 204, 503].contains(s)), "{statuses:?}");
    let (peak, now) = memory_mb(pid);
    eprintln!(
        "fuzz corpus: {:.0} s, server peak {peak_corpus} MB after the corpus, {peak} MB after the largest uploads \
         four at a time, {now} MB at the end",
        timer.elapsed().as_secs_f64()
    );
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(failures.is_empty(), "{} cases failed:\n{}", failures.len(), failures.join("\n"));
    assert!(peak <= 1536, "the server's peak memory reached {peak} MB (limit 1.5 GiB)");
}

/// An MP4 whose sample table claims four billion entries: symphonia reserves
/// memory for them up front, and the failed allocation aborts the process.
/// Found by the fuzz target below; in the service it must be a 400.
fn mp4_with_an_impossible_sample_table() -> Vec<u8> {
    let mut m4a = std::fs::read(fixture("jfk.m4a")).unwrap();
    let stsc = m4a.windows(4).position(|w| w == b"stsc").expect("jfk.m4a has a sample table");
    m4a[stsc + 8..stsc + 12].copy_from_slice(&u32::MAX.to_be_bytes());
    m4a
}

#[test]
fn the_upload_decoder_survives_what_would_abort_the_process() {
    let decoder = ayi::audio::isolate::IsolatedDecoder::new(env!("CARGO_BIN_EXE_ayi"));
    let result = decoder.decode(&mp4_with_an_impossible_sample_table(), 180.0);
    assert!(matches!(result, Err(ayi::audio::AudioError::Corrupt(_))), "{result:?}");
    // The same child decodes real recordings exactly as in process.
    let wav = std::fs::read(fixture("jfk.wav")).unwrap();
    let isolated = decoder.decode(&wav, 180.0).unwrap();
    assert_eq!(isolated.samples, ayi::audio::decode_bytes(wav, 180.0).unwrap().samples);
    let result = decoder.decode(&std::fs::read(fixture("jfk.wav")).unwrap(), 5.0);
    assert!(matches!(result, Err(ayi::audio::AudioError::TooLong { .. })), "{result:?}");
    // A decoder that is not there, or dies, is a clear error too.
    let missing = ayi::audio::isolate::IsolatedDecoder::new("/nonexistent/ayi");
    assert!(missing.decode(b"RIFF", 10.0).is_err());
    let dies = ayi::audio::isolate::IsolatedDecoder::new("/bin/false");
    assert!(matches!(dies.decode(b"RIFF", 10.0), Err(ayi::audio::AudioError::Corrupt(_))));
}

/// The upload decoder fuzzed with bolero: the test recordings in every
/// container with bytes overwritten (mostly in the headers, where sizes,
/// counts and rates live) and cut short, decoded as the service decodes
/// them. Every input must come back as audio or an error within the child's
/// limits. Runs for `AYI_FUZZ_SECONDS` (20 by default) under `cargo test`;
/// `cargo bolero test` runs the same target coverage-guided.
#[test]
fn fuzz_the_upload_decoder_with_damaged_recordings() {
    let decoder = ayi::audio::isolate::IsolatedDecoder::new(env!("CARGO_BIN_EXE_ayi"));
    let seeds: Vec<Vec<u8>> =
        ["jfk.wav", "jfk_8k_u8.wav", "jfk.flac", "jfk.mp3", "jfk.ogg", "jfk.opus", "jfk.webm", "jfk.m4a"]
            .iter()
            .map(|name| std::fs::read(fixture(name)).unwrap())
            .collect();
    let seconds = std::env::var("AYI_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let runs = std::sync::atomic::AtomicUsize::new(0);
    bolero::check!()
        .with_generator((0..seeds.len(), bolero::produce::<u32>(), bolero::produce::<Vec<(u32, u8)>>()))
        .with_test_time(Duration::from_secs(seconds))
        .for_each(|(seed, cut, writes)| {
            let mut bytes = seeds[*seed].clone();
            for &(at, value) in writes.iter().take(64) {
                let span = if at & 1 == 0 { bytes.len().min(1024) } else { bytes.len() };
                bytes[(at >> 1) as usize % span] = value;
            }
            if cut % 3 == 0 {
                bytes.truncate(*cut as usize % bytes.len());
            }
            // Three seconds reach every decoder path and keep runs short.
            let started = Instant::now();
            let _ = decoder.decode(&bytes, 3.0);
            assert!(started.elapsed() < Duration::from_secs(35), "the decoder ran past its time limit");
            runs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
    eprintln!("fuzzed the upload decoder with {} inputs", runs.into_inner());
}

/// Extraction fuzzed with bolero: text built from the pieces its rules cut
/// at (Chinese and English cue words, numbers, full-width and ASCII
/// punctuation, spaces) and from arbitrary characters. Every transcript must
/// give a profile whose evidence is verbatim, never a panic (a byte offset
/// inside a multi-byte character is the usual way to get one).
#[test]
fn fuzz_extraction_with_speech_like_text() {
    const PIECES: &[&str] = &[
        "我叫",
        "我姓",
        "姓",
        "叫",
        "何",
        "何春兰",
        " ",
        "，",
        "。",
        "？",
        "、",
        ",",
        ".",
        "?",
        "在",
        "想在",
        "以前在",
        "武昌",
        "上海徐汇",
        "区",
        "住家",
        "不住家",
        "注家",
        "都可以",
        "还是",
        "吗",
        "五十三",
        "七千",
        "一万二",
        "8000",
        "40",
        "一个钟头",
        "哦不是",
        "不对",
        "年",
        "岁",
        "干了",
        "伺候老人",
        "换尿不湿",
        "宝宝",
        "老人",
        "的",
        "我不干",
        "那种",
        "中点工",
        "建康证",
        "我女儿",
        "有",
        "my name is",
        "Maria",
        "I'm",
        "from",
        "Manila",
        "stay in",
        "I don't want",
        "live in",
        "before I get",
        "thousand",
        "an hour",
        "kuai",
        "seven and nine",
        "years old",
        "no",
        "but the",
        "cooking",
        "uh",
        "嗯",
        "那个",
        "…",
        "\u{0301}",
        "🙂",
        // The cues of round two's seventeenth stop: who does it (是, 系),
        // dishes eaten, questions back, a doubled character, her childhood.
        "是",
        "系",
        "月嫂带的",
        "吃了一碗",
        "面条",
        "好吃",
        "坐轮椅不",
        "does",
        "the driver is",
        "bringing",
        "爷爷奶奶",
        "还在学呢",
        "grew up",
        "eating",
    ];
    let extractor = ayi::extract::Extractor::embedded();
    let seconds = std::env::var("AYI_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20) / 2;
    bolero::check!().with_type::<Vec<(u8, char)>>().with_test_time(Duration::from_secs(seconds)).for_each(|parts| {
        let text: String = parts
            .iter()
            .take(80)
            .map(|&(pick, c)| if pick < 200 { PIECES[pick as usize % PIECES.len()].to_string() } else { c.to_string() })
            .collect();
        let e = extractor.extract(&text);
        for fact in e.profile.services.iter().chain(&e.profile.skills).chain(&e.profile.certificates) {
            assert!(text.contains(&fact.evidence), "{text:?}: {fact:?}");
        }
    });
}
