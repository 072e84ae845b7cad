-- Macro {{BLOB}}: a byte string (PostgreSQL BYTEA, SQLite BLOB).
-- Rating and segmentation (DOMAIN.md §3, §4): each client's current rating and segments, the history of
-- every change with its reason, the runs that produced them, and what the nightly import leaves for the
-- rating: the clients a batch touched and the potential signals its transactions showed.

-- The current rating of each client. star_points is the monthly re-rating's figure, in hundredths of a
-- star point rounded down, and points_stars the contribution stars those points earn (the held stars can
-- differ: raised nightly, or kept during the grace period); points_now is the nightly figure over the
-- trailing window. below_count is the number of consecutive monthly ratings below the held stars (the
-- grace period's counter). contribution is the value 80/20 and the matrix rank, in hundredths of a point.
-- recheck_on is the date a client whose average is still rising reaches its next star if nothing changes.
CREATE TABLE client_ratings (
    client_id          TEXT {{C}} PRIMARY KEY REFERENCES clients(client_id),
    rating_month       INTEGER NOT NULL DEFAULT 0,
    rated_on           DATE NOT NULL,
    star_points        BIGINT NOT NULL DEFAULT 0,
    points_now         BIGINT NOT NULL DEFAULT 0,
    points_stars       INTEGER NOT NULL DEFAULT 0,
    contribution_stars INTEGER NOT NULL DEFAULT 0,
    service_stars      INTEGER NOT NULL DEFAULT 0,
    upgrade_floor      INTEGER NOT NULL DEFAULT 0,
    below_count        INTEGER NOT NULL DEFAULT 0,
    downgrade_warning  BOOLEAN NOT NULL DEFAULT FALSE,
    near_upgrade       BOOLEAN NOT NULL DEFAULT FALSE,
    tier               TEXT NOT NULL DEFAULT 'T1',
    abc_class          TEXT NOT NULL DEFAULT 'C',
    peak_aum           BIGINT NOT NULL DEFAULT 0,
    loyalty            INTEGER NOT NULL DEFAULT 0,
    matrix             TEXT NOT NULL DEFAULT '',
    pareto_top         BOOLEAN NOT NULL DEFAULT FALSE,
    lifecycle          TEXT NOT NULL DEFAULT '',
    lifecycle_cause    TEXT NOT NULL DEFAULT '',
    potential          INTEGER NOT NULL DEFAULT 0,
    potential_signals  INTEGER NOT NULL DEFAULT 0,
    contribution       BIGINT NOT NULL DEFAULT 0,
    recheck_on         DATE
) {{WITHOUT ROWID}};
CREATE INDEX client_ratings_recheck ON client_ratings (recheck_on);

-- Every change of stars or tier, and every downgrade warning, with its reason code (rating.ReasonCode, or
-- tier_up / tier_down) and the figures behind it.
CREATE TABLE rating_history (
    history_id          {{ID}},
    client_id           TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    on_date             DATE NOT NULL,
    occasion            TEXT NOT NULL CHECK (occasion IN ('nightly', 'monthly')),
    reason              TEXT NOT NULL,
    from_contribution   INTEGER NOT NULL,
    to_contribution     INTEGER NOT NULL,
    from_service        INTEGER NOT NULL,
    to_service          INTEGER NOT NULL,
    from_tier           TEXT NOT NULL DEFAULT '',
    to_tier             TEXT NOT NULL DEFAULT '',
    star_points         BIGINT NOT NULL,
    below_count         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rating_history_client ON rating_history (client_id, on_date);
CREATE INDEX rating_history_date ON rating_history (on_date);

-- The rating runs: the nightly pass of each business date (month 0) and the monthly re-rating of each
-- month (the rating month, YYYYMM, on the business date that triggered it). A run is recorded in the
-- transaction that writes its results, so a run is either done entirely or not at all.
CREATE TABLE rating_runs (
    kind         TEXT NOT NULL CHECK (kind IN ('nightly', 'monthly')),
    run_key      INTEGER NOT NULL,
    on_date      DATE NOT NULL,
    clients      BIGINT NOT NULL,
    changed      BIGINT NOT NULL,
    elapsed_ms   BIGINT NOT NULL,
    finished_at  {{TS}} NOT NULL,
    PRIMARY KEY (kind, run_key)
);

-- The clients a batch touched (a balance, an account, a purchase or card spend, fee income, a new
-- client): the nightly pass rates them. The ids are kept sorted and compressed in one value per batch and
-- dropped once the nightly pass of that date has run.
CREATE TABLE batch_touched (
    business_date  DATE PRIMARY KEY,
    clients        {{BLOB}} NOT NULL
);

-- Potential signals (rating.Signals) per client: from transactions (source 'txn', kept current by the
-- import) and from teller observations at the counter (source 'teller', recorded_by the teller). A
-- signal counts for the potential score while seen_on is within the rating window (transactions) or
-- the last 365 days (observations).
CREATE TABLE client_signals (
    client_id    TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    signal       TEXT NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('txn', 'teller')),
    seen_on      DATE NOT NULL,
    recorded_by  BIGINT REFERENCES staff(staff_id),
    PRIMARY KEY (client_id, signal, source)
) {{WITHOUT ROWID}};
