//! Voice-activity detection: find the stretches of a recording where someone
//! speaks, so Whisper never sees silence or noise alone.
//!
//! Whisper, given silence or noise, invents text ("字幕由Amara.org社群提供",
//! "Thank you for watching"). The cure is not to ask it. A frame counts as
//! voiced when it is louder than the recording's own noise floor *and* is
//! periodic at a speaking pitch (60–400 Hz): steady noise fails the first
//! test, hiss and rumble the second. Periodicity is measured after a
//! first-difference filter, which whitens low-frequency (brown) noise that
//! would otherwise look periodic. Voiced frames are grouped into regions and
//! padded so unvoiced consonants at word edges survive; ordinary pauses
//! between words stay, only silences longer than [`VadSettings::merge_gap_s`]
//! are cut.

use std::ops::Range;

use super::SAMPLE_RATE;

/// Analysis runs at 8 kHz: pitch lives far below 4 kHz, and it halves the cost.
const RATE: usize = SAMPLE_RATE as usize / 2;
const FRAME: usize = RATE * 30 / 1000; // 30 ms
const HOP: usize = RATE * 20 / 1000; // 20 ms
const MIN_LAG: usize = RATE / 400; // 400 Hz
const MAX_LAG: usize = RATE / 60; // 60 Hz

#[derive(Debug, Clone, Copy)]
pub struct VadSettings {
    /// Frames quieter than this (dBFS) are never speech.
    pub min_level_db: f32,
    /// How far above the noise floor a voiced frame must be (dB).
    pub above_floor_db: f32,
    /// Normalised autocorrelation a voiced frame must reach.
    pub min_periodicity: f32,
    /// Voiced time a region needs to count (s).
    pub min_voiced_s: f32,
    /// Padding added on both sides of a region (s).
    pub pad_s: f32,
    /// Regions closer than this are merged (s).
    pub merge_gap_s: f32,
}

impl Default for VadSettings {
    fn default() -> Self {
        VadSettings {
            min_level_db: -55.0,
            above_floor_db: 6.0,
            min_periodicity: 0.5,
            min_voiced_s: 0.12,
            pad_s: 0.4,
            // Pauses inside an answer are kept: cutting them changes how
            // Whisper hears the words around them. Only long silences go.
            merge_gap_s: 1.5,
        }
    }
}

/// Per-frame measurements, exposed for tests and tuning.
#[derive(Debug, Clone, Copy)]
pub struct FrameFeatures {
    pub level_db: f32,
    pub periodicity: f32,
}

pub fn frame_features(samples: &[f32]) -> Vec<FrameFeatures> {
    // 2:1 decimation with a short low-pass (average of neighbours), then a
    // first difference to whiten rumble.
    let low: Vec<f32> = samples.chunks(2).map(|c| c.iter().sum::<f32>() / c.len() as f32).collect();
    let diff: Vec<f32> = std::iter::once(0.0).chain(low.windows(2).map(|w| w[1] - w[0])).collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start + FRAME <= low.len() {
        let frame = &low[start..start + FRAME];
        let energy = frame.iter().map(|v| v * v).sum::<f32>() / FRAME as f32;
        let level_db = 10.0 * (energy + 1e-12).log10();
        out.push(FrameFeatures { level_db, periodicity: periodicity(&diff[start..start + FRAME]) });
        start += HOP;
    }
    out
}

/// Highest normalised autocorrelation over speaking-pitch lags.
fn periodicity(x: &[f32]) -> f32 {
    let mut best = 0f32;
    for lag in MIN_LAG..=MAX_LAG.min(x.len() - 1) {
        let (a, b) = (&x[..x.len() - lag], &x[lag..]);
        let (mut ab, mut aa, mut bb) = (0f32, 0f32, 0f32);
        for (u, v) in a.iter().zip(b) {
            ab += u * v;
            aa += u * u;
            bb += v * v;
        }
        if aa > 0.0 && bb > 0.0 {
            best = best.max(ab / (aa * bb).sqrt());
        }
    }
    best
}

/// Speech regions as sample ranges of the 16 kHz input, sorted and disjoint.
pub fn speech_regions(samples: &[f32], settings: &VadSettings) -> Vec<Range<usize>> {
    let features = frame_features(samples);
    if features.is_empty() {
        return Vec::new();
    }
    let mut levels: Vec<f32> = features.iter().map(|f| f.level_db).collect();
    levels.sort_by(f32::total_cmp);
    let floor = levels[levels.len() / 10];
    let threshold = settings.min_level_db.max(floor + settings.above_floor_db);
    let voiced: Vec<bool> =
        features.iter().map(|f| f.level_db > threshold && f.periodicity >= settings.min_periodicity).collect();

    let hop_s = HOP as f32 / RATE as f32;
    let to_samples = |frame: usize| frame * HOP * 2;
    let merge_frames = (settings.merge_gap_s / hop_s).round() as usize;
    let min_voiced = (settings.min_voiced_s / hop_s).ceil() as usize;
    let pad = (settings.pad_s * SAMPLE_RATE as f32) as usize;

    // Group voiced frames that lie within merge distance of each other.
    let mut groups: Vec<(usize, usize, usize)> = Vec::new(); // (first, last, voiced count)
    for (i, _) in voiced.iter().enumerate().filter(|(_, v)| **v) {
        match groups.last_mut() {
            Some((_, last, count)) if i - *last <= merge_frames => {
                *last = i;
                *count += 1;
            }
            _ => groups.push((i, i, 1)),
        }
    }
    let mut regions: Vec<Range<usize>> = Vec::new();
    for (first, last, _) in groups.into_iter().filter(|g| g.2 >= min_voiced) {
        let start = to_samples(first).saturating_sub(pad);
        let end = (to_samples(last) + FRAME * 2 + pad).min(samples.len());
        match regions.last_mut() {
            Some(prev) if start <= prev.end => prev.end = prev.end.max(end),
            _ => regions.push(start..end),
        }
    }
    regions
}

