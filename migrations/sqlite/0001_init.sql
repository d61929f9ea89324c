-- Interviews: one per worker. The id is the worker's own secret (it lives
-- in their browser); public_id is what recruiters and the gallery see.
CREATE TABLE interviews (
    id           TEXT PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    language     TEXT NOT NULL CHECK (language IN ('zh', 'en')),
    status       TEXT NOT NULL CHECK (status IN ('open', 'finished', 'published')),
    -- The worker's corrections at review (JSON): the profile itself is
    -- always derived from the answers, then these edits.
    edits        TEXT NOT NULL DEFAULT '{}',
    photo        TEXT,
    consent_at   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    published_at INTEGER
);
CREATE INDEX interviews_published ON interviews (status, published_at);

-- Answers, in order. audio is a file name under the data folder's audio/.
CREATE TABLE answers (
    interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    question_id  TEXT NOT NULL,
    audio        TEXT,
    transcript   TEXT NOT NULL,
    duration_s   REAL NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (interview_id, seq)
);

CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

-- Sessions are stored by the SHA-256 of their token: a copy of the
-- database does not log anyone in.
CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_name    TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    csrf         TEXT NOT NULL,
    expires_at   INTEGER NOT NULL
);

CREATE TABLE shortlist (
    user_name  TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    public_id  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_name, public_id)
);
