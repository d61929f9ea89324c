//! Uploads are decoded in a child process with a memory and time limit.
//!
//! The demuxers and codecs are third-party code reading bytes anyone can
//! send. Catching panics is not enough: fuzzing found an MP4 whose sample
//! table makes symphonia reserve 34 GB, and a failed allocation aborts the
//! process, which for the service would mean every kiosk's interview at
//! once. So the service runs `ayi decode-audio` for each upload: the child
//! reads the file on stdin, decodes it with [`super::decode_bytes`] under
//! `RLIMIT_AS` and `RLIMIT_CPU`, and writes 16 kHz samples (or the error) on
//! stdout. Whatever the file does to the child, the server gets an
//! [`AudioError`] back, and the decoder's buffers never count against the
//! server's memory. Starting the child costs a few milliseconds per answer.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{decode_bytes, Audio, AudioError, SAMPLE_RATE};

/// Address space the child may use: the decoder streams, so a real
/// recording needs a small part of this.
const CHILD_MEMORY_BYTES: u64 = 1 << 30;
/// Wall-clock and CPU time the child may take.
const CHILD_SECONDS: u64 = 30;
/// The largest input the child reads (uploads are limited to 16 MB, videos
/// to 30 MB, before).
const MAX_INPUT_BYTES: u64 = 64 << 20;
/// The subcommand the child runs.
pub const SUBCOMMAND: &str = "decode-audio";

/// What the child says about a file it could not decode.
#[derive(Debug, Serialize, Deserialize)]
enum WireError {
    Unsupported,
    Corrupt(String),
    TooLong { seen: String, limit: String },
    Empty,
}

impl From<AudioError> for WireError {
    fn from(e: AudioError) -> WireError {
        match e {
            AudioError::Unsupported => WireError::Unsupported,
            AudioError::Corrupt(m) => WireError::Corrupt(m),
            AudioError::TooLong { seen, limit } => WireError::TooLong { seen, limit },
            AudioError::Empty => WireError::Empty,
            other => WireError::Corrupt(other.to_string()),
        }
    }
}

impl From<WireError> for AudioError {
    fn from(e: WireError) -> AudioError {
        match e {
            WireError::Unsupported => AudioError::Unsupported,
            WireError::Corrupt(m) => AudioError::Corrupt(m),
            WireError::TooLong { seen, limit } => AudioError::TooLong { seen, limit },
            WireError::Empty => AudioError::Empty,
        }
    }
}

/// Decodes in a child process running `program decode-audio`.
#[derive(Debug, Clone)]
pub struct IsolatedDecoder {
    program: PathBuf,
}

impl IsolatedDecoder {
    /// `program` is an `ayi` executable (the service passes its own).
    pub fn new(program: impl Into<PathBuf>) -> IsolatedDecoder {
        IsolatedDecoder { program: program.into() }
    }

    pub fn program(&self) -> &Path {
        &self.program
    }

    /// Like [`decode_bytes`], but nothing the file does can reach this process.
    pub fn decode(&self, bytes: &[u8], max_seconds: f64) -> Result<Audio, AudioError> {
        let failed = |why: &str| AudioError::Corrupt(format!("the decoder failed on this file ({why})"));
        let mut child = Command::new(&self.program)
            .args([SUBCOMMAND, "--max-seconds", &max_seconds.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| AudioError::DecoderUnavailable(format!("{}: {e}", self.program.display())))?;
        let (mut stdin, stdout) = (child.stdin.take(), child.stdout.take());
        let pid = child.id();
        // Output cannot exceed the length limit at 16 kHz, plus the error text.
        let most = (max_seconds.max(0.0) * SAMPLE_RATE as f64) as u64 * 4 + 4096;
        let (done, finished) = std::sync::mpsc::channel::<()>();
        let output = std::thread::scope(|scope| {
            scope.spawn(move || {
                // A child that exits early closes the pipe: that is its answer.
                let _ = stdin.as_mut().map(|s| s.write_all(bytes));
            });
            scope.spawn(move || {
                if finished.recv_timeout(Duration::from_secs(CHILD_SECONDS)).is_err() {
                    // SAFETY: `pid` is our child, not yet waited for (the
                    // scope ends before `wait`), so the id is still its own.
                    unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
                }
            });
            let mut output = Vec::new();
            let read = stdout.map(|s| s.take(most).read_to_end(&mut output));
            let _ = done.send(());
            read.map(|_| output)
        });
        let status = child.wait().map_err(|_| failed("it could not be waited for"))?;
        let output = output.ok_or_else(|| failed("no output"))?;
        match (status.success(), output.split_first()) {
            (true, Some((b'A', samples))) if samples.len() % 4 == 0 => Ok(Audio {
                samples: samples.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect(),
            }),
            (_, Some((b'E', json))) => Err(serde_json::from_slice::<WireError>(json)
                .map(AudioError::from)
                .unwrap_or_else(|_| failed("an unreadable answer"))),
            _ => Err(failed(if status.success() { "an incomplete answer" } else { "it stopped" })),
        }
    }
}

/// The child's side (`ayi decode-audio --max-seconds N`): limits itself,
/// reads the file from stdin, writes `A` and f32 samples, or `E` and the
/// error as JSON. Returns the exit code.
pub fn run_child(max_seconds: f64) -> i32 {
    limit_child();
    let mut input = Vec::new();
    if std::io::stdin().take(MAX_INPUT_BYTES).read_to_end(&mut input).is_err() {
        return 1;
    }
    let mut out = Vec::new();
    match decode_bytes(input, max_seconds) {
        Ok(audio) => {
            out.reserve(1 + 4 * audio.samples.len());
            out.push(b'A');
            for s in audio.samples {
                out.extend_from_slice(&s.to_le_bytes());
            }
        }
        Err(e) => {
            out.push(b'E');
            out.extend(serde_json::to_vec(&WireError::from(e)).unwrap_or_default());
        }
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&out).and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

fn limit_child() {
    let set = |resource, limit: u64| {
        let limit = libc::rlimit { rlim_cur: limit as libc::rlim_t, rlim_max: limit as libc::rlim_t };
        // SAFETY: setrlimit reads the struct we pass and nothing else.
        unsafe { libc::setrlimit(resource, &limit) };
    };
    set(libc::RLIMIT_AS, CHILD_MEMORY_BYTES);
    set(libc::RLIMIT_CPU, CHILD_SECONDS);
    set(libc::RLIMIT_CORE, 0);
}