/// Speech cut out of a recording, with the way back to original times.
#[derive(Debug, Clone)]
pub struct Trimmed {
    pub samples: Vec<f32>,
    /// `(start in trimmed, start in original)` per region, in order.
    pieces: Vec<(usize, usize)>,
}

impl Trimmed {
    /// The whole recording, untrimmed.
    pub fn whole(samples: &[f32]) -> Trimmed {
        Trimmed { samples: samples.to_vec(), pieces: vec![(0, 0)] }
    }

    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// Maps a time in the trimmed audio (s) to the original recording (s).
    pub fn original_time(&self, t: f64) -> f64 {
        let at = (t * SAMPLE_RATE as f64).max(0.0) as usize;
        let (trim_start, orig_start) = self.pieces.iter().rev().find(|(s, _)| *s <= at).copied().unwrap_or((0, 0));
        (orig_start + (at - trim_start)) as f64 / SAMPLE_RATE as f64
    }
}

pub fn trim_to_speech(samples: &[f32], settings: &VadSettings) -> Trimmed {
    let mut out = Vec::new();
    let mut pieces = Vec::new();
    for region in speech_regions(samples, settings) {
        pieces.push((out.len(), region.start));
        out.extend_from_slice(&samples[region]);
    }
    Trimmed { samples: out, pieces }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcg(seed: &mut u64) -> f32 {
        *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((*seed >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }

    fn white(n: usize, amp: f32) -> Vec<f32> {
        let mut s = 1;
        (0..n).map(|_| lcg(&mut s) * amp).collect()
    }

    /// A crude vowel: 140 Hz pulse train through a decaying resonance.
    fn vowel(n: usize) -> Vec<f32> {
        let period = SAMPLE_RATE as usize / 140;
        let mut y = 0f32;
        let mut v = 0f32;
        (0..n)
            .map(|i| {
                let pulse = if i % period == 0 { 1.0 } else { 0.0 };
                // Two-pole resonator near 700 Hz.
                let w = std::f32::consts::TAU * 700.0 / SAMPLE_RATE as f32;
                let r = 0.97f32;
                let out = pulse + 2.0 * r * w.cos() * y - r * r * v;
                v = y;
                y = out;
                out * 0.05
            })
            .collect()
    }

    #[test]
    fn silence_and_steady_noise_have_no_speech() {
        let s = VadSettings::default();
        assert!(speech_regions(&vec![0.0; 16_000 * 10], &s).is_empty());
        assert!(speech_regions(&white(16_000 * 10, 0.3), &s).is_empty());
        // Brown noise (integrated white): low-frequency, strongly correlated.
        let mut acc = 0f32;
        let brown: Vec<f32> = white(16_000 * 10, 0.02)
            .into_iter()
            .map(|v| {
                acc = (acc + v) * 0.999;
                acc
            })
            .collect();
        assert!(speech_regions(&brown, &s).is_empty());
    }

    #[test]
    fn a_voiced_sound_in_noise_is_found_where_it_is() {
        let mut audio = white(16_000 * 6, 0.005);
        let voice = vowel(16_000);
        for (a, v) in audio[32_000..48_000].iter_mut().zip(&voice) {
            *a += v;
        }
        let regions = speech_regions(&audio, &VadSettings::default());
        assert_eq!(regions.len(), 1, "{regions:?}");
        let r = &regions[0];
        assert!(r.start <= 32_000 && r.start >= 32_000 - 8_000, "{r:?}");
        assert!(r.end >= 48_000 && r.end <= 48_000 + 9_000, "{r:?}");
    }

    #[test]
    fn trimmed_times_map_back_to_the_original() {
        let mut audio = vec![0f32; 16_000 * 8];
        let voice = vowel(16_000);
        audio[16_000..32_000].copy_from_slice(&voice);
        audio[96_000..112_000].copy_from_slice(&voice);
        let trimmed = trim_to_speech(&audio, &VadSettings::default());
        assert!(trimmed.samples.len() < audio.len() / 2);
        let first_region_len = trimmed.pieces[1].0;
        let start2 = trimmed.pieces[1].1 as f64 / 16_000.0;
        let t = first_region_len as f64 / 16_000.0 + 0.5;
        assert!((trimmed.original_time(t) - (start2 + 0.5)).abs() < 1e-3);
        assert!(trimmed.original_time(0.0) < 1.0);
    }
}
