//! An answer heard while it is being spoken: the audio arrives in chunks
//! (the page streams it), is cut into pieces at pauses
//! ([`crate::audio::segment`]), and each piece is transcribed as soon as it
//! is cut, so what was heard can be shown live and, when the worker stops,
//! only her last phrase is left to transcribe.
//!
//! While nothing else of hers is being heard, what she said since the last
//! piece is heard as soon as she pauses (a *tentative* hearing): most
//! people pause before they tap "stop", and if she says nothing more, that
//! hearing is her last phrase, so the answer is ready the moment she taps.
//! It also shows her words at each pause. If she goes on and taps in mid
//! phrase, it still holds everything up to that pause: only what came after
//! is left to hear. If a piece is cut meanwhile, it is dropped.
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
    /// The open part heard at her last pause.
    tentative: Option<Tentative>,
    /// Recording length when a pause was last looked for.
    looked_for_pause: usize,
    hearing: JoinSet<(Slot, Result<Transcript>)>,
}

/// What a hearing in flight is for.
#[derive(Clone, Copy)]
enum Slot {
    /// `pieces[i]`.
    Piece(usize),
    /// The tentative hearing of the open part up to this sample.
    Tentative(usize),
}

struct Tentative {
    range: Range<usize>,
    offset_s: f64,
    heard: Option<Transcript>,
}

/// How much new audio (samples) comes between looks for a pause.
const LOOK_FOR_PAUSE_EVERY: usize = SAMPLE_RATE as usize / 5;

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
            tentative: None,
            looked_for_pause: 0,
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
        self.submit_waiting()?;
        self.hear_ahead()
    }

    /// At a pause, and while nothing else of hers is being heard (so it
    /// never delays a piece), hears what she said since the last piece.
    fn hear_ahead(&mut self) -> Result<()> {
        let heard_to = self.segmenter.samples().len();
        if !self.waiting.is_empty()
            || !self.hearing.is_empty()
            || heard_to < self.looked_for_pause + LOOK_FOR_PAUSE_EVERY
        {
            return Ok(());
        }
        self.looked_for_pause = heard_to;
        if self.tentative_is_current() {
            return Ok(()); // that pause is heard already
        }
        let Some(range) = self.segmenter.open_after_pause() else { return Ok(()) };
        let piece = segment::to_hear(self.segmenter.samples(), range.clone());
        match self.interviews.pipeline.transcribe(Audio { samples: piece.samples }, self.language, piece.heard_before_s)
        {
            Ok(pending) => {
                self.hearing.spawn(async move { (Slot::Tentative(range.end), heard(pending).await) });
                self.tentative = Some(Tentative { range, offset_s: piece.offset_s, heard: None });
                Ok(())
            }
            Err(WorkerError::Busy(_)) => Ok(()), // others are waiting: not now
            Err(e) => Err(e.into()),
        }
    }

    /// Whether the tentative hearing covers everything she has said since the last piece.
    fn tentative_is_current(&self) -> bool {
        self.tentative
            .as_ref()
            .is_some_and(|t| t.range.start == self.segmenter.open_from() && !self.segmenter.speech_after(t.range.end))
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
                    self.hearing.spawn(async move { (Slot::Piece(index), heard(pending).await) });
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
        let (slot, heard) = match self.hearing.join_next().await? {
            Ok(done) => done,
            Err(_) => return Some(Err(InterviewError::Interrupted("hearing a piece"))),
        };
        match (slot, heard) {
            (Slot::Piece(index), Ok(transcript)) => self.pieces[index].1 = Some(transcript),
            (Slot::Piece(_), Err(e)) => return Some(Err(e)),
            (Slot::Tentative(end), heard) => {
                if let Some(tentative) = self.tentative.as_mut().filter(|t| t.range.end == end) {
                    tentative.heard = heard.ok(); // a failed guess costs nothing: the rest is heard at the stop
                }
            }
        }
        Some(Ok(self.caption()))
    }

    /// The text of the pieces heard so far, up to the first one still being
    /// heard, and of the open part if it was heard at her pause.
    fn caption(&self) -> String {
        let heard: Vec<&Transcript> = self.pieces.iter().map_while(|(_, t)| t.as_ref()).collect();
        let mut texts: Vec<&str> = heard.iter().map(|t| t.text.as_str()).collect();
        if heard.len() == self.pieces.len() && self.tentative_is_current() {
            texts.extend(self.tentative.as_ref().and_then(|t| t.heard.as_ref()).map(|t| t.text.as_str()));
        }
        join(texts.into_iter(), self.language)
    }

    /// She has stopped: the rest is heard, and the answer stored as an
    /// upload's would be. What was heard at her last pause is kept: if she
    /// said nothing after it, nothing is left to hear; if she did, only what
    /// came after that pause is heard now (after its context), a short
    /// phrase rather than everything since the last piece.
    pub async fn finish(mut self) -> Result<Answered> {
        let stopped = std::time::Instant::now();
        // A guess of another open part (a piece was cut since) is of no use.
        if self.tentative.as_ref().is_some_and(|t| t.range.start != self.segmenter.open_from()) {
            self.tentative = None;
        }
        let said_more = self.tentative.as_ref().is_some_and(|t| self.segmenter.speech_after(t.range.end));
        let guessed = self.tentative.is_some();
        let rest = self.segmenter.finish();
        if let Some(rest) = rest {
            if guessed {
                self.hear_all().await?; // the guess, if it is still being heard
            }
            match self.tentative.take().and_then(|t| t.heard.map(|heard| (t.offset_s, heard, t.range.end))) {
                Some((offset_s, heard, paused_at)) => {
                    self.pieces.push((offset_s, Some(heard)));
                    if said_more {
                        self.waiting.push(paused_at..rest.end);
                    }
                }
                None => self.waiting.push(rest), // no guess, or it failed: all of it now
            }
        }
        self.hear_all().await?;
        let heard_ms = stopped.elapsed().as_millis();
        let samples = self.segmenter.samples();
        let transcript = self.transcript(samples.len());
        let recording = Recording { bytes: crate::audio::encode_wav(samples), extension: "wav" };
        let given = Given::Transcribed { recording, transcript };
        let answered = self.interviews.answer(&self.id, given, Some(&self.question_id)).await;
        tracing::info!(
            heard_at_pause = guessed,
            said_more,
            heard_ms,
            answered_ms = stopped.elapsed().as_millis(),
            pieces = self.pieces.len(),
            "live answer finished"
        );
        answered
    }

    /// Sends every waiting piece and waits until all are heard.
    async fn hear_all(&mut self) -> Result<()> {
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
        Ok(())
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

/// A queued hearing's transcript, its failures as the interview's.
async fn heard(
    pending: crate::pipeline::Pending<std::result::Result<Transcript, crate::stt::SttError>>,
) -> Result<Transcript> {
    match pending.wait().await {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(e)) => Err(InterviewError::from(e)),
        Err(e) => Err(e.into()),
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
