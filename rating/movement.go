package rating

import "fmt"

// When ratings move, DOMAIN.md §3: "fast up, slow down" (快升缓降).
//
// A client holds contribution stars and service stars (service ≥ contribution), and a counter of the
// consecutive monthly ratings at which its figures were below them. Each evaluation (Evaluate: star
// points → contribution stars; upgrade floor → service stars) is applied by Move:
//
//   - Up, at once, at any evaluation (the nightly check over the trailing window, or the monthly
//     re-rating over the closed window): each of the two star counts rises to the evaluated one when
//     that is higher. Gaining an upgrade product raises service stars the same night.
//   - Down, only at the monthly re-rating: the client is "below" when either evaluated count is lower
//     than the held one. DOMAIN.md lowers a client "after it has been below its stars for 2 consecutive
//     monthly ratings": at a monthly rating below that makes policy.Rating.GraceMonths consecutive
//     monthly ratings below (this one included), the lower counts drop to the evaluated ones (not one
//     star at a time) and the counter restarts at 0; at an earlier one the counter grows by one and the
//     client gets a downgrade warning (降星预警) saying when it will be lowered. With GraceMonths 2 (the
//     default) a client is warned at the first monthly rating below and lowered at the second; with 0
//     or 1, lowered at the first.
//   - A monthly rating that is not below resets the counter to 0. A nightly check never lowers and
//     never counts; it warns when the figures are below, and resets the counter only when it raises
//     the client and nothing is below.
//
// Each decision carries a stable reason code and its figures (Reason), which pages translate; Reason.Text
// gives the Chinese and English wording.

// Stars are a client's contribution and service stars.
type Stars struct {
	Contribution int
	Service      int
}

// Stars returns the evaluated stars.
func (e *Evaluation) Stars() Stars { return Stars{Contribution: e.Contribution, Service: e.Service} }

// Held is a client's rating as kept between evaluations.
type Held struct {
	Stars
	// Below is the number of consecutive monthly ratings so far at which the client's figures were
	// below its held stars without lowering them.
	Below int
}

// Occasion says which run evaluates the client.
type Occasion int

const (
	// Daily is the nightly check over the trailing window: it may only raise.
	Daily Occasion = iota
	// Monthly is the re-rating on the first business date of the month over the closed window.
	Monthly
)

// Direction is how a star count moved.
type Direction int

// Directions.
const (
	Down Direction = -1
	Same Direction = 0
	Up   Direction = 1
)

// ReasonCode is the stable code of a rating decision, for the rating history and translation.
type ReasonCode string

// Reason codes, most significant first: a decision carries the first that applies.
const (
	// ReasonDown: service stars lowered after the grace period.
	ReasonDown ReasonCode = "down"
	// ReasonUpPoints: service stars raised because star points earn more contribution stars.
	ReasonUpPoints ReasonCode = "up_points"
	// ReasonUpProduct: service stars raised to the floor of an upgrade product.
	ReasonUpProduct ReasonCode = "up_product"
	// ReasonInstant: service stars raised to the floor of an approved instant upgrade application
	// (即时升级申请): at its approval, or by a rating that finds the floor in force above the held stars.
	ReasonInstant ReasonCode = "instant_upgrade"
	// ReasonContributionDown: contribution stars lowered after the grace period; service stars are
	// held by an upgrade product.
	ReasonContributionDown ReasonCode = "contribution_down"
	// ReasonContributionUp: contribution stars raised; service stars are already as high.
	ReasonContributionUp ReasonCode = "contribution_up"
	// ReasonGrace: below at a monthly rating, kept within the grace period (downgrade warning).
	ReasonGrace ReasonCode = "down_grace"
	// ReasonBelowDaily: below at a nightly check; stars are lowered only at a monthly rating (downgrade
	// warning).
	ReasonBelowDaily ReasonCode = "below_daily"
	// ReasonUnchanged: nothing moved and nothing is below.
	ReasonUnchanged ReasonCode = "unchanged"
)

// Reason is a decision's reason code with its figures.
type Reason struct {
	Code ReasonCode
	// From and To are the star counts the code is about: service stars, or contribution stars when
	// OfContribution (the contribution_ codes, and warnings where only the contribution stars are
	// below because an upgrade product holds the service stars). Equal when nothing moved.
	From, To       int
	OfContribution bool
	// Below is the number of consecutive monthly ratings below, this one included for a monthly
	// rating; Grace is policy.Rating.GraceMonths.
	Below, Grace int
	// LowersIn, for a downgrade warning, is the number of monthly ratings from now at which the stars
	// are lowered if the figures stay below: 1 is the next one. 0 otherwise.
	LowersIn int
	// For a downgrade warning: which held stars the figures are below (BelowStars words it), and the held
	// contribution and service stars. A reason read back without them (neither flag set) words the
	// warning by OfContribution.
	BelowContribution, BelowService bool
	HeldContribution, HeldService   int
}

