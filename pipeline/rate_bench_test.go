package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// BenchmarkRateMonth times the monthly re-rating (RateMonth) of STEWARD_BENCH_CLIENTS clients (default
// 20 000) on SQLite, over a store filled directly with a worst case of accumulators: three accounts a
// client (demand, time deposit, and a loan or a gold card), each with an accumulated month in every month of
// the window and the month before it (every balance changed every month), and twelve months of volumes;
// STEWARD_BENCH_HISTORY_MONTHS=36 fills the three years a store keeps instead.
// It reports clients/s and the projected seconds per million clients (DESIGN.md target: ≤ 10 s), counting
// the store's background checkpoint of the saved ratings.
//
//	STEWARD_BENCH_CLIENTS=100000 go test -run '^$' -bench RateMonth -benchtime 3x ./pipeline/
func BenchmarkRateMonth(b *testing.B) {
	n := benchClients()
	// STEWARD_BENCH_RATE_DB keeps the filled store at that path (filled once, reused by later runs).
	path := os.Getenv("STEWARD_BENCH_RATE_DB")
	_, statErr := os.Stat(path)
	if path == "" {
		path = filepath.Join(b.TempDir(), "rate.db")
	}
	st := storetest.OpenSQLite(b, path)
	defer st.Close()
	if statErr != nil {
		t0 := time.Now()
		fillRatingStore(b, st, n)
		b.Logf("filled %d clients in %s", n, time.Since(t0).Round(time.Millisecond))
	}
	rules, err := rating.New(policy.Default())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if path := os.Getenv("STEWARD_BENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	var total time.Duration
	runs := 0
	for b.Loop() {
		b.StopTimer()
		// Each run re-rates March again: the previous run's record is dropped, its ratings kept (a
		// steady-state month, where every client already has a row).
		if _, err := st.DB().ExecContext(ctx, "DELETE FROM rating_runs WHERE kind = 'monthly'"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t := time.Now()
		rep, err := RateMonth(ctx, st, rules, 2026, time.March)
		if err != nil {
			b.Fatal(err)
		}
		saved := time.Now()
		st.WaitCheckpoint() // the save's pages copied into the database file count too
		total += time.Since(t)
		runs++
		b.Logf("read %s, rules %s, save %s, checkpoint after %s", rep.Read.Round(time.Millisecond), rep.Rated.Round(time.Millisecond),
			rep.Saved.Round(time.Millisecond), time.Since(saved).Round(time.Millisecond))
		if rep.Clients != n {
			b.Fatalf("rated %d clients, want %d", rep.Clients, n)
		}
	}
	per := total / time.Duration(runs)
	b.ReportMetric(float64(n)/per.Seconds(), "clients/s")
	b.ReportMetric(per.Seconds()*1e6/float64(n), "s/M-clients")
}

// fillRatingStore writes n clients with their accounts, accumulators and a batch log covering the
// window of March 2026, in one transaction.
func fillRatingStore(b *testing.B, st *store.Store, n int) {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	err := st.Tx(ctx, func(tx *sql.Tx) error {
		exec := func(q string, args ...any) {
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				b.Fatalf("%s: %v", q, err)
			}
		}
		exec(`INSERT INTO orgs (org_id, parent_id, level, name, path) VALUES ('HO', NULL, 'head', '总行', '/HO/')`)
		outlets := max(n/2000, 1)
		for o := range outlets {
			exec(`INSERT INTO orgs (org_id, parent_id, level, name, path) VALUES (?, 'HO', 'outlet', ?, ?)`,
				fmt.Sprintf("OT%03d", o), fmt.Sprintf("网点%d", o), fmt.Sprintf("/HO/OT%03d/", o))
		}
		for _, p := range [][4]string{{"DEP", "demand", "asset", "short"}, {"TD", "time", "asset", "long"},
			{"LN", "loan", "liability", "loan"}, {"GOLD", "credit_card", "none", "none"}} {
			card := ""
			if p[0] == "GOLD" {
				card = "gold"
			}
			exec(`INSERT INTO products (product_code, name, category, asset_class, card_level, points_class) VALUES (?, ?, ?, ?, ?, ?)`,
				p[0], p[0], p[1], p[2], card, p[3])
		}
		for d := domain.NewDate(2025, 8, 1); !d.After(domain.NewDate(2026, 3, 1)); d = d.AddDays(1) {
			exec(`INSERT INTO import_batches (business_date, content_hash, applied_at, acct_mode, rows_total) VALUES (?, '', ?, 'delta', 0)`,
				d, time.Now().UTC())
		}
		cl, err := tx.PrepareContext(ctx, `INSERT INTO clients (client_id, name, id_type, id_number, id_rev, outlet_id, open_date, status,
			updated_at, occupation, credit_grade) VALUES (?, ?, '01', '', '', ?, ?, 'normal', ?, ?, 'A')`)
		if err != nil {
			return err
		}
		ca, err := tx.PrepareContext(ctx, `INSERT INTO client_aum (client_id, aum) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		ac, err := tx.PrepareContext(ctx, `INSERT INTO accounts (account_id, client_id, product_code, currency, balance, balance_cny, open_date, status)
			VALUES (?, ?, ?, 'CNY', ?, ?, '2020-01-01', 'active')`)
		if err != nil {
			return err
		}
		// The accumulators (migration 0016): a client's row a month, the last open, each other closed in the
		// next and gathered by quarter of closing; the volumes' last month open, the others a row a year.
		bo, err := tx.PrepareContext(ctx, `INSERT INTO balances_open (client_id, month, accounts) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		bc, err := tx.PrepareContext(ctx, `INSERT INTO balances_closed (quarter, client_id, months) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		vo, err := tx.PrepareContext(ctx, `INSERT INTO volumes_open (client_id, months) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		vc, err := tx.PrepareContext(ctx, `INSERT INTO volumes_closed (year, client_id, months) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		// STEWARD_BENCH_HISTORY_MONTHS: the months of history each accumulator holds, up to February 2026
		// (default 7: the window and the month before it; a store kept for years holds 36) — and as many
		// months of volumes, at least twelve.
		history := envInt("STEWARD_BENCH_HISTORY_MONTHS", 7)
		months := monthsTo(202602, history)
		year := monthsTo(202602, max(history, 12))
		now := time.Now().UTC()
		for i := range n {
			id := fmt.Sprintf("C%08d", i)
			dep, td := rng.Int64N(10_000_000_00), rng.Int64N(50_000_000_00)*int64(rng.IntN(2))
			if _, err := cl.ExecContext(ctx, id, "客户", fmt.Sprintf("OT%03d", i%outlets), "2020-01-01", now, "sales"); err != nil {
				return err
			}
			if _, err := ca.ExecContext(ctx, id, dep+td); err != nil {
				return err
			}
			accts := []struct {
				id, product, class string
				bal                int64
			}{{id + "D", "DEP", "short", dep}, {id + "T", "TD", "long", td}, {id + "L", "LN", "loan", rng.Int64N(100_000_00)}}
			if i%7 == 0 {
				accts[2] = struct {
					id, product, class string
					bal                int64
				}{id + "G", "GOLD", "none", 0}
			}
			entries := make([][]string, len(months)) // each month's entries of the client's accounts
			for _, a := range accts {
				if _, err := ac.ExecContext(ctx, a.id, id, a.product, a.bal, a.bal); err != nil {
					return err
				}
				if a.class == "none" {
					continue
				}
				for k := range months {
					from := 1 + rng.IntN(28)
					entries[k] = append(entries[k], fmt.Sprintf("%s,%d,%s,%d,%d", a.id, from, a.class, a.bal*int64(from-1), a.bal))
				}
			}
			var closed []string // the months closed in a quarter, each closed in the next month
			for k, m := range months {
				slices.Sort(entries[k]) // in account order (ids of one length)
				if k+1 == len(months) {
					if _, err := bo.ExecContext(ctx, id, m, strings.Join(entries[k], ";")); err != nil {
						return err
					}
					break
				}
				closed = append(closed, fmt.Sprintf("%d %d %s", months[k+1], m, strings.Join(entries[k], ";")))
				if q := quarter(months[k+1]); k+2 == len(months) || quarter(months[k+2]) != q {
					if _, err := bc.ExecContext(ctx, q, id, strings.Join(closed, "\n")); err != nil {
						return err
					}
					closed = closed[:0]
				}
			}
			var vols []string // the client's monthly volumes
			for _, m := range year {
				vols = append(vols, fmt.Sprintf("%d,%d,%d,0,%d,%d,%04d-%02d-15", m, rng.Int64N(1_000_000_00)*int64(rng.IntN(3)/2),
					rng.Int64N(2_000_000), rng.IntN(30), rng.Int64N(1_000_000), m/100, m%100))
			}
			last := len(vols) - 1
			for j := 0; j < last; {
				k := j
				for k < last && year[k]/100 == year[j]/100 {
					k++
				}
				if _, err := vc.ExecContext(ctx, year[j]/100, id, strings.Join(vols[j:k], ";")); err != nil {
					return err
				}
				j = k
			}
			if _, err := vo.ExecContext(ctx, id, vols[last]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkNightly times the nightly pass on a store of STEWARD_BENCH_CLIENTS clients when 2 % and 10 % of
// them were touched by the day's batch: its cost follows the touched clients, not the book.
func BenchmarkNightly(b *testing.B) {
	n := benchClients()
	st := storetest.OpenSQLite(b, filepath.Join(b.TempDir(), "nightly.db"))
	defer st.Close()
	fillRatingStore(b, st, n)
	rules, err := rating.New(policy.Default())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	day := domain.NewDate(2026, 3, 1)
	for _, pct := range []int{2, 10} {
		b.Run(fmt.Sprintf("touched=%d%%", pct), func(b *testing.B) {
			var ids []string
			for i := 0; i < n; i += 100 / pct {
				ids = append(ids, fmt.Sprintf("C%08d", i))
			}
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			zw.Write([]byte(strings.Join(ids, "\n")))
			zw.Close()
			var total time.Duration
			runs := 0
			for b.Loop() {
				b.StopTimer()
				for _, q := range []string{"DELETE FROM rating_runs", "DELETE FROM batch_touched"} {
					if _, err := st.DB().ExecContext(ctx, q); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := st.DB().ExecContext(ctx, "INSERT INTO batch_touched (business_date, clients) VALUES (?, ?)", day, buf.Bytes()); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				t := time.Now()
				rep, err := Nightly(ctx, st, rules, day)
				if err != nil {
					b.Fatal(err)
				}
				total += time.Since(t)
				runs++
				if rep.Clients < len(ids) {
					b.Fatalf("rated %d clients, want at least %d", rep.Clients, len(ids))
				}
			}
			per := total / time.Duration(runs)
			b.ReportMetric(float64(per.Microseconds())/float64(len(ids)), "µs/touched-client")
			b.ReportMetric(float64(len(ids)), "touched")
		})
	}
}

// BenchmarkAlertPass times the nightly alert and cadence pass on the rated store of BenchmarkRateMonth's
// kind (STEWARD_BENCH_CLIENTS clients), where every client has a birthday, every time deposit a maturity
// and every phone a last verification spread over the year, and every T3–T5 client a monthly cadence due
// over the year from ten days before the night, so that a night finds about 1/365 of each due (×7 days of
// lead for birthdays, the 30/7/1-day leads for maturities, the 8 nights of the overdue and stale
// windows). It reports the time per due item: the pass reads what is due through indexes by date, so its
// cost follows the due items, not the book.
//
// It runs the same night on the same book with no history, then with 12, 24 and 48 months of it (a closed
// alert, a contact, a done task and a rating change a client and month): nothing the pass reads grows
// with what was handled before; what history costs is the deeper indexes its new rows go into.
//
//	STEWARD_BENCH_CLIENTS=1000000 go test -run '^$' -bench AlertPass -benchtime 3x ./pipeline/
func BenchmarkAlertPass(b *testing.B) {
	n := benchClients()
	st := storetest.OpenSQLite(b, filepath.Join(b.TempDir(), "alerts.db"))
	defer st.Close()
	t0 := time.Now()
	fillRatingStore(b, st, n)
	ctx := context.Background()
	// Birthdays and maturities spread over the year (day of year from the client's number).
	for _, q := range []string{
		`UPDATE clients SET birth_date = date('1970-01-01', '+' || (CAST(substr(client_id, 2) AS INTEGER) % 365) || ' days')`,
		`UPDATE accounts SET maturity_date = date('2026-01-01', '+' || (CAST(substr(client_id, 2) AS INTEGER) % 365) || ' days') WHERE product_code = 'TD'`,
		// Phones last verified, and contacts last made, spread over the year before.
		`UPDATE clients SET phone_verified_on = date('2025-01-01', '+' || (CAST(substr(client_id, 2) AS INTEGER) % 365) || ' days')`,
	} {
		if _, err := st.DB().ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	p := policy.Default()
	rr, err := rating.New(p)
	if err != nil {
		b.Fatal(err)
	}
	ar, err := alerts.New(p, rr)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := RateMonth(ctx, st, rr, 2026, time.March); err != nil {
		b.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, `INSERT INTO cadence (client_id, tier, cadence_days, last_contact, due_on)
		SELECT c.client_id, r.tier, 30, date('2026-01-21', '+' || (CAST(substr(c.client_id, 2) AS INTEGER) % 365) || ' days'),
			date('2026-02-20', '+' || (CAST(substr(c.client_id, 2) AS INTEGER) % 365) || ' days')
		FROM clients c JOIN client_ratings r ON r.client_id = c.client_id WHERE r.tier IN ('T3', 'T4', 'T5')
		ON CONFLICT (client_id) DO UPDATE SET last_contact = excluded.last_contact, due_on = excluded.due_on`); err != nil {
		b.Fatal(err)
	}
	b.Logf("filled and rated %d clients in %s", n, time.Since(t0).Round(time.Second))
	night := &Night{Rules: rr, Alerts: ar, Calendar: calendar.Default()}
	day := domain.NewDate(2026, 3, 2)
	had := 0
	for _, history := range benchHistory() {
		if history > had {
			t := time.Now()
			addHandledHistory(b, st, had, history)
			b.Logf("added months %d–%d of handled history in %s", had+1, history, time.Since(t).Round(time.Second))
			had = history
		}
		b.Run(fmt.Sprintf("history=%dm", history), func(b *testing.B) {
			var times []time.Duration
			due := 0
			for b.Loop() {
				b.StopTimer()
				// Tonight's alerts and tasks go; the history (raised before tonight) stays. The references to
				// them (contacts.alert_id, cadence.task_id) have no index, so the deletions run without the
				// foreign-key checks, which would scan those tables for every row; and are checkpointed here,
				// so that their pages are not written back during the timed pass.
				conn, err := st.DB().Conn(ctx)
				if err != nil {
					b.Fatal(err)
				}
				for _, q := range []string{"PRAGMA foreign_keys = OFF", "DELETE FROM alerts WHERE raised_on >= '2026-03-02'",
					"UPDATE cadence SET task_id = NULL", "DELETE FROM tasks WHERE state = 'open'", "PRAGMA foreign_keys = ON",
					"PRAGMA wal_checkpoint(TRUNCATE)"} {
					if _, err := conn.ExecContext(ctx, q); err != nil {
						b.Fatal(err)
					}
				}
				conn.Close()
				b.StartTimer()
				t := time.Now()
				if err := night.alertPass(ctx, st, day, 0); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(t))
				last := night.AlertReports[len(night.AlertReports)-1]
				due = last.Seen + night.CadenceReports[len(night.CadenceReports)-1].Created
			}
			// The median night: the machine is shared, and a mean follows its worst moments.
			slices.Sort(times)
			per := times[len(times)/2]
			b.ReportMetric(float64(due), "due-items")
			b.ReportMetric(float64(per.Microseconds())/float64(max(due, 1)), "µs/item")
		})
	}
}

// benchHistory is the months of history BenchmarkAlertPass measures, STEWARD_BENCH_HISTORY (e.g. "0,12"),
// by default 0, 12, 24 and 48, in increasing order.
func benchHistory() []int {
	v := os.Getenv("STEWARD_BENCH_HISTORY")
	if v == "" {
		return []int{0, 12, 24, 48}
	}
	var out []int
	for _, f := range strings.Split(v, ",") {
		m, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || m < 0 || (len(out) > 0 && m <= out[len(out)-1]) {
			panic("STEWARD_BENCH_HISTORY: want increasing month counts such as 0,12,24, got " + v)
		}
		out = append(out, m)
	}
	return out
}

// addHandledHistory gives every client of a filled store the handled work of months from+1 … to before
// 2026-03-02: a closed alert, a contact, a done task and a rating change a month.
func addHandledHistory(b *testing.B, st *store.Store, from, to int) {
	b.Helper()
	ctx := context.Background()
	seq := fmt.Sprintf("WITH RECURSIVE k(x) AS (SELECT %d UNION ALL SELECT x + 1 FROM k WHERE x < %d)", from+1, to)
	// The k-th month back, on the client's day of the month.
	on := "date('2026-03-01', '-' || k.x || ' months', '+' || (CAST(substr(c.client_id, 2) AS INTEGER) % 28) || ' days')"
	for _, q := range []string{
		`INSERT INTO staff (username, name, role, org_id, password_hash, password_changed_at, created_at)
			VALUES ('bench-rm', '客户经理', 'rm', 'OT000', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00') ON CONFLICT DO NOTHING`,
		seq + ` INSERT INTO alerts (client_id, rule, fact_key, due_on, severity, figures, outlet_id, assignee_role, raised_on,
			raised_at, deadline, state, outcome, acted_at)
			SELECT c.client_id, 'maturity', 'history-' || k.x, ` + on + `, 1, '{}', c.outlet_id, 'rm', ` + on + `,
			` + on + ` || ' 01:00:00', ` + on + ` || ' 09:00:00', 'closed', 'done', ` + on + ` || ' 10:00:00' FROM clients c, k`,
		seq + ` INSERT INTO contacts (client_id, staff_id, at, channel, outcome, note)
			SELECT c.client_id, (SELECT staff_id FROM staff WHERE username = 'bench-rm'), ` + on + ` || ' 10:00:00', 'phone', 'reached', ''
			FROM clients c, k`,
		seq + ` INSERT INTO tasks (client_id, outlet_id, source, title, due_on, state, created_at, done_at)
			SELECT c.client_id, c.outlet_id, 'rule', 'contact', ` + on + `, 'done', ` + on + ` || ' 01:00:00', ` + on + ` || ' 10:00:00'
			FROM clients c, k`,
		seq + ` INSERT INTO rating_history (client_id, on_date, occasion, reason, from_contribution, to_contribution,
			from_service, to_service, star_points) SELECT c.client_id, ` + on + `, 'monthly', 'up', 3, 4, 3, 4, 0 FROM clients c, k`,
	} {
		if _, err := st.DB().ExecContext(ctx, q); err != nil {
			b.Fatalf("history: %v\n%s", err, q)
		}
	}
}

// monthsTo is the n months (YYYYMM) up to and including last, in order.
func monthsTo(last, n int) []int {
	out := make([]int, n)
	y, m := last/100, last%100
	for i := n - 1; i >= 0; i-- {
		out[i] = y*100 + m
		if m--; m == 0 {
			y, m = y-1, 12
		}
	}
	return out
}

// quarter is the quarter (YYYYQ) of a month (YYYYMM).
func quarter(month int) int { return month/100*10 + (month%100+2)/3 }
