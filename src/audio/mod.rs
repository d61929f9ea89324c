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

pub mod isolate;
pub mod segment;
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

use crate::fault::{ErrorCode, Fault};

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
    /// The child process that decodes uploads could not be run: our fault.
    #[error("the audio decoder could not be started: {0}")]
    DecoderUnavailable(String),
}

impl AudioError {
    pub fn fault(&self) -> Fault {
        match self {
            AudioError::DecoderUnavailable(_) => Fault::Internal,
            _ => Fault::User,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AudioError::Unsupported => ErrorCode::UnsupportedAudio,
            AudioError::Corrupt(_) => ErrorCode::CorruptAudio,
            AudioError::TooLong { .. } => ErrorCode::AudioTooLong,
            AudioError::Empty => ErrorCode::EmptyAudio,
            AudioError::Read { .. } => ErrorCode::UnreadableFile,
            AudioError::DecoderUnavailable(_) => ErrorCode::DecoderUnavailable,
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
    let mut out = wav_header(SAMPLE_RATE, 1, 16, 2 * samples.len() as u32);
    out.reserve(2 * samples.len());
    for &s in samples {
        out.extend_from_slice(&((s.clamp(-1.0, 1.0) * 32767.0).round() as i16).to_le_bytes());
    }
    out
}

/// The 44-byte header of a PCM WAV file holding `data_len` bytes of
/// samples. Sizes wrap instead of failing, so tests can write the absurd
/// headers an attacker would.
pub fn wav_header(rate: u32, channels: u16, bits: u16, data_len: u32) -> Vec<u8> {
    let align = (channels as u32 * bits as u32 / 8).max(1);
    let mut out = Vec::with_capacity(44);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&36u32.wrapping_add(data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // format chunk size
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&rate.wrapping_mul(align).to_le_bytes()); // bytes per second
    out.extend_from_slice(&(align as u16).to_le_bytes()); // bytes per frame
    out.extend_from_slice(&bits.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
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
    // Copied only for a WebM with a SeekHead (not what browsers record).
    let retry = seek_head(&bytes).map(|(at, len)| {
        let mut copy = bytes.clone();
        void_element(&mut copy, at, len);
        copy
    });
    match decode_source(Box::new(Cursor::new(bytes)), Hint::new(), max_seconds) {
        // A WebM cut short whose index (SeekHead) points past the cut: the
        // demuxer follows it and fails before reading any audio. The index
        // is optional, so blank it and read the clusters as they come, as a
        // player would.
        Err(e @ (AudioError::Corrupt(_) | AudioError::Unsupported)) => match retry {
            Some(bytes) => decode_source(Box::new(Cursor::new(bytes)), Hint::new(), max_seconds),
            None => Err(e),
        },
        result => result,
    }
}

const EBML_MAGIC: [u8; 4] = [0x1a, 0x45, 0xdf, 0xa3];

/// An EBML variable-length integer at `at`: (value, length). IDs keep
/// their length marker, sizes drop it.
fn ebml_vint(bytes: &[u8], at: usize, keep_marker: bool) -> Option<(u64, usize)> {
    let first = *bytes.get(at)?;
    let len = first.leading_zeros() as usize + 1;
    if len > 8 {
        return None;
    }
    let mut value = if keep_marker { first as u64 } else { (first as u64) & (0xff >> len) };
    for &b in bytes.get(at + 1..at + len)? {
        value = value << 8 | b as u64;
    }
    Some((value, len))
}

/// Where the Segment's SeekHead is in a WebM/Matroska file, and its whole
/// length, if it has one that can be blanked.
fn seek_head(bytes: &[u8]) -> Option<(usize, u64)> {
    const SEGMENT: u64 = 0x1853_8067;
    const SEEK_HEAD: u64 = 0x114d_9b74;
    if !bytes.starts_with(&EBML_MAGIC) {
        return None;
    }
    let element = |at: usize| -> Option<(u64, usize, u64)> {
        let (id, id_len) = ebml_vint(bytes, at, true)?;
        let (size, size_len) = ebml_vint(bytes, at + id_len, false)?;
        Some((id, id_len + size_len, size))
    };
    let (_, header_len, header_size) = element(0)?;
    let segment_at = header_len.checked_add(usize::try_from(header_size).ok()?)?;
    let (SEGMENT, segment_header, _) = element(segment_at)? else { return None };
    let mut at = segment_at + segment_header;
    // The SeekHead comes first or nearly: look at the first few children.
    for _ in 0..8 {
        let (id, head, size) = element(at)?;
        let total = head as u64 + size;
        if id == SEEK_HEAD {
            return (total >= 9 && at as u64 + total <= bytes.len() as u64).then_some((at, total));
        }
        at = at.checked_add(usize::try_from(total).ok()?)?;
    }
    None
}

/// Turns the `len` bytes at `at` into one Void element: ID 0xEC, an 8-byte
/// size, then the rest as padding (`len` ≥ 9).
fn void_element(bytes: &mut [u8], at: usize, len: u64) {
    bytes[at] = 0xec;
    bytes[at + 1] = 0x01;
    bytes[at + 2..at + 9].copy_from_slice(&(len - 9).to_be_bytes()[1..]);
}

fn decode_source(source: Box<dyn MediaSource>, hint: Hint, max_seconds: f64) -> Result<Audio, AudioError> {
    // A decoder bug must not take the process (or the server) down with it.
    let samples = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| decode_mono(source, hint, max_seconds)))
        .unwrap_or_else(|_| Err(AudioError::Corrupt("the decoder failed on this file".into())))?;
    if samples.is_empty() {
        return Err(AudioError::Empty);
    }
    Ok(Audio { samples })
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

/// Sample rates a real recording has (telephone 8 kHz up to studio 384 kHz,
/// with room below for old voice recorders). Anything else in a header is
/// damage or an attack: a rate of 10^9 would make the resampler ask for GBs.
pub const RATES: std::ops::RangeInclusive<u32> = 4_000..=384_000;
/// The resampler works in steps of `rate / gcd(rate, 16 kHz)` input frames
/// (441 for 44.1 kHz, 3528 for 352.8 kHz). Real rates stay far below this;
/// an odd one like 383,999 Hz would need one step the size of a second.
const MAX_RATE_STEPS: u32 = 4_000;

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a.max(1)
    } else {
        gcd(b, a % b)
    }
}

