-- The events the last `.ics` export (export --format ics, due --ics) wrote, so the next one can
-- cancel those whose item is no longer pending (STATUS:CANCELLED, same UID). Local to this
-- machine, never synced: the file went to this machine's user.
CREATE TABLE ics_exported (
    uid TEXT PRIMARY KEY,
    -- The event's DTSTART, DTEND and SUMMARY lines, for the cancellation to name the same event.
    lines TEXT NOT NULL
);
