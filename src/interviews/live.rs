//! An answer heard while it is being spoken: the audio arrives in chunks
//! (the page streams it), is cut into pieces at pauses
//! ([`crate::audio::segment`]), and each piece is transcribed as soon as it
//! is cut, so what was heard can be shown live and, when the worker stops,
//! only her last phrase is left to transcribe.
//!
//! Nothing is stored until she stops: then the whole recording and the
//! joined transcript go through [`Interviews::answer`] like an upload, with
//! the same rules (a non-answer is not stored, a moved-on interview is
//! refused). A session dropped before that (she reloaded, the connection
//! broke) stores nothing and cancels its queued pieces.

use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;

use super::{Answered, Given, InterviewError, Interviews, Recording, Result, MAX_ANSWER_SECONDS};
use crate::audio::segment::{self, Segmenter};
use crate::audio::{Audio, SAMPLE_RATE};
use crate::stt::{Language, Segment, Transcript};
use crate::worker::WorkerError;

/// How long a piece waits for room in a full speech queue before the
/// answer is given up (the page then uploads the recording instead).
const BUSY_PATIENCE: Duration = Duration::from_secs(30);

/// One answer being heard.
pub struct LiveAnswer {
    interviews: Arc<Interviews>,
    id: String,
    question_id: String,
    language: Language,
    segmenter: Segmenter,
    /// Cut but not yet accepted by the (full) speech queue.
    waiting: Vec<Range<usize>>,
    /// Each piece's offset in the recording (s) and, once heard, its transcript.
    pieces: Vec<(f64, Option<Transcript>)>,
    hearing: JoinSet<(usize, Result<Transcript>)>,
}

impl LiveAnswer {
    /// A session for the question now asked in interview `id`.
    pub async fn start(interviews: &Arc<Interviews>, id: &str, asked: &str) -> Result<LiveAnswer> {
        let interview = interviews.get(id).await?;
        let question = interview.next_question(&interview.profile()?).ok_or(InterviewError::Finished)?;
        if question.id != asked {
            return Err(InterviewError::WrongQuestion(question.id));
        }
        let language = if interview.chinese() { Language::Zh } else { Language::En };
        Ok(LiveAnswer {
            interviews: interviews.clone(),
            id: id.to_string(),
            question_id: question.id,
            language,
            segmenter: Segmenter::new(),
            waiting: Vec::new(),
            pieces: Vec::new(),
            hearing: JoinSet::new(),
        })
    }

    /// Takes more audio (16 kHz mono); pieces that end in a pause go to the
    /// speech queue at once.
    pub fn push(&mut self, samples: &[f32]) -> Result<()> {
        let heard_s = (self.segmenter.samples().len() + samples.len()) as f64 / SAMPLE_RATE as f64;
        if heard_s > MAX_ANSWER_SECONDS {
            return Err(crate::audio::AudioError::TooLong {
                seen: format!("{heard_s:.0} s"),
                limit: format!("{:.1} minutes", MAX_ANSWER_SECONDS / 60.0),
            }
            .into());
        }
        if let Some(piece) = self.segmenter.push(samples) {
            self.waiting.push(piece);
        }
        self.submit_waiting()
    }

    /// Sends the pieces waiting to the speech queue, in order, while it has room.
    fn submit_waiting(&mut self) -> Result<()> {
        while let Some(range) = self.waiting.first().cloned() {
            let piece = segment::to_hear(self.segmenter.samples(), range.clone());
            let audio = Audio { samples: piece.samples };
            match self.interviews.pipeline.transcribe(audio, self.language, piece.heard_before_s) {
                Ok(pending) => {
                    self.waiting.remove(0);
                    let index = self.pieces.len();
                    self.pieces.push((piece.offset_s, None));
                    self.hearing.spawn(async move {
                        let heard = match pending.wait().await {
                            Ok(Ok(t)) => Ok(t),
                            Ok(Err(e)) => Err(InterviewError::from(e)),
                            Err(e) => Err(e.into()),
                        };
                        (index, heard)
                    });
                }
                Err(WorkerError::Busy(_)) => break, // next time
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Waits for the next piece to be heard; returns everything heard so
    /// far, in order (for live captions). `None` when nothing is being heard.
    pub async fn next_caption(&mut self) -> Option<Result<String>> {
        let (index, heard) = match self.hearing.join_next().await? {
            Ok(done) => done,
            Err(_) => return Some(Err(InterviewError::Interrupted("hearing a piece"))),
        };
        match heard {
            Ok(transcript) => {
                self.pieces[index].1 = Some(transcript);
                Some(Ok(self.caption()))
            }
            Err(e) => Some(Err(e)),
        }
    }

    /// The text of the pieces heard so far, up to the first one still being heard.
    fn caption(&self) -> String {
        let texts = self.pieces.iter().map_while(|(_, t)| t.as_ref()).map(|t| t.text.as_str());
        join(texts, self.language)
    }

    /// She has stopped: the rest is heard, and the answer stored as an
    /// upload's would be.
    pub async fn finish(mut self) -> Result<Answered> {
        if let Some(rest) = self.segmenter.finish() {
            self.waiting.push(rest);
        }
        let deadline = tokio::time::Instant::now() + BUSY_PATIENCE;
        loop {
            self.submit_waiting()?;
            if self.waiting.is_empty() {
                break;
            }
            if tokio::time::Instant::now() > deadline {
                return Err(WorkerError::Busy("speech recogniser").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        while let Some(done) = self.next_caption().await {
            done?;
        }
        let samples = self.segmenter.samples();
        let transcript = self.transcript(samples.len());
        let recording = Recording { bytes: crate::audio::encode_wav(samples), extension: "wav" };
        let given = Given::Transcribed { recording, transcript };
        self.interviews.answer(&self.id, given, Some(&self.question_id)).await
    }

    /// The pieces' transcripts as one, their segments in the recording's time.
    fn transcript(&self, samples: usize) -> Transcript {
        let mut segments = Vec::new();
        let mut language = None;
        for (offset, transcript) in &self.pieces {
            let Some(t) = transcript else { continue };
            language = language.or(t.language.clone());
            segments.extend(t.segments.iter().map(|s| Segment {
                start: round_ms((s.start + offset).max(0.0)),
                end: round_ms((s.end + offset).max(0.0)),
                text: s.text.clone(),
            }));
        }
        let text = join(self.pieces.iter().filter_map(|(_, t)| t.as_ref()).map(|t| t.text.as_str()), self.language);
        Transcript { text, language, duration_s: round_ms(samples as f64 / SAMPLE_RATE as f64), segments }
    }
}

/// Pieces' texts as one: Chinese runs on, English takes a space.
fn join<'a>(texts: impl Iterator<Item = &'a str>, language: Language) -> String {
    let joiner = if language == Language::Zh { "" } else { " " };
    texts.filter(|t| !t.is_empty()).collect::<Vec<_>>().join(joiner)
}

fn round_ms(s: f64) -> f64 {
    (s * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_join_as_their_language_is_written() {
        assert_eq!(join(["我叫王芳", "", "会做饭"].into_iter(), Language::Zh), "我叫王芳会做饭");
        assert_eq!(join(["My name is Li.", "I can cook."].into_iter(), Language::En), "My name is Li. I can cook.");
    }
}
