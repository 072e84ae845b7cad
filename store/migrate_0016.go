package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// migrationSteps are the steps of migrations that SQL alone cannot express, run in the migration's
// transaction after its statements.
var migrationSteps = map[int]func(ctx context.Context, s *Store, tx *sql.Tx) error{
	16: splitClosedMonths,
}

// accEntry is one month of an account's accumulator as migration 0011 packed them, a row an account and
// owner holding all its months: "YYYYMM,from_day,class,sum_before,balance".
type accEntry struct {
	month, fromDay     int // YYYYMM; the day from which balance is held
	class              string
	sumBefore, balance int64
}

// parseAccMonths appends to out the months of an account_balances row of migrations 0011 – 0015, checking
// that each entry is well formed and that months ascend.
func parseAccMonths(s []byte, out []accEntry) ([]accEntry, error) {
	p := packedText{s: s}
	for p.entry() {
		e := accEntry{month: int(p.num(true)), fromDay: int(p.num(true)), class: pointsClass(p.word()), sumBefore: p.num(true), balance: p.num(false)}
		if p.bad {
			return out, p.fail("accumulator", "want YYYYMM,from_day,class,sum_before,balance")
		}
		if !validMonth(e.month) || e.fromDay < 1 || e.fromDay > 31 {
			return out, p.fail("accumulator", "month or day out of range")
		}
		if k := len(out); k > 0 && out[k-1].month >= e.month {
			return out, p.fail("accumulator", fmt.Sprintf("month %d after %d", e.month, out[k-1].month))
		}
		out = append(out, e)
	}
	return out, nil
}

// ownedEntry is a month of an account with the owner whose row held it.
type ownedEntry struct {
	client string
	accEntry
}

// splitClosedMonths is migration 0016's step: it rewrites account_balances (a row an account and owner, all
// its months) into balances_open and balances_closed (a row a client and month, the closed ones gathered by
// quarter of closing), and client_volumes (a row
// a client, all its months) into volumes_open and volumes_closed (the latest month; a row a year), then
// drops the old tables. The rows written are those the import would have written had it run on the new
// tables from the start: a client has a row for each month in which one of its accounts moved or left it.
func splitClosedMonths(ctx context.Context, s *Store, tx *sql.Tx) error {
	// The accounts that changed hands have rows under several clients: read them whole first.
	shared := map[string][]ownedEntry{}
	err := scanRows(ctx, tx, `SELECT b.client_id, b.account_id, b.months FROM account_balances b
		WHERE b.account_id IN (SELECT account_id FROM account_balances GROUP BY account_id HAVING count(*) > 1)`,
		func(scan func(...any) error) error {
			var client, account string
			var months []byte
			if err := scan(&client, &account, &months); err != nil {
				return err
			}
			es, err := parseAccMonths(months, nil)
			if err != nil {
				return fmt.Errorf("account %s of client %s: %w", account, client, err)
			}
			for _, e := range es {
				shared[account] = append(shared[account], ownedEntry{client, e})
			}
			return nil
		})
	if err != nil {
		return fmt.Errorf("accounts that changed hands: %w", err)
	}
	for _, es := range shared {
		slices.SortStableFunc(es, func(x, y ownedEntry) int { return x.month - y.month })
	}
	clients, err := distinctClients(ctx, tx, "account_balances")
	if err != nil {
		return err
	}
	open := s.newBulk(tx, "open balances", "INSERT INTO balances_open (client_id, month, accounts) VALUES ", "", 3)
	closed := s.newBulk(tx, "closed balances", "INSERT INTO balances_closed (quarter, client_id, months) VALUES ", "", 3)
	type timeline struct {
		account string
		entries []ownedEntry
	}
	var text []byte
	for i := 0; i < len(clients); i += 1000 {
		part := clients[i:min(i+1000, len(clients))]
		byClient := map[string][]timeline{}
		err := scanRows(ctx, tx, s.Rebind(`SELECT client_id, account_id, months FROM account_balances
			WHERE client_id >= ? AND client_id <= ? ORDER BY client_id, account_id`), func(scan func(...any) error) error {
			var client, account string
			var months []byte
			if err := scan(&client, &account, &months); err != nil {
				return err
			}
			t := timeline{account: account, entries: shared[account]}
			if t.entries == nil {
				es, err := parseAccMonths(months, nil)
				if err != nil {
					return fmt.Errorf("account %s of client %s: %w", account, client, err)
				}
				for _, e := range es {
					t.entries = append(t.entries, ownedEntry{client, e})
				}
			}
			byClient[client] = append(byClient[client], t)
			return nil
		}, part[0], part[len(part)-1])
		if err != nil {
			return fmt.Errorf("balance accumulators: %w", err)
		}
		for _, client := range part {
			tls := byClient[client]
			// The client's row months: each month in which one of its accounts moved with it or left it.
			var months []int
			for _, t := range tls {
				for k, e := range t.entries {
					if e.client == client || (k > 0 && t.entries[k-1].client == client) {
						months = append(months, e.month)
					}
				}
			}
			slices.Sort(months)
			months = slices.Compact(months)
			var rows [][]byte // the entries text of each month's row
			for _, p := range months {
				var entries []balEntry
				for _, t := range tls {
					var at *ownedEntry // the account's entry standing for p
					for k := range t.entries {
						if t.entries[k].month <= p {
							at = &t.entries[k]
						}
					}
					switch {
					case at == nil || at.client != client:
					case at.month == p:
						entries = append(entries, balEntry{account: []byte(entryKey(t.account)), fromDay: at.fromDay, class: at.class, sumBefore: at.sumBefore, balance: at.balance})
					case at.balance != 0:
						entries = append(entries, balEntry{account: []byte(entryKey(t.account)), fromDay: 1, class: at.class, balance: at.balance})
					}
				}
				slices.SortFunc(entries, func(x, y balEntry) int { return bytes.Compare(x.account, y.account) }) // in key order
				rows = append(rows, appendBalEntries(nil, entries))
			}
			// Each month's row is closed in the next row's month, and gathered by quarter of closing.
			text = text[:0]
			for k, p := range months {
				switch {
				case len(rows[k]) == 0: // nothing stood for p
				case k+1 < len(months):
					text = appendClosedMonth(text, closedMonth{closedIn: months[k+1], month: p, entries: rows[k]})
				default:
					if err := open.add(ctx, client, p, string(rows[k])); err != nil {
						return err
					}
				}
				if k+1 < len(months) && len(text) > 0 && (k+2 == len(months) || quarterOf(months[k+2]) != quarterOf(months[k+1])) {
					if err := closed.add(ctx, quarterOf(months[k+1]), client, string(text)); err != nil {
						return err
					}
					text = text[:0]
				}
			}
		}
	}
	if err := open.close(ctx); err != nil {
		return err
	}
	if err := closed.close(ctx); err != nil {
		return err
	}
	if err := splitVolumes(ctx, s, tx); err != nil {
		return err
	}
	for _, t := range []string{"account_balances", "client_volumes"} {
		if _, err := tx.ExecContext(ctx, "DROP TABLE "+t); err != nil {
			return fmt.Errorf("drop %s: %w", t, err)
		}
	}
	return nil
}