/// More channels than any recorder makes.
pub const MAX_CHANNELS: usize = 8;
/// Frames in one decoded packet: symphonia sizes its buffers from this.
const MAX_PACKET_FRAMES: u64 = 1 << 20;

/// Decodes the first audio track to mono at [`SAMPLE_RATE`]. Every size an
/// upload can steer (rate, channels, packet size, length) is checked before
/// anything is allocated for it, and the input is resampled as it is
/// decoded, so memory is bounded by the length limit at 16 kHz.
fn decode_mono(source: Box<dyn MediaSource>, hint: Hint, max_seconds: f64) -> Result<Vec<f32>, AudioError> {
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
    if !RATES.contains(&rate) || rate / gcd(rate, SAMPLE_RATE) > MAX_RATE_STEPS {
        return Err(AudioError::Corrupt(format!("a sample rate of {rate} Hz is not a recording's")));
    }
    if let Some(channels) = params.channels.map(|c| c.count()).filter(|&c| c > MAX_CHANNELS) {
        return Err(AudioError::Corrupt(format!("{channels} channels is more than a recording has")));
    }
    if params.max_frames_per_packet.is_some_and(|n| n > MAX_PACKET_FRAMES) {
        return Err(AudioError::Corrupt("the stated packet size is impossible".into()));
    }
    let max_frames = (max_seconds * rate as f64).ceil() as u64;
    // Refuse early when the container states the length.
    if let Some(n) = params.n_frames {
        if !is_opus && n > max_frames {
            return Err(too_long(n, rate, max_seconds));
        }
    }

    let mut resampler = StreamResampler::new(rate, SAMPLE_RATE);
    let mut mono: Vec<f32> = Vec::new();
    let mut sink = |frames: &[f32], channels: usize| -> Result<(), AudioError> {
        let channels = channels.max(1);
        mono.clear();
        mono.extend(frames.chunks_exact(channels).map(|f| f.iter().sum::<f32>() / channels as f32));
        if resampler.seen() + mono.len() as u64 > max_frames {
            return Err(too_long(resampler.seen() + mono.len() as u64, rate, max_seconds));
        }
        resampler.push(&mono);
        Ok(())
    };
    // A file cut short (an upload that stopped, a recorder that died) keeps
    // what came before the cut, as players do; damage before any audio is an error.
    let mut packets = PacketReader { track: track.id, decoded_any: false };

    if is_opus {
        // libopus mixes down to the one channel we ask for.
        let mut decoder =
            opus::Decoder::new(OPUS_RATE, opus::Channels::Mono).map_err(|e| AudioError::Corrupt(e.to_string()))?;
        let mut pcm = vec![0f32; OPUS_MAX_FRAME];
        let mut skip = params.delay.unwrap_or(0) as usize;
        while let Some(packet) = packets.next(&mut *format)? {
            let n = match decoder.decode_float(&packet.data, &mut pcm, false) {
                Ok(n) => n,
                Err(_) if packets.decoded_any => break,
                Err(e) => return Err(AudioError::Corrupt(format!("opus: {e}"))),
            };
            packets.decoded_any = true;
            let dropped = skip.min(n);
            skip -= dropped;
            sink(&pcm[dropped..n], 1)?;
        }
    } else {
        let mut decoder = symphonia::default::get_codecs()
            .make(params, &DecoderOptions::default())
            .map_err(|_| AudioError::Unsupported)?;
        let mut buffer: Option<SampleBuffer<f32>> = None;
        while let Some(packet) = packets.next(&mut *format)? {
            let decoded = match decoder.decode(&packet) {
                Ok(d) => d,
                // One damaged packet in a long stream is skipped, as players do.
                Err(SymphoniaError::DecodeError(_)) => continue,
                Err(e) => return Err(AudioError::Corrupt(e.to_string())),
            };
            let spec = *decoded.spec();
            if spec.rate != rate || spec.channels.count() > MAX_CHANNELS {
                return Err(AudioError::Corrupt("the audio format changes inside the file".into()));
            }
            let needed = decoded.capacity() as u64;
            if needed > MAX_PACKET_FRAMES {
                return Err(AudioError::Corrupt("a packet is impossibly large".into()));
            }
            let buf = match &mut buffer {
                Some(b) if b.capacity() as u64 >= needed * spec.channels.count() as u64 => b,
                _ => buffer.insert(SampleBuffer::new(needed, spec)),
            };
            buf.copy_interleaved_ref(decoded);
            packets.decoded_any = true;
            sink(buf.samples(), spec.channels.count())?;
        }
    }
    Ok(resampler.finish())
}

