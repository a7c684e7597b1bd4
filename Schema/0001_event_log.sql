-- The event log: append-only. Each row keeps the signed canonical line exactly as it is
-- synced, plus copies of the few fields the projection and queries need, so that rebuilding
-- the projection does not parse JSON. Rows are never updated or deleted (see the triggers).
CREATE TABLE event (
    rowid INTEGER PRIMARY KEY,          -- local arrival order, meaningless across replicas
    id TEXT NOT NULL UNIQUE,
    device TEXT NOT NULL,
    seq INTEGER NOT NULL,
    recorded_ms INTEGER NOT NULL,       -- hybrid logical clock: wall milliseconds ...
    clock INTEGER NOT NULL,             -- ... and counter
    occurred INTEGER NOT NULL,          -- seconds since 1970, UTC, as the user said
    type TEXT NOT NULL,
    interview TEXT,                     -- the interview id (its interview-added event id)
    subject TEXT,                       -- payload.to or payload.from
    decision_by INTEGER,                -- payload.decisionBy, seconds
    detail TEXT,                        -- payload.point / outcome / target / key
    hash TEXT NOT NULL,                 -- SHA-256 of line
    line TEXT NOT NULL,                 -- canonical signed JSON
    UNIQUE (device, seq)
);
CREATE INDEX event_order ON event (recorded_ms, clock, device, seq);
CREATE INDEX event_interview ON event (interview, recorded_ms, clock, device, seq);

CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
BEGIN SELECT RAISE(ABORT, 'events are immutable: log a retraction instead'); END;
CREATE TRIGGER event_is_append_only_delete BEFORE DELETE ON event
BEGIN SELECT RAISE(ABORT, 'events are immutable: log a retraction instead'); END;
