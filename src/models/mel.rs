//! The 80-band mel filterbank Whisper was trained with.
//!
//! whisper.cpp reads the filters from the model file, and CTranslate2 files
//! do not carry them, so we compute them: Slaney-style mel scale with
//! Slaney area normalisation, as `librosa.filters.mel(sr=16000, n_fft=400,
//! n_mels=80)` — the exact recipe of openai-whisper's `mel_filters.npz`
//! (checked against that file's values in the tests).

pub const N_FFT: usize = 400;
pub const N_FREQS: usize = N_FFT / 2 + 1;

// Slaney's scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above.
const F_SP: f64 = 200.0 / 3.0;
const MIN_LOG_HZ: f64 = 1000.0;
const MIN_LOG_MEL: f64 = MIN_LOG_HZ / F_SP;

fn log_step() -> f64 {
    6.4f64.ln() / 27.0
}

fn hz_to_mel(hz: f64) -> f64 {
    if hz >= MIN_LOG_HZ {
        MIN_LOG_MEL + (hz / MIN_LOG_HZ).ln() / log_step()
    } else {
        hz / F_SP
    }
}

fn mel_to_hz(mel: f64) -> f64 {
    if mel >= MIN_LOG_MEL {
        MIN_LOG_HZ * (log_step() * (mel - MIN_LOG_MEL)).exp()
    } else {
        F_SP * mel
    }
}

/// Row-major `n_mels × N_FREQS` filter weights.
pub fn mel_filters(sample_rate: u32, n_mels: usize) -> Vec<f32> {
    let sr = sample_rate as f64;
    let fft_freqs: Vec<f64> = (0..N_FREQS).map(|i| i as f64 * sr / N_FFT as f64).collect();
    let (lo, hi) = (hz_to_mel(0.0), hz_to_mel(sr / 2.0));
    let points: Vec<f64> =
        (0..n_mels + 2).map(|i| mel_to_hz(lo + (hi - lo) * i as f64 / (n_mels + 1) as f64)).collect();
    let mut out = vec![0f32; n_mels * N_FREQS];
    for m in 0..n_mels {
        let (left, centre, right) = (points[m], points[m + 1], points[m + 2]);
        let norm = 2.0 / (right - left);
        for (k, &f) in fft_freqs.iter().enumerate() {
            let rising = (f - left) / (centre - left);
            let falling = (right - f) / (right - centre);
            out[m * N_FREQS + k] = (rising.min(falling).max(0.0) * norm) as f32;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_openai_whisper_mel_filters_npz() {
        // Values read from openai-whisper 20250625, whisper/assets/mel_filters.npz ("mel_80").
        let f = mel_filters(16_000, 80);
        let at = |m: usize, k: usize| f[m * N_FREQS + k];
        let close = |a: f32, b: f32| (a - b).abs() < 1e-7;
        let sum: f64 = f.iter().map(|&v| v as f64).sum();
        assert!((sum - 1.999_024_2).abs() < 1e-5, "sum {sum}");
        assert!(close(at(0, 1), 0.024_862_59));
        assert!(
            close(at(40, 42), 0.005_411_105) && close(at(40, 43), 0.014_735_566) && close(at(40, 44), 0.006_518_19)
        );
        assert!(close(at(79, 192), 0.003_164_711_9));
        // Every band has weight somewhere: no dead mel channel.
        assert!(f.chunks(N_FREQS).all(|band| band.iter().any(|&v| v > 0.0)));
    }
}
