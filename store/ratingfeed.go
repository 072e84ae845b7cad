package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
)

// What a batch leaves for the rating passes (migration 0004), written in the batch's own transaction:
//   - the clients it touched, which the nightly pass rates (batch_touched): a client is touched when one
//     of its accounts opens, closes, changes balance, product or owner, when it makes a purchase or card
//     spend or earns fee income (star-point volumes), and when it is new;
//   - the potential signals of its transactions (client_signals, source 'txn'), as the latest date each
//     was seen.

type feedState struct {
	touched map[string]struct{}
	signals map[signalKey]struct{}
	moves   []dayMove
}

// dayMove is a large transaction (txn set) or a client's large net change of the day (txn "").
type dayMove struct {
	client, txn, account string
	amount               int64
	otherBank            bool
}

type signalKey struct {
	client string
	signal rating.Signals
}

func (a *applier) touch(client string) {
	if a.feed.touched == nil {
		a.feed.touched = map[string]struct{}{}
	}
	a.feed.touched[client] = struct{}{}
}

// txnSeen notes what one transaction (TXN kind, amount in CNY fen) tells the rating and the alerts.
func (a *applier) txnSeen(txn, account, client, kind string, cny int64, otherBank bool) {
	if thr := a.opts.LargeMovementFen; thr > 0 && (cny >= thr || cny <= -thr) {
		a.feed.moves = append(a.feed.moves, dayMove{client: client, txn: txn, account: account, amount: cny, otherBank: otherBank && cny < 0})
	}
	if kind == "purchase" || kind == "card_spend" {
		a.touch(client)
	}
	if sg := rating.TxnSignal(kind, cny); sg != 0 {
		if a.feed.signals == nil {
			a.feed.signals = map[signalKey]struct{}{}
		}
		a.feed.signals[signalKey{client, sg}] = struct{}{}
	}
}

func (a *applier) ratingFeed(ctx context.Context) error {
	ids := make([]string, 0, len(a.feed.touched))
	for id := range a.feed.touched {
		ids = append(ids, id)
	}
	blob, err := packIDs(ids)
	if err != nil {
		return err
	}
	if _, err := a.tx.ExecContext(ctx, a.s.Rebind("INSERT INTO batch_touched (business_date, clients) VALUES (?, ?)"),
		a.b.BusinessDate, blob); err != nil {
		return fmt.Errorf("record the clients batch %s touched: %w", a.b.BusinessDate, err)
	}
	keys := make([]signalKey, 0, len(a.feed.signals))
	for k := range a.feed.signals {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y signalKey) int {
		if c := strings.Compare(x.client, y.client); c != 0 {
			return c
		}
		return int(x.signal) - int(y.signal)
	})
	bk := a.s.newBulk(a.tx, "potential signals", "INSERT INTO client_signals (client_id, signal, source, seen_on) VALUES ",
		" ON CONFLICT (client_id, signal, source) DO UPDATE SET seen_on = excluded.seen_on", 4)
	for _, k := range keys {
		if err := bk.add(ctx, k.client, k.signal.String(), "txn", a.b.BusinessDate); err != nil {
			return err
		}
	}
	if err := bk.close(ctx); err != nil {
		return err
	}
	return a.dayMovements(ctx)
}

// dayMovements records the day's large movements for the alert pass: the large transactions, and the
// clients whose AUM moved by the threshold or more over the day. The first batch a store receives loads
// the bank rather than moving money, so its net changes are not movements.
func (a *applier) dayMovements(ctx context.Context) error {
	thr := a.opts.LargeMovementFen
	if thr <= 0 {
		return nil
	}
	var before int
	if err := a.tx.QueryRowContext(ctx, "SELECT count(*) FROM import_batches").Scan(&before); err != nil {
		return fmt.Errorf("read the import log: %w", err)
	}
	moves := a.feed.moves
	if before > 0 {
		for client, d := range a.aumDelta {
			if d >= thr || d <= -thr {
				moves = append(moves, dayMove{client: client, amount: d})
			}
		}
	}
	bk := a.s.newBulk(a.tx, "large movements", "INSERT INTO day_movements (business_date, client_id, txn_id, account_id, amount, other_bank) VALUES ",
		"", 6)
	for _, m := range moves {
		if err := bk.add(ctx, a.b.BusinessDate, m.client, m.txn, m.account, m.amount, m.otherBank); err != nil {
			return err
		}
	}
	return bk.close(ctx)
}

// packIDs sorts ids and returns them newline-separated and gzip-compressed.
func packIDs(ids []string) ([]byte, error) {
	slices.Sort(ids)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := io.WriteString(zw, strings.Join(ids, "\n")); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func unpackIDs(blob []byte) ([]string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(blob))
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, nil
	}
	return strings.Split(string(b), "\n"), nil
}

// TouchedClients returns the clients the batch of date touched, sorted, and whether the store still
// holds that list (it is dropped once the nightly pass of the date has run).
func (s *Store) TouchedClients(ctx context.Context, date domain.Date) ([]string, bool, error) {
	var blob []byte
	err := s.db.QueryRowContext(ctx, s.Rebind("SELECT clients FROM batch_touched WHERE business_date = ?"), date).Scan(&blob)
	if err == sql.ErrNoRows {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("clients touched on %s: %w", date, err)
	}
	ids, err := unpackIDs(blob)
	if err != nil {
		return nil, false, fmt.Errorf("clients touched on %s: %w", date, err)
	}
	return ids, true, nil
}
