-- The state as of a moment (`--now`/`--as-of`) folds every interview from the events that count
-- then, and the settings from the `config-set` events that count; `stats` as of a moment also
-- reads the retractions and replies that count. These indexes let each read only what it needs
-- instead of the whole log with its lines.
--
-- `event_interview` holds, after the interview and the canonical order, every column the fold
-- reads and the two that decide whether an event counts (`occurred`, `recorded_ms`): the fold
-- reads the index alone, and only `interview-added` and `interview-amended` events look up their
-- line. A write updates as many indexes as before.
DROP INDEX event_interview;
CREATE INDEX event_interview ON event (interview, recorded_ms, clock, device, seq,
    occurred, type, id, subject, decision_by, detail);
-- Settings and retractions are a handful among the events: partial indexes find them by type,
-- and hold nothing for any other event.
CREATE INDEX event_config_set ON event (recorded_ms, clock, device, seq) WHERE type = 'config-set';
CREATE INDEX event_retraction ON event (detail) WHERE type = 'event-retracted';
