-- Desktop notifications `followup remind` sent on this machine: one per item and due time, so a
-- reminder is never repeated (a due time that moves is a new reminder). Local, never synced:
-- each machine notifies its own desktop.
CREATE TABLE reminder_sent (
    uid TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (uid, due_at)
);
