//! The service's durable state: a database plus files next to it for what
//! is large (audio, photos, videos).
//!
//! The database is SQLite in the data folder (WAL; the embedded default,
//! one node) or PostgreSQL (`--database postgres://…`; several nodes, see
//! [`crate::cluster`]). Both are reached through sqlx's `Any` driver with
//! one set of queries (`$1` placeholders, which SQLite reads too, and
//! types both share: Unix seconds as integers, flags as 0/1); only what
//! SQLite alone has (its pragmas, `BEGIN IMMEDIATE`) or PostgreSQL alone
//! has (advisory locks, NOTIFY) is asked per backend. Migrations live in
//! migrations/sqlite and migrations/postgres, the same tables in each.
//! With PostgreSQL the files live in a folder every node mounts (the data
//! folder): measured in BENCHMARKS.md against keeping them in the database.
//!
//! Files are written first, atomically and fsynced, and only then referenced
//! by a committed row: a crash leaves at most an unreferenced file, never a
//! row pointing at nothing. `synchronous = FULL` makes a commit durable when
//! it returns, so an answer acknowledged to a worker survives kill -9 and a
//! power cut alike.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::any::AnyArguments;
use sqlx::any::AnyPoolOptions;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::query::Query;
use sqlx::{Any, AnyPool};

use crate::fault::Fault;
use crate::interview::{InterviewLanguage, Status, VIDEO_QUESTION_ID};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{what}: {source}")]
    Io { what: String, source: std::io::Error },
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("the operating system's random generator failed: {0}")]
    Random(String),
    #[error("--database takes a postgres:// address, not {0} (without it the data folder holds SQLite)")]
    UnknownDatabase(String),
}

impl StoreError {
    pub fn fault(&self) -> Fault {
        match self {
            StoreError::UnknownDatabase(_) => Fault::User,
            _ => Fault::Internal,
        }
    }

    fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> StoreError {
        let what = what.into();
        move |source| StoreError::Io { what, source }
    }
}

pub const DATABASE_FILE: &str = "ayi.db";
pub const AUDIO_DIR: &str = "audio";
pub const PHOTO_DIR: &str = "photos";
pub const VIDEO_DIR: &str = "videos";

/// How old an unreferenced file in a shared folder must be to be an
/// orphan rather than another node's answer being committed.
pub const ORPHAN_AGE: Duration = Duration::from_secs(3600);

/// Each folder of files, and the query for the names rows refer to in it.
const FILE_FOLDERS: [(&str, &str); 3] = [
    (AUDIO_DIR, "SELECT audio FROM answers WHERE audio IS NOT NULL"),
    (PHOTO_DIR, "SELECT photo FROM interviews WHERE photo IS NOT NULL"),
    (VIDEO_DIR, "SELECT video FROM interviews WHERE video IS NOT NULL"),
];

/// Which database the store is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default: one node.
    Sqlite,
    /// Several nodes share it.
    Postgres,
}

#[derive(Debug, Clone)]
pub struct InterviewRow {
    pub id: String,
    pub public_id: String,
    pub language: InterviewLanguage,
    pub status: Status,
    pub edits: String,
    pub photo: Option<String>,
    /// Six digits that resume this interview on another browser, while valid.
    pub resume_code: Option<String>,
    /// The video self-introduction's file under [`VIDEO_DIR`], if there is one.
    pub video: Option<String>,
    /// The worker's consent to show the video on the public card page.
    pub video_public: bool,
    pub video_duration_s: Option<f64>,
    pub created_at: i64,
    pub published_at: Option<i64>,
}

/// An interview row as both databases return it; see [`InterviewRow`].
#[derive(sqlx::FromRow)]
struct StoredRow {
    id: String,
    public_id: String,
    #[sqlx(try_from = "String")]
    language: InterviewLanguage,
    #[sqlx(try_from = "String")]
    status: Status,
    edits: String,
    photo: Option<String>,
    resume_code: Option<String>,
    resume_until: Option<i64>,
    video: Option<String>,
    video_public: i64,
    video_duration_s: Option<f64>,
    created_at: i64,
    published_at: Option<i64>,
}

