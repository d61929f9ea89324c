//! Any upload → 16 kHz mono f32, and voice-activity detection.
//!
//! Decoding is symphonia (WAV, MP3, FLAC, Ogg Vorbis, AAC in MP4/M4A, and the
//! Ogg and WebM containers) plus libopus for Opus, which symphonia lacks and
//! which browsers' MediaRecorder produces. Everything is mixed to mono and
//! resampled once to [`SAMPLE_RATE`], the rate Whisper expects.
//!
//! Length is checked while decoding, so a two-hour file is refused after
//! reading only as much as the limit, and any failure — including a panic
//! inside a decoder on hostile input — becomes an [`AudioError`].

pub mod vad;

use std::io::Cursor;
use std::path::Path;

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{DecoderOptions, CODEC_TYPE_NULL, CODEC_TYPE_OPUS};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use crate::Fault;

/// Whisper's input rate.
pub const SAMPLE_RATE: u32 = 16_000;
/// libopus always decodes at 48 kHz here.
const OPUS_RATE: u32 = 48_000;
/// The longest Opus frame is 120 ms.
const OPUS_MAX_FRAME: usize = OPUS_RATE as usize * 120 / 1000;

#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    #[error("the file is not audio in a supported format (WAV, MP3, FLAC, OGG, Opus, M4A/AAC, WebM)")]
    Unsupported,
    #[error("the audio file is damaged and cannot be decoded ({0})")]
    Corrupt(String),
    #[error("the recording is longer than the limit of {limit} (at least {seen}); please record a shorter answer")]
    TooLong { seen: String, limit: String },
    #[error("the file contains no audio")]
    Empty,
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
}

impl AudioError {
    pub fn fault(&self) -> Fault {
        Fault::User
    }

    pub fn code(&self) -> &'static str {
        match self {
            AudioError::Unsupported => "unsupported_audio",
            AudioError::Corrupt(_) => "corrupt_audio",
            AudioError::TooLong { .. } => "audio_too_long",
            AudioError::Empty => "empty_audio",
            AudioError::Read { .. } => "unreadable_file",
        }
    }
}

/// Mono audio at [`SAMPLE_RATE`].
#[derive(Debug, Clone)]
pub struct Audio {
    pub samples: Vec<f32>,
}

impl Audio {
    pub fn duration_s(&self) -> f64 {
        self.samples.len() as f64 / SAMPLE_RATE as f64
    }
}

/// `samples` (at [`SAMPLE_RATE`]) as a 16-bit mono WAV file.
pub fn encode_wav(samples: &[f32]) -> Vec<u8> {
    let data_len = 2 * samples.len() as u32;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // format chunk size
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    out.extend_from_slice(&(SAMPLE_RATE * 2).to_le_bytes()); // bytes per second
    out.extend_from_slice(&2u16.to_le_bytes()); // bytes per frame
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for &s in samples {
        out.extend_from_slice(&((s.clamp(-1.0, 1.0) * 32767.0).round() as i16).to_le_bytes());
    }
    out
}

pub fn decode_file(path: &Path, max_seconds: f64) -> Result<Audio, AudioError> {
    let file =
        std::fs::File::open(path).map_err(|source| AudioError::Read { path: path.display().to_string(), source })?;
    let mut hint = Hint::new();
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(ext);
    }
    decode_source(Box::new(file), hint, max_seconds)
}

pub fn decode_bytes(bytes: Vec<u8>, max_seconds: f64) -> Result<Audio, AudioError> {
    decode_source(Box::new(Cursor::new(bytes)), Hint::new(), max_seconds)
}

fn decode_source(source: Box<dyn MediaSource>, hint: Hint, max_seconds: f64) -> Result<Audio, AudioError> {
    // A decoder bug must not take the process (or the server) down with it.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| decode_mono(source, hint, max_seconds)))
        .unwrap_or_else(|_| Err(AudioError::Corrupt("the decoder failed on this file".into())))
        .and_then(|(samples, rate)| {
            if samples.is_empty() {
                return Err(AudioError::Empty);
            }
            Ok(Audio { samples: resample(&samples, rate, SAMPLE_RATE) })
        })
}

