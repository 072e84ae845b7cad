-- The clients' monthly volumes packed a row a client, as the balance accumulators are (migration 0011):
-- a monthly re-rating reads twelve months of every client's volumes, which with a row a month was twelve
-- rows a client, the largest read of the re-rating.
--
-- months is text, the client's months in ascending order, separated by ';', each
-- "YYYYMM,purchases,card_spend,fee_income,client_txns,outflow_other_bank,last_client_txn" (amounts in CNY
-- fen; last_client_txn YYYY-MM-DD, or empty when the month had no client-initiated transaction), e.g.
-- "202603,500000,12000,0,7,0,2026-03-28".

CREATE TABLE client_volumes (
    client_id   TEXT {{C}} PRIMARY KEY,
    months      TEXT NOT NULL
) {{WITHOUT ROWID}};

INSERT INTO client_volumes (client_id, months)
SELECT client_id,
    string_agg(CAST(month AS TEXT) || ',' || CAST(purchases AS TEXT) || ',' || CAST(card_spend AS TEXT) || ','
        || CAST(fee_income AS TEXT) || ',' || CAST(client_txns AS TEXT) || ',' || CAST(outflow_other_bank AS TEXT) || ','
        || COALESCE(substr(CAST(last_client_txn AS TEXT), 1, 10), ''), ';' ORDER BY month)
FROM client_months GROUP BY client_id;

DROP TABLE client_months;
