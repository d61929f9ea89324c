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
    }
}

/// The profile the answers (in order) and the edits say, with its summary
/// written in the interview's language.
pub fn derive_profile<'a>(transcripts: impl IntoIterator<Item = &'a str>, edits: &Edits, chinese: bool) -> Profile {
    let extractor = Extractor::embedded();
    let merged = transcripts.into_iter().fold(Extraction::default(), |acc, text| merge(acc, extractor.extract(text)));
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
    /// from a short answer is slower and can guess wrong); refused at once
    /// when the queue is full.
    pub fn transcribe(
        &self,
        audio: Audio,
        language: Language,
    ) -> Result<Pending<Result<Transcript, SttError>>, WorkerError> {
        let options = TranscribeOptions { language, ..self.stt_options.clone() };
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
