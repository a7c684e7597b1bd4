-- status lists every interview by start, then ref (byte order). This index holds the columns its
-- table shows, so that the listing is read from the index alone, already in order.
CREATE INDEX interview_listed ON interview (starts_at, ref, id, company, duration_minutes, outcome, unanswered_check_ins);
