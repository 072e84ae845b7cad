-- The running accumulators split into the month being accumulated and the closed months (store/accumulators.go
-- and store/volumes.go describe the rows). Until now an account's row (account_balances, migration 0014)
-- and a client's (client_volumes, migration 0012) held every month kept, up to 36, and every batch that
-- moved them rewrote them whole: a night's writes grew with the history. Now a batch rewrites the open
-- month's row, of one month, and a month is closed once, into rows keyed by when they were closed
-- (balances) or by year (volumes).
--
-- balances_open: a client's accounts' entries of the client's latest month with a move; balances_closed: the
-- client's earlier months' rows, each closed in the month of the client's next row and standing for the
-- months from its own up to that one, gathered a row a client and quarter of closing (YYYYQ, e.g. 20261).
-- Entries are "account,from_day,class,sum_before,balance", in account order, separated by ';'; a closed
-- month's row in balances_closed.months is "closed_in month entries", the rows in closing order, separated
-- by newlines.
--
-- volumes_open: a client's latest month of volumes; volumes_closed: the client's earlier months, a row a
-- year. Entries as in migration 0012.
--
-- The rows of the old tables are converted by the migration's step in store/migrate_0016.go, which then
-- drops them.

CREATE TABLE balances_open (
    client_id   TEXT {{C}} PRIMARY KEY,
    month       INTEGER NOT NULL,
    accounts    TEXT NOT NULL
) {{WITHOUT ROWID}};

CREATE TABLE balances_closed (
    quarter     INTEGER NOT NULL,
    client_id   TEXT {{C}} NOT NULL,
    months      TEXT NOT NULL,
    PRIMARY KEY (quarter, client_id)
) {{WITHOUT ROWID}};

CREATE TABLE volumes_open (
    client_id   TEXT {{C}} PRIMARY KEY,
    months      TEXT NOT NULL
) {{WITHOUT ROWID}};

CREATE TABLE volumes_closed (
    year        INTEGER NOT NULL,
    client_id   TEXT {{C}} NOT NULL,
    months      TEXT NOT NULL,
    PRIMARY KEY (year, client_id)
) {{WITHOUT ROWID}};
