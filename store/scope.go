package store

import (
	"strings"

	"github.com/steward-bank/steward/access"
)

// scopeCond is the SQL condition on the clients table (alias c) that keeps a query inside a scope, with its
// arguments. Every query that returns client data ANDs it into its WHERE clause; the zero scope matches
// nothing.
func scopeCond(sc access.Scope) (string, []any) {
	switch sc.Reach {
	case access.ReachAll:
		return "1 = 1", nil
	case access.ReachSubtree:
		lo, hi := pathRange(sc.OrgPath)
		return "c.outlet_id IN (SELECT org_id FROM orgs WHERE path >= ? AND path < ?)", []any{lo, hi}
	case access.ReachOutlet:
		return "c.outlet_id = ?", []any{sc.OrgID}
	case access.ReachAssigned:
		return "(c.rm_id = ? OR (c.rm_id IS NULL AND c.outlet_id = ?))", []any{sc.StaffID, sc.OrgID}
	}
	return "1 = 0", nil
}

// sightCond is scopeCond widened by the shadow of handed-over clients (access.Scope.ShadowSince, policy
// relationships.shadow_days): what a person may read of one client (the client view) and find in the
// client list. Everything else (work lists, counts, changes) uses scopeCond, the book alone, so that a
// handed-over client is never worked by its former manager. The shadow is a second index-driven set
// (relationships_staff_to: the person's relationships that ended since ShadowSince), ORed in as an IN so
// that both planners read it by key rather than probing the relationships of every client.
func sightCond(sc access.Scope) (string, []any) {
	cond, args := scopeCond(sc)
	if sc.Reach != access.ReachAssigned || sc.ShadowSince.IsZero() {
		return cond, args
	}
	return "(" + cond + " OR c.client_id IN (SELECT h.client_id FROM relationships h WHERE h.staff_id = ? AND h.valid_to >= ?))",
		append(args, sc.StaffID, utc(sc.ShadowSince))
}

// pathRange is the half-open range of materialised paths under path ("/HO/BR1/" → ["/HO/BR1/",
// "/HO/BR10")): every path of the subtree starts with path, and '0' is the byte after '/'.
func pathRange(path string) (string, string) {
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	return path, path[:len(path)-1] + "0"
}

// prefixRange is the half-open range of strings that start with p, in byte order (SQLite's BINARY and
// PostgreSQL's "C" collation).
func prefixRange(p string) (string, string) {
	return p, p + "\U0010FFFF"
}

// reverse reverses a string of ASCII characters (ID numbers, mobiles), for suffix search.
func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}
