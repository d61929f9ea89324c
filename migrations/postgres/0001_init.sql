-- The same schema as migrations/sqlite (read the comments there), in
-- PostgreSQL's types: times are Unix seconds (BIGINT), flags 0/1, so one
-- set of queries reads both.
CREATE TABLE interviews (
    id               TEXT PRIMARY KEY,
    public_id        TEXT NOT NULL UNIQUE,
    language         TEXT NOT NULL CHECK (language IN ('zh', 'en')),
    status           TEXT NOT NULL CHECK (status IN ('open', 'finished', 'published')),
    edits            TEXT NOT NULL DEFAULT '{}',
    photo            TEXT,
    consent_at       BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    published_at     BIGINT,
    resume_code      TEXT,
    resume_until     BIGINT,
    video            TEXT,
    video_public     BIGINT NOT NULL DEFAULT 0 CHECK (video_public IN (0, 1)),
    video_duration_s DOUBLE PRECISION,
    video_segments   TEXT
);
CREATE INDEX interviews_published ON interviews (status, published_at);
CREATE UNIQUE INDEX interviews_resume_code ON interviews (resume_code) WHERE resume_code IS NOT NULL;

CREATE TABLE answers (
    interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    seq          BIGINT NOT NULL,
    question_id  TEXT NOT NULL,
    audio        TEXT,
    transcript   TEXT NOT NULL,
    duration_s   DOUBLE PRECISION NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (interview_id, seq)
);

CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_name    TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    csrf         TEXT NOT NULL,
    expires_at   BIGINT NOT NULL
);

CREATE TABLE shortlist (
    user_name  TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    public_id  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_name, public_id)
);

-- Written under an advisory lock (store.rs), so sequence order is commit
-- order and a follower that has read up to N never misses a later commit
-- below N.
CREATE TABLE changes (
    seq       BIGSERIAL PRIMARY KEY,
    public_id TEXT NOT NULL,
    at        BIGINT NOT NULL
);
