//! `ayi bench store`: where a cluster keeps answers' recordings. Each
//! answer is stored the way the service stores one (the recording durable,
//! then its row committed) in three ways, alternating so the machine's
//! noise falls on all alike:
//! - `sqlite_file`: one node's default, the anchor;
//! - `postgres_file`: the row in PostgreSQL, the file in the data folder
//!   (the folder every node mounts);
//! - `postgres_bytea`: the recording itself in PostgreSQL, in the row.
//!
//! and each recording is read back the way a recruiter's player asks for it.

use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};

use crate::interview::InterviewLanguage;
use crate::store::{NewAnswer, Store, StoreError, AUDIO_DIR};
use crate::tools::Spread;

/// The ways measured, in the order they take turns.
const WAYS: [&str; 3] = ["sqlite_file", "postgres_file", "postgres_bytea"];

pub fn measure(database: &str, audio: &Path, answers: usize) -> Result<Value, crate::Error> {
    let bytes =
        std::fs::read(audio).map_err(|e| StoreError::Io { what: format!("reading {}", audio.display()), source: e })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| StoreError::Io { what: "starting the runtime".into(), source: e })?;
    runtime.block_on(async {
        let temp = tempfile::tempdir().map_err(|e| StoreError::Io { what: "a temporary folder".into(), source: e })?;
        let sqlite = Store::open(&temp.path().join("sqlite")).await?;
        let postgres = Store::open_with(&temp.path().join("shared"), Some(database)).await?;
        let pool = postgres.cluster().expect("a PostgreSQL store has its pool").clone();
        sqlx::query("CREATE TABLE IF NOT EXISTS bench_recordings (id BIGSERIAL PRIMARY KEY, bytes BYTEA NOT NULL)")
            .execute(&pool)
            .await
            .map_err(StoreError::from)?;
        let on_sqlite = sqlite.create_interview(InterviewLanguage::En).await?;
        let on_postgres = postgres.create_interview(InterviewLanguage::En).await?;
        let mut write = [Vec::new(), Vec::new(), Vec::new()];
        let mut read = [Vec::new(), Vec::new(), Vec::new()];
        for _ in 0..answers {
            for (way, name) in WAYS.iter().enumerate() {
                let started = Instant::now();
                let stored = match *name {
                    "postgres_bytea" => {
                        let id: i64 =
                            sqlx::query_scalar("INSERT INTO bench_recordings (bytes) VALUES ($1) RETURNING id")
                                .bind(&bytes)
                                .fetch_one(&pool)
                                .await
                                .map_err(StoreError::from)?;
                        Stored::Row(id)
                    }
                    _ => {
                        let (store, row) =
                            if *name == "sqlite_file" { (&sqlite, &on_sqlite) } else { (&postgres, &on_postgres) };
                        let file = store.write_file(AUDIO_DIR, &row.public_id, "wav", bytes.clone()).await?;
                        let answer = NewAnswer {
                            question_id: "intro",
                            audio: Some(file.name()),
                            transcript: "",
                            duration_s: 15.0,
                        };
                        store.add_answer(&row.id, answer).await?;
                        Stored::File(store.audio_path(&file.keep()))
                    }
                };
                write[way].push(started.elapsed().as_secs_f64() * 1000.0);
                let started = Instant::now();
                let back = match stored {
                    Stored::Row(id) => {
                        sqlx::query_scalar::<_, Vec<u8>>("SELECT bytes FROM bench_recordings WHERE id = $1")
                            .bind(id)
                            .fetch_one(&pool)
                            .await
                            .map_err(StoreError::from)?
                    }
                    Stored::File(path) => tokio::fs::read(&path)
                        .await
                        .map_err(|e| StoreError::Io { what: "reading a recording back".into(), source: e })?,
                };
                read[way].push(started.elapsed().as_secs_f64() * 1000.0);
                if back.len() != bytes.len() {
                    return Err(StoreError::Corrupt("a recording read back differs".into()).into());
                }
            }
        }
        sqlx::query("DROP TABLE bench_recordings").execute(&pool).await.map_err(StoreError::from)?;
        let mut out = json!({ "recording_bytes": bytes.len(), "answers": answers });
        for (way, name) in WAYS.iter().enumerate() {
            out[name] = json!({
                "store_ms": Spread::of(std::mem::take(&mut write[way])).rounded(2),
                "read_ms": Spread::of(std::mem::take(&mut read[way])).rounded(2),
            });
        }
        Ok(out)
    })
}

enum Stored {
    Row(i64),
    File(std::path::PathBuf),
}