/// The packets of one track, ending cleanly at the end of the file.
struct PacketReader {
    track: u32,
    decoded_any: bool,
}

impl PacketReader {
    fn next(
        &mut self,
        format: &mut dyn symphonia::core::formats::FormatReader,
    ) -> Result<Option<symphonia::core::formats::Packet>, AudioError> {
        loop {
            // Some demuxers panic on a file cut mid-element (symphonia's MKV
            // reader on half a WebM): that is the end of what can be read.
            let next = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| format.next_packet()))
                .unwrap_or(Err(SymphoniaError::DecodeError("the container is cut short")));
            match next {
                Ok(p) if p.track_id() == self.track => return Ok(Some(p)),
                Ok(_) => continue,
                Err(SymphoniaError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
                Err(SymphoniaError::ResetRequired) => return Ok(None),
                // Cut short after some audio: keep what there is.
                Err(_) if self.decoded_any => return Ok(None),
                Err(e) => return Err(AudioError::Corrupt(e.to_string())),
            }
        }
    }
}

/// Band-limited resampling (FFT based, rubato); a no-op at the same rate.
pub fn resample(input: &[f32], from: u32, to: u32) -> Vec<f32> {
    let mut stream = StreamResampler::new(from, to);
    stream.push(input);
    stream.finish()
}

/// Resampling fed piece by piece while decoding, so only the 16 kHz output
/// is ever held whole: ten minutes at 384 kHz would be 900 MB of input, and
/// a sample rate read from a hostile header must not decide how much we keep.
pub struct StreamResampler {
    /// `None` when the rates are equal.
    resampler: Option<rubato::FftFixedIn<f32>>,
    pending: Vec<f32>,
    out: Vec<f32>,
    seen: u64,
    from: u32,
    to: u32,
}

impl StreamResampler {
    const CHUNK: usize = 1024;

    /// Rates must be in [`RATES`] (checked by the decoder): rubato's filter
    /// tables grow with the rate.
    pub fn new(from: u32, to: u32) -> StreamResampler {
        let resampler = (from != to).then(|| {
            rubato::FftFixedIn::<f32>::new(from as usize, to as usize, Self::CHUNK, 2, 1)
                .expect("valid resampler settings")
        });
        StreamResampler { resampler, pending: Vec::new(), out: Vec::new(), seen: 0, from, to }
    }

    /// Input frames pushed so far.
    pub fn seen(&self) -> u64 {
        self.seen
    }

    pub fn push(&mut self, input: &[f32]) {
        use rubato::Resampler;
        self.seen += input.len() as u64;
        let Some(resampler) = &mut self.resampler else {
            self.out.extend_from_slice(input);
            return;
        };
        self.pending.extend_from_slice(input);
        let mut used = 0;
        loop {
            let need = resampler.input_frames_next();
            if self.pending.len() - used < need {
                break;
            }
            let result = resampler.process(&[&self.pending[used..used + need]], None);
            self.out.extend_from_slice(&result.expect("buffer sizes follow input_frames_next")[0]);
            used += need;
        }
        self.pending.drain(..used);
    }

