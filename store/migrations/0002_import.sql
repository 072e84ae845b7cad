-- The nightly core-banking import (FEEDS.md): the log of applied batches, exchange rates, transactions,
-- intermediate-business income, and the running balance accumulators that rating reads.

-- One row per applied batch. A batch is applied whole in one transaction together with its row here, so
-- the row exists if and only if the batch's data does.
CREATE TABLE import_batches (
    business_date  DATE PRIMARY KEY,
    content_hash   TEXT NOT NULL,
    applied_at     {{TS}} NOT NULL,
    acct_mode      TEXT NOT NULL,
    rows_total     BIGINT NOT NULL,
    summary        TEXT NOT NULL DEFAULT ''
);

-- Exchange rates to CNY, in millionths of a yuan per unit (7.123456 → 7123456).
CREATE TABLE fx_rates (
    business_date  DATE NOT NULL,
    currency       TEXT NOT NULL,
    rate_micro     BIGINT NOT NULL,
    PRIMARY KEY (currency, business_date)
);

CREATE TABLE transactions (
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
);
CREATE INDEX transactions_client ON transactions (client_id, business_date);
CREATE INDEX transactions_date ON transactions (business_date);

CREATE TABLE fee_income (
    income_id      {{ID}},
    business_date  DATE NOT NULL,
    client_id      TEXT {{C}} NOT NULL,
    product_code   TEXT NOT NULL DEFAULT '',
    amount         BIGINT NOT NULL
);
CREATE INDEX fee_income_client ON fee_income (client_id, business_date);

-- Running accumulators per account and calendar month (month = YYYYMM), in CNY fen. The sum of end-of-day
-- balances over the month is kept lazily: sum_before holds the balances of days 1 … from_day-1, and the
-- account has held `balance` every day since from_day. The month's sum up to day D is therefore
--   sum_before + balance × (D − from_day + 1),
-- and a row changes only on a day the account's balance changes. A month with no row carries forward the
-- latest earlier row's balance for every day. Days before an account existed count as 0.
CREATE TABLE balance_months (
    account_id      TEXT NOT NULL,
    month           INTEGER NOT NULL,
    client_id       TEXT {{C}} NOT NULL,
    points_class    TEXT NOT NULL,
    sum_before      BIGINT NOT NULL,
    from_day        INTEGER NOT NULL,
    balance         BIGINT NOT NULL,
    PRIMARY KEY (account_id, month)
);
CREATE INDEX balance_months_client ON balance_months (client_id, month);
CREATE INDEX balance_months_month ON balance_months (month);

-- Volumes per client and calendar month, in CNY fen (absolute amounts): investment purchases and card
-- spending earn star points; fee income is the profit contribution; client-initiated transaction counts
-- and outflows to other banks feed loyalty, dormancy and churn.
CREATE TABLE client_months (
    client_id          TEXT {{C}} NOT NULL,
    month              INTEGER NOT NULL,
    purchases          BIGINT NOT NULL DEFAULT 0,
    card_spend         BIGINT NOT NULL DEFAULT 0,
    fee_income         BIGINT NOT NULL DEFAULT 0,
    client_txns        INTEGER NOT NULL DEFAULT 0,
    outflow_other_bank BIGINT NOT NULL DEFAULT 0,
    last_client_txn    DATE,
    PRIMARY KEY (client_id, month)
);
CREATE INDEX client_months_month ON client_months (month);

-- The business date of the last batch that carried each account: in acct_mode=full, an active account that
-- the batch did not carry is closed as of its date.
ALTER TABLE accounts ADD COLUMN last_batch DATE;
CREATE INDEX accounts_currency ON accounts (currency, status);
