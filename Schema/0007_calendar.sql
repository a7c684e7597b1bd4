-- The CalDAV calendar this machine pushes its pending items to, and what it last pushed there.
-- Local to this machine: never synced, never holds a password (that comes from a command or the
-- environment at push time).
CREATE TABLE calendar_target (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    url TEXT NOT NULL,
    user TEXT NOT NULL,
    password_command TEXT
);

-- One row per event followup put in that calendar: its resource name in the collection, the
-- ETag the server gave it (NULL when the server gave none) and the hash of what was put.
CREATE TABLE calendar_event (
    name TEXT PRIMARY KEY,
    uid TEXT NOT NULL,
    etag TEXT,
    content_hash TEXT NOT NULL
);
