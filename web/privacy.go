package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/store"
)

// auditList writes the audit row of a response that lists clients' personal data (store.AuditList):
// who, the list, the filter as the request named it, and how many rows it carries. Callers write it
// before the response and fail the request when it cannot be written.
func (s *Server) auditList(r *http.Request, p *auth.Principal, via, list string, filter url.Values, rows, total int) error {
	f := make(map[string]string, len(filter))
	for k, v := range filter {
		switch {
		case len(v) == 0:
		case k == "cursor":
			// A cursor encodes the previous page's last row (a name, an amount): the row says a page followed.
			f[k] = "continued"
		default:
			f[k] = v[0]
		}
	}
	return s.store.AuditList(r.Context(), p.Staff.ID, clientIP(r), store.ListAudit{Via: via, List: list, Filter: f, Rows: rows, Total: total})
}

// tierBand is the band of a client's AUM with its tier, "T2 · ¥5.00万 – ¥20.00万": what a masked view is told of a
// client's wealth.
func (s *Server) tierBand(v *view, d store.ClientDetail) string {
	t := s.policy.Tiers
	bounds := []int64{t.T2Min.Fen(), t.T3Min.Fen(), t.T4Min.Fen(), t.T5Min.Fen()}
	i := d.Band(bounds)
	tier := "T" + strconv.Itoa(i+1)
	switch {
	case i == 0:
		return tier + " · < " + v.Wan(bounds[0])
	case i == len(bounds):
		return tier + " · ≥ " + v.Wan(bounds[i-1])
	}
	return tier + " · " + v.Wan(bounds[i-1]) + " – " + v.Wan(bounds[i])
}
