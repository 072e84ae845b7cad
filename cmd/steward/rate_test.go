package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// End to end: `steward gen` writes two months of batches, `steward import` applies them with the nightly
// passes and February's automatic re-rating, `steward rate --month 2026-03` re-rates everyone over
// September–February, and `steward client show --json` prints each chosen client's rating, segments and
// explanation, consistent with the rules and the stored figures.
func TestRateAndClientShow(t *testing.T) {
	dir := t.TempDir()
	feeds, data := filepath.Join(dir, "feeds"), filepath.Join(dir, "data")
	if code, out, errs := steward(t, "", "gen", "--clients", "400", "--start", "20260101", "--days", "59", "--out", feeds); code != 0 {
		t.Fatalf("gen: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs := steward(t, "", "import", feeds, "--data", data)
	if code != 0 || strings.Count(out, " applied: ") != 59 || !strings.Contains(out, "2026-02 rated: ") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	// March's window ends on 2026-02-28, the last batch: ready. April's is not, and says why.
	code, out, errs = steward(t, "", "rate", "--month", "2026-03", "--data", data)
	if code != 0 || !regexp.MustCompile(`^2026-03 rated over 2025-09-01 to 2026-02-28 \(181 days\): 4\d\d clients`).MatchString(out) {
		t.Fatalf("rate: exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ := steward(t, "", "rate", "--month", "2026-03", "--data", data); code != 0 || !strings.Contains(out, "already rated") {
		t.Errorf("rate again: exit %d %q", code, out)
	}
	code, _, errs = steward(t, "", "rate", "--month", "2026-04", "--data", data)
	if code != 1 || !strings.Contains(errs, "batches up to the window's last day (2026-03-31) have not all been applied: the last applied is 2026-02-28") {
		t.Errorf("rate April: exit %d %q", code, errs)
	}
	if code, _, _ := steward(t, "", "rate", "--month", "March", "--data", data); code != 2 {
		t.Errorf("a bad month: exit %d, want 2", code)
	}

	// Choose clients: the richest, one with an upgrade floor, one unrated.
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(data, "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var chosen []string
	for _, q := range []string{
		"SELECT client_id FROM client_ratings ORDER BY star_points DESC, client_id LIMIT 1",
		"SELECT client_id FROM client_ratings WHERE upgrade_floor > points_stars ORDER BY client_id LIMIT 1",
		"SELECT client_id FROM client_ratings WHERE points_stars = 0 ORDER BY client_id LIMIT 1",
	} {
		var id string
		if err := st.DB().QueryRowContext(ctx, q).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		chosen = append(chosen, id)
	}
	rules, _ := rating.New(policy.Default())
	money := regexp.MustCompile(`^-?\d+\.\d\d$`)
	for _, id := range chosen {
		code, out, errs := steward(t, "", "client", "show", id, "--json", "--data", data)
		if code != 0 {
			t.Fatalf("client show %s: exit %d %s", id, code, errs)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &raw); err != nil {
			t.Fatalf("client show %s: %v\n%s", id, err, out)
		}
		for _, k := range []string{"client_id", "name", "outlet_id", "rm", "aum", "star_points", "contribution_stars", "service_stars",
			"upgrade_floor", "tier", "abc_class", "matrix", "loyalty", "pareto_top", "lifecycle", "potential", "explanation", "rating_month"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("client %s: no %q in %s", id, k, out)
			}
		}
		var c struct {
			ClientID          string `json:"client_id"`
			AUM               string `json:"aum"`
			StarPoints        string `json:"star_points"`
			ContributionStars int    `json:"contribution_stars"`
			ServiceStars      int    `json:"service_stars"`
			UpgradeFloor      int    `json:"upgrade_floor"`
			Tier              string `json:"tier"`
			Loyalty           int    `json:"loyalty"`
			Lifecycle         string `json:"lifecycle"`
			RatingMonth       string `json:"rating_month"`
			Explanation       struct {
				StarPoints  string `json:"star_points"`
				PointsStars int    `json:"points_stars"`
				WindowDays  int    `json:"window_days"`
				Components  []struct {
					Kind, Measure, Weight, Points string
				} `json:"components"`
				Text map[string]string `json:"text"`
			} `json:"explanation"`
		}
		if err := json.Unmarshal([]byte(out), &c); err != nil {
			t.Fatal(err)
		}
		aum, err := policy.ParseYuan(c.AUM)
		if c.ClientID != id || err != nil || !money.MatchString(c.AUM) || !money.MatchString(c.StarPoints) {
			t.Errorf("client %s: %s", id, out)
		}
		// The explanation is of the rating it shows: the same window, points and stars.
		if c.RatingMonth != "2026-03" || c.Explanation.WindowDays != 181 || c.Explanation.StarPoints != c.StarPoints ||
			c.Explanation.PointsStars != rules.ContributionStars(mustPoints(t, c.StarPoints)) && c.StarPoints != "0.00" {
			t.Errorf("client %s: rating and explanation disagree: %s", id, out)
		}
		if c.ServiceStars < c.ContributionStars || c.ServiceStars < c.UpgradeFloor || c.Tier != rules.Tier(aum.Fen()).String() ||
			c.Loyalty < 0 || c.Loyalty > 100 || c.Lifecycle == "" {
			t.Errorf("client %s: inconsistent %s", id, out)
		}
		if !strings.Contains(c.Explanation.Text["zh"], "星点值") || !strings.Contains(c.Explanation.Text["en"], "Star points") {
			t.Errorf("client %s: explanation text %v", id, c.Explanation.Text)
		}
	}
	if code, _, errs := steward(t, "", "client", "show", "NO-SUCH", "--json", "--data", data); code != 1 || !strings.Contains(errs, "no client NO-SUCH") {
		t.Errorf("an unknown client: exit %d %q", code, errs)
	}
}

// mustPoints reads "1234.56" as star points for ContributionStars.
func mustPoints(t *testing.T, s string) rating.StarPoints {
	t.Helper()
	r, err := rating.New(policy.Default())
	if err != nil {
		t.Fatal(err)
	}
	y, err := policy.ParseYuan(s) // two decimals: the same shape as a yuan amount
	if err != nil {
		t.Fatal(err)
	}
	// 100 yuan at weight 1.00 earn 1 point: a window total of y × 100 purchases at 2.00 would be twice;
	// use the long-term balance at weight 1 over one day.
	b, err := r.Points(rating.Inputs{Days: 1, Long: y.Fen() * 100})
	if err != nil {
		t.Fatal(err)
	}
	return b.Total
}
