//! The video self-introduction: what is accepted, and its subtitles.
//!
//! A worker may record 20–40 s of herself talking (MediaRecorder writes
//! WebM on Android and desktop browsers, MP4 on iPhones). Only the
//! container is checked here, from its first bytes: the audio inside is
//! decoded by the same child process as any answer (it reads the first
//! audio track and skips the video), and the picture is never decoded on
//! the server at all — browsers play it. The subtitles are WebVTT written
//! from the transcript's timed segments, which are stored as JSON so the
//! text can be redacted or re-cut when served.

use serde::{Deserialize, Serialize};

/// Shortest video accepted, in seconds: under this it is a slip, not an
/// introduction (the page asks for 20–40 s).
pub const MIN_VIDEO_SECONDS: f64 = 5.0;
/// Longest video accepted, in seconds: the page stops recording at 40.
pub const MAX_VIDEO_SECONDS: f64 = 45.0;
/// Largest video upload: 45 s at a phone's default bitrate (about 2.5
/// Mbit/s) with room to spare. The page records at 1 Mbit/s.
pub const MAX_VIDEO_BYTES: usize = 30 * 1024 * 1024;

/// What is wrong with a video upload.
#[derive(Debug, thiserror::Error)]
pub enum VideoError {
    #[error("the video must be WebM or MP4, as a phone's browser records it")]
    Unsupported,
    #[error("the video has no sound that can be read; record it again with the microphone on")]
    NoSound,
    #[error("the video is {seconds:.0} s long; please record at least {MIN_VIDEO_SECONDS:.0} s (20 to 40 s is best)")]
    TooShort { seconds: f64 },
    #[error("the video is longer than {MAX_VIDEO_SECONDS:.0} s; please keep it to 20 to 40 s")]
    TooLong,
    #[error("a video is limited to {} MB", MAX_VIDEO_BYTES >> 20)]
    TooLarge,
}

impl VideoError {
    pub fn code(&self) -> crate::fault::ErrorCode {
        use crate::fault::ErrorCode;
        match self {
            VideoError::Unsupported | VideoError::NoSound => ErrorCode::UnsupportedVideo,
            VideoError::TooShort { .. } => ErrorCode::VideoTooShort,
            VideoError::TooLong => ErrorCode::VideoTooLong,
            VideoError::TooLarge => ErrorCode::UploadTooLarge,
        }
    }
}

/// The containers a phone's browser records video in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VideoContainer {
    WebM,
    Mp4,
}

impl VideoContainer {
    /// Told from the first bytes, whatever the upload claims to be.
    pub fn sniff(bytes: &[u8]) -> Option<VideoContainer> {
        if bytes.starts_with(&[0x1a, 0x45, 0xdf, 0xa3]) {
            Some(VideoContainer::WebM)
        } else if bytes.get(4..8) == Some(b"ftyp") {
            Some(VideoContainer::Mp4)
        } else {
            None
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            VideoContainer::WebM => "webm",
            VideoContainer::Mp4 => "mp4",
        }
    }

    /// The type a stored video is sent with, from its file's extension.
    pub fn content_type_of(file: &str) -> &'static str {
        if file.ends_with(".mp4") {
            "video/mp4"
        } else {
            "video/webm"
        }
    }
}

/// One timed piece of what was said, as stored for the subtitles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subtitle {
    pub start: f64,
    pub end: f64,
    pub text: String,
}

impl Subtitle {
    pub fn from_transcript(transcript: &crate::stt::Transcript) -> Vec<Subtitle> {
        if transcript.segments.is_empty() && !transcript.text.trim().is_empty() {
            // A transcriber that gives no timing: the words over the whole video.
            return vec![Subtitle { start: 0.0, end: transcript.duration_s, text: transcript.text.clone() }];
        }
        transcript.segments.iter().map(|s| Subtitle { start: s.start, end: s.end, text: s.text.clone() }).collect()
    }
}

/// Longest subtitle line shown at once, in characters: what a phone shows
/// on one or two lines. Longer segments (Whisper's run to 30 s) are cut at
/// punctuation or words, their time shared by length.
const MAX_CUE_CHARS: usize = 24;
const MAX_CUE_CHARS_LATIN: usize = 60;

/// A shortest cue, in seconds, so a word said quickly can still be read.
const MIN_CUE_SECONDS: f64 = 0.5;

