-- The per-client index of transactions covers purchases only: the client's time line is its one reader
-- (its sales: the wealth products bought), and purchases are a small share of a day's transactions.
--
-- An index of every transaction by client grew with the history kept: the night's transactions land at
-- random places in it, and once it outgrows the day's rows every insert dirtied a page of its own, so
-- that importing day 180 cost about twice day 10 (docs/benchmarks.md). The transactions themselves are
-- keyed by txn_id, which the core numbers by date, so the night's rows are appended.

DROP INDEX transactions_client;
CREATE INDEX transactions_client_purchases ON transactions (client_id, business_date) WHERE kind = 'purchase';