    /// The rest of the input, the filter's tail, and the output aligned in time.
    pub fn finish(mut self) -> Vec<f32> {
        use rubato::Resampler;
        let Some(resampler) = &mut self.resampler else { return self.out };
        if self.seen == 0 {
            return Vec::new();
        }
        if !self.pending.is_empty() {
            let result = resampler.process_partial(Some(&[&self.pending[..]]), None);
            self.out.extend_from_slice(&result.expect("a partial chunk fits")[0]);
        }
        let expected = (self.seen * self.to as u64 / self.from as u64) as usize;
        let delay = resampler.output_delay();
        // Flush the filter's tail, then drop its delay so time stays aligned.
        while self.out.len() < expected + delay {
            let tail = resampler.process_partial::<&[f32]>(None, None).expect("flush");
            if tail[0].is_empty() {
                break;
            }
            self.out.extend_from_slice(&tail[0]);
        }
        self.out.drain(..delay.min(self.out.len()));
        self.out.truncate(expected);
        self.out
    }
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

    /// A PCM WAV header with the fields an attacker picks, and `frames` of silence.
    fn wav_with(rate: u32, channels: u16, bits: u16, frames: u32) -> Vec<u8> {
        let data_len = frames.saturating_mul(channels.max(1) as u32 * (bits as u32 / 8).max(1));
        let mut wav = wav_header(rate, channels, bits, data_len);
        wav.resize(wav.len() + data_len.min(1 << 20) as usize, 0);
        wav
    }

    #[test]
    fn impossible_rates_and_channel_counts_are_refused_before_allocating() {
        // The 130-byte files that once made the server allocate gigabytes.
        for rate in [1_000_000_007, 4_294_967_291, u32::MAX, 0, 1, 3_999, 384_001, 383_999, 44_101] {
            let result = decode_bytes(wav_with(rate, 1, 16, 40), 180.0);
            assert!(matches!(result, Err(AudioError::Corrupt(_) | AudioError::Unsupported)), "{rate}: {result:?}");
        }
        for channels in [9, 255, u16::MAX] {
            let result = decode_bytes(wav_with(16_000, channels, 16, 40), 180.0);
            assert!(result.is_err(), "{channels} channels: {result:?}");
        }
        // The edges of what recorders make still decode.
        for rate in [4_000, 8_000, 11_025, 22_050, 44_100, 48_000, 96_000, 352_800, 384_000] {
            let audio = decode_bytes(wav_with(rate, 2, 16, rate / 2), 180.0).unwrap_or_else(|e| panic!("{rate}: {e}"));
            assert!((audio.duration_s() - 0.5).abs() < 0.01, "{rate}: {}", audio.duration_s());
        }
    }

    #[test]
    fn a_header_claiming_hours_is_refused_from_the_header() {
        let result = decode_bytes(wav_with(48_000, 2, 16, 48_000 * 7200), 180.0);
        assert!(matches!(result, Err(AudioError::TooLong { .. })), "{result:?}");
    }

    #[test]
    fn streaming_resampling_matches_resampling_at_once() {
        let input = sine(44_100, 300.0, 2.3);
        let whole = resample(&input, 44_100, SAMPLE_RATE);
        let mut stream = StreamResampler::new(44_100, SAMPLE_RATE);
        let mut rest = &input[..];
        let mut size = 1;
        while !rest.is_empty() {
            let (head, tail) = rest.split_at(size.min(rest.len()));
            stream.push(head);
            rest = tail;
            size = size * 3 % 4099 + 1;
        }
        assert_eq!(stream.finish(), whole);
        assert_eq!(whole.len(), (input.len() as u64 * 16_000 / 44_100) as usize);
    }

    #[test]
    fn a_recording_cut_short_keeps_what_came_before_the_cut() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for name in ["jfk.webm", "jfk.ogg", "jfk.mp3", "jfk.opus"] {
            let bytes = std::fs::read(dir.join(name)).unwrap();
            let whole = decode_bytes(bytes.clone(), 180.0).unwrap().duration_s();
            let half = decode_bytes(bytes[..bytes.len() / 2].to_vec(), 180.0)
                .unwrap_or_else(|e| panic!("{name} cut in half: {e}"))
                .duration_s();
            assert!(half > whole * 0.3 && half < whole * 0.7, "{name}: {half} of {whole}");
        }
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
