package side

import (
	"fmt"
	"strings"
)

// The star points in SQL. Both engines load the same tables (schema below) and run the same query; only
// the exact integer type and integer division are spelled per dialect (DuckDB HUGEINT and //, PostgreSQL
// NUMERIC and div, BIGINT / for the 64-bit paths). No floating point is involved anywhere.
//
//	batches  (day, full_mode)                                   one row per business date
//	products (day, product, category, points_class)             PROD rows
//	fx       (day, currency, rate)                              FX rows, CNY per unit × 10^6
//	accts    (day, account, client, product, currency, balance, active)   ACCT rows, balance in fen
//	txns     (day, client, kind, currency, amount)              TXN rows, amount in fen
//	clients  (client, client_id)                                every client of the CUST rows
//
// The query follows FEEDS.md and DOMAIN.md §3:
//   - an account's end-of-day state on a day is its latest ACCT row on or before that day (delta mode
//     carries it forward); a full batch that leaves out an account active the day before closes it;
//   - a closed account counts 0 from the day of its closing row; days before an account's first row
//     count 0;
//   - a balance converts to CNY at the day's rate (the latest FX row on or before the day), rounded to
//     the fen, half away from zero; so a foreign account's CNY value changes every day its rate does;
//   - the points class is the product's (its latest PROD row), defaulted from the category when empty;
//   - purchases and card spending are the window totals of |amount in CNY| of TXN kind purchase and
//     card_spend, each transaction converted at its business date's rate.
//
// Two ways to get the balance sums are offered: "spans" multiplies each state by the days it holds
// within the window (split where the rate changes), "daily" builds every account's end-of-day balance
// on every day of the window (a row per account and day) and adds them up. They must give the same sums.

// Dialect is an SQL engine's spelling of exact big integers.
type Dialect struct {
	Name string
	Big  string                   // an exact integer type wide enough for fen × days × weights
	Div  func(a, b string) string // integer division of non-negative a by positive b, of type Big
	// Div64 is the integer division of non-negative BIGINT a by positive b.
	Div64 func(a, b string) string
}

// DuckDB and Postgres are the two dialects.
var (
	DuckDB = Dialect{Name: "duckdb", Big: "HUGEINT",
		Div:   func(a, b string) string { return "((" + a + ") // (" + b + "))" },
		Div64: func(a, b string) string { return "((" + a + ") // (" + b + "))" }}
	Postgres = Dialect{Name: "postgres", Big: "NUMERIC",
		Div:   func(a, b string) string { return "div(" + a + ", " + b + ")" },
		Div64: func(a, b string) string { return "((" + a + ") / (" + b + "))" }}
)

// Variants of the balance computation.
const (
	Spans = "spans"
	Daily = "daily"
)

// Schema returns the CREATE TABLE statements. unlogged applies to PostgreSQL: the tables are scratch.
func Schema(unlogged bool) []string {
	u := ""
	if unlogged {
		u = "UNLOGGED "
	}
	return []string{
		"CREATE " + u + "TABLE batches (day INTEGER NOT NULL, full_mode BOOLEAN NOT NULL)",
		"CREATE " + u + "TABLE products (day INTEGER NOT NULL, product INTEGER NOT NULL, category TEXT NOT NULL, points_class TEXT NOT NULL)",
		"CREATE " + u + "TABLE fx (day INTEGER NOT NULL, currency TEXT NOT NULL, rate BIGINT NOT NULL)",
		"CREATE " + u + "TABLE accts (day INTEGER NOT NULL, account INTEGER NOT NULL, client INTEGER NOT NULL, product INTEGER NOT NULL, currency TEXT NOT NULL, balance BIGINT NOT NULL, active BOOLEAN NOT NULL)",
		"CREATE " + u + "TABLE txns (day INTEGER NOT NULL, client INTEGER NOT NULL, kind TEXT NOT NULL, currency TEXT NOT NULL, amount BIGINT NOT NULL)",
		"CREATE " + u + "TABLE clients (client INTEGER NOT NULL, client_id TEXT NOT NULL)",
	}
}

// Tables are the tables of Schema, in the order the loaders fill them.
var Tables = []string{"batches", "products", "fx", "accts", "txns", "clients"}

