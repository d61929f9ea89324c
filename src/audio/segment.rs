//! Cutting speech that is still arriving into pieces Whisper can hear on
//! their own, so most of an answer is transcribed while the worker is still
//! speaking and only its last phrase is left when she stops.
//!
//! A piece ends in a pause: cutting inside a word costs accuracy, cutting
//! in a pause costs little. Pieces are at least [`MIN_PIECE_S`] long, as
//! Whisper hears a sentence better than a phrase (measured on the test
//! clips: three-second pieces turned jfk's "ask not" into "asked not").
//! Giving each piece the words before it as Whisper's prompt fixed that
//! too, but made pieces several times slower to hear (temperature
//! fallbacks): the answer came 5 s after the stop instead of 0.3 s;
//! one that runs past [`MAX_PIECE_S`] is cut at its longest pause, or
//! where it is, so no piece outgrows Whisper's 30 s window.
//!
//! A piece is heard as Whisper hears a sentence inside a whole recording
//! ([`to_hear`]): after the last seconds before it, whose words are left
//! out by their times, or, the first, after a breath of silence. Heard
//! quite alone, answer_en.wav's "… yuan a month" became "you in a month"
//! and its "I have worked" "I can work".

use std::ops::Range;

use super::vad::{speech_regions, VadSettings};
use super::SAMPLE_RATE;

/// Shortest piece cut before the end, in seconds.
pub const MIN_PIECE_S: f64 = 5.0;
/// Longest piece: under Whisper's 30 s window with room to spare.
pub const MAX_PIECE_S: f64 = 24.0;
/// A pause at least this long (s) may end a piece.
pub const PAUSE_S: f64 = 0.5;
/// A pause at least this long (s) may be her last: long enough not to be
/// a breath between words, short enough that the guess is ready by the
/// time her finger reaches "stop".
pub const MAYBE_LAST_PAUSE_S: f64 = 0.3;
/// How much new audio (s) is gathered before looking for a pause again.
const LOOK_EVERY_S: f64 = 0.25;
/// Silence put before the first piece (s).
pub const LEAD_IN_S: f64 = 0.3;
/// Audio before a piece given as context (s): with one second Whisper
/// repeated itself on the test clips; two cost 0.1–0.2 s more to hear.
pub const CONTEXT_S: f64 = 2.0;

const RATE: f64 = SAMPLE_RATE as f64;

/// Speech arriving in chunks, cut into pieces at pauses.
pub struct Segmenter {
    samples: Vec<f32>,
    /// Everything before this is in a piece already.
    cut: usize,
    /// Length when last looked at.
    looked: usize,
    settings: VadSettings,
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter::new()
    }
}

impl Segmenter {
    pub fn new() -> Segmenter {
        // Regions that hug the speech (little padding, little merging), so
        // the gaps between them are the pauses.
        let settings = VadSettings { pad_s: 0.1, merge_gap_s: 0.2, ..VadSettings::default() };
        Segmenter { samples: Vec::new(), cut: 0, looked: 0, settings }
    }

    /// Everything heard so far.
    pub fn samples(&self) -> &[f32] {
        &self.samples
    }

