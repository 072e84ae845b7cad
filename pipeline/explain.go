package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// ClientCard is a client's rating and segments with the explanation of its stars, as `steward client
// show --json` prints it and the API's client resource carries it. Amounts are decimal strings in yuan,
// star points decimal strings with 2 decimals rounded down, stars integers.
type ClientCard struct {
	ClientID          string  `json:"client_id"`
	Name              string  `json:"name"`
	OutletID          string  `json:"outlet_id"`
	RM                *string `json:"rm"`
	AUM               string  `json:"aum"`
	StarPoints        string  `json:"star_points"`
	ContributionStars int     `json:"contribution_stars"`
	ServiceStars      int     `json:"service_stars"`
	UpgradeFloor      int     `json:"upgrade_floor"`
	// InstantUpgrade is the approved instant upgrade application (即时升级) holding the service stars up
	// today; null when none does.
	InstantUpgrade   *InstantUpgrade `json:"instant_upgrade"`
	Tier             string          `json:"tier"`
	ABCClass         string          `json:"abc_class"`
	Matrix           string          `json:"matrix"`
	Loyalty          int             `json:"loyalty"`
	ParetoTop        bool            `json:"pareto_top"`
	Lifecycle        string          `json:"lifecycle"`
	LifecycleCause   string          `json:"lifecycle_cause"`
	Potential        int             `json:"potential"`
	PotentialSignals []string        `json:"potential_signals"`
	NearUpgrade      bool            `json:"near_upgrade"`
	DowngradeWarning bool            `json:"downgrade_warning"`
	Explanation      *Explanation    `json:"explanation"`
	RatingMonth      *string         `json:"rating_month"`
	RatedOn          *string         `json:"rated_on"`
}

// InstantUpgrade is an approved instant upgrade application in force: the service stars it keeps, to
// which date (inclusive), who approved it, and the line in words.
type InstantUpgrade struct {
	ID         int64             `json:"id"`
	Stars      int               `json:"stars"`
	Until      string            `json:"until"`
	ApprovedBy string            `json:"approved_by"`
	Text       map[string]string `json:"text"`
}

// InstantUpgradeText words an instant upgrade floor: "即时升级：至 2027-03-31 保持 五星（赵敏批准）".
func InstantUpgradeText(stars int, until domain.Date, approver, lang string) string {
	if lang == "zh" || lang == "zh-CN" {
		return fmt.Sprintf("即时升级：至 %s 保持 %s（%s批准）", until, rating.StarsName(stars, "zh"), approver)
	}
	return fmt.Sprintf("Instant upgrade: %s kept until %s (approved by %s)", rating.StarsName(stars, "en"), until, approver)
}

// Explanation says why a client has its stars and what the next star takes.
type Explanation struct {
	WindowFrom string `json:"window_from"`
	WindowTo   string `json:"window_to"`
	WindowDays int    `json:"window_days"`
	// Components are the lines of the star points: the measure (average daily balance or window total,
	// in yuan, rounded down to the fen), the weight (points per 100 yuan) and the points.
	Components []ExplainedComponent `json:"components"`
	StarPoints string               `json:"star_points"`
	// PointsStars are the contribution stars the points earn; the held stars can be higher (raised
	// nightly, or kept during the grace period) — BelowCount says how many monthly ratings in a row.
	PointsStars int      `json:"points_stars"`
	BelowCount  int      `json:"below_count"`
	Next        *NextGap `json:"next"`
	// Text is the explanation in words (Chinese and English).
	Text map[string]string `json:"text"`
}

// ExplainedComponent is one line of star points.
type ExplainedComponent struct {
	Kind    string `json:"kind"`
	Measure string `json:"measure"`
	Basis   string `json:"basis"` // average_daily_balance or window_total
	Weight  string `json:"weight"`
	Points  string `json:"points"`
	Counted bool   `json:"counted"`
}

// NextGap is what the next star above the held service stars takes.
type NextGap struct {
	Stars     int    `json:"stars"`
	Threshold string `json:"threshold"`
	Needed    string `json:"needed"`
	// Ways: each component alone that closes the gap, with the growth it needs (average balance over
	// the window, or window total) and, for balances, the lump sum that kept to month end does it.
	Ways []GapWay `json:"ways"`
}