fn too_long(seen_frames: u64, rate: u32, max_seconds: f64) -> AudioError {
    AudioError::TooLong { seen: minutes(seen_frames as f64 / rate as f64), limit: minutes(max_seconds) }
}

fn minutes(seconds: f64) -> String {
    if seconds >= 60.0 {
        format!("{:.1} minutes", seconds / 60.0)
    } else {
        format!("{seconds:.0} seconds")
    }
}

/// Decodes the first audio track to mono at its own rate.
fn decode_mono(source: Box<dyn MediaSource>, hint: Hint, max_seconds: f64) -> Result<(Vec<f32>, u32), AudioError> {
    let stream = MediaSourceStream::new(source, Default::default());
    let probed = symphonia::default::get_probe()
        .format(&hint, stream, &FormatOptions::default(), &MetadataOptions::default())
        .map_err(|e| match e {
            SymphoniaError::Unsupported(_) => AudioError::Unsupported,
            SymphoniaError::IoError(_) => AudioError::Unsupported,
            other => AudioError::Corrupt(other.to_string()),
        })?;
    let mut format = probed.format;
    let track = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or(AudioError::Unsupported)?
        .clone();
    let params = &track.codec_params;
    let is_opus = params.codec == CODEC_TYPE_OPUS;
    let rate = if is_opus { OPUS_RATE } else { params.sample_rate.ok_or(AudioError::Unsupported)? };
    let max_frames = (max_seconds * rate as f64).ceil() as u64;
    // Refuse early when the container states the length.
    if let Some(n) = params.n_frames {
        if !is_opus && n > max_frames {
            return Err(too_long(n, rate, max_seconds));
        }
    }

    let mut mono: Vec<f32> = Vec::new();
    let mut sink = |frames: &[f32], channels: usize| -> Result<(), AudioError> {
        let channels = channels.max(1);
        mono.extend(frames.chunks_exact(channels).map(|f| f.iter().sum::<f32>() / channels as f32));
        if mono.len() as u64 > max_frames {
            return Err(too_long(mono.len() as u64, rate, max_seconds));
        }
        Ok(())
    };

    if is_opus {
        // libopus mixes down to the one channel we ask for.
        let mut decoder =
            opus::Decoder::new(OPUS_RATE, opus::Channels::Mono).map_err(|e| AudioError::Corrupt(e.to_string()))?;
        let mut pcm = vec![0f32; OPUS_MAX_FRAME];
        let mut skip = params.delay.unwrap_or(0) as usize;
        while let Some(packet) = next_packet(&mut *format, track.id)? {
            let n = decoder
                .decode_float(&packet.data, &mut pcm, false)
                .map_err(|e| AudioError::Corrupt(format!("opus: {e}")))?;
            let dropped = skip.min(n);
            skip -= dropped;
            sink(&pcm[dropped..n], 1)?;
        }
    } else {
        let mut decoder = symphonia::default::get_codecs()
            .make(params, &DecoderOptions::default())
            .map_err(|_| AudioError::Unsupported)?;
        let mut buffer: Option<SampleBuffer<f32>> = None;
        while let Some(packet) = next_packet(&mut *format, track.id)? {
            let decoded = match decoder.decode(&packet) {
                Ok(d) => d,
                // One damaged packet in a long stream is skipped, as players do.
                Err(SymphoniaError::DecodeError(_)) => continue,
                Err(e) => return Err(AudioError::Corrupt(e.to_string())),
            };
            let spec = *decoded.spec();
            let needed = decoded.capacity() as u64;
            let buf = match &mut buffer {
                Some(b) if b.capacity() as u64 >= needed * spec.channels.count() as u64 => b,
                _ => buffer.insert(SampleBuffer::new(needed, spec)),
            };
            buf.copy_interleaved_ref(decoded);
            sink(buf.samples(), spec.channels.count())?;
        }
    }
    Ok((mono, rate))
}

