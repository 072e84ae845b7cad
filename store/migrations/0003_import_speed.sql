-- Macro {{WITHOUT ROWID}}: SQLite's WITHOUT ROWID (the row is stored in its primary key's B-tree); nothing on PostgreSQL.
-- Import speed. Every B-tree a row touches costs the nightly import time, so the import tables keep only
-- the structures something reads:
--  * transactions, balance_months and client_months are keyed tables (SQLite WITHOUT ROWID): the row lives
--    in its primary key's B-tree instead of a rowid table plus a unique index. Core-banking transaction ids
--    grow with the date, so the day's transactions are appended at the right edge of that B-tree.
--  * transactions are read per client (the client's time line); the day's transactions are the batch
--    itself, so the index by business date is dropped.
--  * the monthly rating scans the accumulators whole, so their indexes by month are dropped.
--  * the import now works out from the batch which accounts a full account file (acct_mode=full) did not
--    carry, so accounts.last_batch is no longer written on every account every night.

CREATE TABLE transactions_k (
    txn_id             TEXT PRIMARY KEY,
    account_id         TEXT NOT NULL,
    client_id          TEXT {{C}} NOT NULL,
    business_date      DATE NOT NULL,
    ts                 {{TS}} NOT NULL,
    amount             BIGINT NOT NULL,
    amount_cny         BIGINT NOT NULL,
    currency           TEXT NOT NULL,
    kind               TEXT NOT NULL,
    channel            TEXT NOT NULL,
    client_initiated   BOOLEAN NOT NULL,
    counterparty_bank  TEXT NOT NULL DEFAULT '',
    memo               TEXT NOT NULL DEFAULT ''
) {{WITHOUT ROWID}};
INSERT INTO transactions_k SELECT txn_id, account_id, client_id, business_date, ts, amount, amount_cny, currency, kind,
    channel, client_initiated, counterparty_bank, memo FROM transactions;
DROP TABLE transactions;
ALTER TABLE transactions_k RENAME TO transactions;
CREATE INDEX transactions_client ON transactions (client_id, business_date);

CREATE TABLE balance_months_k (
    account_id      TEXT NOT NULL,
    month           INTEGER NOT NULL,
    client_id       TEXT {{C}} NOT NULL,
    points_class    TEXT NOT NULL,
    sum_before      BIGINT NOT NULL,
    from_day        INTEGER NOT NULL,
    balance         BIGINT NOT NULL,
    PRIMARY KEY (account_id, month)
) {{WITHOUT ROWID}};
INSERT INTO balance_months_k SELECT account_id, month, client_id, points_class, sum_before, from_day, balance FROM balance_months;
DROP TABLE balance_months;
ALTER TABLE balance_months_k RENAME TO balance_months;
CREATE INDEX balance_months_client ON balance_months (client_id, month);

CREATE TABLE client_months_k (
    client_id          TEXT {{C}} NOT NULL,
    month              INTEGER NOT NULL,
    purchases          BIGINT NOT NULL DEFAULT 0,
    card_spend         BIGINT NOT NULL DEFAULT 0,
    fee_income         BIGINT NOT NULL DEFAULT 0,
    client_txns        INTEGER NOT NULL DEFAULT 0,
    outflow_other_bank BIGINT NOT NULL DEFAULT 0,
    last_client_txn    DATE,
    PRIMARY KEY (client_id, month)
) {{WITHOUT ROWID}};
INSERT INTO client_months_k SELECT client_id, month, purchases, card_spend, fee_income, client_txns, outflow_other_bank,
    last_client_txn FROM client_months;
DROP TABLE client_months;
ALTER TABLE client_months_k RENAME TO client_months;

ALTER TABLE accounts DROP COLUMN last_batch;