    /// Takes a chunk; returns a finished piece (a range of [`Self::samples`])
    /// when one ended in a pause.
    pub fn push(&mut self, chunk: &[f32]) -> Option<Range<usize>> {
        self.samples.extend_from_slice(chunk);
        if ((self.samples.len() - self.looked) as f64) < LOOK_EVERY_S * RATE {
            return None;
        }
        self.looked = self.samples.len();
        let open = &self.samples[self.cut..];
        if (open.len() as f64) < MIN_PIECE_S * RATE {
            return None;
        }
        let regions = speech_regions(open, &self.settings);
        let pause = (PAUSE_S * RATE) as usize;
        let min_piece = (MIN_PIECE_S * RATE) as usize;
        // Ends of speech followed by a pause (or by the silence so far).
        let gaps: Vec<(usize, usize)> = regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.end, regions.get(i + 1).map_or(open.len(), |next| next.start)))
            .filter(|&(end, next)| next - end >= pause)
            .collect();
        let at = match gaps.iter().rev().find(|&&(end, _)| end >= min_piece) {
            // In the pause, a little after the speech (its last consonant).
            Some(&(end, next)) => end + (next - end).min(pause) / 2,
            None if (open.len() as f64) > MAX_PIECE_S * RATE => {
                // No pause long enough: the longest one there is, or here.
                let longest =
                    regions.windows(2).max_by_key(|w| w[1].start - w[0].end).map(|w| (w[0].end + w[1].start) / 2);
                longest.filter(|&at| at >= min_piece).unwrap_or(open.len())
            }
            None => return None,
        };
        let piece = self.cut..self.cut + at;
        self.cut = piece.end;
        Some(piece)
    }

    /// Where the open part (everything not yet in a piece) starts.
    pub fn open_from(&self) -> usize {
        self.cut
    }

    /// The open part, when it holds speech and ends in a pause: she may
    /// have finished, so it is worth hearing before she says so.
    pub fn open_after_pause(&self) -> Option<Range<usize>> {
        let open = &self.samples[self.cut..];
        let last = speech_regions(open, &self.settings).pop()?;
        ((open.len() - last.end) as f64 >= MAYBE_LAST_PAUSE_S * RATE).then_some(self.cut..self.samples.len())
    }

    /// Whether she spoke after `from` (a point in the open part). Judged
    /// on the whole open part: its pauses set the noise floor.
    pub fn speech_after(&self, from: usize) -> bool {
        let open = &self.samples[self.cut..];
        speech_regions(open, &self.settings).iter().any(|r| self.cut + r.end > from)
    }

    /// The rest, once the worker has stopped: `None` when nothing is left.
    pub fn finish(&mut self) -> Option<Range<usize>> {
        let rest = self.cut..self.samples.len();
        self.cut = self.samples.len();
        self.looked = self.samples.len();
        (!rest.is_empty()).then_some(rest)
    }
}

/// What Whisper is given to hear one piece.
pub struct PieceAudio {
    pub samples: Vec<f32>,
    /// Seconds at its start that are silence or heard already
    /// ([`crate::stt::TranscribeOptions::heard_before_s`]).
    pub heard_before_s: f64,
    /// Add to a time in `samples` to get the time in the whole recording.
    pub offset_s: f64,
}