fn next_packet(
    format: &mut dyn symphonia::core::formats::FormatReader,
    track: u32,
) -> Result<Option<symphonia::core::formats::Packet>, AudioError> {
    loop {
        match format.next_packet() {
            Ok(p) if p.track_id() == track => return Ok(Some(p)),
            Ok(_) => continue,
            Err(SymphoniaError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(SymphoniaError::ResetRequired) => return Ok(None),
            Err(e) => return Err(AudioError::Corrupt(e.to_string())),
        }
    }
}

/// Band-limited resampling (FFT based, rubato); a no-op at the same rate.
pub fn resample(input: &[f32], from: u32, to: u32) -> Vec<f32> {
    use rubato::{FftFixedIn, Resampler};
    if from == to || input.is_empty() {
        return input.to_vec();
    }
    const CHUNK: usize = 1024;
    let mut resampler =
        FftFixedIn::<f32>::new(from as usize, to as usize, CHUNK, 2, 1).expect("valid resampler settings");
    let expected = (input.len() as u64 * to as u64 / from as u64) as usize;
    let delay = resampler.output_delay();
    let mut out = Vec::with_capacity(expected + delay + CHUNK);
    let mut pos = 0;
    while pos < input.len() {
        let need = resampler.input_frames_next();
        let chunk = &input[pos..(pos + need).min(input.len())];
        let result = if chunk.len() == need {
            resampler.process(&[chunk], None)
        } else {
            resampler.process_partial(Some(&[chunk]), None)
        };
        out.extend_from_slice(&result.expect("buffer sizes follow input_frames_next")[0]);
        pos += chunk.len();
    }
    // Flush the filter's tail, then drop its delay so time stays aligned.
    while out.len() < expected + delay {
        let tail = resampler.process_partial::<&[f32]>(None, None).expect("flush");
        if tail[0].is_empty() {
            break;
        }
        out.extend_from_slice(&tail[0]);
    }
    out.drain(..delay.min(out.len()));
    out.truncate(expected);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(rate: u32, hz: f32, seconds: f32) -> Vec<f32> {
        (0..(rate as f32 * seconds) as usize)
            .map(|i| (i as f32 * hz * std::f32::consts::TAU / rate as f32).sin() * 0.5)
            .collect()
    }

    #[test]
    fn resampling_keeps_duration_and_pitch() {
        let out = resample(&sine(44_100, 440.0, 1.0), 44_100, SAMPLE_RATE);
        assert_eq!(out.len(), 16_000);
        // Zero crossings of a 440 Hz tone: ~880 a second.
        let crossings = out[100..15_900].windows(2).filter(|w| (w[0] < 0.0) != (w[1] < 0.0)).count();
        assert!((860..=880).contains(&crossings), "{crossings}");
        let rms = (out[1000..15000].iter().map(|v| v * v).sum::<f32>() / 14000.0).sqrt();
        assert!((rms - 0.5 / 2f32.sqrt()).abs() < 0.02, "{rms}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let mut seed = 7u64;
        let noise: Vec<u8> = (0..50_000)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                (seed >> 33) as u8
            })
            .collect();
        assert!(matches!(decode_bytes(noise, 600.0), Err(AudioError::Unsupported | AudioError::Corrupt(_))));
        assert!(decode_bytes(Vec::new(), 600.0).is_err());
        // A valid WAV header with a truncated body.
        let mut wav = b"RIFF\xff\xff\x00\x00WAVEfmt ".to_vec();
        wav.extend([16, 0, 0, 0, 1, 0, 1, 0, 0x80, 0x3e, 0, 0, 0, 0x7d, 0, 0, 2, 0, 16, 0]);
        wav.extend(b"data\xff\xff\x00\x00");
        assert!(decode_bytes(wav, 600.0).is_err());
    }
}
