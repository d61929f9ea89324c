//! The interview core: every change to a worker's interview, and every
//! read of one, goes through [`Interviews`], which the HTTP handlers call
//! the way text-embeddings-inference's handlers call `infer`.
//!
//! It owns the rules that keep a worker's data whole:
//! - an answer is acknowledged only once its audio file and its row are
//!   both durable, and the profile and the next question are always
//!   recomputed from the stored answers, so a reload or a restart carries
//!   on exactly where it was;
//! - every change to one interview happens under its lock, deletion too,
//!   so a deletion is the last word: whatever raced it finds no interview;
//! - a change, once begun, runs to its end on its own task, so a client
//!   that hangs up cannot stop it between a commit and what must follow it.
//!
//! [`crate::interview`] is the question plan (which question comes next);
//! this module is the stored interviews it plans for.

mod live;
mod locks;
mod photo;
mod repair;
pub mod video;

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::audio::isolate::IsolatedDecoder;
use crate::card::redact::public_profile;
use crate::card::render::{render_card, CardContent};
use crate::extract::{Profile, Taxonomy};
use crate::fault::{ErrorCode, Fault};
use crate::index::Document;
use crate::interview::{AnswerSummary, InterviewLanguage, Question, QuestionPlan, Status, VIDEO_QUESTION_ID};
use crate::pipeline::{derive_profile, Edits, Pipeline};
use crate::store::{AnswerRow, InterviewRow, NewAnswer, NewVideo, Store, StoreError, AUDIO_DIR, PHOTO_DIR, VIDEO_DIR};
pub use live::LiveAnswer;
pub use locks::Held;
use locks::InterviewLocks;
pub use photo::{MAX_PHOTO_BYTES_DECODED, MAX_PHOTO_PIXELS};
pub use repair::IndexRepair;
use video::{Subtitle, VideoContainer, VideoError};
pub use video::{MAX_VIDEO_BYTES, MAX_VIDEO_SECONDS, MIN_VIDEO_SECONDS};

/// Longest answer a worker may record, in seconds: a question is answered
/// in well under a minute; three is a forgotten recorder.
pub const MAX_ANSWER_SECONDS: f64 = 180.0;

/// A recording shorter than this is a slip of the finger (a double tap),
/// not an answer: it is not stored and the question stays.
pub const MIN_ANSWER_SECONDS: f64 = 1.0;

/// Longest typed answer, in characters.
pub const MAX_TYPED_ANSWER_CHARS: usize = 500;