// GapWay is one way to close the gap.
type GapWay struct {
	Kind           string  `json:"kind"`
	Increase       string  `json:"increase"`
	KeptToMonthEnd *string `json:"kept_to_month_end,omitempty"`
}

// Card reads the rating of client d (as store.Client read it, within the caller's scope sc) and explains
// it over its rating month's window (or, for a client not yet rated monthly, the last complete window
// before the last batch's month).
func Card(ctx context.Context, st *store.Store, rules *rating.Rules, sc access.Scope, d store.ClientDetail) (ClientCard, error) {
	clientID := d.ClientID
	c := ClientCard{ClientID: d.ClientID, Name: d.Name, OutletID: d.OutletID, AUM: policy.Money(d.AUM).YuanString(),
		StarPoints: "0.00", Tier: rules.Tier(d.AUM).String(), ABCClass: string(rules.Class(d.AUM)), PotentialSignals: []string{}}
	if d.RMName != "" {
		c.RM = &d.RMName
	}
	if d.Masked {
		// A masked view sees the stars and the tier, not the money behind them (docs/masking.md).
		c.AUM, c.StarPoints, c.Tier, c.ABCClass = "", "", "", ""
	}
	if u, ok, err := st.InstantFloor(ctx, sc, clientID, domain.Today(st.Now())); err != nil {
		return c, err
	} else if ok {
		c.InstantUpgrade = &InstantUpgrade{ID: u.ID, Stars: u.Stars, Until: u.Until.String(), ApprovedBy: u.DeciderName,
			Text: map[string]string{"zh": InstantUpgradeText(u.Stars, u.Until, u.DeciderName, "zh"),
				"en": InstantUpgradeText(u.Stars, u.Until, u.DeciderName, "en")}}
	}
	row, ok, err := st.ClientRating(ctx, sc, clientID)
	if err != nil || !ok {
		return c, err
	}
	c.StarPoints = rating.HundredthsText(row.StarPoints)
	c.ContributionStars, c.ServiceStars, c.UpgradeFloor = row.Contribution, row.Service, row.Floor
	c.Tier, c.ABCClass, c.Matrix, c.Loyalty, c.ParetoTop = row.Tier, row.Class, row.Matrix, row.Loyalty, row.ParetoTop
	c.Lifecycle, c.LifecycleCause, c.Potential = row.Lifecycle, row.LifecycleCause, row.Potential
	for _, s := range row.Signals.List() {
		c.PotentialSignals = append(c.PotentialSignals, s.String())
	}
	c.NearUpgrade, c.DowngradeWarning = row.Near, row.Warning
	if row.RatingMonth != 0 {
		m := fmt.Sprintf("%04d-%02d", row.RatingMonth/100, row.RatingMonth%100)
		c.RatingMonth = &m
	}
	on := row.RatedOn.String()
	c.RatedOn = &on
	if d.Masked {
		// No star points and no explanation: both are the averages of the balances.
		c.StarPoints = ""
		return c, nil
	}

	last, _, err := st.LastImport(ctx)
	if err != nil {
		return c, err
	}
	if last.IsZero() {
		return c, nil
	}
	w := rules.RatingWindow(last.Year(), last.Month())
	if row.RatingMonth != 0 {
		w = rules.RatingWindow(row.RatingMonth/100, time.Month(row.RatingMonth%100))
	}
	in := rating.Inputs{Days: w.Days}
	for _, m := range w.Months() {
		ms, err := st.ClientMonthSums(ctx, clientID, m)
		if err != nil {
			return c, err
		}
		for class, sum := range ms.BalanceSum {
			if err := in.AddBalance(class, sum); err != nil {
				return c, err
			}
		}
		in.Purchases += ms.Purchases
		in.CardSpend += ms.CardSpend
		in.FeeIncome += ms.FeeIncome
	}
	b, err := rules.Points(in)
	if err != nil {
		return c, fmt.Errorf("explain client %s: %w", clientID, err)
	}
	c.Explanation = explain(rules, &b, w, row, last)
	return c, nil
}