impl From<StoredRow> for InterviewRow {
    fn from(r: StoredRow) -> InterviewRow {
        // An expired resume code reads as none.
        let live = r.resume_until.is_some_and(|until| until > now());
        InterviewRow {
            id: r.id,
            public_id: r.public_id,
            language: r.language,
            status: r.status,
            edits: r.edits,
            photo: r.photo,
            resume_code: r.resume_code.filter(|_| live),
            video: r.video,
            video_public: r.video_public != 0,
            video_duration_s: r.video_duration_s,
            created_at: r.created_at,
            published_at: r.published_at,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnswerRow {
    pub seq: i64,
    pub question_id: String,
    pub audio: Option<String>,
    pub transcript: String,
    pub duration_s: f64,
}

/// A new video self-introduction, its file already on disk (staged).
pub struct NewVideo<'a> {
    pub file: &'a str,
    pub public: bool,
    pub duration_s: f64,
    /// The transcript's timed segments, as JSON (for subtitles).
    pub segments: &'a str,
    /// What was heard; stored as an answer to [`VIDEO_QUESTION_ID`] unless empty.
    pub transcript: &'a str,
}

/// A new answer, its audio already on disk.
pub struct NewAnswer<'a> {
    pub question_id: &'a str,
    pub audio: Option<&'a str>,
    pub transcript: &'a str,
    pub duration_s: f64,
}

pub struct Store {
    pool: AnyPool,
    backend: Backend,
    dir: PathBuf,
    /// PostgreSQL's own pool, for what only it has: the change feed's
    /// listener, and the address the advisory locks' pools connect to
    /// ([`crate::interviews`]; kept apart from the queries' pool so held
    /// locks cannot take every connection the queries need).
    cluster: Option<PgPool>,
}

/// A file written for a row not yet committed; see [`Store::write_file`].
#[derive(Debug)]
pub struct StagedFile {
    name: String,
    /// `None` once kept.
    path: Option<PathBuf>,
}

impl StagedFile {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The row naming this file is committed: keep it.
    pub fn keep(mut self) -> String {
        self.path = None;
        std::mem::take(&mut self.name)
    }
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(path);
        }
    }
}

pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// A random token, hex, from the OS generator.
pub fn random_token(bytes: usize) -> Result<String, StoreError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| StoreError::Random(e.to_string()))?;
    Ok(hex::encode(&buf))
}

const INTERVIEW_COLUMNS: &str = "id, public_id, language, status, edits, photo, resume_code, resume_until, \
    video, video_public, video_duration_s, created_at, published_at";

/// Changes kept in the feed: a node away longer than this rebuilds its
/// index from the database at start anyway.
const CHANGES_KEPT_S: i64 = 7 * 24 * 3600;

/// PostgreSQL's NOTIFY channel that wakes the nodes' change followers.
pub const CHANGES_CHANNEL: &str = "ayi_changes";

/// Advisory lock keys (transaction-scoped) that serialise the writes
/// SQLite serialises with its one writer: new resume codes and the feed.
const RESUME_CODES_KEY: i64 = 0x6179_6901;
const CHANGES_KEY: i64 = 0x6179_6902;

/// How long a resume code stays valid: long enough to come back to the
/// kiosk another day, short enough that few codes are live at once (a
/// guessed code must rarely be someone's).
pub const RESUME_CODE_TTL_S: i64 = 3 * 24 * 3600;

/// A random six-digit code (leading zeros kept).
fn random_resume_code() -> Result<String, StoreError> {
    let mut buf = [0u8; 4];
    getrandom::fill(&mut buf).map_err(|e| StoreError::Random(e.to_string()))?;
    // 2^32 is not a multiple of 10^6; the bias (under 0.03 %) does not matter here.
    Ok(format!("{:06}", u32::from_le_bytes(buf) % 1_000_000))
}