/// What can go wrong with an interview, beyond the stages' own errors.
#[derive(Debug, thiserror::Error)]
pub enum InterviewError {
    #[error("{0} was not found")]
    NotFound(&'static str),
    #[error("the interview has no more questions")]
    Finished,
    #[error("the card is published; change it on the review page")]
    Published,
    #[error("the previous answer is still being processed")]
    AnswerInProgress,
    #[error("the question now asked is {0:?}")]
    WrongQuestion(String),
    #[error("the interview moved on while this answer was being heard")]
    MovedOn,
    #[error("there is nothing on the card yet; answer a question first")]
    NothingToPublish,
    #[error("{0}")]
    InvalidEdits(String),
    #[error("{0}")]
    InvalidAnswer(String),
    #[error("{0}")]
    Photo(String),
    #[error(transparent)]
    Video(#[from] VideoError),
    /// A change's task stopped before it finished (a bug, or shutdown).
    #[error("the change could not be completed: {0}")]
    Interrupted(&'static str),
    #[error(transparent)]
    Stage(#[from] crate::Error),
}

impl InterviewError {
    pub fn code(&self) -> ErrorCode {
        match self {
            InterviewError::NotFound(_) => ErrorCode::NotFound,
            InterviewError::Finished | InterviewError::Published => ErrorCode::InterviewFinished,
            InterviewError::AnswerInProgress => ErrorCode::AnswerInProgress,
            InterviewError::WrongQuestion(_) | InterviewError::MovedOn => ErrorCode::WrongQuestion,
            InterviewError::NothingToPublish => ErrorCode::NothingToPublish,
            InterviewError::InvalidEdits(_) | InterviewError::InvalidAnswer(_) => ErrorCode::InvalidInput,
            InterviewError::Photo(_) => ErrorCode::UnreadablePhoto,
            InterviewError::Video(e) => e.code(),
            InterviewError::Interrupted(_) => ErrorCode::Internal,
            InterviewError::Stage(e) => e.code(),
        }
    }

    /// As a stage error, for callers outside a request (the demo data):
    /// anything else is reported as damaged state.
    pub fn into_stage(self) -> crate::Error {
        match self {
            InterviewError::Stage(e) => e,
            e => StoreError::Corrupt(e.to_string()).into(),
        }
    }

    pub fn fault(&self) -> Fault {
        match self {
            InterviewError::Interrupted(_) => Fault::Internal,
            InterviewError::Stage(e) => e.fault(),
            _ => Fault::User,
        }
    }
}

macro_rules! from_stage_error {
    ($($t:ty),*) => { $( impl From<$t> for InterviewError {
        fn from(e: $t) -> InterviewError { InterviewError::Stage(e.into()) }
    } )* };
}
from_stage_error!(
    StoreError,
    crate::worker::WorkerError,
    crate::audio::AudioError,
    crate::stt::SttError,
    crate::card::CardError
);

pub type Result<T, E = InterviewError> = std::result::Result<T, E>;

/// An interview as stored: its row and its answers, from which everything
/// else (the profile, the next question, the index document) is derived.
#[derive(Debug, Clone)]
pub struct StoredInterview {
    pub row: InterviewRow,
    pub answers: Vec<AnswerRow>,
}

impl StoredInterview {
    pub fn language(&self) -> InterviewLanguage {
        self.row.language
    }

    pub fn chinese(&self) -> bool {
        self.row.language.chinese()
    }

    pub fn status(&self) -> Status {
        self.row.status
    }

    pub fn edits(&self) -> Result<Edits> {
        serde_json::from_str(&self.row.edits)
            .map_err(|e| StoreError::Corrupt(format!("edits of {}: {e}", self.row.public_id)).into())
    }

    /// The profile the stored answers and edits say.
    pub fn profile(&self) -> Result<Profile> {
        let transcripts = self.answers.iter().map(|a| a.transcript.as_str());
        Ok(derive_profile(transcripts, &self.edits()?, self.chinese()))
    }

    /// Whether families may see the video: there is one, and the worker consented.
    pub fn video_is_public(&self) -> bool {
        self.row.video.is_some() && self.row.video_public
    }

    pub fn plan(&self) -> &'static QuestionPlan {
        QuestionPlan::embedded(self.language())
    }

    fn summaries(&self) -> Vec<AnswerSummary> {
        self.answers.iter().map(|a| AnswerSummary::new(&a.question_id, &a.transcript)).collect()
    }

    /// What the interviewer asks next, if the interview is still asking.
    pub fn next_question(&self, profile: &Profile) -> Option<Question> {
        if self.row.status != Status::Open {
            return None;
        }
        self.plan().next(&self.summaries(), profile)
    }

    /// Questions answered, and in all as planned now (for a progress bar).
    pub fn progress(&self, profile: &Profile) -> (usize, usize) {
        self.plan().progress(&self.summaries(), profile)
    }

    /// What the index keeps of a published worker: searched under the
    /// public id, with every answer's words for keywords and evidence.
    pub fn document(&self, profile: Profile) -> Document {
        let transcript = self.answers.iter().map(|a| a.transcript.as_str()).collect::<Vec<_>>().join("\n");
        Document { id: self.row.public_id.clone(), profile, transcript, search_terms: Vec::new() }
    }
}

/// An answer and the interview it left.
#[derive(Debug)]
pub struct Answered {
    /// `None` when nothing was heard: nothing was stored or replaced.
    pub seq: Option<i64>,
    pub question_id: String,
    pub transcript: crate::stt::Transcript,
    pub interview: StoredInterview,
    pub profile: Profile,
    /// What to ask now: after a non-answer, the same question again.
    pub next_question: Option<Question>,
}

/// How the worker gave an answer.
pub enum Given {
    Spoken(Recording),
    /// Typed (no microphone, or a word Whisper keeps mishearing): read by
    /// the same extractor, so evidence quotes the typed words.
    Typed(String),
    /// "Skip this question": stored empty, so the interview moves on
    /// because she chose to, never because a tap went wrong.
    Skipped,
    /// Heard already, piece by piece while she spoke ([`LiveAnswer`]).
    Transcribed {
        recording: Recording,
        transcript: crate::stt::Transcript,
    },
}

/// What was heard in an answer, and the recording to keep with it.
struct Heard {
    transcript: crate::stt::Transcript,
    recording: Option<Recording>,
}

impl Heard {
    /// Nothing said, or a recording too short to hold an answer.
    fn is_non_answer(&self) -> bool {
        self.recording.is_some()
            && (self.transcript.text.trim().is_empty() || self.transcript.duration_s < MIN_ANSWER_SECONDS)
    }
}

fn typed_transcript(text: String) -> Result<crate::stt::Transcript> {
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err(InterviewError::InvalidAnswer("type an answer, or skip the question".into()));
    }
    if text.chars().count() > MAX_TYPED_ANSWER_CHARS {
        return Err(InterviewError::InvalidAnswer(format!(
            "a typed answer is limited to {MAX_TYPED_ANSWER_CHARS} characters"
        )));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(InterviewError::InvalidAnswer("the answer holds control characters".into()));
    }
    Ok(crate::stt::Transcript { text, language: None, duration_s: 0.0, segments: Vec::new() })
}

/// A recording as uploaded, before decoding.
pub struct Recording {
    pub bytes: Vec<u8>,
    /// The file extension it is stored under (`webm`, `wav`, …).
    pub extension: &'static str,
}

/// The stored interviews and everything that changes them.
pub struct Interviews {
    store: Arc<Store>,
    pipeline: Arc<Pipeline>,
    /// Decodes uploaded recordings in a child process.
    decoder: Arc<IsolatedDecoder>,
    /// Recordings decoded at once: each child may use up to 1 GiB.
    audio_decoding: Arc<Semaphore>,
    /// Photos decoded at once: each may take up to [`MAX_PHOTO_BYTES_DECODED`].
    photo_decoding: Arc<Semaphore>,
    /// Each interview's change lock and answering mark (a double tap must
    /// not record the same question twice), across nodes with PostgreSQL.
    locks: InterviewLocks,
    /// Dropped with this: tells tasks that serve it (the change follower) to stop.
    alive: tokio::sync::watch::Sender<()>,
}

impl Interviews {
    pub fn new(store: Arc<Store>, pipeline: Arc<Pipeline>, decoder: IsolatedDecoder) -> Interviews {
        let locks = match store.cluster() {
            Some(pool) => InterviewLocks::cluster(pool),
            None => InterviewLocks::local(),
        };
        Interviews {
            store,
            pipeline,
            decoder: Arc::new(decoder),
            audio_decoding: Arc::new(Semaphore::new(2)),
            photo_decoding: Arc::new(Semaphore::new(2)),
            locks,
            alive: tokio::sync::watch::channel(()).0,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Resolves (`changed()` fails) once this is dropped.
    pub fn dropped(&self) -> tokio::sync::watch::Receiver<()> {
        self.alive.subscribe()
    }

    /// A new interview (the worker has consented) and its first question.
    pub async fn create(&self, language: InterviewLanguage) -> Result<(InterviewRow, Question)> {
        let row = self.store.create_interview(language).await?;
        tracing::info!(profile_id = %row.public_id, language = language.code(), "interview started");
        Ok((row, QuestionPlan::embedded(language).first()))
    }

    /// The interview with this (secret) id.
    pub async fn get(&self, id: &str) -> Result<StoredInterview> {
        let row = self.store.interview(id).await?.ok_or(InterviewError::NotFound("the interview"))?;
        let answers = self.store.answers(id).await?;
        Ok(StoredInterview { row, answers })
    }

    /// A published worker by public id; `what` names it when not found.
    pub async fn published(&self, public_id: &str, what: &'static str) -> Result<StoredInterview> {
        let row = self
            .store
            .by_public_id(public_id)
            .await?
            .filter(|r| r.status == Status::Published)
            .ok_or(InterviewError::NotFound(what))?;
        let answers = self.store.answers(&row.id).await?;
        Ok(StoredInterview { row, answers })
    }

    /// Every published worker, newest first.
    pub async fn all_published(&self) -> Result<Vec<StoredInterview>> {
        let mut all = Vec::new();
        for row in self.store.published().await? {
            let answers = self.store.answers(&row.id).await?;
            all.push(StoredInterview { row, answers });
        }
        Ok(all)
    }

    /// The interview as it is now, with its lock held: every change starts
    /// here, so one that raced a deletion finds nothing and writes nothing.
    async fn lock_existing(&self, id: &str) -> Result<(Held, StoredInterview)> {
        let lock = self.locks.lock(id).await?;
        Ok((lock, self.get(id).await?))
    }

    /// Waits until no other holder (on any node) runs the work `name`
    /// names; held until the guard drops.
    pub async fn exclusive(&self, name: &str) -> Result<Held> {
        Ok(self.locks.lock(&format!("exclusive: {name}")).await?)
    }

    /// Runs `work` with the interview marked as having an answer being
    /// heard, or refuses when one already is. The mark is released before
    /// this returns, so her next answer, sent the moment this one is
    /// answered, is never refused for it.
    async fn while_answering<T>(&self, id: &str, work: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        let answering = self.locks.try_answering(id).await?.ok_or(InterviewError::AnswerInProgress)?;
        let result = work.await;
        answering.release().await;
        result
    }

    /// Takes `given` as the answer to the question now asked (refused when
    /// `asked` names another one) and stores it, unless nothing was heard.
    pub async fn answer(self: &Arc<Self>, id: &str, given: Given, asked: Option<&str>) -> Result<Answered> {
        self.while_answering(id, self.answer_marked(id, given, asked)).await
    }

    async fn answer_marked(self: &Arc<Self>, id: &str, given: Given, asked: Option<&str>) -> Result<Answered> {
        let interview = self.get(id).await?;
        let question = interview.next_question(&interview.profile()?).ok_or(InterviewError::Finished)?;
        if asked.is_some_and(|asked| asked != question.id) {
            return Err(InterviewError::WrongQuestion(question.id));
        }
        let heard = self.hear(interview.language(), given).await?;
        if heard.is_non_answer() {
            let profile = interview.profile()?;
            let next_question = Some(interview.plan().repeat(&question));
            let transcript = heard.transcript;
            return Ok(Answered { seq: None, question_id: question.id, transcript, interview, profile, next_question });
        }
        let (this, id) = (self.clone(), id.to_string());
        detached(async move {
            let (_lock, mut interview) = this.lock_existing(&id).await?;
            // An edit or "finish" may have moved the interview on meanwhile.
            let now_asked = interview.next_question(&interview.profile()?).map(|q| q.id);
            if now_asked.as_ref() != Some(&question.id) {
                return Err(InterviewError::MovedOn);
            }
            let Heard { transcript, recording } = heard;
            let file = match recording {
                Some(r) => {
                    Some(this.store.write_file(AUDIO_DIR, &interview.row.public_id, r.extension, r.bytes).await?)
                }
                None => None,
            };
            let new = NewAnswer {
                question_id: &question.id,
                audio: file.as_ref().map(|f| f.name()),
                transcript: &transcript.text,
                duration_s: transcript.duration_s,
            };
            let seq = this.store.add_answer(&id, new).await?;
            let file = file.map(|f| f.keep());
            let chars = transcript.text.chars().count();
            tracing::info!(profile_id = %interview.row.public_id, seq, question = %question.id, chars, "answer stored");
            interview.answers.push(AnswerRow {
                seq,
                question_id: question.id.clone(),
                audio: file,
                transcript: transcript.text.clone(),
                duration_s: transcript.duration_s,
            });
            let profile = interview.profile()?;
            let next_question = interview.next_question(&profile);
            Ok(Answered { seq: Some(seq), question_id: question.id, transcript, interview, profile, next_question })
        })
        .await
    }

    /// Takes `given` again as answer `seq`, replacing the old one (and the
    /// published card, if there is one); a recording in which nothing was
    /// heard replaces nothing.
    pub async fn rerecord(self: &Arc<Self>, id: &str, seq: i64, given: Given) -> Result<Answered> {
        self.while_answering(id, self.rerecord_marked(id, seq, given)).await
    }

    async fn rerecord_marked(self: &Arc<Self>, id: &str, seq: i64, given: Given) -> Result<Answered> {
        let interview = self.get(id).await?;
        let Some(answer) = interview.answers.iter().find(|a| a.seq == seq) else {
            return Err(InterviewError::NotFound("that answer"));
        };
        let question_id = answer.question_id.clone();
        if question_id == VIDEO_QUESTION_ID {
            return Err(InterviewError::InvalidAnswer(
                "the video's words change with the video: record it again".into(),
            ));
        }
        let heard = self.hear(interview.language(), given).await?;
        if heard.is_non_answer() {
            let profile = interview.profile()?;
            let next_question = interview.next_question(&profile);
            let transcript = heard.transcript;
            return Ok(Answered { seq: None, question_id, transcript, interview, profile, next_question });
        }
        let (this, id) = (self.clone(), id.to_string());
        detached(async move {
            let (_lock, mut interview) = this.lock_existing(&id).await?;
            let position =
                interview.answers.iter().position(|a| a.seq == seq).ok_or(InterviewError::NotFound("that answer"))?;
            let public_id = &interview.row.public_id;
            let Heard { transcript, recording } = heard;
            let file = match recording {
                Some(r) => Some(this.store.write_file(AUDIO_DIR, public_id, r.extension, r.bytes).await?),
                None => None,
            };
            let answer = &mut interview.answers[position];
            let new = NewAnswer {
                question_id: &answer.question_id,
                audio: file.as_ref().map(|f| f.name()),
                transcript: &transcript.text,
                duration_s: transcript.duration_s,
            };
            let old = this.store.replace_answer(&id, seq, new).await?;
            answer.audio = file.map(|f| f.keep());
            answer.transcript = transcript.text.clone();
            answer.duration_s = transcript.duration_s;
            let question_id = answer.question_id.clone();
            if let Some(old) = old {
                let _ = std::fs::remove_file(this.store.audio_path(&old));
            }
            let profile = interview.profile()?;
            if interview.status() == Status::Published {
                this.index(&interview, &profile).await?;
            }
            let next_question = interview.next_question(&profile);
            Ok(Answered { seq: Some(seq), question_id, transcript, interview, profile, next_question })
        })
        .await
    }

    /// The words of an answer however it was given.
    async fn hear(&self, language: InterviewLanguage, given: Given) -> Result<Heard> {
        Ok(match given {
            Given::Spoken(recording) => {
                let (recording, transcript) = self.transcribe(language, recording).await?;
                Heard { transcript, recording: Some(recording) }
            }
            Given::Typed(text) => Heard { transcript: typed_transcript(text)?, recording: None },
            Given::Transcribed { recording, transcript } => Heard { transcript, recording: Some(recording) },
            Given::Skipped => Heard {
                transcript: crate::stt::Transcript {
                    text: String::new(),
                    language: None,
                    duration_s: 0.0,
                    segments: Vec::new(),
                },
                recording: None,
            },
        })
    }

    /// The interview a resume code belongs to (its secret id).
    pub async fn resume(&self, code: &str) -> Result<String> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InterviewError::InvalidAnswer("a resume code is six digits".into()));
        }
        self.store.by_resume_code(&code).await?.ok_or(InterviewError::NotFound("an interview with that code"))
    }

    /// Decodes the recording (in a child process) and waits for its
    /// transcript. Nothing is stored yet: the caller stores the recording
    /// (handed back) with its row, under the interview's lock.
    async fn transcribe(
        &self,
        language: InterviewLanguage,
        recording: Recording,
    ) -> Result<(Recording, crate::stt::Transcript)> {
        let (bytes, audio) = self.decode(recording.bytes, MAX_ANSWER_SECONDS).await?;
        let transcript = self.hear_audio(language, audio?).await?;
        Ok((Recording { bytes, extension: recording.extension }, transcript))
    }

    /// Decodes an upload's (first) audio track in a child process, at most
    /// `max_seconds` of it; hands the bytes back with the result.
    async fn decode(
        &self,
        bytes: Vec<u8>,
        max_seconds: f64,
    ) -> Result<(Vec<u8>, Result<crate::audio::Audio, crate::audio::AudioError>)> {
        let decoder = self.decoder.clone();
        // The permit goes with the decoding, not the request: a client that
        // hangs up does not free a place while its child still runs.
        let permit =
            self.audio_decoding.clone().acquire_owned().await.map_err(|_| InterviewError::Interrupted("decoding"))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let audio = decoder.decode(&bytes, max_seconds);
            (bytes, audio)
        })
        .await
        .map_err(|_| InterviewError::Interrupted("decoding"))
    }

    /// The transcript of decoded audio, in the interview's language.
    async fn hear_audio(
        &self,
        language: InterviewLanguage,
        audio: crate::audio::Audio,
    ) -> Result<crate::stt::Transcript> {
        let language = if language.chinese() { crate::stt::Language::Zh } else { crate::stt::Language::En };
        // A full queue is refused at once; a request that goes away (its
        // client, the timeout) takes its queued job with it.
        Ok(self.pipeline.transcribe(audio, language, 0.0)?.wait().await??)
    }

    /// The worker's corrections at review.
    pub async fn edit(self: &Arc<Self>, id: &str, edits: Edits) -> Result<StoredInterview> {
        edits.validate().map_err(InterviewError::InvalidEdits)?;
        let (this, id) = (self.clone(), id.to_string());
        detached(async move {
            let (_lock, mut interview) = this.lock_existing(&id).await?;
            let text = serde_json::to_string(&edits)
                .map_err(|e| StoreError::Corrupt(format!("edits that do not serialise: {e}")))?;
            this.store.set_edits(&id, &text).await?;
            interview.row.edits = text;
            if interview.status() == Status::Published {
                this.index(&interview, &interview.profile()?).await?;
            }
            Ok(interview)
        })
        .await
    }

    /// Stores a photo (JPEG or PNG), re-encoded, which also drops its
    /// metadata (location, device).
    pub async fn set_photo(self: &Arc<Self>, id: &str, upload: Vec<u8>) -> Result<()> {
        self.get(id).await?;
        let permit =
            self.photo_decoding.clone().acquire_owned().await.map_err(|_| InterviewError::Interrupted("a photo"))?;
        let jpeg = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            photo::reencode(&upload)
        })
        .await
        .map_err(|_| InterviewError::Photo("the photo could not be read".into()))?
        .map_err(InterviewError::Photo)?;
        let (this, id) = (self.clone(), id.to_string());
        detached(async move {
            let (_lock, interview) = this.lock_existing(&id).await?;
            let file = this.store.write_file(PHOTO_DIR, &interview.row.public_id, "jpg", jpeg).await?;
            let old = this.store.set_photo(&id, file.name()).await?;
            file.keep();
            if let Some(old) = old {
                let _ = std::fs::remove_file(this.store.photo_path(&old));
            }
            Ok(())
        })
        .await
    }

    /// The interview's photo, as stored (a JPEG).
    pub async fn photo(&self, interview: &StoredInterview) -> Result<Vec<u8>> {
        let file = interview.row.photo.as_deref().ok_or(InterviewError::NotFound("a photo"))?;
        tokio::fs::read(self.store.photo_path(file)).await.map_err(|_| InterviewError::NotFound("the photo"))
    }

    /// Recording `seq` of an interview and its file name (for its type).
    pub async fn recording(&self, interview: &StoredInterview, seq: i64) -> Result<(String, Vec<u8>)> {
        let file = interview
            .answers
            .iter()
            .find(|a| a.seq == seq)
            .and_then(|a| a.audio.clone())
            .ok_or(InterviewError::NotFound("that recording"))?;
        let bytes = tokio::fs::read(self.store.audio_path(&file))
            .await
            .map_err(|_| InterviewError::NotFound("the recording"))?;
        Ok((file, bytes))
    }

    /// Stores a video self-introduction (WebM or MP4), replacing any
    /// earlier one: its sound is heard like an answer and its words stored
    /// as one (question [`VIDEO_QUESTION_ID`]), so they feed the profile;
    /// the timed words become its subtitles. `public` is the worker's
    /// consent to show it on the public card page.
    pub async fn set_video(self: &Arc<Self>, id: &str, bytes: Vec<u8>, public: bool) -> Result<StoredInterview> {
        if bytes.len() > MAX_VIDEO_BYTES {
            return Err(VideoError::TooLarge.into());
        }
        let container = VideoContainer::sniff(&bytes).ok_or(VideoError::Unsupported)?;
        // One recording heard at a time per interview, as for answers: a
        // double tap on "upload" is refused, not heard twice.
        self.while_answering(id, self.set_video_marked(id, bytes, container, public)).await
    }

    async fn set_video_marked(
        self: &Arc<Self>,
        id: &str,
        bytes: Vec<u8>,
        container: VideoContainer,
        public: bool,
    ) -> Result<StoredInterview> {
        let interview = self.get(id).await?;
        let (bytes, audio) = self.decode(bytes, MAX_VIDEO_SECONDS).await?;
        let audio = audio.map_err(|e| match e {
            crate::audio::AudioError::TooLong { .. } => VideoError::TooLong.into(),
            crate::audio::AudioError::Unsupported | crate::audio::AudioError::Empty => VideoError::NoSound.into(),
            e => InterviewError::from(e),
        })?;
        let seconds = audio.duration_s();
        if seconds < MIN_VIDEO_SECONDS {
            return Err(VideoError::TooShort { seconds }.into());
        }
        let transcript = self.hear_audio(interview.language(), audio).await?;
        let segments = serde_json::to_string(&Subtitle::from_transcript(&transcript))
            .map_err(|e| StoreError::Corrupt(format!("subtitles that do not serialise: {e}")))?;
        let (this, id) = (self.clone(), id.to_string());
        detached(async move {
            let (_lock, interview) = this.lock_existing(&id).await?;
            let file = this.store.write_file(VIDEO_DIR, &interview.row.public_id, container.extension(), bytes).await?;
            let new = NewVideo {
                file: file.name(),
                public,
                duration_s: seconds,
                segments: &segments,
                transcript: transcript.text.trim(),
            };
            let old = this.store.set_video(&id, new).await?;
            file.keep();
            if let Some(old) = old {
                let _ = std::fs::remove_file(this.store.video_path(&old));
            }
            let chars = transcript.text.chars().count();
            tracing::info!(profile_id = %interview.row.public_id, seconds, chars, public, "video stored");
            this.reindex_if_published(&id).await
        })
        .await
    }

    /// The video and its words, gone (the file after the rows).
    pub async fn delete_video(self: &Arc<Self>, id: &str) -> Result<StoredInterview> {
        let (this, id) = (self.clone(), id.to_string());
        detached(async move {
            let (_lock, interview) = this.lock_existing(&id).await?;
            if interview.row.video.is_none() {
                return Err(InterviewError::NotFound("the video"));
            }
            if let Some(file) = this.store.delete_video(&id).await? {
                let _ = std::fs::remove_file(this.store.video_path(&file));
            }
            tracing::info!(profile_id = %interview.row.public_id, "video deleted by the worker");
            this.reindex_if_published(&id).await
        })
        .await
    }

    /// The worker gives (or withdraws) consent to show the video on the
    /// public card page.
    pub async fn set_video_public(&self, id: &str, public: bool) -> Result<StoredInterview> {
        let (_lock, mut interview) = self.lock_existing(id).await?;
        if interview.row.video.is_none() {
            return Err(InterviewError::NotFound("the video"));
        }
        self.store.set_video_public(id, public).await?;
        interview.row.video_public = public;
        tracing::info!(profile_id = %interview.row.public_id, public, "video consent changed");
        Ok(interview)
    }

    /// The interview as stored now (its lock held by the caller), put into
    /// the index again if it is published: its words changed.
    async fn reindex_if_published(&self, id: &str) -> Result<StoredInterview> {
        let interview = self.get(id).await?;
        if interview.status() == Status::Published {
            self.index(&interview, &interview.profile()?).await?;
        }
        Ok(interview)
    }

    /// Where the interview's video is on disk, and its type.
    pub fn video_file(&self, interview: &StoredInterview) -> Result<(std::path::PathBuf, &'static str)> {
        let file = interview.row.video.as_deref().ok_or(InterviewError::NotFound("the video"))?;
        Ok((self.store.video_path(file), VideoContainer::content_type_of(file)))
    }

    /// The video's subtitles as WebVTT. `public`: as a family may read
    /// them, with long numbers blanked and the full name shortened, as on
    /// the public card (the worker was told not to say them; she may have).
    pub async fn video_subtitles(&self, interview: &StoredInterview, public: bool) -> Result<String> {
        if interview.row.video.is_none() {
            return Err(InterviewError::NotFound("the video"));
        }
        let stored = self.store.video_segments(&interview.row.id).await?.unwrap_or_else(|| "[]".into());
        let mut subtitles: Vec<Subtitle> = serde_json::from_str(&stored)
            .map_err(|e| StoreError::Corrupt(format!("subtitles of {}: {e}", interview.row.public_id)))?;
        if public {
            let full_name = interview.profile()?.name;
            for s in &mut subtitles {
                if let Some(full) = full_name.as_deref().filter(|n| n.chars().count() > 1) {
                    s.text = s.text.replace(full, &crate::card::redact::public_name(full, interview.chinese()));
                }
                s.text = crate::card::redact::blank_long_numbers(&s.text);
            }
        }
        Ok(video::webvtt(&subtitles))
    }

    /// The worker has said enough: review.
    pub async fn finish(&self, id: &str) -> Result<StoredInterview> {
        let (_lock, mut interview) = self.lock_existing(id).await?;
        if interview.status() == Status::Open {
            self.store.set_status(id, Status::Finished).await?;
            interview.row.status = Status::Finished;
        }
        Ok(interview)
    }

    /// More questions after a review (not after publishing: edit instead).
    pub async fn reopen(&self, id: &str) -> Result<StoredInterview> {
        let (_lock, mut interview) = self.lock_existing(id).await?;
        if interview.status() == Status::Published {
            return Err(InterviewError::Published);
        }
        self.store.set_status(id, Status::Open).await?;
        interview.row.status = Status::Open;
        Ok(interview)
    }

    /// Into the index and the gallery.
    pub async fn publish(self: &Arc<Self>, id: &str) -> Result<StoredInterview> {
        let (this, id) = (self.clone(), id.to_string());
        detached(async move {
            let (_lock, mut interview) = this.lock_existing(&id).await?;
            let profile = interview.profile()?;
            if profile.is_empty() {
                return Err(InterviewError::NothingToPublish);
            }
            this.index(&interview, &profile).await?;
            this.store.set_status(&id, Status::Published).await?;
            interview.row.status = Status::Published;
            tracing::info!(profile_id = %interview.row.public_id, "published");
            Ok(interview)
        })
        .await
    }

    /// The profile, card and recordings, gone.
    pub async fn delete(self: &Arc<Self>, id: &str) -> Result<()> {
        let (this, id) = (self.clone(), id.to_string());
        detached(async move {
            // Under the lock: an answer, photo or publish racing this one
            // either finished before (and is deleted here) or finds no
            // interview after.
            let (_lock, interview) = this.lock_existing(&id).await?;
            // The database first: it is the source of truth, and the index
            // is repaired to match it at every start, so a failure after
            // this line still ends with the worker gone everywhere.
            this.store.delete_interview(&interview.row).await?;
            this.pipeline.unindex(interview.row.public_id.clone()).await?;
            tracing::info!(profile_id = %interview.row.public_id, "deleted by the worker");
            Ok(())
        })
        .await
    }

    /// Adds (or replaces) the worker in this node's candidate index (the
    /// other nodes' follow the change feed, written with the change).
    async fn index(&self, interview: &StoredInterview, profile: &Profile) -> Result<()> {
        self.pipeline.index_documents(vec![interview.document(profile.clone())]).await?;
        Ok(())
    }

    /// Brings this node's index in line with what the database says of
    /// `public_ids` now (changed here or on another node): each published
    /// one is indexed again, any other removed. Each under the interview's
    /// change lock, as the change itself was made: a deletion racing this
    /// either comes before (and the worker is removed here) or after (and
    /// removes her itself), never between the read and the index update.
    /// Returns how many were indexed.
    pub async fn follow_changes(&self, public_ids: Vec<String>) -> Result<usize> {
        let mut indexed = 0;
        for public_id in public_ids {
            let Some(row) = self.store.by_public_id(&public_id).await? else {
                self.pipeline.unindex(public_id).await?;
                continue;
            };
            let (lock, interview) = match self.lock_existing(&row.id).await {
                Ok(locked) => locked,
                Err(InterviewError::NotFound(_)) => {
                    self.pipeline.unindex(public_id).await?;
                    continue;
                }
                Err(e) => return Err(e),
            };
            let applied = if interview.status() == Status::Published {
                indexed += 1;
                self.index(&interview, &interview.profile()?).await
            } else {
                self.pipeline.unindex(public_id).await.map_err(InterviewError::from)
            };
            lock.release().await;
            applied?;
        }
        Ok(indexed)
    }

    /// Stores workers whose answers were written, not spoken (the demo
    /// data), published and indexed exactly as publishing would.
    pub async fn seed_published(&self, workers: Vec<(InterviewLanguage, String)>) -> Result<usize> {
        let mut docs = Vec::new();
        for (language, transcript) in workers {
            let row = self.store.create_interview(language).await?;
            let answer = NewAnswer { question_id: "intro", audio: None, transcript: &transcript, duration_s: 0.0 };
            self.store.add_answer(&row.id, answer).await?;
            self.store.set_status(&row.id, Status::Published).await?;
            let interview = self.get(&row.id).await?;
            docs.push(interview.document(interview.profile()?));
        }
        let seeded = docs.len();
        self.pipeline.index_documents(docs).await?;
        Ok(seeded)
    }

    /// The card as PNG, as the stored answers and edits say: `public` is
    /// redacted (no phone, ID or full name); the QR code leads to `page_url`.
    pub async fn card_png(&self, interview: &StoredInterview, public: bool, page_url: String) -> Result<Vec<u8>> {
        let chinese = interview.chinese();
        let profile = interview.profile()?;
        let profile = if public { public_profile(&profile, chinese) } else { profile };
        let photo_path = interview.row.photo.as_deref().map(|p| self.store.photo_path(p));
        tokio::task::spawn_blocking(move || {
            let photo = photo_path.and_then(|p| image::open(p).ok()).map(|i| i.to_rgba8());
            let content = CardContent::from_profile(&profile, Taxonomy::embedded(), chinese, page_url, photo);
            let mut out = std::io::Cursor::new(Vec::new());
            render_card(&content)
                .write_to(&mut out, image::ImageFormat::Png)
                .map_err(|e| crate::card::CardError::Encode(e.to_string()))?;
            Ok(out.into_inner())
        })
        .await
        .map_err(|_| InterviewError::Interrupted("drawing a card"))?
    }
}

/// Runs `change` on its own task, so dropping the request (a client that
/// hung up, the timeout) cannot stop it between a commit and what must
/// follow it (keeping the file the row names, updating the index).
async fn detached<T: Send + 'static>(
    change: impl std::future::Future<Output = Result<T>> + Send + 'static,
) -> Result<T> {
    tokio::spawn(change).await.map_err(|_| InterviewError::Interrupted("a change"))?
}