// Which held stars a downgrade warning is about (Reason.BelowStars), as the rating history records it.
const (
	BelowContribution = "contribution" // only the contribution stars; an upgrade product holds the service stars
	BelowService      = "service"      // only the service stars
	BelowBoth         = "both"
)

// BelowStars names the held stars a downgrade warning is about: BelowContribution, BelowService or
// BelowBoth; "" for other reasons.
func (rs Reason) BelowStars() string {
	switch {
	case rs.BelowContribution && rs.BelowService:
		return BelowBoth
	case rs.BelowContribution:
		return BelowContribution
	case rs.BelowService:
		return BelowService
	}
	return ""
}

// SetBelowStars sets the flags BelowStars reads from its word ("" or an unknown word sets neither).
func (rs *Reason) SetBelowStars(s string) {
	rs.BelowContribution = s == BelowContribution || s == BelowBoth
	rs.BelowService = s == BelowService || s == BelowBoth
}

// Decision is the outcome of applying an evaluation to a client's held rating.
type Decision struct {
	// Held is the new held rating.
	Held
	// Service and Contribution say how each count moved.
	Service, Contribution Direction
	// Warning is the downgrade warning (降星预警): the figures are below the held stars, which are kept
	// for now.
	Warning bool
	Reason  Reason
}

// Changed reports whether either star count moved.
func (d Decision) Changed() bool { return d.Service != Same || d.Contribution != Same }

// Move applies an evaluation (the evaluated stars e) to a client's held rating h on an occasion.
func (r *Rules) Move(h Held, e Stars, on Occasion) Decision {
	d := Decision{Held: h}
	cDown, sDown := e.Contribution < h.Contribution, e.Service < h.Service
	below := cDown || sDown
	if e.Contribution > h.Contribution {
		d.Held.Contribution, d.Contribution = e.Contribution, Up
	}
	if e.Service > h.Service {
		d.Held.Service, d.Service = e.Service, Up
	}
	switch {
	case on == Monthly && below && h.Below+1 >= r.grace:
		if cDown {
			d.Held.Contribution, d.Contribution = e.Contribution, Down
		}
		if sDown {
			d.Held.Service, d.Service = e.Service, Down
		}
		d.Held.Below = 0
	case on == Monthly && below:
		d.Held.Below = h.Below + 1
		d.Warning = true
	case on == Monthly:
		d.Held.Below = 0
	case below: // daily
		d.Warning = true
	case d.Changed(): // daily, raised, nothing below
		d.Held.Below = 0
	}

	rs := Reason{From: h.Service, To: d.Held.Service, Grace: r.grace}
	if d.Warning {
		rs.Below = d.Held.Below
		rs.LowersIn = max(r.grace-d.Held.Below, 1)
		rs.BelowContribution, rs.BelowService = cDown, sDown
		rs.HeldContribution, rs.HeldService = h.Contribution, h.Service
	}
	switch {
	case d.Service == Down:
		rs.Code, rs.Below = ReasonDown, h.Below+1
	case d.Service == Up && e.Contribution >= e.Service:
		rs.Code = ReasonUpPoints
	case d.Service == Up:
		rs.Code = ReasonUpProduct
	case d.Contribution == Down:
		rs.Code, rs.From, rs.To, rs.Below = ReasonContributionDown, h.Contribution, d.Held.Contribution, h.Below+1
		rs.OfContribution = true
	case d.Contribution == Up:
		rs.Code, rs.From, rs.To = ReasonContributionUp, h.Contribution, d.Held.Contribution
		rs.OfContribution = true
	case d.Warning && on == Monthly:
		rs.Code = ReasonGrace
	case d.Warning:
		rs.Code = ReasonBelowDaily
	default:
		rs.Code = ReasonUnchanged
	}
	if rs.Code == ReasonGrace || rs.Code == ReasonBelowDaily {
		if !sDown { // only the contribution stars are below; an upgrade product holds the service stars
			rs.From, rs.To, rs.OfContribution = h.Contribution, h.Contribution, true
		}
	}
	d.Reason = rs
	return d
}

