//! Speech to text on real speech: exact English, Chinese within a character
//! error rate, nothing from silence or noise, clear errors for bad files.

use ayi::audio::{self, SAMPLE_RATE};
use ayi::models::{WeightType, WhisperModel};
use ayi::stt::{to_simplified, Language, TranscribeOptions, Transcriber, WhisperTranscriber};

use crate::common::{ayi, base, cer, fixture, model_path, wer, words, ANSWER_EN_TEXT, JFK_TEXT, ZH_TEXT};

fn transcribe(file: &str, language: Language) -> ayi::stt::Transcript {
    let audio = audio::decode_file(&fixture(file), 600.0).unwrap();
    base().transcribe(&audio, &TranscribeOptions { language, ..Default::default() }).unwrap()
}

#[test]
fn jfk_is_transcribed_exactly_in_english() {
    let t = transcribe("jfk.wav", Language::Auto);
    assert_eq!(words(&t.text), words(JFK_TEXT), "{}", t.text);
    assert_eq!(t.language.as_deref(), Some("en"));
    assert!((t.duration_s - 11.0).abs() < 0.1, "{}", t.duration_s);
    let first = &t.segments[0];
    assert!(first.start < 1.0 && t.segments.last().unwrap().end > 9.0, "{:?}", t.segments);
}

#[test]
fn mandarin_is_transcribed_in_simplified_characters() {
    for language in [Language::Auto, Language::Zh] {
        let t = transcribe("zh_asr_example.wav", language);
        let error_rate = cer(ZH_TEXT, &t.text);
        assert!(error_rate <= 0.15, "CER {error_rate:.2}: {}", t.text);
        assert_eq!(t.language.as_deref(), Some("zh"));
        assert_eq!(to_simplified(&t.text), t.text, "only Simplified characters");
    }
}

#[test]
fn silence_and_noise_give_empty_text() {
    let silence = audio::Audio { samples: vec![0.0; 10 * SAMPLE_RATE as usize] };
    let mut seed = 42u64;
    let mut noise = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 0.2
    };
    let white = audio::Audio { samples: (0..10 * SAMPLE_RATE).map(|_| noise()).collect() };
    // Very quiet hiss, as a kiosk microphone in a quiet room records.
    let hiss = audio::Audio { samples: white.samples.iter().map(|v| v * 0.01).collect() };
    for (name, clip) in [("silence", silence), ("white noise", white), ("hiss", hiss)] {
        for language in [Language::Auto, Language::Zh, Language::En] {
            let t = base().transcribe(&clip, &TranscribeOptions { language, ..Default::default() }).unwrap();
            assert_eq!(t.text, "", "{name} ({language:?}) gave {:?}", t.text);
            assert!(t.segments.is_empty());
            assert!((t.duration_s - 10.0).abs() < 0.01);
        }
    }
}

#[test]
fn speech_surrounded_by_silence_is_found_with_original_timestamps() {
    let jfk = audio::decode_file(&fixture("jfk.wav"), 600.0).unwrap();
    let mut samples = vec![0.0f32; 8 * SAMPLE_RATE as usize];
    samples.extend(&jfk.samples);
    samples.extend(vec![0.0f32; 8 * SAMPLE_RATE as usize]);
    let t = base().transcribe(&audio::Audio { samples }, &TranscribeOptions::default()).unwrap();
    assert_eq!(words(&t.text), words(JFK_TEXT), "{}", t.text);
    let (start, end) = (t.segments[0].start, t.segments.last().unwrap().end);
    assert!((7.5..9.5).contains(&start), "speech starts at ~8.3 s, got {start}");
    assert!((17.0..19.5).contains(&end), "speech ends at ~18.5 s, got {end}");
}

#[test]
fn every_supported_container_decodes_to_the_same_speech() {
    let reference = audio::decode_file(&fixture("jfk.wav"), 600.0).unwrap();
    // (file, highest word error rate): faster-whisper on the same weights
    // also makes 2 errors in 22 words on the 8-bit, 8 kHz telephone-quality copy.
    let files = [
        ("jfk.mp3", 0.1),
        ("jfk.flac", 0.1),
        ("jfk.ogg", 0.1),
        ("jfk.opus", 0.1),
        ("jfk.m4a", 0.1),
        ("jfk.webm", 0.1),
        ("jfk_8k_u8.wav", 0.15),
    ];
    for (file, max_wer) in files {
        let decoded = audio::decode_file(&fixture(file), 600.0).unwrap_or_else(|e| panic!("{file}: {e}"));
        // Codecs add a little padding; the length must still be the clip's.
        assert!((decoded.duration_s() - reference.duration_s()).abs() < 0.1, "{file}: {} s", decoded.duration_s());
        // Lossy codecs at low bit rates (and 8-bit telephone-rate PCM) may
        // cost a word or two, never the speech.
        let t = base().transcribe(&decoded, &TranscribeOptions::default()).unwrap();
        assert!(wer(JFK_TEXT, &t.text) <= max_wer, "{file}: {}", t.text);
    }
}

#[test]
fn tiny_en_transcribes_english_and_refuses_chinese() {
    let model =
        WhisperTranscriber::load(&model_path(WhisperModel::TinyEn, WeightType::default()), WhisperModel::TinyEn)
            .unwrap();
    let audio = audio::decode_file(&fixture("jfk.wav"), 600.0).unwrap();
    let t = model.transcribe(&audio, &TranscribeOptions::default()).unwrap();
    assert_eq!(words(&t.text), words(JFK_TEXT), "{}", t.text);
    assert_eq!(t.language.as_deref(), Some("en"));
    let zh = TranscribeOptions { language: Language::Zh, ..Default::default() };
    assert!(model.transcribe(&audio, &zh).is_err());
}