// distinctClients lists the clients of table's rows, in order.
func distinctClients(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	var clients []string
	err := scanRows(ctx, tx, "SELECT DISTINCT client_id FROM "+table+" ORDER BY client_id", func(scan func(...any) error) error {
		var c string
		err := scan(&c)
		clients = append(clients, c)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("clients of %s: %w", table, err)
	}
	return clients, nil
}

// splitVolumes rewrites client_volumes into volumes_open (each client's latest month) and volumes_closed
// (its earlier months, a row a year).
func splitVolumes(ctx context.Context, s *Store, tx *sql.Tx) error {
	clients, err := distinctClients(ctx, tx, "client_volumes")
	if err != nil {
		return err
	}
	open := s.newBulk(tx, "open volumes", "INSERT INTO volumes_open (client_id, months) VALUES ", "", 2)
	closed := s.newBulk(tx, "closed volumes", "INSERT INTO volumes_closed (year, client_id, months) VALUES ", "", 3)
	for i := 0; i < len(clients); i += 1000 {
		part := clients[i:min(i+1000, len(clients))]
		type row struct {
			client string
			months []volEntry
		}
		var rows []row
		err := scanRows(ctx, tx, s.Rebind(`SELECT client_id, months FROM client_volumes WHERE client_id >= ? AND client_id <= ? ORDER BY client_id`),
			func(scan func(...any) error) error {
				var r row
				var text []byte
				if err := scan(&r.client, &text); err != nil {
					return err
				}
				var err error
				if r.months, err = parseVolMonths(text, nil); err != nil {
					return fmt.Errorf("volumes of client %s: %w", r.client, err)
				}
				rows = append(rows, r)
				return nil
			}, part[0], part[len(part)-1])
		if err != nil {
			return fmt.Errorf("volumes: %w", err)
		}
		for _, r := range rows {
			n := len(r.months)
			if n == 0 {
				continue
			}
			for j := 0; j < n-1; {
				k := j
				for k < n-1 && r.months[k].month/100 == r.months[j].month/100 {
					k++
				}
				if err := closed.add(ctx, r.months[j].month/100, r.client, string(appendVolMonths(nil, r.months[j:k]))); err != nil {
					return err
				}
				j = k
			}
			if err := open.add(ctx, r.client, string(appendVolMonths(nil, r.months[n-1:]))); err != nil {
				return err
			}
		}
	}
	if err := open.close(ctx); err != nil {
		return err
	}
	return closed.close(ctx)
}
