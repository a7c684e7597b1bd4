-- The projection: current state derived from the event log. Everything here can be dropped
-- and rebuilt from `event` at any time (`followup replay --repair`).
CREATE TABLE interview (
    id TEXT PRIMARY KEY,
    ref TEXT NOT NULL,
    company TEXT NOT NULL,
    role TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    duration_minutes INTEGER NOT NULL,
    points TEXT NOT NULL,               -- canonical JSON array of strings
    decision_by INTEGER,
    thanked_at INTEGER,
    handwritten_note_at INTEGER,
    next_steps_asked_at INTEGER,
    qualifications_sent INTEGER NOT NULL,
    check_in_count INTEGER NOT NULL,
    last_check_in_at INTEGER,
    unanswered_check_ins INTEGER NOT NULL,
    last_response_at INTEGER,
    outcome TEXT,
    outcome_at INTEGER,
    event_count INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL
);
CREATE INDEX interview_ref ON interview (ref);
CREATE INDEX interview_open ON interview (outcome);

CREATE TABLE interviewer (
    interview_id TEXT NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    thanked_at INTEGER,
    PRIMARY KEY (interview_id, position)
);

-- Devices that have written to the log, from their device-registered events.
CREATE TABLE device (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    public_key TEXT NOT NULL
);

-- Rule thresholds set with `followup config set` (config-set events); defaults are not stored.
CREATE TABLE config (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
