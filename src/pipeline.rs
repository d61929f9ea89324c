//! The stages as the service runs them: each model on its own thread behind
//! a bounded queue, the candidate index shared between searches and
//! publishing, and the pure steps (extraction, summary, edits) in between.
//!
//! Submitting to a full queue fails at once ([`WorkerError::Busy`]) so the
//! HTTP layer answers 503 with Retry-After instead of letting requests pile
//! up behind a model; waiting for a queued job happens off the async runtime.

use std::collections::BTreeSet;
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};

use crate::audio::Audio;
use crate::embed::{EmbedError, Embedder, TextKind};
use crate::extract::summary::compose;
use crate::extract::{merge, Extraction, Extractor, Profile, SummaryLanguage};
use crate::index::{Document, Index};
use crate::stt::{Language, SttError, TranscribeOptions, Transcriber, Transcript};
use crate::worker::{Worker, WorkerError};

/// What the worker changed at review. The profile itself is always derived
/// from the answers; these are applied on top, so a re-recorded answer and
/// earlier corrections both hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Edits {
    /// Codes the worker removed ("that is wrong").
    #[serde(default)]
    pub removed: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years_experience: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_salary_cny_month: Option<u32>,
    /// Typed corrections of what was misheard; an empty string clears the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hometown: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_area: Option<String>,
    /// A mobile number (private: recruiters only), or empty to remove it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Things the worker typed at review ("我还会做月子餐"): read by the
    /// same extractor as a spoken answer, so each fact quotes the typed words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Longest typed name, place or note, in characters.
pub const MAX_TYPED_FIELD_CHARS: usize = 30;
pub const MAX_NOTE_CHARS: usize = 300;
pub const MAX_NOTES: usize = 10;

/// A typed field with its spaces trimmed, refused when it is too long, holds
/// control characters or a run of digits (an ID number has no place in a
/// name or a district).
fn check_typed(field: &str, value: &str, max: usize, digits_allowed: bool) -> Result<(), String> {
    if value.chars().count() > max {
        return Err(format!("{field} is longer than {max} characters"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("{field} holds control characters"));
    }
    let longest_digit_run = value.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0);
    if !digits_allowed && longest_digit_run >= 5 {
        return Err(format!("{field} holds a long number; phone and ID numbers do not belong there"));
    }
    Ok(())
}

/// The digits of a mainland mobile number typed with spaces or dashes, or
/// `None` when it is not one.
pub fn typed_mobile(value: &str) -> Option<String> {
    let digits: String = value.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{3000}')).collect();
    let valid = digits.len() == 11
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.starts_with('1')
        && matches!(digits.as_bytes()[1], b'3'..=b'9');
    valid.then_some(digits)
}

impl Edits {
    /// Checks the numbers are ones a person could mean, and that only
    /// things a card can show are removed (a removal list is stored and read
    /// at every gallery load: it must stay small).
    pub fn validate(&self) -> Result<(), String> {
        let taxonomy = crate::extract::Taxonomy::embedded();
        if let Some(unknown) = self.removed.iter().find(|c| taxonomy.index_of(c).is_none()) {
            let shown: String = unknown.chars().take(40).collect();
            return Err(format!("{shown:?} is not something a card shows; remove only codes the card lists"));
        }
        if self.age.is_some_and(|a| !(16..=80).contains(&a)) {
            return Err("age must be between 16 and 80".into());
        }
        if self.years_experience.is_some_and(|y| !(0.0..=60.0).contains(&y) || !y.is_finite()) {
            return Err("years_experience must be between 0 and 60".into());
        }
        if self.expected_salary_cny_month.is_some_and(|p| !(500..=100_000).contains(&p)) {
            return Err("expected_salary_cny_month must be between 500 and 100000".into());
        }
        for (field, value) in [("name", &self.name), ("hometown", &self.hometown), ("work_area", &self.work_area)] {
            if let Some(value) = value {
                check_typed(field, value, MAX_TYPED_FIELD_CHARS, false)?;
            }
        }
        if let Some(phone) = self.phone.as_deref().filter(|p| !p.trim().is_empty()) {
            if typed_mobile(phone).is_none() {
                return Err("phone must be an 11-digit mobile number such as 138 1234 5678".into());
            }
        }
        if self.notes.len() > MAX_NOTES {
            return Err(format!("at most {MAX_NOTES} typed notes"));
        }
        for note in &self.notes {
            check_typed("a note", note, MAX_NOTE_CHARS, true)?;
        }
        Ok(())
    }

