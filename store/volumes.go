package store

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/steward-bank/steward/domain"
)

// volEntry is one month of a client's volumes (client_volumes, migration 0012).
type volEntry struct {
	month                                     int // YYYYMM
	purchases, cardSpend, fees, outflow, txns int64
	lastTxn                                   domain.Date // the month's last client-initiated transaction; zero if none
}

// parseVolMonths appends to out the months of a client_volumes row, checking that each entry is well
// formed and that months ascend.
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

// putMonth sets the entry of e's month in list (ascending by month), and drops the months older than
// AccumulatorMonthsKept before it but the latest of them (which a balance still carries forward; for
// volumes it is merely kept).
func putMonth[E any](list []E, e E, month func(E) int) []E {
	m := month(e)
	i, found := slices.BinarySearchFunc(list, m, func(x E, m int) int { return month(x) - m })
	if found {
		list[i] = e
	} else {
		list = slices.Insert(list, i, e)
	}
	cut := monthIndex(m) - AccumulatorMonthsKept
	old := 0
	for old < len(list) && monthIndex(month(list[old])) < cut {
		old++
	}
	if old > 1 {
		list = slices.Delete(list, 0, old-1)
	}
	return list
}

// findMonth returns the index of month's entry in list, or -1.
func findMonth[E any](list []E, m int, month func(E) int) int {
	if i, ok := slices.BinarySearchFunc(list, m, func(x E, m int) int { return month(x) - m }); ok {
		return i
	}
	return -1
}

func accMonth(e accEntry) int { return e.month }
func volMonth(e volEntry) int { return e.month }