impl Store {
    /// Opens (creating and migrating) the embedded store in `dir`.
    pub async fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_with(dir, None).await
    }

    /// Opens (creating and migrating) the store: files in `dir`, rows in
    /// `database` (a `postgres://` address), or in SQLite in `dir` if none.
    pub async fn open_with(dir: &Path, database: Option<&str>) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        // Workers' voices, photos and phone numbers: this user's alone.
        crate::durable::create_private_dir(dir).map_err(StoreError::io(format!("creating {}", dir.display())))?;
        for (sub, _) in FILE_FOLDERS {
            let sub = dir.join(sub);
            crate::durable::create_private_dir(&sub).map_err(StoreError::io(format!("creating {}", sub.display())))?;
        }
        let store = match database {
            None => {
                for (sub, _) in FILE_FOLDERS {
                    // Another node may be writing into a shared folder; only
                    // the embedded store knows no one else is.
                    crate::durable::remove_stale_partials(&dir.join(sub));
                }
                let pool = open_sqlite(dir).await?;
                sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
                Store { pool, backend: Backend::Sqlite, dir: dir.to_path_buf(), cluster: None }
            }
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?;
                let cluster = PgPoolOptions::new()
                    .max_connections(2)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect(url)
                    .await?;
                // Nodes starting together migrate one at a time.
                sqlx::migrate!("./migrations/postgres").run(&pool).await?;
                Store { pool, backend: Backend::Postgres, dir: dir.to_path_buf(), cluster: Some(cluster) }
            }
            Some(other) => {
                let scheme = other.split(':').next().unwrap_or_default();
                return Err(StoreError::UnknownDatabase(format!("{scheme}:")));
            }
        };
        store.forget_old_changes().await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// PostgreSQL's pool, for advisory locks and the change listener.
    pub fn cluster(&self) -> Option<&PgPool> {
        self.cluster.as_ref()
    }

    /// A transaction that holds the write lock from its start. In SQLite a
    /// plain BEGIN reads first and upgrades at its first write; if another
    /// connection wrote in between, it answers "database is locked" at once
    /// instead of waiting (seen with four large answers stored together).
    /// PostgreSQL locks rows as they are written; what needs more says so
    /// with [`Store::serialize`].
    async fn write_transaction(&self) -> Result<sqlx::Transaction<'static, Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Makes the rest of `tx` wait for any other transaction that took
    /// `key`, until it ends. SQLite's transactions from
    /// [`Store::write_transaction`] are already one at a time.
    async fn serialize(&self, tx: &mut sqlx::Transaction<'static, Any>, key: i64) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(key).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// Folds SQLite's write-ahead log (which still holds the old pages of
    /// deleted rows) into the database and empties it. PostgreSQL's
    /// deleted rows go with its vacuum.
    async fn checkpoint(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Sqlite {
            self.run(sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")).await?;
        }
        Ok(())
    }

    /// Records in the change feed that what is published of `public_id`
    /// changed (published, edited, unpublished or deleted), inside `tx`:
    /// the other nodes read the interview again and index it or drop it.
    async fn record_change(&self, tx: &mut sqlx::Transaction<'static, Any>, public_id: &str) -> Result<(), StoreError> {
        self.serialize(tx, CHANGES_KEY).await?;
        sqlx::query("INSERT INTO changes (public_id, at) VALUES ($1, $2)")
            .bind(public_id)
            .bind(now())
            .execute(&mut **tx)
            .await?;
        if self.backend == Backend::Postgres {
            // Delivered at commit, and only then.
            sqlx::query("SELECT pg_notify($1, $2)").bind(CHANGES_CHANNEL).bind(public_id).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// Commits `tx`, a change to interview `id`, with a
    /// [`Store::record_change`] in it if the interview is published: a change
    /// committed is a change every node hears of, whatever happens after.
    async fn commit_change(&self, mut tx: sqlx::Transaction<'static, Any>, id: &str) -> Result<(), StoreError> {
        let public_id: Option<String> =
            sqlx::query_scalar("SELECT public_id FROM interviews WHERE id = $1 AND status = 'published'")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(public_id) = public_id {
            self.record_change(&mut tx, &public_id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The newest change's number (0 for none).
    pub async fn last_change(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM changes").fetch_one(&self.pool).await?)
    }

    /// Changes after `seq`, oldest first, at most `limit`: their numbers
    /// and public ids.
    pub async fn changes_after(&self, seq: i64, limit: i64) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(sqlx::query_as("SELECT seq, public_id FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(seq)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Counts one more try in each window of `limits` (a key and the most
    /// failures it may hold), shared by every node; with SQLite, one node's
    /// own memory counts (see [`crate::http::auth`]) and this counts nothing.
    /// `Ok(Err(s))`: refused, the soonest a window frees a place is `s`
    /// seconds away, and nothing was counted. `Ok(Ok(counted))`: the windows
    /// counted in (key, start), to give back with [`Store::give_back_tries`].
    pub async fn count_try(
        &self,
        limits: &[(String, i64)],
        window_s: i64,
    ) -> Result<Result<Vec<(String, i64)>, i64>, StoreError> {
        if self.backend != Backend::Postgres {
            return Ok(Ok(Vec::new()));
        }
        let t = now();
        let mut limits = limits.to_vec();
        // One order for every node: two tries never wait for each other's rows.
        limits.sort();
        let mut tx = self.write_transaction().await?;
        let mut counted = Vec::new();
        for (key, max) in &limits {
            sqlx::query("INSERT INTO throttle (key, failures, since) VALUES ($1, 0, $2) ON CONFLICT (key) DO NOTHING")
                .bind(key)
                .bind(t)
                .execute(&mut *tx)
                .await?;
            let (failures, since): (i64, i64) =
                sqlx::query_as("SELECT failures, since FROM throttle WHERE key = $1 FOR UPDATE")
                    .bind(key)
                    .fetch_one(&mut *tx)
                    .await?;
            let (failures, since) = if t - since >= window_s { (0, t) } else { (failures, since) };
            if failures >= *max {
                // Rolled back: a refused try counts for nothing.
                return Ok(Err((since + window_s - t).max(1)));
            }
            sqlx::query("UPDATE throttle SET failures = $1, since = $2 WHERE key = $3")
                .bind(failures + 1)
                .bind(since)
                .bind(key)
                .execute(&mut *tx)
                .await?;
            counted.push((key.clone(), since));
        }
        tx.commit().await?;
        // Windows long over (a guesser from many addresses leaves many rows),
        // outside the transaction: a row another try holds is skipped, so two
        // tries never wait for each other's rows in turn.
        self.run(
            sqlx::query(
                "DELETE FROM throttle WHERE key IN
                 (SELECT key FROM throttle WHERE since < $1 FOR UPDATE SKIP LOCKED)",
            )
            .bind(t - 2 * window_s),
        )
        .await?;
        Ok(Ok(counted))
    }

    /// A try counted by [`Store::count_try`] succeeded: its place is given
    /// back in the windows it was counted in (not in one begun since).
    pub async fn give_back_tries(&self, counted: &[(String, i64)]) -> Result<(), StoreError> {
        for (key, since) in counted {
            self.run(
                sqlx::query(
                    "UPDATE throttle SET failures = failures - 1 WHERE key = $1 AND since = $2 AND failures > 0",
                )
                .bind(key)
                .bind(since),
            )
            .await?;
        }
        Ok(())
    }

    async fn forget_old_changes(&self) -> Result<(), StoreError> {
        self.run(sqlx::query("DELETE FROM changes WHERE at < $1").bind(now() - CHANGES_KEPT_S)).await
    }

    /// Waits for every connection to finish and closes them: with SQLite the
    /// write-ahead log is folded into the database and its files removed, so
    /// the folder can then be copied whole.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn audio_path(&self, file: &str) -> PathBuf {
        self.dir.join(AUDIO_DIR).join(file)
    }

    pub fn photo_path(&self, file: &str) -> PathBuf {
        self.dir.join(PHOTO_DIR).join(file)
    }

    pub fn video_path(&self, file: &str) -> PathBuf {
        self.dir.join(VIDEO_DIR).join(file)
    }

    /// Writes `bytes` as a new file under `sub` durably, readable by this
    /// user only. The file is deleted again unless [`StagedFile::keep`] is
    /// called once the row naming it is committed: a request that fails, times
    /// out or loses its client between the two leaves nothing behind.
    pub async fn write_file(
        &self,
        sub: &str,
        prefix: &str,
        ext: &str,
        bytes: Vec<u8>,
    ) -> Result<StagedFile, StoreError> {
        let name = format!("{prefix}-{}.{ext}", random_token(6)?);
        let path = self.dir.join(sub).join(&name);
        let staged = StagedFile { name, path: Some(path.clone()) };
        tokio::task::spawn_blocking(move || {
            crate::durable::write_atomically_private(&path, |w| std::io::Write::write_all(w, &bytes))
                .map_err(StoreError::io(format!("writing {}", path.display())))
        })
        .await
        .map_err(|e| StoreError::Corrupt(e.to_string()))??;
        Ok(staged)
    }

    /// Deletes audio, photo and video files no row refers to: left by a
    /// crash between writing a file and committing its row. Run at start,
    /// before any request of this node can be writing one; with PostgreSQL
    /// other nodes may be, so only files older than [`ORPHAN_AGE`] go (a
    /// file is committed seconds after it is written). Returns how many went.
    pub async fn sweep_orphans(&self) -> Result<usize, StoreError> {
        let min_age = match self.backend {
            Backend::Sqlite => Duration::ZERO,
            Backend::Postgres => ORPHAN_AGE,
        };
        let old_enough = |entry: &std::fs::DirEntry| {
            min_age.is_zero()
                || entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t.elapsed().is_ok_and(|age| age >= min_age))
        };
        let mut removed = 0;
        for (sub, referenced) in FILE_FOLDERS {
            let keep: HashSet<String> =
                sqlx::query_scalar(referenced).fetch_all(&self.pool).await?.into_iter().collect();
            let dir = self.dir.join(sub);
            let entries = std::fs::read_dir(&dir).map_err(StoreError::io(format!("listing {}", dir.display())))?;
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let orphan =
                    !keep.contains(&name) && entry.file_type().is_ok_and(|t| t.is_file()) && old_enough(&entry);
                if orphan && std::fs::remove_file(entry.path()).is_ok() {
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }

    pub async fn create_interview(&self, language: InterviewLanguage) -> Result<InterviewRow, StoreError> {
        let (id, public_id, t) = (random_token(16)?, random_token(8)?, now());
        let mut tx = self.write_transaction().await?;
        self.serialize(&mut tx, RESUME_CODES_KEY).await?;
        // Expired codes free their digits first.
        sqlx::query("UPDATE interviews SET resume_code = NULL, resume_until = NULL WHERE resume_until <= $1")
            .bind(t)
            .execute(&mut *tx)
            .await?;
        let live: std::collections::HashSet<String> =
            sqlx::query_scalar("SELECT resume_code FROM interviews WHERE resume_code IS NOT NULL")
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
        let mut code = random_resume_code()?;
        // Under the write lock, so no one else can take it meanwhile; with
        // a million codes and a few thousand live, this rarely loops.
        for _ in 0..100 {
            if !live.contains(&code) {
                break;
            }
            code = random_resume_code()?;
        }
        sqlx::query(
            "INSERT INTO interviews (id, public_id, language, status, consent_at, created_at, updated_at,
                                     resume_code, resume_until)
             VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(&public_id)
        .bind(language.code())
        .bind(t)
        .bind(t)
        .bind(t)
        .bind(&code)
        .bind(t + RESUME_CODE_TTL_S)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.interview(&id).await?.ok_or_else(|| StoreError::Corrupt("a new interview vanished".into()))
    }

    /// The secret id of the interview a (still valid) resume code belongs to.
    pub async fn by_resume_code(&self, code: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT id FROM interviews WHERE resume_code = $1 AND resume_until > $2")
            .bind(code)
            .bind(now())
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn interview(&self, id: &str) -> Result<Option<InterviewRow>, StoreError> {
        let sql = format!("SELECT {INTERVIEW_COLUMNS} FROM interviews WHERE id = $1");
        let row: Option<StoredRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.map(InterviewRow::from))
    }

    pub async fn by_public_id(&self, public_id: &str) -> Result<Option<InterviewRow>, StoreError> {
        let sql = format!("SELECT {INTERVIEW_COLUMNS} FROM interviews WHERE public_id = $1");
        let row: Option<StoredRow> = sqlx::query_as(&sql).bind(public_id).fetch_optional(&self.pool).await?;
        Ok(row.map(InterviewRow::from))
    }

    pub async fn published(&self) -> Result<Vec<InterviewRow>, StoreError> {
        let sql = format!(
            "SELECT {INTERVIEW_COLUMNS} FROM interviews WHERE status = 'published' ORDER BY published_at DESC, public_id"
        );
        let rows: Vec<StoredRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(InterviewRow::from).collect())
    }

    pub async fn count_interviews(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM interviews").fetch_one(&self.pool).await?)
    }

    pub async fn answers(&self, id: &str) -> Result<Vec<AnswerRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT seq, question_id, audio, transcript, duration_s FROM answers WHERE interview_id = $1 ORDER BY seq",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Appends an answer; durable when this returns. Returns its number.
    pub async fn add_answer(&self, id: &str, answer: NewAnswer<'_>) -> Result<i64, StoreError> {
        let mut tx = self.write_transaction().await?;
        let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM answers WHERE interview_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO answers (interview_id, seq, question_id, audio, transcript, duration_s, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(seq)
        .bind(answer.question_id)
        .bind(answer.audio)
        .bind(answer.transcript)
        .bind(answer.duration_s)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE interviews SET updated_at = $1 WHERE id = $2")
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// Replaces answer `seq` (a re-recording); returns the old audio file.
    pub async fn replace_answer(
        &self,
        id: &str,
        seq: i64,
        answer: NewAnswer<'_>,
    ) -> Result<Option<String>, StoreError> {
        let mut tx = self.write_transaction().await?;
        let old: Option<Option<String>> =
            sqlx::query_scalar("SELECT audio FROM answers WHERE interview_id = $1 AND seq = $2")
                .bind(id)
                .bind(seq)
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query(
            "UPDATE answers SET audio = $1, transcript = $2, duration_s = $3, created_at = $4 WHERE interview_id = $5 AND seq = $6",
        )
        .bind(answer.audio)
        .bind(answer.transcript)
        .bind(answer.duration_s)
        .bind(now())
        .bind(id)
        .bind(seq)
        .execute(&mut *tx)
        .await?;
        self.commit_change(tx, id).await?;
        Ok(old.flatten())
    }

    pub async fn set_edits(&self, id: &str, edits: &str) -> Result<(), StoreError> {
        let mut tx = self.write_transaction().await?;
        sqlx::query("UPDATE interviews SET edits = $1, updated_at = $2 WHERE id = $3")
            .bind(edits)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        self.commit_change(tx, id).await
    }

    /// Sets the photo; returns the file it replaces.
    pub async fn set_photo(&self, id: &str, file: &str) -> Result<Option<String>, StoreError> {
        let old: Option<Option<String>> = sqlx::query_scalar("SELECT photo FROM interviews WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        self.set_text("UPDATE interviews SET photo = $1, updated_at = $2 WHERE id = $3", id, file).await?;
        Ok(old.flatten())
    }

    /// Runs `update` (`… SET column = ?, updated_at = ? WHERE id = ?`) for one interview.
    async fn set_text(&self, update: &'static str, id: &str, value: &str) -> Result<(), StoreError> {
        self.run(sqlx::query(update).bind(value).bind(now()).bind(id)).await
    }

    /// Sets the status; publishing is recorded in the change feed with it.
    pub async fn set_status(&self, id: &str, status: Status) -> Result<(), StoreError> {
        let published = status == Status::Published;
        let mut tx = self.write_transaction().await?;
        let public_id: Option<String> = sqlx::query_scalar(
            "UPDATE interviews SET status = $1, published_at = COALESCE($2, published_at), updated_at = $3 WHERE id = $4
             RETURNING public_id",
        )
        .bind(status.as_str())
        .bind(published.then(now))
        .bind(now())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(public_id) = public_id.filter(|_| published) {
            self.record_change(&mut tx, &public_id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an interview, its answers and shortlist entries; then its files.
    pub async fn delete_interview(&self, row: &InterviewRow) -> Result<(), StoreError> {
        let files: Vec<Option<String>> = sqlx::query_scalar("SELECT audio FROM answers WHERE interview_id = $1")
            .bind(&row.id)
            .fetch_all(&self.pool)
            .await?;
        let mut tx = self.write_transaction().await?;
        sqlx::query("DELETE FROM shortlist WHERE public_id = $1").bind(&row.public_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM interviews WHERE id = $1").bind(&row.id).execute(&mut *tx).await?;
        if row.status == Status::Published {
            self.record_change(&mut tx, &row.public_id).await?;
        }
        tx.commit().await?;
        self.checkpoint().await?;
        // The rows are gone; now the files (a crash here leaves orphans, never dangling rows).
        for file in files.into_iter().flatten() {
            let _ = std::fs::remove_file(self.audio_path(&file));
        }
        if let Some(photo) = &row.photo {
            let _ = std::fs::remove_file(self.photo_path(photo));
        }
        if let Some(video) = &row.video {
            let _ = std::fs::remove_file(self.video_path(video));
        }
        Ok(())
    }

    /// Stores a new video in place of any old one, with its transcript as an
    /// answer (which keeps no audio file of its own: the video holds the
    /// sound); returns the old file, to delete once this is committed.
    pub async fn set_video(&self, id: &str, video: NewVideo<'_>) -> Result<Option<String>, StoreError> {
        self.replace_video(id, Some(video)).await
    }

    /// Removes the video and its answer; returns its file, to delete once
    /// this is committed.
    pub async fn delete_video(&self, id: &str) -> Result<Option<String>, StoreError> {
        let old = self.replace_video(id, None).await?;
        // Deleted words must not linger in the write-ahead log either.
        self.checkpoint().await?;
        Ok(old)
    }

    /// One transaction for both: the old video and its answer go, the new
    /// one (if any) comes in.
    async fn replace_video(&self, id: &str, video: Option<NewVideo<'_>>) -> Result<Option<String>, StoreError> {
        let mut tx = self.write_transaction().await?;
        let old = take_video(&mut tx, id).await?;
        // Two statements, not one bound with NULLs: PostgreSQL fixes a
        // prepared statement's parameter types at its first use on a
        // connection, and a NULL there would type them wrongly for a video.
        match &video {
            Some(video) => sqlx::query(
                "UPDATE interviews SET video = $1, video_public = $2, video_duration_s = $3, video_segments = $4,
                 updated_at = $5 WHERE id = $6",
            )
            .bind(video.file)
            .bind(i64::from(video.public))
            .bind(video.duration_s)
            .bind(video.segments),
            None => sqlx::query(
                "UPDATE interviews SET video = NULL, video_public = 0, video_duration_s = NULL, video_segments = NULL,
                 updated_at = $1 WHERE id = $2",
            ),
        }
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if let Some(video) = video.filter(|v| !v.transcript.trim().is_empty()) {
            sqlx::query(
                "INSERT INTO answers (interview_id, seq, question_id, audio, transcript, duration_s, created_at)
                 SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, NULL, $3, $4, $5 FROM answers WHERE interview_id = $6",
            )
            .bind(id)
            .bind(VIDEO_QUESTION_ID)
            .bind(video.transcript)
            .bind(video.duration_s)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        self.commit_change(tx, id).await?;
        Ok(old)
    }

    /// The worker's consent (or its withdrawal) to show the video publicly.
    pub async fn set_video_public(&self, id: &str, public: bool) -> Result<(), StoreError> {
        self.run(
            sqlx::query("UPDATE interviews SET video_public = $1, updated_at = $2 WHERE id = $3")
                .bind(i64::from(public))
                .bind(now())
                .bind(id),
        )
        .await
    }

    /// The video's timed segments (JSON), for its subtitles.
    pub async fn video_segments(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar::<_, Option<String>>("SELECT video_segments FROM interviews WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .flatten())
    }

    pub async fn add_user(&self, name: &str, password_hash: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO users (name, password_hash, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash",
        )
        .bind(name)
        .bind(password_hash)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn password_hash(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT password_hash FROM users WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn create_session(
        &self,
        token_sha256: &str,
        user: &str,
        csrf: &str,
        ttl_s: i64,
    ) -> Result<(), StoreError> {
        self.run(sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now())).await?;
        self.run(
            sqlx::query("INSERT INTO sessions (token_sha256, user_name, csrf, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(token_sha256)
                .bind(user)
                .bind(csrf)
                .bind(now() + ttl_s),
        )
        .await
    }

    /// The user and CSRF token of a live session.
    pub async fn session(&self, token_sha256: &str) -> Result<Option<(String, String)>, StoreError> {
        Ok(sqlx::query_as("SELECT user_name, csrf FROM sessions WHERE token_sha256 = $1 AND expires_at >= $2")
            .bind(token_sha256)
            .bind(now())
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn delete_session(&self, token_sha256: &str) -> Result<(), StoreError> {
        self.run(sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1").bind(token_sha256)).await
    }

    pub async fn shortlist(&self, user: &str) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT public_id FROM shortlist WHERE user_name = $1 ORDER BY created_at, public_id")
            .bind(user)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn shortlist_add(&self, user: &str, public_id: &str) -> Result<(), StoreError> {
        self.run(
            sqlx::query(
                "INSERT INTO shortlist (user_name, public_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(user)
            .bind(public_id)
            .bind(now()),
        )
        .await
    }

    pub async fn shortlist_remove(&self, user: &str, public_id: &str) -> Result<(), StoreError> {
        self.run(
            sqlx::query("DELETE FROM shortlist WHERE user_name = $1 AND public_id = $2").bind(user).bind(public_id),
        )
        .await
    }

    /// Runs one statement on its own (no transaction).
    async fn run<'q>(&self, statement: Query<'q, Any, AnyArguments<'q>>) -> Result<(), StoreError> {
        statement.execute(&self.pool).await?;
        Ok(())
    }
}

/// The embedded database in `dir`, durable at each commit.
async fn open_sqlite(dir: &Path) -> Result<AnyPool, StoreError> {
    // SQLite gives its -wal and -shm files the database file's mode.
    let database = dir.join(DATABASE_FILE);
    crate::durable::create_private_file(&database)
        .map_err(StoreError::io(format!("creating {}", database.display())))?;
    let url = format!("sqlite://{}?mode=rwc", database.display());
    Ok(AnyPoolOptions::new().max_connections(4).after_connect(sqlite_pragmas).connect(&url).await?)
}

/// Each SQLite connection's settings: WAL with FULL sync, so a commit is
/// durable when it returns; deleted rows overwritten, not left in free
/// pages (a worker's deletion must delete); waits, not errors, on a lock.
fn sqlite_pragmas(
    conn: &mut sqlx::AnyConnection,
    _: sqlx::pool::PoolConnectionMetadata,
) -> futures_util::future::BoxFuture<'_, Result<(), sqlx::Error>> {
    Box::pin(async move {
        sqlx::Executor::execute(
            conn,
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;
             PRAGMA secure_delete = ON; PRAGMA busy_timeout = 10000;",
        )
        .await?;
        Ok(())
    })
}

/// In a change of the video: its file (to delete once committed), and the
/// answer holding its words removed.
async fn take_video(tx: &mut sqlx::Transaction<'static, Any>, id: &str) -> Result<Option<String>, StoreError> {
    let old: Option<Option<String>> =
        sqlx::query_scalar("SELECT video FROM interviews WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
    sqlx::query("DELETE FROM answers WHERE interview_id = $1 AND question_id = $2")
        .bind(id)
        .bind(VIDEO_QUESTION_ID)
        .execute(&mut **tx)
        .await?;
    Ok(old.flatten())
}
