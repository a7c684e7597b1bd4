-- Keys that seal the synced log (docs/encryption.md). Local to this machine: never synced,
-- never in the event log. A store holding none syncs its log in plain text.
CREATE TABLE sync_key (
    id TEXT PRIMARY KEY,                -- derived from the secret: names it, reveals nothing
    secret BLOB NOT NULL,               -- 32 random bytes
    created_ms INTEGER NOT NULL,        -- the newest key seals this device's new events
    first_seq INTEGER UNIQUE            -- this device's first event sealed with it; NULL until used
);