#[test]
fn cli_prints_the_transcript_as_json() {
    let out = ayi(&["transcribe", fixture("jfk.wav").to_str().unwrap(), "--language", "auto"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(words(json["text"].as_str().unwrap()), words(JFK_TEXT));
    assert_eq!(json["language"], "en");
    assert!(json["duration_s"].as_f64().unwrap() > 10.9);
    let segment = &json["segments"][0];
    assert!(segment["start"].is_number() && segment["end"].is_number() && segment["text"].is_string());
}

#[test]
fn cli_refuses_bad_input_with_one_clear_line_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut seed = 9u64;
    let random: Vec<u8> = (0..100_000)
        .map(|_| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            (seed >> 56) as u8
        })
        .collect();
    let random_path = dir.path().join("random.wav");
    std::fs::write(&random_path, &random).unwrap();
    // A WAV header that promises audio, and none after it.
    let hollow = dir.path().join("hollow.wav");
    let mut header = b"RIFF\x24\x00\x00\x00WAVEfmt ".to_vec();
    header.extend([16, 0, 0, 0, 1, 0, 1, 0, 0x80, 0x3e, 0, 0, 0, 0x7d, 0, 0, 2, 0, 16, 0]);
    header.extend(b"data\x00\x00\x00\x00");
    std::fs::write(&hollow, &header).unwrap();
    // A header that announces two hours of 16 kHz audio: refused from the header, at once.
    let two_hours = dir.path().join("two_hours.wav");
    let data_bytes: u32 = 2 * 3600 * 16_000 * 2;
    let mut long = b"RIFF".to_vec();
    long.extend((data_bytes + 36).to_le_bytes());
    long.extend(b"WAVEfmt ");
    long.extend([16, 0, 0, 0, 1, 0, 1, 0, 0x80, 0x3e, 0, 0, 0, 0x7d, 0, 0, 2, 0, 16, 0]);
    long.extend(b"data");
    long.extend(data_bytes.to_le_bytes());
    long.extend(vec![0u8; 64_000]);
    std::fs::write(&two_hours, &long).unwrap();
    let empty = dir.path().join("empty.m4a");
    std::fs::write(&empty, b"").unwrap();
    let jfk = fixture("jfk.wav");
    let cases: [(&[&str], &str); 6] = [
        (&["transcribe", two_hours.to_str().unwrap()], "longer than the limit of 10.0 minutes"),
        (&["transcribe", random_path.to_str().unwrap()], "not audio in a supported format"),
        (&["transcribe", hollow.to_str().unwrap()], "contains no audio"),
        (&["transcribe", empty.to_str().unwrap()], "not audio in a supported format"),
        (&["transcribe", "/no/such/file.wav"], "cannot read"),
        (&["--max-audio-seconds", "5", "transcribe", jfk.to_str().unwrap()], "longer than the limit of 5 seconds"),
    ];
    for (args, expected) in cases {
        let out = ayi(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: ") && stderr.contains(expected), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked") && out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_cut_off_upload_keeps_the_audio_that_arrived() {
    let bytes = std::fs::read(fixture("jfk.mp3")).unwrap();
    let half = audio::decode_bytes(bytes[..bytes.len() / 2].to_vec(), 600.0).unwrap();
    assert!((half.duration_s() - 5.5).abs() < 0.6, "{} s", half.duration_s());
}

/// An answer streamed while spoken is cut at pauses and each piece heard on
/// its own (`ayi::audio::segment`): the words must come out as well as
/// from the whole recording.
#[test]
fn answers_cut_at_pauses_are_heard_as_well_as_whole_recordings() {
    use ayi::audio::segment::{to_hear, Segmenter};
    let hear = |samples: &[f32], heard_before_s: f64, language: Language| {
        let audio = audio::Audio { samples: samples.to_vec() };
        base().transcribe(&audio, &TranscribeOptions { language, heard_before_s, ..Default::default() }).unwrap().text
    };
    let mut report = Vec::new();
    for (file, language, reference) in [
        ("jfk.wav", Language::En, JFK_TEXT),
        ("zh_asr_example.wav", Language::Zh, ZH_TEXT),
        ("answer_en.wav", Language::En, ANSWER_EN_TEXT),
    ] {
        let samples = audio::decode_file(&fixture(file), 600.0).unwrap().samples;
        let mut segmenter = Segmenter::new();
        let mut pieces: Vec<_> = samples.chunks(SAMPLE_RATE as usize / 10).filter_map(|c| segmenter.push(c)).collect();
        pieces.extend(segmenter.finish());
        let joiner = if language == Language::Zh { "" } else { " " };
        let mut streamed = String::new();
        for piece in &pieces {
            let piece = to_hear(&samples, piece.clone());
            let text = hear(&piece.samples, piece.heard_before_s, language);
            if !streamed.is_empty() && !text.is_empty() {
                streamed.push_str(joiner);
            }
            streamed.push_str(&text);
        }
        let whole = hear(&samples, 0.0, language);
        let error = |text: &str| if language == Language::Zh { cer(reference, text) } else { wer(reference, text) };
        report.push(format!(
            "{file}: {} pieces, whole {:.3}, streamed {:.3}: {streamed}",
            pieces.len(),
            error(&whole),
            error(&streamed)
        ));
        // Against what is said: no more wrong than the whole recording
        // (BENCHMARKS.md, "streamed answers").
        assert!(error(&streamed) <= error(&whole) + 1e-9, "{}", report.join("\n"));
    }
    eprintln!("{}", report.join("\n"));
}
