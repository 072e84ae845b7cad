package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/steward-bank/steward/domain"
)

// A client's monthly volumes (migration 0016): the month being accumulated in volumes_open, a row a
// client rewritten by every batch with the client's transactions or income, and the closed months in
// volumes_closed, a row a client and year, to which the first batch of a later month with the client's
// volumes moves the open month. A night rewrites one short row a client; the re-rating reads the open row
// and the years its window touches. Both hold entries
// "YYYYMM,purchases,card_spend,fee_income,client_txns,outflow_other_bank,last_client_txn" (amounts in CNY
// fen; last_client_txn YYYY-MM-DD, or empty when the month had no client-initiated transaction), in month
// order, separated by ';', e.g. "202603,500000,12000,0,7,0,2026-03-28".

// volEntry is one month of a client's volumes.
type volEntry struct {
	month                                     int // YYYYMM
	purchases, cardSpend, fees, outflow, txns int64
	lastTxn                                   domain.Date // the month's last client-initiated transaction; zero if none
}

// parseVolMonths appends to out the months of a volumes row, checking that each entry is well formed and
// that months ascend.
func parseVolMonths(s []byte, out []volEntry) ([]volEntry, error) {
	p := packedText{s: s}
	for p.entry() {
		e := volEntry{month: int(p.num(true)), purchases: p.num(true), cardSpend: p.num(true), fees: p.num(true), txns: p.num(true),
			outflow: p.num(true), lastTxn: p.date()}
		if p.bad {
			return out, p.fail("volume", "want YYYYMM,purchases,card_spend,fee_income,client_txns,outflow,last_client_txn")
		}
		if !validMonth(e.month) || e.txns < 0 {
			return out, p.fail("volume", "month or transaction count out of range")
		}
		if k := len(out); k > 0 && out[k-1].month >= e.month {
			return out, p.fail("volume", fmt.Sprintf("month %d after %d", e.month, out[k-1].month))
		}
		out = append(out, e)
	}
	return out, nil
}

// appendVolMonths appends the text of months (in month order) to dst.
func appendVolMonths(dst []byte, months []volEntry) []byte {
	for i, e := range months {
		if i > 0 {
			dst = append(dst, ';')
		}
		dst = strconv.AppendInt(dst, int64(e.month), 10)
		for _, v := range [...]int64{e.purchases, e.cardSpend, e.fees, e.txns, e.outflow} {
			dst = append(dst, ',')
			dst = strconv.AppendInt(dst, v, 10)
		}
		dst = append(dst, ',')
		if !e.lastTxn.IsZero() {
			dst = e.lastTxn.AppendISO(dst)
		}
	}
	return dst
}

// add adds the volumes of o, another part of the same month, to e; it reports false, leaving e as it
// was, when a sum would overflow.
func (e *volEntry) add(o volEntry) bool {
	var sums [5]int64
	for i, p := range [...][2]int64{{e.purchases, o.purchases}, {e.cardSpend, o.cardSpend}, {e.fees, o.fees}, {e.txns, o.txns}, {e.outflow, o.outflow}} {
		s, ok := addFen(p[0], p[1])
		if !ok {
			return false
		}
		sums[i] = s
	}
	e.purchases, e.cardSpend, e.fees, e.txns, e.outflow = sums[0], sums[1], sums[2], sums[3], sums[4]
	if o.lastTxn.After(e.lastTxn) {
		e.lastTxn = o.lastTxn
	}
	return true
}

// parseOpenVolumes reads the one month of a volumes_open row.
func parseOpenVolumes(s []byte) (volEntry, error) {
	es, err := parseVolMonths(s, nil)
	if err == nil && len(es) != 1 {
		err = fmt.Errorf("open volumes %q: want one month, not %d", s, len(es))
	}
	if err != nil {
		return volEntry{}, err
	}
	return es[0], nil
}

// volumesOf returns the client's volumes of month, if any.
func (s *Store) volumesOf(ctx context.Context, clientID string, month int) (volEntry, bool, error) {
	var text []byte
	err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT months FROM volumes_open WHERE client_id = ?`), clientID).Scan(&text)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return volEntry{}, false, fmt.Errorf("volumes: %w", err)
	default:
		e, err := parseOpenVolumes(text)
		if err != nil || e.month == month {
			return e, err == nil, err
		}
	}
	err = s.db.QueryRowContext(ctx, s.Rebind(`SELECT months FROM volumes_closed WHERE year = ? AND client_id = ?`), month/100, clientID).Scan(&text)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return volEntry{}, false, nil
	case err != nil:
		return volEntry{}, false, fmt.Errorf("volumes: %w", err)
	}
	es, err := parseVolMonths(text, nil)
	if err != nil {
		return volEntry{}, false, fmt.Errorf("volumes of %d: %w", month/100, err)
	}
	if i, ok := slices.BinarySearchFunc(es, month, func(e volEntry, m int) int { return e.month - m }); ok {
		return es[i], true, nil
	}
	return volEntry{}, false, nil
}