/// `piece` of `recording`: after up to [`CONTEXT_S`] of what came before
/// it, or, at the recording's start, after [`LEAD_IN_S`] of silence. A
/// piece that is the whole recording (she never paused) is heard exactly
/// as an upload of it would be: cutting nothing, streaming must change
/// nothing (the lead-in, which helps a first piece cut off mid-answer,
/// cost one character of zh_asr_example on one machine).
pub fn to_hear(recording: &[f32], piece: Range<usize>) -> PieceAudio {
    if piece == (0..recording.len()) {
        return PieceAudio { samples: recording.to_vec(), heard_before_s: 0.0, offset_s: 0.0 };
    }
    let from = piece.start.saturating_sub((CONTEXT_S * RATE) as usize);
    if from < piece.start {
        let samples = recording[from..piece.end].to_vec();
        let heard_before_s = (piece.start - from) as f64 / RATE;
        return PieceAudio { samples, heard_before_s, offset_s: from as f64 / RATE };
    }
    let mut samples = vec![0.0; (LEAD_IN_S * RATE) as usize];
    samples.extend_from_slice(&recording[piece]);
    // The silence has no words to leave out.
    PieceAudio { samples, heard_before_s: 0.0, offset_s: -LEAD_IN_S }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crude voiced sound (a pulse train through a resonance) of `s` seconds.
    fn voiced(s: f64) -> Vec<f32> {
        let n = (s * RATE) as usize;
        let period = SAMPLE_RATE as usize / 140;
        let w = std::f32::consts::TAU * 700.0 / SAMPLE_RATE as f32;
        let (mut y, mut v) = (0f32, 0f32);
        (0..n)
            .map(|i| {
                let out = if i % period == 0 { 1.0 } else { 0.0 } + 2.0 * 0.97 * w.cos() * y - 0.97 * 0.97 * v;
                v = y;
                y = out;
                out * 0.05
            })
            .collect()
    }

    fn silence(s: f64) -> Vec<f32> {
        vec![0.0; (s * RATE) as usize]
    }

    /// Feeds `audio` in 100 ms chunks; returns the pieces and the rest.
    fn feed(audio: &[f32]) -> (Vec<Range<usize>>, Option<Range<usize>>) {
        let mut s = Segmenter::new();
        let pieces = audio.chunks(1600).filter_map(|c| s.push(c)).collect();
        (pieces, s.finish())
    }

    #[test]
    fn pieces_end_in_pauses_and_cover_everything_once() {
        let mut audio = silence(0.5);
        for _ in 0..3 {
            audio.extend(voiced(5.5));
            audio.extend(silence(0.9));
        }
        audio.extend(voiced(1.0));
        let (pieces, rest) = feed(&audio);
        assert_eq!(pieces.len(), 3, "{pieces:?}");
        let mut all = pieces.clone();
        all.extend(rest.clone());
        assert_eq!(all[0].start, 0);
        for w in all.windows(2) {
            assert_eq!(w[0].end, w[1].start, "no gap, no overlap");
        }
        assert_eq!(all.last().unwrap().end, audio.len());
        // Each cut falls in a pause: the samples there are silent.
        for p in &pieces {
            assert_eq!(audio[p.end], 0.0, "cut at {} s is not in a pause", p.end as f64 / RATE);
        }
        // What is left when she stops is the last phrase, not the answer.
        assert!((rest.unwrap().len() as f64) < 2.5 * RATE);
    }

    #[test]
    fn short_pauses_and_short_phrases_stay_together() {
        let mut audio = Vec::new();
        for _ in 0..4 {
            audio.extend(voiced(0.8));
            audio.extend(silence(0.25)); // breath, not a pause
        }
        let (pieces, rest) = feed(&audio);
        assert!(pieces.is_empty(), "{pieces:?}");
        assert_eq!(rest, Some(0..audio.len()));
        // A pause after less than a piece's worth of speech does not end one either.
        let mut audio = voiced(3.5);
        audio.extend(silence(1.0));
        audio.extend(voiced(1.0));
        assert!(feed(&audio).0.is_empty());
    }

    #[test]
    fn speech_without_a_pause_is_cut_before_whisper_s_window_fills() {
        let audio = voiced(60.0);
        let (pieces, rest) = feed(&audio);
        assert!(!pieces.is_empty());
        for p in pieces.iter().chain(rest.iter()) {
            assert!((p.len() as f64) <= (MAX_PIECE_S + 0.5) * RATE, "{} s", p.len() as f64 / RATE);
        }
    }

    #[test]
    fn pieces_are_heard_after_silence_or_the_seconds_before_them() {
        let recording: Vec<f32> = (0..10 * SAMPLE_RATE).map(|i| i as f32).collect();
        let rate = SAMPLE_RATE as usize;
        let first = to_hear(&recording, 0..5 * rate);
        let lead_in = (LEAD_IN_S * RATE) as usize;
        assert!(first.samples[..lead_in].iter().all(|&s| s == 0.0));
        assert_eq!(first.samples[lead_in..], recording[..5 * rate]);
        assert_eq!(first.heard_before_s, 0.0);
        assert!((first.offset_s + LEAD_IN_S).abs() < 1e-9);

        let second = to_hear(&recording, 5 * rate..8 * rate);
        let context = (CONTEXT_S * RATE) as usize;
        assert_eq!(second.samples, recording[5 * rate - context..8 * rate]);
        assert!((second.heard_before_s - CONTEXT_S).abs() < 1e-9);
        // The piece's first sample, in the recording's time.
        assert!((second.heard_before_s + second.offset_s - 5.0).abs() < 1e-9);
        // Context never reaches before the recording.
        let early = to_hear(&recording, rate / 2..3 * rate);
        assert_eq!(early.samples, recording[..3 * rate]);
        assert!((early.heard_before_s - 0.5).abs() < 1e-9);

        // Never cut: exactly the recording, as an upload hears it.
        let whole = to_hear(&recording, 0..recording.len());
        assert_eq!(whole.samples, recording);
        assert_eq!((whole.heard_before_s, whole.offset_s), (0.0, 0.0));
    }

    #[test]
    fn an_open_part_ending_in_a_pause_is_offered_before_the_stop() {
        let mut s = Segmenter::new();
        s.push(&silence(0.3));
        assert_eq!(s.open_after_pause(), None, "nothing said yet");
        s.push(&voiced(2.0));
        assert_eq!(s.open_after_pause(), None, "still speaking");
        s.push(&silence(0.7));
        let open = s.open_after_pause().expect("she paused");
        assert_eq!(open, 0..s.samples().len());
        assert!(!s.speech_after(open.end));
        s.push(&voiced(1.0));
        assert!(s.speech_after(open.end), "she went on");
        assert_eq!(s.open_after_pause(), None);
    }

    #[test]
    fn nothing_said_gives_nothing_but_the_rest() {
        let (pieces, rest) = feed(&silence(5.0));
        assert!(pieces.is_empty());
        assert_eq!(rest.map(|r| r.len()), Some(5 * SAMPLE_RATE as usize));
        let mut empty = Segmenter::new();
        assert_eq!(empty.finish(), None);
    }
}