    fn apply(&self, p: &mut Profile) {
        for list in [&mut p.services, &mut p.skills, &mut p.certificates] {
            list.retain(|f| !self.removed.contains(&f.code));
        }
        p.languages.retain(|l| !self.removed.contains(l));
        if self.age.is_some() {
            p.age = self.age;
        }
        if self.years_experience.is_some() {
            p.years_experience = self.years_experience;
        }
        if self.expected_salary_cny_month.is_some() {
            p.expected_salary_cny_month = self.expected_salary_cny_month;
        }
        let typed = |value: &Option<String>, field: &mut Option<String>| {
            if let Some(value) = value {
                let value = value.trim();
                *field = (!value.is_empty()).then(|| value.to_string());
            }
        };
        typed(&self.name, &mut p.name);
        typed(&self.hometown, &mut p.hometown);
        typed(&self.work_area, &mut p.work_area);
        if let Some(phone) = &self.phone {
            p.phone = typed_mobile(phone);
        }
    }
}

/// The profile the answers (in order) and the edits say, with its summary
/// written in the interview's language.
pub fn derive_profile<'a>(transcripts: impl IntoIterator<Item = &'a str>, edits: &Edits, chinese: bool) -> Profile {
    let extractor = Extractor::embedded();
    let read = |acc, text: &str| merge(acc, extractor.extract(text));
    let spoken = transcripts.into_iter().fold(Extraction::default(), read);
    let merged = edits.notes.iter().map(String::as_str).fold(spoken, read);
    let mut profile = merged.profile;
    edits.apply(&mut profile);
    let language = if chinese { SummaryLanguage::Zh } else { SummaryLanguage::En };
    profile.summary = compose(&extractor.taxonomy, &profile, language);
    profile
}

/// Vectors for a batch of texts, or why not.
pub type Embedded = Result<Vec<Vec<f32>>, EmbedError>;

/// The models and the index, shared by every request.
pub struct Pipeline {
    transcriber: Worker<Box<dyn Transcriber>>,
    embedder: Worker<Box<dyn Embedder>>,
    pub stt_options: TranscribeOptions,
    index: RwLock<Index>,
}

/// A queued job's answer: wait for it with [`Pending::wait`]. Dropping it
/// (a request that went away) cancels the job if it has not started.
pub struct Pending<T>(tokio::sync::oneshot::Receiver<T>, &'static str);

impl<T: Send + 'static> Pending<T> {
    pub async fn wait(self) -> Result<T, WorkerError> {
        let Pending(receiver, name) = self;
        receiver.await.map_err(|_| WorkerError::Stopped(name))
    }
}

impl Pipeline {
    /// Starts the model threads (`queue` jobs may wait behind each running one).
    pub fn start(
        transcriber: impl FnOnce() -> Result<Box<dyn Transcriber>, crate::Error> + Send + 'static,
        embedder: impl FnOnce() -> Result<Box<dyn Embedder>, crate::Error> + Send + 'static,
        stt_options: TranscribeOptions,
        queue: usize,
        index: Index,
    ) -> Result<Pipeline, crate::Error> {
        let transcriber = Worker::spawn("speech recogniser", queue, transcriber)?;
        let embedder = Worker::spawn("embedder", queue.max(8), embedder)?;
        Ok(Pipeline { transcriber, embedder, stt_options, index: RwLock::new(index) })
    }

    /// Queues a transcription in `language` (the interview's: detecting it
    /// from a short answer is slower and can guess wrong), leaving out the
    /// words in the first `heard_before_s` seconds (context, see
    /// [`TranscribeOptions::heard_before_s`]); refused at once when the
    /// queue is full.
    pub fn transcribe(
        &self,
        audio: Audio,
        language: Language,
        heard_before_s: f64,
    ) -> Result<Pending<Result<Transcript, SttError>>, WorkerError> {
        let options = TranscribeOptions { language, heard_before_s, ..self.stt_options.clone() };
        let receiver = self.transcriber.submit(move |t| t.transcribe(&audio, &options))?;
        Ok(Pending(receiver, "speech recogniser"))
    }

    /// Queues embedding of `texts`.
    pub fn embed(&self, texts: Vec<String>, kind: TextKind) -> Result<Pending<Embedded>, WorkerError> {
        let receiver = self.embedder.submit(move |e| {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            e.embed(&refs, kind)
        })?;
        Ok(Pending(receiver, "embedder"))
    }

    /// Embeds and adds (or replaces) documents in the index, durably.
    pub async fn index_documents(self: &Arc<Self>, docs: Vec<Document>) -> Result<(), crate::Error> {
        if docs.is_empty() {
            return Ok(());
        }
        let texts = docs.iter().map(crate::index::passage_text).collect();
        let vectors = self.embed(texts, TextKind::Passage)?.wait().await??;
        let items: Vec<(Document, Vec<f32>)> = docs.into_iter().zip(vectors).collect();
        self.with_index_written(move |index| index.add(items)).await
    }

    /// Removes a document from the index (absent is fine: never published)
    /// and compacts the index, so the worker's words leave the disk too.
    pub async fn unindex(self: &Arc<Self>, id: String) -> Result<(), crate::Error> {
        self.with_index_written(move |index| match index.remove(&id) {
            Ok(()) => index.compact(),
            Err(crate::index::IndexError::NotFound(_)) => Ok(()),
            Err(e) => Err(e),
        })
        .await
    }

