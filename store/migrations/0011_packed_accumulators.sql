-- Running balance accumulators packed per account: one row an account (and owner) holding all its months,
-- instead of one row an account and month. A monthly re-rating reads every account's window; with a row
-- a month it stepped through about seven rows an account, which made the read cost as many rows as there
-- are accounts × months. The meaning of each month is unchanged (migration 0002): the month's sum of
-- end-of-day balances up to day D is sum_before + balance × (D − from_day + 1), and a month with no entry
-- carries the latest earlier entry's balance.
--
-- months is text, the account's months in ascending order, separated by ';', each
-- "YYYYMM,from_day,points_class,sum_before,balance" (e.g. "202603,15,long,1234500,98700"). A row holds the
-- months the account spent with one owner, so an account that changed hands has a row for each owner; a
-- month belongs to the owner at the month's last change, as it did with a row a month.

CREATE TABLE account_balances (
    account_id  TEXT NOT NULL,
    client_id   TEXT {{C}} NOT NULL,
    months      TEXT NOT NULL,
    PRIMARY KEY (account_id, client_id)
) {{WITHOUT ROWID}};

INSERT INTO account_balances (account_id, client_id, months)
SELECT account_id, client_id,
    string_agg(CAST(month AS TEXT) || ',' || CAST(from_day AS TEXT) || ',' || points_class || ',' || CAST(sum_before AS TEXT)
        || ',' || CAST(balance AS TEXT), ';' ORDER BY month)
FROM balance_months GROUP BY account_id, client_id;

CREATE INDEX account_balances_client ON account_balances (client_id);

DROP TABLE balance_months;