// Text returns the reason in words, in lang ("zh" or "zh-CN" for Chinese, anything else English).
func (rs Reason) Text(lang string) string {
	from, to := StarsName(rs.From, lang), StarsName(rs.To, lang)
	if lang == "zh" || lang == "zh-CN" {
		switch rs.Code {
		case ReasonDown:
			return fmt.Sprintf("连续%d次月度评级低于现有星级，服务星级由%s降至%s", rs.Below, from, to)
		case ReasonUpPoints:
			return fmt.Sprintf("星点值达标，服务星级由%s升至%s", from, to)
		case ReasonUpProduct:
			return fmt.Sprintf("持有升级产品，服务星级由%s即时调高至%s", from, to)
		case ReasonInstant:
			return fmt.Sprintf("即时升级申请获批，服务星级由%s调高至%s", from, to)
		case ReasonContributionDown:
			return fmt.Sprintf("连续%d次月度评级低于现有星级，贡献星级由%s降至%s", rs.Below, from, to)
		case ReasonContributionUp:
			return fmt.Sprintf("星点值达标，贡献星级由%s升至%s", from, to)
		case ReasonGrace:
			when := "下次月度评级时降级"
			if rs.LowersIn > 1 {
				when = fmt.Sprintf("此后第%d次月度评级时降级", rs.LowersIn)
			}
			return fmt.Sprintf("降星预警：连续%d次月度评级低于现有%s，如仍低于，将于%s", rs.Below, rs.belowText(lang), when)
		case ReasonBelowDaily:
			return fmt.Sprintf("降星预警：当前星点值低于现有%s，降级仅在月度评级时进行", rs.belowText(lang))
		}
		return fmt.Sprintf("保持%s", to)
	}
	switch rs.Code {
	case ReasonDown:
		return fmt.Sprintf("Service stars lowered from %s to %s after %d consecutive monthly ratings below", from, to, rs.Below)
	case ReasonUpPoints:
		return fmt.Sprintf("Service stars raised from %s to %s: star points qualify", from, to)
	case ReasonUpProduct:
		return fmt.Sprintf("Service stars raised from %s to %s at once: upgrade product held", from, to)
	case ReasonInstant:
		return fmt.Sprintf("Service stars raised from %s to %s: instant upgrade application approved", from, to)
	case ReasonContributionDown:
		return fmt.Sprintf("Contribution stars lowered from %s to %s after %d consecutive monthly ratings below", from, to, rs.Below)
	case ReasonContributionUp:
		return fmt.Sprintf("Contribution stars raised from %s to %s: star points qualify", from, to)
	case ReasonGrace:
		when := "at the next monthly rating"
		if rs.LowersIn > 1 {
			when = fmt.Sprintf("%d monthly ratings from now", rs.LowersIn)
		}
		return fmt.Sprintf("Downgrade warning: below the held %s at %d consecutive monthly rating(s); lowered %s if still below",
			rs.belowText(lang), rs.Below, when)
	case ReasonBelowDaily:
		return fmt.Sprintf("Downgrade warning: star points are below the held %s; stars are lowered only at a monthly rating",
			rs.belowText(lang))
	}
	return fmt.Sprintf("Unchanged at %s", to)
}

// belowText names the held stars a downgrade warning is about, with their level: "贡献星级(四星)",
// "服务星级(五星)", "贡献星级(四星)和服务星级(五星)"; contribution stars alone say that an upgrade product holds
// the service stars.
func (rs Reason) belowText(lang string) string {
	zh := lang == "zh" || lang == "zh-CN"
	c, s := StarsName(rs.HeldContribution, lang), StarsName(rs.HeldService, lang)
	switch rs.BelowStars() {
	case BelowBoth:
		if zh {
			return fmt.Sprintf("贡献星级(%s)和服务星级(%s)", c, s)
		}
		return fmt.Sprintf("contribution stars (%s) and service stars (%s)", c, s)
	case BelowContribution:
		if zh {
			return fmt.Sprintf("贡献星级(%s)，服务星级(%s)由所持升级产品保持", c, s)
		}
		return fmt.Sprintf("contribution stars (%s); the service stars (%s) are held by an upgrade product", c, s)
	case BelowService:
		if zh {
			return fmt.Sprintf("服务星级(%s)", s)
		}
		return fmt.Sprintf("service stars (%s)", s)
	}
	from := StarsName(rs.From, lang)
	if zh {
		return fmt.Sprintf("%s(%s)", which(rs, "贡献星级", "服务星级"), from)
	}
	return fmt.Sprintf("%s (%s)", which(rs, "contribution stars", "service stars"), from)
}

func which(rs Reason, contribution, service string) string {
	if rs.OfContribution {
		return contribution
	}
	return service
}