func explain(rules *rating.Rules, b *rating.Breakdown, w rating.Window, row store.RatingRow, today domain.Date) *Explanation {
	e := &Explanation{WindowFrom: w.From.String(), WindowTo: w.To.String(), WindowDays: w.Days, StarPoints: b.Total.String(),
		PointsStars: rules.ContributionStars(b.Total), BelowCount: row.Below, Text: map[string]string{}}
	for _, comp := range b.Components {
		basis := "window_total"
		if comp.Kind.IsBalance() {
			basis = "average_daily_balance"
		}
		if comp.Amount == 0 && !comp.Counted {
			continue
		}
		e.Components = append(e.Components, ExplainedComponent{Kind: comp.Kind.String(), Measure: policy.Money(comp.MeasureFen()).YuanString(),
			Basis: basis, Weight: comp.Weight.String(), Points: comp.Points.String(), Counted: comp.Counted})
	}
	keep := domain.NewDate(today.Year(), today.Month()+1, 1).AddDays(-1).Day() - today.Day() + 1
	if g, ok := rules.NextGap(b, row.Service); ok {
		n := &NextGap{Stars: g.Target, Threshold: g.Threshold.String(), Needed: g.Needed.StringUp()}
		for _, way := range g.Ways {
			if !way.OK {
				continue
			}
			gw := GapWay{Kind: way.Kind.String(), Increase: policy.Money(way.Fen).YuanString()}
			if way.Kind.IsBalance() {
				if sum, ok := rating.LumpSum(way.Fen, w.Days, min(keep, w.Days)); ok {
					s := policy.Money(sum).YuanString()
					gw.KeptToMonthEnd = &s
				}
			}
			n.Ways = append(n.Ways, gw)
		}
		e.Next = n
	}
	e.Text["zh"], e.Text["en"] = explainText(e, "zh"), explainText(e, "en")
	return e
}

var kindNames = map[string][2]string{
	"short": {"短期资产日均", "average short-term assets"}, "long": {"长期资产日均", "average long-term assets"},
	"mortgage": {"按揭贷款日均", "average mortgage balance"}, "loan": {"其他贷款日均", "average loan balance"},
	"purchase": {"投资产品购买", "investment purchases"}, "card_spend": {"信用卡消费", "card spending"},
	"fee_income": {"中间业务收入", "fee income"},
}

func explainText(e *Explanation, lang string) string {
	zh := lang == "zh"
	s := fmt.Sprintf("Star points %s over %s to %s (%d days): ", e.StarPoints, e.WindowFrom, e.WindowTo, e.WindowDays)
	if zh {
		s = fmt.Sprintf("星点值 %s(%s 至 %s, 共%d天): ", e.StarPoints, e.WindowFrom, e.WindowTo, e.WindowDays)
	}
	for i, c := range e.Components {
		if i > 0 {
			s += "; "
		}
		name := kindNames[c.Kind][1]
		if zh {
			name = kindNames[c.Kind][0]
		}
		s += fmt.Sprintf("%s ¥%s × %s = %s", name, c.Measure, c.Weight, c.Points)
	}
	if e.Next != nil && len(e.Next.Ways) > 0 {
		w := e.Next.Ways[0]
		for _, x := range e.Next.Ways {
			if x.Kind == "long" {
				w = x
			}
		}
		name := kindNames[w.Kind][1]
		if zh {
			name = kindNames[w.Kind][0]
		}
		if zh {
			s += fmt.Sprintf("。升至%d星还需 %s 星点: %s +¥%s", e.Next.Stars, e.Next.Needed, name, w.Increase)
			if w.KeptToMonthEnd != nil {
				s += fmt.Sprintf(", 或存入 ¥%s 保持至月末", *w.KeptToMonthEnd)
			}
		} else {
			s += fmt.Sprintf(". %d stars take %s more points: +¥%s %s over the window", e.Next.Stars, e.Next.Needed, w.Increase, name)
			if w.KeptToMonthEnd != nil {
				s += fmt.Sprintf(", or ¥%s paid in now and kept to month end", *w.KeptToMonthEnd)
			}
		}
	}
	return s
}

// Month returns the rating month ("2026-03"), or "" before the first monthly rating.
func (c ClientCard) Month() string {
	if c.RatingMonth == nil {
		return ""
	}
	return *c.RatingMonth
}
