//! What the commands that run a stage do (`ayi models fetch`, `index add`,
//! `remove` and `generate`, `serve`, `users add`, `transcribe`, `extract`,
//! `interview`, `card`), one function each, so that `execute` only
//! dispatches; [`lm`] picks the model for `ayi lm …`, whose checks are in
//! [`crate::tools::lm`]. `bench` and `eval` run in [`crate::tools`], and the
//! index's work in [`crate::index::commands`], which the service shares.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{print_json, read_transcript, CardArgs, CardLanguage, LmCommand, ModelsCommand, SttArgs};
use crate::audio;
use crate::card::CardError;
use crate::config::Config;
use crate::extract::summary::compose;
use crate::extract::taxonomy::Taxonomy;
use crate::extract::{ExtractError, Extractor, SummaryLanguage};
use crate::index::commands as index_commands;
use crate::models::{self, WeightType, WhisperModel};
use crate::pipeline::{derive_profile, Edits};
use crate::stt::{Language, TranscribeOptions, Transcriber};
use crate::tools;
use crate::Error;

/// `ayi models fetch`: the default set (every Whisper model, Gemma and the
/// embedder) or what was asked for; says what it did on stderr.
pub fn fetch_models(config: &Config, command: ModelsCommand) -> Result<(), Error> {
    let ModelsCommand::Fetch { models, weights, lm, embedder, index_url } = command;
    // The default set, plus an optional language model asked for by name.
    let mut lms: Vec<String> = Vec::new();
    if models.is_empty() {
        lms.push(models::LM_NAME.to_string());
    }
    lms.extend(lm.filter(|name| !lms.contains(name)));
    let embedder = embedder || models.is_empty();
    let models = if models.is_empty() { WhisperModel::ALL.to_vec() } else { models };
    let weights = if weights.is_empty() { vec![WeightType::default()] } else { weights };
    let index = index_url.unwrap_or_else(|| models::manifest::Manifest::embedded().index_url);
    let mut did_anything = false;
    for model in models {
        for &w in &weights {
            let done = models::ensure_whisper(&config.models_dir, model, w, &index)?;
            let path = model.ggml_path(&config.models_dir, w);
            if done.is_empty() {
                eprintln!("whisper {model} ({w}): already present at {}", path.display());
            }
            for line in &done {
                eprintln!("{line}");
            }
            did_anything |= !done.is_empty();
        }
    }
    for name in &lms {
        let done = models::ensure_lm_named(&config.models_dir, name, &index)?;
        if done.is_empty() {
            let path = models::lm_path_named(&config.models_dir, name).unwrap_or_default();
            eprintln!("language model {name}: already present at {}", path.display());
        }
        for line in &done {
            eprintln!("{line}");
        }
        did_anything |= !done.is_empty();
    }
    if embedder {
        let done = models::ensure_embedder(&config.models_dir, &index)?;
        if done.is_empty() {
            eprintln!("embedder: already present at {}", models::embedder_dir(&config.models_dir).display());
        }
        for line in &done {
            eprintln!("{line}");
        }
        did_anything |= !done.is_empty();
    }
    if !did_anything {
        eprintln!("all models are present; nothing to do");
    }
    Ok(())
}

/// `ayi index add`: the profiles in `files` added to (or replaced in) the index.
pub fn add_to_index(config: &Config, data: &Path, files: &[PathBuf]) -> Result<(), Error> {
    let n = index_commands::add(data, &config.models_dir, files)?;
    eprintln!("added {n} profile(s) to {}", index_commands::index_dir(data).display());
    Ok(())
}

/// `ayi index remove`: a worker withdrawing.
pub fn remove_from_index(data: &Path, id: &str) -> Result<(), Error> {
    index_commands::remove(data, id)?;
    eprintln!("removed {id}");
    Ok(())
}

/// `ayi index generate`: `count` synthetic workers as JSONL, to `out` or
/// stdout (`-`).
pub fn generate_workers(count: usize, seed: u64, out: &Path) -> Result<(), Error> {
    let lines = crate::index::generate::generate(count, seed);
    let write = |w: &mut dyn Write| -> std::io::Result<()> {
        for line in &lines {
            serde_json::to_writer(&mut *w, line)?;
            w.write_all(b"\n")?;
        }
        w.flush()
    };
    let result = if out.as_os_str() == "-" {
        write(&mut std::io::stdout().lock())
    } else {
        crate::durable::write_atomically(out, |f| write(f))
    };
    result.map_err(|source| crate::index::IndexError::Io { what: format!("writing {}", out.display()), source })?;
    Ok(())
}

/// `ayi serve`: the service, until it is stopped.
/// `ayi users add NAME`: the password comes from stdin (one line), so it
/// stays out of the shell history and the process list.
pub fn add_user(name: &str, data: &Path, database: Option<&str>) -> Result<(), Error> {
    let name = name.trim();
    let invalid = |m: &str| crate::index::IndexError::BadInput(m.to_string());
    if name.is_empty() || name.len() > 64 || name.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(invalid("a user name is 1 to 64 characters, without spaces").into());
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        eprintln!("password for {name} (then Enter):");
    }
    let mut password = String::new();
    std::io::stdin().read_line(&mut password).map_err(|e| invalid(&format!("cannot read the password: {e}")))?;
    let password = password.trim_end_matches(['\r', '\n']);
    if password.chars().count() < 8 {
        return Err(invalid("the password needs at least 8 characters").into());
    }
    let hash = crate::http::auth::hash_password(password).map_err(|e| invalid(&e))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::store::StoreError::Io { what: "starting the runtime".into(), source: e })?;
    runtime.block_on(async {
        std::fs::create_dir_all(data)
            .map_err(|e| crate::store::StoreError::Io { what: format!("creating {}", data.display()), source: e })?;
        let store = crate::store::Store::open_with(data, database).await?;
        store.add_user(name, &hash).await?;
        eprintln!("recruiter {name} can now log in");
        Ok(())
    })
}

