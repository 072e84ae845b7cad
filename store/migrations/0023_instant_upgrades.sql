-- Instant upgrade applications (VIP即时申请, DOMAIN.md §3 and §6): a client manager asks for a client's
-- service stars to be raised now, to stars, until until_date (inclusive), with the evidence (reason, and an
-- expected amount in fen, 0 when none is stated). A supervisor or outlet manager of the client's outlet
-- approves or rejects it with a reason. An approved application is a service-star floor in force up to
-- until_date: the rating passes read it as they read the upgrade products' floors. from_service is the
-- service stars the client held when it was approved. At most one application of a client waits.
CREATE TABLE upgrade_applications (
    upgrade_id      {{ID}},
    client_id       TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    stars           INTEGER NOT NULL CHECK (stars IN (1, 3, 4, 5, 6, 7)),
    until_date      DATE NOT NULL,
    reason          TEXT NOT NULL,
    amount          BIGINT NOT NULL DEFAULT 0 CHECK (amount >= 0),
    applicant_id    BIGINT NOT NULL REFERENCES staff(staff_id),
    applied_at      {{TS}} NOT NULL,
    applied_on      DATE NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
    decider_id      BIGINT REFERENCES staff(staff_id),
    decided_at      {{TS}},
    decision_reason TEXT NOT NULL DEFAULT '',
    from_service    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX upgrade_applications_waiting ON upgrade_applications (client_id) WHERE state = 'pending';
CREATE INDEX upgrade_applications_client ON upgrade_applications (client_id, state);
CREATE INDEX upgrade_applications_floor ON upgrade_applications (state, until_date);

-- The rating history gains the occasion 'instant' (an approval raises the stars at once, outside the
-- nightly and monthly runs) and, on such a line, the application behind it (upgrade_id). A column's CHECK
-- cannot be changed in place on SQLite, so the table is rebuilt the same way on both engines; the lines
-- keep their order (history_id is given again in the old order; nothing refers to it).
CREATE TABLE rating_history_new (
    history_id          {{ID}},
    client_id           TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    on_date             DATE NOT NULL,
    occasion            TEXT NOT NULL CHECK (occasion IN ('nightly', 'monthly', 'instant')),
    reason              TEXT NOT NULL,
    from_contribution   INTEGER NOT NULL,
    to_contribution     INTEGER NOT NULL,
    from_service        INTEGER NOT NULL,
    to_service          INTEGER NOT NULL,
    from_tier           TEXT NOT NULL DEFAULT '',
    to_tier             TEXT NOT NULL DEFAULT '',
    star_points         BIGINT NOT NULL,
    below_count         INTEGER NOT NULL DEFAULT 0,
    from_stage          TEXT NOT NULL DEFAULT '',
    to_stage            TEXT NOT NULL DEFAULT '',
    below_stars         TEXT NOT NULL DEFAULT '',
    upgrade_id          BIGINT REFERENCES upgrade_applications(upgrade_id)
);
INSERT INTO rating_history_new (client_id, on_date, occasion, reason, from_contribution, to_contribution, from_service,
    to_service, from_tier, to_tier, star_points, below_count, from_stage, to_stage, below_stars)
    SELECT client_id, on_date, occasion, reason, from_contribution, to_contribution, from_service,
    to_service, from_tier, to_tier, star_points, below_count, from_stage, to_stage, below_stars
    FROM rating_history ORDER BY history_id;
DROP TABLE rating_history;
ALTER TABLE rating_history_new RENAME TO rating_history;
CREATE INDEX rating_history_client ON rating_history (client_id, on_date);
CREATE INDEX rating_history_date ON rating_history (on_date);
