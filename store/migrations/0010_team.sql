-- Keeping clients and the team's work (DOMAIN.md §5, §6): when each client's phone was last verified, found
-- by date for the information-stale alert, and what a supervisor's task is about.

-- The date staff last verified the client's phone (a one-click check on the client view, or a phone call
-- that reached the client); NULL: never, and the staleness counts from the account opening. The index is
-- on the date staleness counts from, so the nightly pass finds the clients whose phone goes stale that
-- night without reading the book (queries use the same expression).
ALTER TABLE clients ADD COLUMN phone_verified_on DATE;
CREATE INDEX clients_phone_check ON clients ((COALESCE(phone_verified_on, open_date)));

-- A supervisor's task: its kind (call, visit, invitation, follow_up, other) and note; rule, contact and
-- hand-over tasks keep kind ''.
ALTER TABLE tasks ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN note TEXT NOT NULL DEFAULT '';