/// `ayi transcribe`: one file, decoded before the model is loaded so that a
/// bad file is refused first.
pub fn transcribe(config: &Config, file: &Path, stt: &SttArgs, no_vad: bool, full_window: bool) -> Result<(), Error> {
    let audio = audio::decode_file(file, config.max_audio_seconds)?;
    let transcriber = stt.load(config)?;
    let options =
        TranscribeOptions { vad: (!no_vad).then(Default::default), fit_audio_ctx: !full_window, ..stt.options(config) };
    print_json(&transcriber.transcribe(&audio, &options)?)
}

/// `ayi extract`: the profile of one transcript.
pub fn extract(transcript: &Path) -> Result<(), Error> {
    let text = read_transcript(transcript)?;
    let extractor = Extractor::new(Taxonomy::load().map_err(ExtractError::from)?);
    print_json(&extractor.extract(&text).profile)
}

/// `ayi interview`: each recording transcribed, and the profile the service
/// would derive from those answers ([`derive_profile`]). The summary is in
/// the interview's language: `--language` when given, else the one the
/// answers were spoken in.
pub fn interview(config: &Config, files: &[PathBuf], stt: &SttArgs) -> Result<(), Error> {
    let recordings =
        files.iter().map(|f| audio::decode_file(f, config.max_audio_seconds)).collect::<Result<Vec<_>, _>>()?;
    let transcriber = stt.load(config)?;
    let mut transcripts = Vec::new();
    for recording in &recordings {
        transcripts.push(transcriber.transcribe(recording, &stt.options(config))?.text);
    }
    let chinese = match stt.language {
        Language::Zh => true,
        Language::En => false,
        Language::Auto => SummaryLanguage::of(&transcripts.join(" ")) == SummaryLanguage::Zh,
    };
    let profile = derive_profile(transcripts.iter().map(String::as_str), &Edits::default(), chinese);
    print_json(&serde_json::json!({ "transcripts": transcripts, "profile": profile }))
}

/// `ayi card`: the PNG, and the HTML and JSON Resume files when asked for.
pub fn card(card: CardArgs) -> Result<(), Error> {
    let CardArgs { profile, out, photo, lang, public, url, html, json_resume } = card;
    let text = read_transcript(&profile)?;
    let mut profile: crate::extract::Profile =
        serde_json::from_str(&text).map_err(|e| CardError::BadProfile(e.to_string()))?;
    let chinese = lang == CardLanguage::Zh;
    // The summary is written in the card's language, from the facts.
    let extractor = Extractor::embedded();
    let language = if chinese { SummaryLanguage::Zh } else { SummaryLanguage::En };
    profile.summary = compose(&extractor.taxonomy, &profile, language);
    if public {
        profile = crate::card::redact::public_profile(&profile, chinese);
    }
    let photo = match photo {
        Some(p) => Some(
            image::open(&p)
                .map_err(|e| CardError::Photo { path: p.display().to_string(), reason: e.to_string() })?
                .to_rgba8(),
        ),
        None => None,
    };
    let content = crate::card::render::CardContent::from_profile(&profile, &extractor.taxonomy, chinese, url, photo);
    let started = Instant::now();
    let img = crate::card::render::render_card(&content);
    let render_ms = started.elapsed().as_secs_f64() * 1000.0;
    crate::durable::write_atomically(&out, |w| img.write_to(w, image::ImageFormat::Png).map_err(std::io::Error::other))
        .map_err(|source| CardError::Write { path: out.display().to_string(), source })?;
    eprintln!("wrote {} ({}×{}, rendered in {render_ms:.0} ms)", out.display(), img.width(), img.height());
    let write_text = |path: &PathBuf, text: String| {
        crate::durable::write_atomically(path, |w| std::io::Write::write_all(w, text.as_bytes()))
            .map_err(|source| CardError::Write { path: path.display().to_string(), source })
    };
    if let Some(path) = html {
        let text = crate::card::html::card_html(&content, None)
            .map_err(|e| CardError::Write { path: path.display().to_string(), source: e.into() })?;
        write_text(&path, text)?;
        eprintln!("wrote {}", path.display());
    }
    if let Some(path) = json_resume {
        let resume = crate::card::jsonresume::to_json_resume(&profile, &extractor.taxonomy, chinese);
        write_text(&path, serde_json::to_string_pretty(&resume).unwrap_or_default())?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// `ayi lm …`: loads the model once, then runs the one check asked for.
pub fn lm(config: &Config, command: LmCommand) -> Result<(), Error> {
    let gguf = match &command {
        LmCommand::Complete { gguf, .. } | LmCommand::Perplexity { gguf, .. } => gguf.clone(),
        LmCommand::EvalFields { .. } => None,
    };
    let lm = tools::lm::Session::open(&config.models_dir, gguf)?;
    print_json(&match command {
        LmCommand::Complete { prompt, max_tokens, .. } => lm.complete(prompt, max_tokens)?,
        LmCommand::Perplexity { file, .. } => lm.perplexity(read_transcript(&file)?)?,
        LmCommand::EvalFields { set } => lm.eval_fields(&set)?,
    })
}