// Query returns the query that gives, for every client, its window sums, its star points in hundredths
// (rounded down) and its contribution stars, with columns
//
//	client_id, s_short, s_long, s_mortgage, s_loan, purchases, card_spend, hundredths, stars
func Query(d Dialect, p Params, variant string) string {
	big := d.Big
	// cny converts fen b at rate r (millionths) to CNY fen, rounding half away from zero. The wide
	// type's division is slow, so a rate of exactly 1 (CNY) and products that fit in 64 bits
	// (|b| ≤ 9×10^10 fen and r ≤ 10^8) take exact BIGINT paths; the rest goes through the wide type.
	cny := func(b, r string) string {
		wide := d.Div(fmt.Sprintf("CAST(abs(%s) AS %s) * %s + 500000", b, big, r), "1000000")
		narrow := d.Div64(fmt.Sprintf("abs(%s) * %s + 500000", b, r), "1000000")
		return fmt.Sprintf("(CASE WHEN %[2]s = 1000000 THEN CAST(%[1]s AS %[3]s)"+
			" WHEN abs(%[1]s) <= 90000000000 AND %[2]s <= 100000000 THEN CAST(sign(%[1]s) AS %[3]s) * %[4]s"+
			" WHEN %[1]s < 0 THEN -%[5]s ELSE %[5]s END)", b, r, big, narrow, wide)
	}
	var balances string
	switch variant {
	case Daily:
		balances = fmt.Sprintf(`
rate_days AS MATERIALIZED (
  SELECT r.currency, g.day, r.rate
  FROM rates r CROSS JOIN LATERAL generate_series(greatest(r.lo, {from}), r.hi) AS g(day)
  WHERE r.hi >= {from}
),
daily AS (
  SELECT l.client, l.class, g.day, %s AS eod
  FROM live l CROSS JOIN LATERAL generate_series(l.lo, l.hi) AS g(day)
  JOIN rate_days rd ON rd.currency = l.currency AND rd.day = g.day
),
balances AS (
  SELECT client, class, sum(eod) AS fen_days FROM daily GROUP BY client, class
),`, cny("l.balance", "rd.rate"))
	default:
		balances = fmt.Sprintf(`
balances AS (
  SELECT l.client, l.class,
         sum(%s * (least(l.hi, r.hi) - greatest(l.lo, r.lo) + 1)) AS fen_days
  FROM live l JOIN rates r ON r.currency = l.currency AND r.lo <= l.hi AND r.hi >= l.lo
  GROUP BY l.client, l.class
),`, cny("l.balance", "r.rate"))
	}
	n := fmt.Sprintf("CAST({w_short} AS {big}) * s_short + CAST({w_long} AS {big}) * s_long + CAST({w_mortgage} AS {big}) * s_mortgage" +
		" + CAST({w_loan} AS {big}) * s_loan + CAST({days} AS {big}) * (CAST({w_purchase} AS {big}) * purchases + CAST({w_card} AS {big}) * card_spend)")
	var stars strings.Builder
	stars.WriteString("CASE")
	for _, s := range p.Stars() {
		op := ">="
		if s.Stars == 1 {
			op = ">"
		}
		fmt.Fprintf(&stars, " WHEN n %s CAST(%d AS {big}) * {days} * 10000 THEN %d", op, s.T, s.Stars)
	}
	stars.WriteString(" ELSE 0 END")

	q := `
WITH
-- a full batch closes every account that was active the day before and that it leaves out
full_prev AS (
  SELECT b.day AS fday, a.account, a.client, a.product, a.currency, a.active,
         row_number() OVER (PARTITION BY b.day, a.account ORDER BY a.day DESC) AS rn
  FROM batches b JOIN accts a ON a.day < b.day
  WHERE b.full_mode AND b.day <= {to}
),
closings AS (
  SELECT p.fday AS day, p.account, p.client, p.product, p.currency, CAST(0 AS BIGINT) AS balance, FALSE AS active
  FROM full_prev p
  WHERE p.rn = 1 AND p.active
    AND NOT EXISTS (SELECT 1 FROM accts x WHERE x.day = p.fday AND x.account = p.account)
),
states AS (
  SELECT day, account, client, product, currency, balance, active FROM accts WHERE day <= {to}
  UNION ALL
  SELECT day, account, client, product, currency, balance, active FROM closings
),
-- each state holds from its day to the day before the account's next state
spans AS (
  SELECT account, client, product, currency, balance, active,
         greatest(day, {from}) AS lo,
         least(coalesce(lead(day) OVER (PARTITION BY account ORDER BY day) - 1, {to}), {to}) AS hi
  FROM states
),
classes AS (
  SELECT product,
         CASE WHEN points_class <> '' THEN points_class
              WHEN category = 'demand' THEN 'short'
              WHEN category IN ('time', 'wealth', 'fund', 'bond', 'insurance', 'metal') THEN 'long'
              WHEN category = 'loan' THEN 'loan'
              ELSE 'none' END AS class
  FROM (SELECT product, category, points_class,
               row_number() OVER (PARTITION BY product ORDER BY day DESC) AS rn
        FROM products WHERE day <= {to}) q
  WHERE rn = 1
),
-- the active states within the window, of accounts whose product earns balance points
live AS (
  SELECT s.client, c.class, s.currency, s.balance, s.lo, s.hi
  FROM spans s JOIN classes c ON c.product = s.product
  WHERE s.active AND s.lo <= s.hi AND c.class IN ('short', 'long', 'mortgage', 'loan')
),
-- the rate of each currency holds from its FX row to the day before the next; CNY is 1
rates AS (
  SELECT currency, rate, day AS lo,
         least(coalesce(lead(day) OVER (PARTITION BY currency ORDER BY day) - 1, {to}), {to}) AS hi
  FROM fx WHERE day <= {to} AND currency <> 'CNY'
  UNION ALL
  SELECT 'CNY', 1000000, 0, {to}
),` + balances + `
bal AS (
  SELECT client,
         sum(CASE WHEN class = 'short' THEN fen_days ELSE 0 END) AS s_short,
         sum(CASE WHEN class = 'long' THEN fen_days ELSE 0 END) AS s_long,
         sum(CASE WHEN class = 'mortgage' THEN fen_days ELSE 0 END) AS s_mortgage,
         sum(CASE WHEN class = 'loan' THEN fen_days ELSE 0 END) AS s_loan
  FROM balances GROUP BY client
),
volumes AS (
  SELECT t.client,
         sum(CASE WHEN t.kind = 'purchase' THEN abs(` + cny("t.amount", "r.rate") + `) ELSE 0 END) AS purchases,
         sum(CASE WHEN t.kind = 'card_spend' THEN abs(` + cny("t.amount", "r.rate") + `) ELSE 0 END) AS card_spend
  FROM txns t JOIN rates r ON r.currency = t.currency AND t.day BETWEEN r.lo AND r.hi
  WHERE t.day BETWEEN {from} AND {to} AND t.kind IN ('purchase', 'card_spend')
  GROUP BY t.client
),
inputs AS (
  SELECT k.client_id,
         CAST(coalesce(b.s_short, 0) AS {big}) AS s_short, CAST(coalesce(b.s_long, 0) AS {big}) AS s_long,
         CAST(coalesce(b.s_mortgage, 0) AS {big}) AS s_mortgage, CAST(coalesce(b.s_loan, 0) AS {big}) AS s_loan,
         CAST(coalesce(v.purchases, 0) AS {big}) AS purchases, CAST(coalesce(v.card_spend, 0) AS {big}) AS card_spend
  FROM clients k LEFT JOIN bal b ON b.client = k.client LEFT JOIN volumes v ON v.client = k.client
),
scored AS (
  SELECT *, ` + n + ` AS n FROM inputs
)
SELECT client_id, CAST(s_short AS BIGINT), CAST(s_long AS BIGINT), CAST(s_mortgage AS BIGINT), CAST(s_loan AS BIGINT),
       CAST(purchases AS BIGINT), CAST(card_spend AS BIGINT),
       CAST(CASE WHEN n >= 0 THEN ` + d.Div("n", "CAST({days} AS {big}) * 100000000") + `
                 ELSE -` + d.Div("-n + CAST({days} AS {big}) * 100000000 - 1", "CAST({days} AS {big}) * 100000000") + ` END AS BIGINT) AS hundredths,
       ` + stars.String() + ` AS stars
FROM scored`
	return strings.NewReplacer(
		"{from}", fmt.Sprint(int32(p.From)), "{to}", fmt.Sprint(int32(p.To)), "{days}", fmt.Sprint(p.Days), "{big}", big,
		"{w_short}", fmt.Sprint(p.Short), "{w_long}", fmt.Sprint(p.Long), "{w_mortgage}", fmt.Sprint(p.Mortgage),
		"{w_loan}", fmt.Sprint(p.Loan), "{w_purchase}", fmt.Sprint(p.Purchase), "{w_card}", fmt.Sprint(p.CardSpend),
	).Replace(q)
}
