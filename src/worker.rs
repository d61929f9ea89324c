//! A model on its own thread, fed through a bounded queue.
//!
//! Inference must never run on the async runtime or on the caller's thread:
//! a model is built *on* its worker thread and lives there; callers send it
//! jobs (closures over `&mut Model`) and wait for the answer. When the queue
//! is full, [`Worker::submit`] says so at once ([`WorkerError::Busy`]) so the
//! HTTP layer can answer 503 with Retry-After instead of hanging.
//!
//! A job whose caller has gone (a client that hung up, a request that timed
//! out) is dropped when its turn comes instead of run: an abandoned
//! transcription must not hold a place in the queue that live ones need.

use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::thread;

use tokio::sync::oneshot;

type Job<M> = Box<dyn FnOnce(&mut M) + Send>;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WorkerError {
    #[error("the {0} is busy; try again shortly")]
    Busy(&'static str),
    #[error("the {0} has stopped")]
    Stopped(&'static str),
}

pub struct Worker<M> {
    name: &'static str,
    jobs: SyncSender<Job<M>>,
}

impl<M: 'static> Worker<M> {
    /// Starts a thread, builds the model on it with `build`, and serves jobs
    /// in order. Returns once the model is built (or failed to build).
    pub fn spawn<E: Send + 'static>(
        name: &'static str,
        capacity: usize,
        build: impl FnOnce() -> Result<M, E> + Send + 'static,
    ) -> Result<Worker<M>, E> {
        let (jobs, queue) = mpsc::sync_channel::<Job<M>>(capacity);
        let (ready_tx, ready) = mpsc::channel::<Result<(), E>>();
        thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let mut model = match build() {
                    Ok(model) => {
                        let _ = ready_tx.send(Ok(()));
                        model
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                for job in queue {
                    job(&mut model);
                }
            })
            .expect("a thread can be spawned");
        match ready.recv() {
            Ok(Ok(())) => Ok(Worker { name, jobs }),
            Ok(Err(e)) => Err(e),
            Err(_) => panic!("{name} worker died while building its model"),
        }
    }

    /// Queues `job`; the answer arrives on the returned receiver. Dropping
    /// the receiver before the job starts cancels it.
    pub fn submit<R: Send + 'static>(
        &self,
        job: impl FnOnce(&mut M) -> R + Send + 'static,
    ) -> Result<oneshot::Receiver<R>, WorkerError> {
        let (reply, answer) = oneshot::channel();
        let job: Job<M> = Box::new(move |model| {
            if reply.is_closed() {
                return;
            }
            let _ = reply.send(job(model));
        });
        match self.jobs.try_send(job) {
            Ok(()) => Ok(answer),
            Err(TrySendError::Full(_)) => Err(WorkerError::Busy(self.name)),
            Err(TrySendError::Disconnected(_)) => Err(WorkerError::Stopped(self.name)),
        }
    }

    /// Queues `job` and waits for its answer (from a thread outside the async runtime).
    pub fn run<R: Send + 'static>(&self, job: impl FnOnce(&mut M) -> R + Send + 'static) -> Result<R, WorkerError> {
        self.submit(job)?.blocking_recv().map_err(|_| WorkerError::Stopped(self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};

    #[test]
    fn jobs_run_in_order_on_the_models_own_thread() {
        let caller = thread::current().id();
        let worker = Worker::spawn("counter", 4, move || Ok::<_, ()>((0u32, thread::current().id()))).unwrap();
        for expected in 1..=3 {
            let (count, thread) = worker
                .run(|(n, t)| {
                    *n += 1;
                    (*n, *t)
                })
                .unwrap();
            assert_eq!(count, expected);
            assert_ne!(thread, caller);
        }
    }

    /// Gives the model thread a job that holds it until the returned gate
    /// is passed; returns once the job has started.
    fn hold<M: 'static>(worker: &Worker<M>) -> (Arc<Barrier>, oneshot::Receiver<()>) {
        let gate = Arc::new(Barrier::new(2));
        let held = gate.clone();
        let (started_tx, started) = mpsc::channel();
        let job = worker
            .submit(move |_| {
                started_tx.send(()).unwrap();
                held.wait();
            })
            .unwrap();
        started.recv().unwrap();
        (gate, job)
    }

    #[test]
    fn a_full_queue_answers_busy_at_once() {
        let worker = Worker::spawn("model", 1, || Ok::<_, ()>(())).unwrap();
        // One job holds the thread, one fills the queue; the third is refused.
        let (gate, first) = hold(&worker);
        let second = worker.submit(|_| ()).unwrap();
        assert_eq!(worker.submit(|_| ()).unwrap_err(), WorkerError::Busy("model"));
        gate.wait();
        first.blocking_recv().unwrap();
        second.blocking_recv().unwrap();
    }

    #[test]
    fn a_job_whose_caller_has_gone_is_dropped_not_run() {
        let worker = Worker::spawn("model", 4, || Ok::<_, ()>(0u32)).unwrap();
        let (gate, first) = hold(&worker);
        // Three callers give up while the model is busy.
        for _ in 0..3 {
            drop(worker.submit(|runs| *runs += 1).unwrap());
        }
        let counted = worker.submit(|runs| *runs + 1).unwrap();
        gate.wait();
        first.blocking_recv().unwrap();
        assert_eq!(counted.blocking_recv().unwrap(), 1, "abandoned jobs ran");
    }

    #[test]
    fn a_model_that_fails_to_build_reports_its_error() {
        let result = Worker::<()>::spawn("broken", 1, || Err("no weights"));
        assert_eq!(result.err(), Some("no weights"));
    }
}