/// The subtitles as WebVTT. Text is made safe for a cue: no line breaks
/// (a blank line would end it), no control characters, and `&`, `<`, `>`
/// escaped, which also breaks any `-->` the words contain.
pub fn webvtt(subtitles: &[Subtitle]) -> String {
    let mut out = String::from("WEBVTT\n");
    let mut n = 0;
    for subtitle in subtitles {
        let text = cue_text(&subtitle.text);
        if text.is_empty() || !subtitle.start.is_finite() || !subtitle.end.is_finite() {
            continue;
        }
        let start = subtitle.start.max(0.0);
        let end = subtitle.end.max(start + MIN_CUE_SECONDS);
        let pieces = cut(&text);
        let total: usize = pieces.iter().map(|p| p.chars().count()).sum::<usize>().max(1);
        let mut at = start;
        for piece in pieces {
            let share = (end - start) * piece.chars().count() as f64 / total as f64;
            let until = (at + share).min(end);
            n += 1;
            out.push_str(&format!("\n{n}\n{} --> {}\n{}\n", timestamp(at), timestamp(until.max(at)), escape(&piece)));
            at = until;
        }
    }
    out
}

/// One line of plain text: whitespace runs (line breaks too) become one
/// space, control and invisible formatting characters go.
fn cue_text(text: &str) -> String {
    let visible: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// `HH:MM:SS.mmm`.
fn timestamp(seconds: f64) -> String {
    let ms = (seconds.max(0.0) * 1000.0).round() as u64;
    format!("{:02}:{:02}:{:02}.{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
}

fn is_cjk(c: char) -> bool {
    ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// A line short enough to read at once: Chinese is cut after punctuation
/// when a piece is half full, else at the limit; other text at words.
fn cut(text: &str) -> Vec<String> {
    let chinese = text.chars().filter(|&c| is_cjk(c)).count() * 3 >= text.chars().count();
    let mut pieces = Vec::new();
    let mut piece = String::new();
    if chinese {
        for c in text.chars() {
            if piece.chars().count() >= MAX_CUE_CHARS {
                pieces.push(std::mem::take(&mut piece));
            }
            if !(piece.is_empty() && c == ' ') {
                piece.push(c);
            }
            if "，。！？；、,.!?;".contains(c) && piece.chars().count() >= MAX_CUE_CHARS / 2 {
                pieces.push(std::mem::take(&mut piece));
            }
        }
    } else {
        for word in text.split(' ') {
            if !piece.is_empty() && piece.chars().count() + 1 + word.chars().count() > MAX_CUE_CHARS_LATIN {
                pieces.push(std::mem::take(&mut piece));
            }
            if !piece.is_empty() {
                piece.push(' ');
            }
            piece.push_str(word);
        }
    }
    let piece = piece.trim().to_string();
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(start: f64, end: f64, text: &str) -> Subtitle {
        Subtitle { start, end, text: text.into() }
    }

    #[test]
    fn subtitles_are_webvtt_with_a_cue_for_each_segment() {
        let vtt = webvtt(&[sub(0.0, 2.5, "Hello, I am Li Fang."), sub(2.5, 65.25, "I can cook.")]);
        assert_eq!(
            vtt,
            "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.500\nHello, I am Li Fang.\n\n\
             2\n00:00:02.500 --> 00:01:05.250\nI can cook.\n"
        );
        assert_eq!(webvtt(&[]), "WEBVTT\n");
    }

    #[test]
    fn cue_text_cannot_end_a_cue_fake_a_timing_or_carry_markup() {
        let hostile = "a --> b\n\n99\n00:00:00.000 --> 00:00:09.000\n<script>x</script> <c.red>&amp;\u{202e}\u{7}";
        let vtt = webvtt(&[sub(1.0, 2.0, hostile)]);
        // Every line is the header, a blank, a cue number, a timing or a
        // cue's text, and no text line holds an arrow, a tag or a control.
        let timing = regex::Regex::new(r"^\d{2}:\d{2}:\d{2}\.\d{3} --> \d{2}:\d{2}:\d{2}\.\d{3}$").unwrap();
        let mut text = Vec::new();
        for cue in vtt.split("\n\n").skip(1) {
            let lines: Vec<&str> = cue.trim_end().lines().collect();
            assert_eq!(lines.len(), 3, "{vtt}");
            assert!(lines[0].parse::<u32>().is_ok() && timing.is_match(lines[1]), "{vtt}");
            text.push(lines[2]);
        }
        let text = text.join(" ");
        assert!(!text.contains("-->") && !text.contains('<') && !text.contains('\u{202e}') && !text.contains('\u{7}'));
        assert_eq!(
            text,
            "a --&gt; b 99 00:00:00.000 --&gt; 00:00:09.000 &lt;script&gt;x&lt;/script&gt; &lt;c.red&gt;&amp;amp;"
        );
        // Empty or untimed text gives no cue at all.
        assert_eq!(webvtt(&[sub(0.0, 1.0, " \n "), sub(f64::NAN, 1.0, "x")]), "WEBVTT\n");
    }

    #[test]
    fn long_segments_are_cut_into_readable_cues_sharing_their_time() {
        let zh = "大家好，我叫王秀兰，今年四十八岁，四川人。我做了十年保姆，会做饭、打扫卫生、照顾老人，也会带孩子。";
        let vtt = webvtt(&[sub(0.0, 20.0, zh)]);
        let cues: Vec<&str> = vtt.split("\n\n").skip(1).collect();
        assert!(cues.len() >= 3, "{vtt}");
        let texts: Vec<&str> = cues.iter().map(|c| c.lines().nth(2).unwrap()).collect();
        assert!(texts.iter().all(|t| t.chars().count() <= MAX_CUE_CHARS), "{texts:?}");
        assert_eq!(texts.concat(), zh, "nothing lost or added");
        assert!(cues[0].contains("00:00:00.000 --> ") && cues.last().unwrap().contains(" --> 00:00:20.000"), "{vtt}");
        // Times run on without gaps or overlaps.
        let timings: Vec<(&str, &str)> =
            cues.iter().map(|c| c.lines().nth(1).unwrap().split_once(" --> ").unwrap()).collect();
        for pair in timings.windows(2) {
            assert_eq!(pair[0].1, pair[1].0, "{vtt}");
        }
        let en = "Hello my name is Maria Santos and I am forty five years old and I can cook and clean the house";
        let vtt = webvtt(&[sub(0.0, 7.0, en)]);
        let lines: Vec<&str> = vtt.split("\n\n").skip(1).map(|c| c.lines().nth(2).unwrap()).collect();
        assert_eq!(lines.len(), 2, "{vtt}");
        assert!(lines.iter().all(|l| l.len() <= MAX_CUE_CHARS_LATIN && !l.starts_with(' ')), "{lines:?}");
        assert_eq!(lines.join(" "), en);
    }

    #[test]
    fn a_cue_lasts_long_enough_to_read_and_never_runs_backwards() {
        let vtt = webvtt(&[sub(3.0, 2.0, "ok"), sub(-1.0, 0.0, "yes")]);
        assert!(vtt.contains("00:00:03.000 --> 00:00:03.500\nok"), "{vtt}");
        assert!(vtt.contains("00:00:00.000 --> 00:00:00.500\nyes"), "{vtt}");
    }

    #[test]
    fn a_transcript_without_timing_becomes_one_subtitle_over_the_video() {
        let t =
            crate::stt::Transcript { text: "I can cook.".into(), language: None, duration_s: 9.0, segments: vec![] };
        assert_eq!(Subtitle::from_transcript(&t), vec![sub(0.0, 9.0, "I can cook.")]);
        let silent = crate::stt::Transcript { text: String::new(), ..t };
        assert!(Subtitle::from_transcript(&silent).is_empty());
    }

    #[test]
    fn only_webm_and_mp4_are_taken_for_video() {
        let webm = include_bytes!("../../tests/fixtures/video_en.webm");
        assert_eq!(VideoContainer::sniff(webm), Some(VideoContainer::WebM));
        assert_eq!(VideoContainer::sniff(b"\0\0\0\x20ftypisom\0\0\x02\0"), Some(VideoContainer::Mp4));
        for other in [&b"RIFF\0\0\0\0WAVEfmt "[..], b"OggS\0\x02", b"<html>", b"", b"\x1a\x45"] {
            assert_eq!(VideoContainer::sniff(other), None, "{other:?}");
        }
        assert_eq!(VideoContainer::content_type_of("ab-12.mp4"), "video/mp4");
        assert_eq!(VideoContainer::content_type_of("ab-12.webm"), "video/webm");
    }

    #[test]
    fn the_audio_of_a_webm_with_a_video_track_is_found() {
        // Recorded by Chromium's MediaRecorder (VP8 + Opus): the decoder
        // skips the video track and reads the speech.
        let webm = include_bytes!("../../tests/fixtures/video_en.webm").to_vec();
        let audio = crate::audio::decode_bytes(webm, MAX_VIDEO_SECONDS).unwrap();
        assert!((6.0..8.0).contains(&audio.duration_s()), "{}", audio.duration_s());
        let loud = audio.samples.iter().filter(|s| s.abs() > 0.05).count();
        assert!(loud > audio.samples.len() / 50, "speech, not silence: {loud} of {}", audio.samples.len());
    }
}
