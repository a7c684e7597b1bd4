-- What the follow-up rules ask of each interview that has no outcome, whatever the time
-- (`DueRules.candidates`), kept with the projection so that `due` and `status` read rows
-- instead of running the rules over every interview. Refreshed with its interview's row in
-- the same transaction; refreshed in full when the configuration changes, or when a write runs
-- in another time zone (business days and dates depend on it) or under another revision of
-- the rules. Which items apply at a moment is decided when reading (`DueRules.isOpen`).
CREATE TABLE due_item (
    interview_id TEXT NOT NULL,
    ref TEXT NOT NULL,                  -- copies of the interview's row, refreshed with it
    company TEXT NOT NULL,
    ends_at INTEGER NOT NULL,
    rule TEXT NOT NULL,                 -- the item's action follows from it
    recipient TEXT,
    due_at INTEGER NOT NULL,
    show_from INTEGER NOT NULL,
    optional INTEGER NOT NULL,
    reason TEXT NOT NULL,
    next INTEGER NOT NULL               -- 1 on the item status shows next, when open (DueRules.nextCandidate)
);
CREATE INDEX due_item_interview ON due_item (interview_id);
-- Holds all that status reads of the next items, so that it reads this index alone.
CREATE INDEX due_item_next ON due_item (next, interview_id, rule, recipient, due_at, ends_at);

-- The time zone and rules revision the rows of due_item were derived under. Without this row
-- (a store made before due_item existed, until its next write) they are not used.
CREATE TABLE due_basis (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    rules_revision INTEGER NOT NULL,
    time_zone TEXT NOT NULL
);
