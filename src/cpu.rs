//! How many cores other programs leave free right now, so that a
//! transcription does not start more threads than can run at once.
//!
//! whisper.cpp's threads meet at a spinning barrier after every operation of
//! the network. When one of them is preempted (by the kiosk's own browser, or
//! any other program), the others spin until it runs again, and every
//! operation waits a scheduler time slice. On this project's 2-core machines
//! a busy core made a streamed answer's last phrase take 2.5 s (p95 4.9 s)
//! instead of 0.3 s with two threads, and 0.65 s with one (BENCHMARKS.md,
//! "streamed answers"). So before each transcription the thread count is cut
//! to the cores the rest of the machine leaves free.
//!
//! The load is read from `/proc/stat` (all CPU time) less `/proc/self/stat`
//! (ours), by a thread of its own four times a second, over the last second.
//! Where those files do not exist nothing is cut, nor where this process may
//! use fewer CPUs than the machine has (a container's CPU set, `taskset`):
//! there the machine's load says little about ours.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

const SAMPLE_EVERY: Duration = Duration::from_millis(250);
/// Samples kept: the load is measured over the last second.
const WINDOW: usize = 5;
/// Thousandths of a core; `u32::MAX` until two samples are in.
static OTHERS_MILLICORES: AtomicU32 = AtomicU32::new(u32::MAX);
static SAMPLER: OnceLock<()> = OnceLock::new();

/// At most `wanted` threads, and no more than the cores others leave free
/// (at least one).
pub fn threads_for_now(wanted: usize) -> usize {
    SAMPLER.get_or_init(start_sampler);
    match OTHERS_MILLICORES.load(Ordering::Relaxed) {
        u32::MAX => wanted.max(1),
        others => threads_given(wanted, cores(), others as f64 / 1000.0),
    }
}

/// The decision itself: the free cores, rounded to the nearest whole one.
fn threads_given(wanted: usize, cores: usize, others_busy: f64) -> usize {
    let free = (cores as f64 - others_busy).round().max(1.0) as usize;
    wanted.clamp(1, free.max(1))
}

/// The CPUs this process may use, asked once (on Linux it reads cgroup files).
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn start_sampler() {
    let Some(first) = Sample::read() else { return };
    if std::fs::read_to_string("/proc/stat").ok().map(|stat| machine_cpus(&stat)) != Some(cores()) {
        return;
    }
    let spawned = std::thread::Builder::new().name("ayi-cpu-load".into()).spawn(move || {
        let mut samples = VecDeque::from([first]);
        loop {
            std::thread::sleep(SAMPLE_EVERY);
            let Some(now) = Sample::read() else { return };
            samples.push_back(now);
            if samples.len() > WINDOW {
                samples.pop_front();
            }
            if let Some(others) = others_busy(samples.front().unwrap(), &now) {
                OTHERS_MILLICORES.store((others * 1000.0) as u32, Ordering::Relaxed);
            }
        }
    });
    if let Err(e) = spawned {
        tracing::warn!("cannot watch the CPU load, threads are not cut when the machine is busy: {e}");
    }
}

/// Clock ticks (USER_HZ) of the whole machine and of this process.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Sample {
    /// All CPUs together, busy and idle.
    total: u64,
    busy: u64,
    ours: u64,
}

impl Sample {
    fn read() -> Option<Sample> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let own = std::fs::read_to_string("/proc/self/stat").ok()?;
        let (total, busy) = machine_ticks(&stat)?;
        Some(Sample { total, busy, ours: process_ticks(&own)? })
    }
}

/// Cores' worth of time others were busy between two samples.
fn others_busy(earlier: &Sample, later: &Sample) -> Option<f64> {
    let total = later.total.checked_sub(earlier.total).filter(|&t| t > 0)?;
    let busy = later.busy.saturating_sub(earlier.busy);
    let ours = later.ours.saturating_sub(earlier.ours);
    let wall = total as f64 / cores() as f64;
    Some((busy.saturating_sub(ours) as f64 / wall).max(0.0))
}

/// `(total, busy)` from the first line of `/proc/stat`: "cpu user nice system
/// idle iowait irq softirq steal …".
fn machine_ticks(stat: &str) -> Option<(u64, u64)> {
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let ticks: Vec<u64> = line.split_whitespace().take(8).map(|f| f.parse().ok()).collect::<Option<_>>()?;
    let [_, _, _, idle, iowait, ..] = ticks[..] else { return None };
    let total: u64 = ticks.iter().sum();
    Some((total, total - idle - iowait))
}

/// The CPUs `/proc/stat` lists one by one ("cpu0", "cpu1", …).
fn machine_cpus(stat: &str) -> usize {
    stat.lines()
        .filter(|l| l.strip_prefix("cpu").is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit())))
        .count()
}

/// utime + stime of `/proc/self/stat` (fields 14 and 15; the name in field 2
/// may hold spaces and parentheses, so fields are counted after its last ')').
fn process_ticks(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_are_cut_to_the_free_cores() {
        assert_eq!(threads_given(2, 2, 0.0), 2);
        assert_eq!(threads_given(2, 2, 0.4), 2, "a little load is not worth a thread");
        assert_eq!(threads_given(2, 2, 0.6), 1);
        assert_eq!(threads_given(2, 2, 1.0), 1);
        assert_eq!(threads_given(2, 2, 3.0), 1, "never none");
        assert_eq!(threads_given(8, 16, 4.0), 8, "never more than asked for");
        assert_eq!(threads_given(16, 16, 4.2), 12);
        assert_eq!(threads_given(0, 2, 0.0), 1);
    }

    #[test]
    fn proc_files_are_read() {
        let stat = "cpu  100 5 50 800 20 3 2 0 0 0\ncpu0 50 2 25 400 10 1 1 0 0 0\n";
        assert_eq!(machine_ticks(stat), Some((980, 160)));
        assert_eq!(machine_ticks("intr 1 2 3"), None);
        assert_eq!(machine_cpus(stat), 1);
        assert_eq!(machine_cpus("cpu  1 2\ncpu0 1\ncpu1 1\ncpu12 1\nintr 5\n"), 3);
        let own = "4242 (ayi serve (x)) S 1 4242 4242 0 -1 4194304 900 0 0 0 37 5 0 0 20 0 9 0 100 0 0";
        assert_eq!(process_ticks(own), Some(42));
        assert_eq!(process_ticks("4242 (ayi) S 1"), None);
    }

    #[test]
    fn others_are_what_is_busy_but_not_ours() {
        let cores = cores() as f64;
        let earlier = Sample { total: 1000, busy: 100, ours: 50 };
        // One second on every core; others used 100 ticks (one core's second at 100 Hz).
        let later = Sample { total: 1000 + 100 * cores as u64, busy: 300, ours: 150 };
        let others = others_busy(&earlier, &later).unwrap();
        assert!((others - 1.0).abs() < 1e-9, "{others}");
        assert_eq!(others_busy(&earlier, &earlier), None, "no time passed");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_machine_is_read() {
        let sample = Sample::read().expect("/proc is readable on Linux");
        assert!(sample.total >= sample.busy);
        assert!((1..=2).contains(&threads_for_now(2)));
    }
}