    /// Runs `change` on the index, writing, off the async runtime: adding
    /// and compacting fsync, and a search may hold the read lock meanwhile.
    pub async fn with_index_written<T: Send + 'static>(
        self: &Arc<Self>,
        change: impl FnOnce(&mut Index) -> Result<T, crate::index::IndexError> + Send + 'static,
    ) -> Result<T, crate::Error> {
        let this = self.clone();
        let done =
            tokio::task::spawn_blocking(move || change(&mut this.index.write().unwrap_or_else(|e| e.into_inner())))
                .await
                .map_err(|_| WorkerError::Stopped("index writer"))?;
        Ok(done?)
    }

    /// Runs `read` on the index off the async runtime (a search scores
    /// every candidate).
    pub async fn with_index<T: Send + 'static>(
        self: &Arc<Self>,
        read: impl FnOnce(&Index) -> T + Send + 'static,
    ) -> Result<T, crate::Error> {
        let this = self.clone();
        Ok(tokio::task::spawn_blocking(move || read(&this.index.read().unwrap_or_else(|e| e.into_inner())))
            .await
            .map_err(|_| WorkerError::Stopped("index reader"))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_remove_items_and_fix_numbers_on_top_of_what_was_said() {
        let said = ["我叫李芳，今年五十岁，会做饭，会开车，有健康证", "想要六千一个月"];
        let plain = derive_profile(said, &Edits::default(), true);
        assert!(plain.skills.iter().any(|f| f.code == "driving"));
        assert_eq!(plain.expected_salary_cny_month, Some(6000));
        let edits = Edits {
            removed: ["driving".to_string()].into(),
            expected_salary_cny_month: Some(6500),
            ..Edits::default()
        };
        let fixed = derive_profile(said, &edits, true);
        assert!(!fixed.skills.iter().any(|f| f.code == "driving"));
        assert_eq!(fixed.expected_salary_cny_month, Some(6500));
        assert_eq!(fixed.age, Some(50));
        assert!(!fixed.summary.contains("开车"), "{}", fixed.summary);
    }

    #[test]
    fn typed_corrections_replace_what_was_misheard_and_typed_notes_are_extracted() {
        let said = ["我叫王秀连，五十岁，河南人，在朝阳找活，我会做饭"];
        let edits = Edits {
            name: Some(" 王秀兰 ".into()),
            work_area: Some("海淀".into()),
            hometown: Some(String::new()),
            phone: Some("138 1234-5678".into()),
            notes: vec!["我还会照顾老人，有养老护理员证".into()],
            ..Edits::default()
        };
        assert!(edits.validate().is_ok());
        let p = derive_profile(said, &edits, true);
        assert_eq!(p.name.as_deref(), Some("王秀兰"));
        assert_eq!(p.work_area.as_deref(), Some("海淀"));
        assert_eq!(p.hometown, None, "an emptied field is cleared");
        assert_eq!(p.phone.as_deref(), Some("13812345678"));
        let care = p.services.iter().find(|f| f.code == "elderly_care").expect("the typed note is read");
        assert!(edits.notes[0].contains(&care.evidence), "evidence quotes the typed words: {care:?}");
        assert!(p.services.iter().any(|f| f.code == "cooking"), "what was said still holds");
    }

    #[test]
    fn typed_fields_that_hide_numbers_or_are_not_phones_are_refused() {
        let edit = |f: fn(&mut Edits)| {
            let mut e = Edits::default();
            f(&mut e);
            e.validate()
        };
        assert!(edit(|e| e.name = Some("王 410123197601012345".into())).is_err());
        assert!(edit(|e| e.work_area = Some("朝".repeat(31))).is_err());
        assert!(edit(|e| e.phone = Some("12345".into())).is_err());
        assert!(edit(|e| e.phone = Some("410123197601012345".into())).is_err());
        assert!(edit(|e| e.phone = Some(String::new())).is_ok(), "empty removes the phone");
        assert!(edit(|e| e.notes = vec!["x".repeat(301)]).is_err());
        assert!(edit(|e| e.notes = vec!["会做饭".into(); 11]).is_err());
        assert!(edit(|e| e.name = Some("Maria Santos".into())).is_ok());
    }

    #[test]
    fn numbers_no_one_could_mean_are_refused() {
        assert!(Edits { age: Some(7), ..Edits::default() }.validate().is_err());
        assert!(Edits { expected_salary_cny_month: Some(9), ..Edits::default() }.validate().is_err());
        assert!(Edits { years_experience: Some(f64::NAN), ..Edits::default() }.validate().is_err());
        assert!(Edits { age: Some(52), years_experience: Some(3.5), ..Edits::default() }.validate().is_ok());
        let removed =
            |codes: &[&str]| Edits { removed: codes.iter().map(|c| c.to_string()).collect(), ..Edits::default() };
        assert!(removed(&["driving", "cantonese"]).validate().is_ok());
        assert!(removed(&["driving", "x".repeat(10_000).as_str()]).validate().is_err());
        assert!(removed(&[""]).validate().is_err());
    }
}
