-- Rounds of one application (`interview add --round-of`): the link as recorded, and what the
-- projection makes of the links (ApplicationRounds): the application's first round, this round's
-- number by start and the count, and the round whose outcome closed this one when not its own.
ALTER TABLE interview ADD COLUMN round_of TEXT;
ALTER TABLE interview ADD COLUMN application TEXT;
ALTER TABLE interview ADD COLUMN application_ref TEXT;
ALTER TABLE interview ADD COLUMN round INTEGER NOT NULL DEFAULT 1;
ALTER TABLE interview ADD COLUMN rounds INTEGER NOT NULL DEFAULT 1;
ALTER TABLE interview ADD COLUMN outcome_round TEXT;
-- The projection refolds every round of an application when one changes: these find them.
CREATE INDEX interview_round_of ON interview (round_of) WHERE round_of IS NOT NULL;
CREATE INDEX interview_application ON interview (application) WHERE application IS NOT NULL;
-- status groups each application's rounds (and numbers them in listing order): still from the
-- index alone.
DROP INDEX interview_listed;
CREATE INDEX interview_listed ON interview (starts_at, ref, id, company, duration_minutes, outcome, unanswered_check_ins,
    application);
