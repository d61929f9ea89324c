//! Developer tools: the benchmarks (`ayi bench …`), the evaluations
//! (`ayi eval …`) and the language model's own checks (`ayi lm …`).
//!
//! None of this is on a request's path. The dependency goes one way: tools
//! use the stages and the service, and nothing but the CLI uses tools, so a
//! change here cannot change what a worker, a recruiter or a family gets.
//! Each function returns its report and the CLI prints it.
//!
//! The synthetic-worker generator stays in `index::generate`: the service
//! seeds its demo workers with it, and the service must not depend on this
//! module (the serve benchmark here depends on the service).

pub mod bench;
pub mod eval;
pub mod lm;

use std::time::Instant;

use serde::Serialize;

/// The value of `f` and the wall-clock milliseconds it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed().as_secs_f64() * 1000.0)
}

/// How timed samples spread: the median, the 95th and 99th percentiles and
/// the worst, by nearest rank (all 0 when there are none). Every benchmark
/// reports its timings this way, so each report reads alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Spread {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

impl Spread {
    pub fn of(mut samples: Vec<f64>) -> Spread {
        samples.sort_by(f64::total_cmp);
        let at = |p: f64| nearest_rank(&samples, p).copied().unwrap_or(0.0);
        Spread { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1.0) }
    }

    /// Each figure rounded to `decimals` places, for a report read by people.
    pub fn rounded(self, decimals: i32) -> Spread {
        let scale = 10f64.powi(decimals);
        let round = |v: f64| (v * scale).round() / scale;
        Spread { p50: round(self.p50), p95: round(self.p95), p99: round(self.p99), max: round(self.max) }
    }
}

/// The median of counts (0 when there are none).
pub fn median<T: Ord + Copy + Default>(mut counts: Vec<T>) -> T {
    counts.sort();
    nearest_rank(&counts, 0.5).copied().unwrap_or_default()
}

/// The item at fraction `p` (0 to 1) of `sorted`, by nearest rank.
fn nearest_rank<T>(sorted: &[T], p: f64) -> Option<&T> {
    sorted.get((sorted.len().checked_sub(1)? as f64 * p).round() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreads_are_taken_by_nearest_rank() {
        let spread = Spread::of((1..=100).rev().map(f64::from).collect());
        assert_eq!(spread, Spread { p50: 51.0, p95: 95.0, p99: 99.0, max: 100.0 });
        assert_eq!(Spread::of(vec![]), Spread::default());
        assert_eq!(Spread::of(vec![2.5]).p95, 2.5);
        assert_eq!(Spread::of(vec![1.234, 5.678]).rounded(1), Spread { p50: 5.7, p95: 5.7, p99: 5.7, max: 5.7 });
    }

    #[test]
    fn medians_of_counts() {
        assert_eq!(median(vec![5usize, 1, 3]), 3);
        assert_eq!(median(Vec::<usize>::new()), 0);
    }
}
