//! `ayi eval …`: quality on labelled sets. The scoring itself lives with the
//! stage it scores (`extract::eval`, `index::commands::eval`); this is the
//! setup around it: which models to load for which layers, and what to print.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::embed::e5::E5Embedder;
use crate::extract::eval::{self, Layer, ModelLayers, Report, Row};
use crate::extract::judge::Judge;
use crate::extract::similar::SimilarityLayer;
use crate::extract::taxonomy::Taxonomy;
use crate::extract::ExtractError;
use crate::index::{commands as index_commands, Ranking};
use crate::lm::LanguageModel;
use crate::models;
use crate::Error;

/// `ayi eval search`: one report per ranking; the missed queries only when
/// `verbose`.
pub fn search(
    models_dir: &Path,
    profiles: &Path,
    queries: &[PathBuf],
    rankings: &[Ranking],
    verbose: bool,
) -> Result<Vec<index_commands::EvalReport>, Error> {
    let mut reports = index_commands::eval(models_dir, profiles, queries, rankings)?;
    if !verbose {
        for r in &mut reports {
            r.misses.clear();
        }
    }
    Ok(reports)
}

/// What `ayi eval extract` measures.
pub struct ExtractOptions {
    pub sets: Vec<PathBuf>,
    pub layers: Vec<Layer>,
    /// The e5 layer's similarity threshold.
    pub e5_threshold: f32,
    /// The looser e5 threshold whose proposals a language model judges.
    pub judged_threshold: f32,
    /// Log-probability margin of "yes" over "no" for a judge to keep a proposal.
    pub judge_margin: f32,
    /// Keep every disagreement in the reports.
    pub verbose: bool,
}

/// One report when one set and one layer were asked for, else a row per set
/// and layer.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ExtractOutput {
    One(Report),
    Rows(Vec<Row>),
}

/// `ayi eval extract`: each set scored with each layer; the model layers
/// (e5, and a judging language model) are loaded only when asked for.
pub fn extract(models_dir: &Path, options: &ExtractOptions) -> Result<ExtractOutput, Error> {
    let ExtractOptions { sets, layers, e5_threshold, judged_threshold, judge_margin, verbose } = options;
    let taxonomy = Taxonomy::load().map_err(ExtractError::from)?;
    let mut e5 = None;
    if layers.iter().any(|l| !matches!(l, Layer::Rules | Layer::Sounds)) {
        let mut embedder = E5Embedder::load(&models::embedder_dir(models_dir))?;
        let similar = SimilarityLayer::build(&taxonomy, &mut embedder, *e5_threshold)?;
        let judge = |file: PathBuf| -> Result<Judge, Error> {
            Ok(Judge { lm: LanguageModel::load(&file)?, margin: *judge_margin })
        };
        let gemma = layers.contains(&Layer::Gemma).then(|| judge(models::lm_path(models_dir)));
        let qwen = layers
            .contains(&Layer::Qwen)
            .then(|| judge(models::lm_path_named(models_dir, models::QWEN_LM_NAME).expect("Qwen is in the manifest")));
        e5 = Some(ModelLayers {
            embedder: Box::new(embedder),
            similar,
            threshold: *e5_threshold,
            judged_threshold: *judged_threshold,
            gemma: gemma.transpose()?,
            qwen: qwen.transpose()?,
        });
    }
    let mut rows = Vec::new();
    for set in sets {
        let cases = eval::load(set).map_err(ExtractError::EvalSet)?;
        for &layer in layers {
            let (mut report, ms_per_case) = eval::evaluate_layer(&taxonomy, layer, &cases, e5.as_mut())?;
            if !verbose {
                report.errors.clear();
            }
            let set = set.file_name().map_or_else(|| set.display().to_string(), |n| n.to_string_lossy().into());
            rows.push(Row { set, layer, ms_per_case, report });
        }
    }
    Ok(if rows.len() == 1 { ExtractOutput::One(rows.remove(0).report) } else { ExtractOutput::Rows(rows) })
}

/// One labelling (or the extractor) scored against another taken as gold.
#[derive(Debug, Serialize)]
pub struct AgreementRow {
    pub gold: String,
    pub other: String,
    #[serde(flatten)]
    pub report: Report,
}

/// The name a row shows for the extractor's output and for the majority labelling.
const EXTRACTOR: &str = "extractor";
const MAJORITY: &str = "majority";

/// `ayi eval agree`: several labellings of the same transcripts, each pair
/// scored against each other, the extractor (the service's layers) against
/// each, and, with three or more, everyone against what most labellers say.
pub fn agree(labels: &[PathBuf], verbose: bool) -> Result<Vec<AgreementRow>, Error> {
    let taxonomy = Taxonomy::load().map_err(ExtractError::from)?;
    let mut sets = Vec::with_capacity(labels.len() + 1);
    for path in labels {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        sets.push((name, eval::load(path).map_err(ExtractError::EvalSet)?));
    }
    let mut rows = Vec::new();
    for (i, (gold, gold_cases)) in sets.iter().enumerate() {
        for (other, other_cases) in &sets[i + 1..] {
            let report = eval::agreement(gold_cases, other_cases).map_err(ExtractError::EvalSet)?;
            rows.push(AgreementRow { gold: gold.clone(), other: other.clone(), report });
        }
    }
    if sets.len() >= 3 {
        let all: Vec<&[eval::Case]> = sets.iter().map(|(_, cases)| cases.as_slice()).collect();
        let agreed = eval::majority(&all).map_err(ExtractError::EvalSet)?;
        for (name, cases) in &sets {
            let report = eval::agreement(&agreed, cases).map_err(ExtractError::EvalSet)?;
            rows.push(AgreementRow { gold: MAJORITY.into(), other: name.clone(), report });
        }
        sets.push((MAJORITY.into(), agreed));
    }
    for (gold, cases) in &sets {
        let (report, _) = eval::evaluate_layer(&taxonomy, Layer::Sounds, cases, None)?;
        rows.push(AgreementRow { gold: gold.clone(), other: EXTRACTOR.into(), report });
    }
    if !verbose {
        rows.iter_mut().for_each(|r| r.report.errors.clear());
    }
    Ok(rows)
}
