//! One lock per interview, striped: a fixed set of mutexes chosen by a hash
//! of the id, so memory stays bounded whatever ids clients send, and two
//! interviews rarely wait for each other (and then only for a commit, never
//! for a transcription).

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

pub struct InterviewLocks {
    stripes: Vec<tokio::sync::Mutex<()>>,
}

impl Default for InterviewLocks {
    fn default() -> InterviewLocks {
        InterviewLocks { stripes: (0..64).map(|_| tokio::sync::Mutex::new(())).collect() }
    }
}

impl InterviewLocks {
    pub async fn lock(&self, interview_id: &str) -> tokio::sync::MutexGuard<'_, ()> {
        let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(interview_id);
        self.stripes[(hash % self.stripes.len() as u64) as usize].lock().await
    }
}
