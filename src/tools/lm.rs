//! `ayi lm …`: the on-device language model run alone, for checks and
//! benchmarks. The model lives on its own thread, as it does in the service,
//! and is loaded once per command ([`Session::open`]).

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{json, Value};

use crate::extract::{eval, ExtractError, Extractor};
use crate::lm::{CopyField, LanguageModel, LmError};
use crate::models;
use crate::worker::{Worker, WorkerError};
use crate::Error;

/// A loaded model and how long loading took.
pub struct Session {
    lm: Worker<LanguageModel>,
    load_s: f64,
}

fn busy(e: WorkerError) -> LmError {
    LmError::Inference(e.to_string())
}

impl Session {
    /// Loads `gguf` (another gemma3 or qwen2 file), or else the fetched Gemma.
    pub fn open(models_dir: &Path, gguf: Option<PathBuf>) -> Result<Session, Error> {
        let (model, path) = match gguf {
            Some(path) => (path.display().to_string(), path),
            None => (models::LM_NAME.to_string(), models::lm_path(models_dir)),
        };
        if !path.exists() {
            return Err(models::ModelsError::NotFetched { model, path }.into());
        }
        let started = Instant::now();
        let lm = Worker::spawn("language model", 4, move || LanguageModel::load(&path))?;
        Ok(Session { lm, load_s: started.elapsed().as_secs_f64() })
    }

    /// `ayi lm complete`: greedy continuation of `prompt`, with timings.
    pub fn complete(&self, prompt: String, max_tokens: usize) -> Result<Value, Error> {
        let c = self.lm.run(move |lm| lm.complete(&prompt, max_tokens)).map_err(busy)??;
        Ok(json!({
            "completion": c.text, "load_s": self.load_s, "prompt_tokens": c.prompt_tokens,
            "prefill_s": c.prefill_s, "prefill_tokens_per_s": c.prompt_tokens as f64 / c.prefill_s,
            "generated_tokens": c.generated_tokens, "decode_s": c.decode_s,
            "decode_tokens_per_s": c.generated_tokens as f64 / c.decode_s.max(1e-9),
        }))
    }

    /// `ayi lm perplexity`: of `text` under the model, with timings.
    pub fn perplexity(&self, text: String) -> Result<Value, Error> {
        let started = Instant::now();
        let (tokens, nll) = self
            .lm
            .run(move |lm| -> Result<(usize, f64), LmError> {
                let ids = lm.encode(&text)?;
                Ok((ids.len(), lm.model.mean_nll(&ids)?))
            })
            .map_err(busy)??;
        let seconds = started.elapsed().as_secs_f64();
        Ok(json!({
            "tokens": tokens, "perplexity": nll.exp(), "mean_nll": nll, "load_s": self.load_s,
            "seconds": seconds, "prefill_tokens_per_s": tokens as f64 / seconds,
        }))
    }

    /// `ayi lm eval-fields`: the model copying names and hometowns out of a
    /// labelled set, against the deterministic extractor and the two chained.
    pub fn eval_fields(&self, set: &Path) -> Result<Value, Error> {
        let cases = eval::load(set).map_err(ExtractError::EvalSet)?;
        let extractor = Extractor::embedded();
        let (mut lm_ok, mut rules_ok, mut hybrid_ok, mut n, mut seconds) = (0, 0, 0, 0, 0.0);
        let mut misses = Vec::new();
        for case in cases {
            let rules = extractor.extract(&case.transcript).profile;
            for (field, gold, by_rules) in [
                (CopyField::Name, case.gold.profile.name.clone(), rules.name.clone()),
                (CopyField::Hometown, case.gold.profile.hometown.clone(), rules.hometown.clone()),
            ] {
                let transcript = case.transcript.clone();
                let started = Instant::now();
                let by_lm = self.lm.run(move |lm| lm.copy_field(&transcript, field)).map_err(busy)??;
                seconds += started.elapsed().as_secs_f64();
                n += 1;
                lm_ok += (by_lm == gold) as usize;
                rules_ok += (by_rules == gold) as usize;
                hybrid_ok += (by_rules.clone().or(by_lm.clone()) == gold) as usize;
                if by_lm != gold {
                    misses.push(format!("{} {field:?}: lm {by_lm:?} want {gold:?}", case.id));
                }
            }
        }
        Ok(json!({
            "fields": n, "lm_accuracy": lm_ok as f64 / n as f64, "rules_accuracy": rules_ok as f64 / n as f64,
            "rules_then_lm_accuracy": hybrid_ok as f64 / n as f64, "lm_seconds_per_field": seconds / n as f64,
            "lm_misses": misses,
        }))
    }
}
