-- The dashboard's store in PostgreSQL (issue 15): report batches with their rows and receipts, milestone
-- documents with every version, the audit log, users, failed sign-ins and revoked sessions.
-- Applied by `python -m metrics store migrate-schema`; never edited once released (add 0002_*.sql instead).

CREATE TABLE report_batches (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,          -- where it came from or would be in the files: data/progress/<name>.csv
    demo boolean NOT NULL,
    content bytea NOT NULL,             -- the file's exact bytes: the record, and what `store migrate --to files` writes back
    header text[],                      -- the header's names in file order, when the rows below hold every row
    rows_stored boolean NOT NULL,       -- false: read from content (a file the row table cannot hold as it is)
    receipt bytea,                      -- the <name>.meta.json sidecar's exact bytes: who sent it, when
    original_sha256 text NOT NULL DEFAULT '',  -- of the bytes the sender uploaded (a re-sent file is refused)
    received_at text NOT NULL DEFAULT '',
    stored_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_batches_original_sha256 ON report_batches (original_sha256) WHERE original_sha256 <> '';

-- One row per data line of a batch, as text cells exactly as in the file: checked when read, like a file.
CREATE TABLE report_rows (
    batch_id bigint NOT NULL REFERENCES report_batches (id),
    line integer NOT NULL,
    province text NOT NULL,
    milestone text NOT NULL,
    as_of text NOT NULL,
    value text NOT NULL,
    reported_at text NOT NULL,
    source text NOT NULL,
    flag text NOT NULL,
    note text NOT NULL,
    PRIMARY KEY (batch_id, line)
);

-- Every version of every milestone file; the newest is the current text.
CREATE TABLE milestone_versions (
    name text NOT NULL,                 -- the file name: teachers.yaml
    version integer NOT NULL,
    body bytea NOT NULL,                -- the exact bytes
    saved_at timestamptz NOT NULL DEFAULT now(),
    saved_by text NOT NULL DEFAULT '',
    superseded_stamp text,              -- once replaced: the stamp of its copy in .history/ (<stem>.<stamp>.yaml)
    PRIMARY KEY (name, version)
);

CREATE TABLE audit_events (
    id bigserial PRIMARY KEY,
    body text NOT NULL                  -- one JSON object, exactly the line audit.jsonl holds
);

CREATE TABLE users (
    name text PRIMARY KEY,
    password_hash text NOT NULL,
    roles text[] NOT NULL,
    provinces text[] NOT NULL,
    display text NOT NULL DEFAULT ''
);

CREATE TABLE sign_in_failures (
    key text NOT NULL,                  -- user:<name>|from:<address> or from:<address>
    at double precision NOT NULL        -- seconds since the epoch
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);

CREATE TABLE revoked_sessions (
    token_id text PRIMARY KEY,
    expires double precision NOT NULL
);
