package rating

import (
	"testing"

	"github.com/steward-bank/steward/policy"
)

// An instant upgrade floor raises the service stars like a product's floor, under its own reason; once it
// no longer counts, a nightly check keeps the stars and warns, and the monthly re-rating lowers them only
// after the grace period.
func TestInstantFloor(t *testing.T) {
	r, err := New(policy.Default())
	if err != nil {
		t.Fatal(err)
	}
	// 500 yuan of demand deposits over the window: pre-star.
	f := Figures{ClientID: "C1", Inputs: Inputs{Days: 181, Short: 500_00 * 181}, Held: Held{Stars: Stars{Contribution: 1, Service: 1}}}
	f.Instant = 5
	a, err := r.Assess(&f, Daily)
	if err != nil {
		t.Fatal(err)
	}
	if a.Eval.Contribution != 1 || a.Eval.Instant != 5 || a.Decision.Held.Service != 5 || a.Decision.Reason.Code != ReasonInstant {
		t.Fatalf("with the floor: eval %+v, decision %+v", a.Eval, a.Decision)
	}
	if got := a.Decision.Reason.Text("zh"); got != "即时升级申请获批，服务星级由准星调高至五星" {
		t.Errorf("reason text %q", got)
	}
	// Held at five with the floor in force: a monthly re-rating keeps them, with nothing below.
	f.Held = a.Decision.Held
	if a, _ = r.Assess(&f, Monthly); a.Decision.Changed() || a.Decision.Warning {
		t.Errorf("monthly with the floor: %+v", a.Decision)
	}
	// A product floor as high gives the stars its own reason.
	g := f
	g.Held, g.Holdings = Held{Stars: Stars{Contribution: 1, Service: 1}}, WealthAccount
	if a, _ = r.Assess(&g, Daily); a.Decision.Reason.Code != ReasonUpProduct {
		t.Errorf("a product floor as high as the instant one: reason %s", a.Decision.Reason.Code)
	}
	// The floor has ended.
	f.Instant = 0
	if a, _ = r.Assess(&f, Daily); a.Decision.Changed() || !a.Decision.Warning || a.Decision.Reason.Code != ReasonBelowDaily {
		t.Errorf("nightly after the floor: %+v", a.Decision)
	}
	a, _ = r.Assess(&f, Monthly)
	if a.Decision.Held.Service != 5 || a.Decision.Held.Below != 1 || a.Decision.Reason.Code != ReasonGrace {
		t.Errorf("first monthly after the floor: %+v", a.Decision)
	}
	f.Held = a.Decision.Held
	if a, _ = r.Assess(&f, Monthly); a.Decision.Held.Service != 1 || a.Decision.Reason.Code != ReasonDown {
		t.Errorf("second monthly after the floor: %+v", a.Decision)
	}
	// An invalid level counts as none.
	e := Evaluation{Contribution: 3, Service: 3}
	if e.WithInstant(2); e.Service != 3 || e.Instant != 0 {
		t.Errorf("a floor of 2: %+v", e)
	}
}
