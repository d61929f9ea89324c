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

/// The value of `f` and the wall-clock milliseconds it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed().as_secs_f64() * 1000.0)
}

/// The sample at fraction `p` (0 to 1) of `sorted`, by nearest rank; 0 when
/// there are none.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}
