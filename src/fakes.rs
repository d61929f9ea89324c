//! Stand-ins for the models, for tests of the code around them (the HTTP
//! layer, the interview core, the index): they answer at once, need no
//! weights, and so let those tests run without models and side by side.
//! `ayi serve` never uses them; the tests of the models themselves and a
//! few end-to-end tests of the service run the real ones.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use crate::audio::Audio;
use crate::embed::{EmbedError, Embedder, TextKind, E5_DIM};
use crate::stt::{SttError, TranscribeOptions, Transcriber, Transcript};

/// Says the lines it was given, one per recording, in order; then nothing
/// (or, made with [`ScriptedTranscriber::always`], the same line every time).
/// A recording with no sound in it is heard as nothing, as Whisper would.
#[derive(Default)]
pub struct ScriptedTranscriber {
    lines: Mutex<VecDeque<String>>,
    always: Option<String>,
    delay: Duration,
}

impl ScriptedTranscriber {
    pub fn saying<S: Into<String>>(lines: impl IntoIterator<Item = S>) -> ScriptedTranscriber {
        ScriptedTranscriber { lines: Mutex::new(lines.into_iter().map(Into::into).collect()), ..Default::default() }
    }

    /// Hears `line` in every recording with sound in it.
    pub fn always(line: impl Into<String>) -> ScriptedTranscriber {
        ScriptedTranscriber { always: Some(line.into()), ..Default::default() }
    }

    /// Takes `delay` over each recording, like a model that is working.
    pub fn taking(mut self, delay: Duration) -> ScriptedTranscriber {
        self.delay = delay;
        self
    }
}

impl Transcriber for ScriptedTranscriber {
    fn transcribe(&self, audio: &Audio, options: &TranscribeOptions) -> Result<Transcript, SttError> {
        std::thread::sleep(self.delay);
        let silent = audio.samples.iter().all(|s| s.abs() < 1e-3);
        let text = if silent {
            String::new()
        } else {
            let next = self.lines.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
            next.or_else(|| self.always.clone()).unwrap_or_default()
        };
        let language = (!text.is_empty()).then(|| options.language.code().to_string());
        Ok(Transcript { text, language, duration_s: audio.duration_s(), segments: Vec::new() })
    }
}

/// Vectors from the characters a text shares with another (hashed
/// character pairs), normalised: texts with words in common are near, as
/// with the real embedder, without its weights.
#[derive(Default)]
pub struct CharacterEmbedder;

impl Embedder for CharacterEmbedder {
    fn dim(&self) -> usize {
        E5_DIM
    }

    fn embed(&mut self, texts: &[&str], _kind: TextKind) -> Result<Vec<Vec<f32>>, EmbedError> {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        let hasher = BuildHasherDefault::<DefaultHasher>::default();
        Ok(texts
            .iter()
            .map(|text| {
                let mut v = vec![0f32; E5_DIM];
                let chars: Vec<char> = text.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
                for pair in chars.windows(2) {
                    v[(hasher.hash_one(pair) % E5_DIM as u64) as usize] += 1.0;
                }
                // A one-character text still points somewhere.
                v[(hasher.hash_one(&chars) % E5_DIM as u64) as usize] += 0.5;
                let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(f32::EPSILON);
                v.iter_mut().for_each(|x| *x /= norm);
                v
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_is_said_in_order_and_silence_is_heard_as_nothing() {
        let t = ScriptedTranscriber::saying(["我叫王芳", "会做饭"]);
        let options = TranscribeOptions::default();
        let sound = Audio { samples: vec![0.1; 16_000] };
        let silence = Audio { samples: vec![0.0; 16_000] };
        assert_eq!(t.transcribe(&sound, &options).unwrap().text, "我叫王芳");
        assert_eq!(t.transcribe(&silence, &options).unwrap().text, "");
        assert_eq!(t.transcribe(&sound, &options).unwrap().text, "会做饭");
        assert_eq!(t.transcribe(&sound, &options).unwrap().text, "");
        let t = ScriptedTranscriber::always("I can cook");
        assert_eq!(t.transcribe(&sound, &options).unwrap().text, "I can cook");
        assert_eq!(t.transcribe(&sound, &options).unwrap().text, "I can cook");
    }

    #[test]
    fn texts_sharing_words_are_nearer_than_texts_sharing_none() {
        let mut e = CharacterEmbedder;
        let v = e.embed(&["照顾老人 做饭", "会照顾老人", "driving licence"], TextKind::Query).unwrap();
        let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
        assert!((dot(&v[0], &v[0]) - 1.0).abs() < 1e-5);
        assert!(dot(&v[0], &v[1]) > dot(&v[0], &v[2]) + 0.3);
    }
}
