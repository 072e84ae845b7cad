package rating

import "github.com/steward-bank/steward/domain"

// Loyalty score (忠诚度), DOMAIN.md §4: 0–100 from six components weighted by
// policy.Segments.LoyaltyWeights (which sum to 100). DOMAIN.md names the components; the sub-scores
// below are Steward's. Each sub-score is a fraction from 0 to 1, computed in integers and rounded down
// to a millionth (µ):
//
//	tenure          min(whole months since the relationship opened, 120) / 120
//	                (LoyaltyTenureFullMonths: ten years or more is full loyalty on this count)
//	product kinds   min(product kinds held, 5) / 5 (LoyaltyKindsFull; kinds are FEEDS.md PROD.category:
//	                demand, time, wealth, fund, insurance, bond, metal, loan, credit_card, agreement)
//	frequency       min(client-initiated transactions in the last 12 months, 120) / 120
//	                (LoyaltyTxnsFull: about ten a month)
//	responsiveness  contacts answered / contacts made in the last 12 months; 1/2 when none was made
//	share of wallet kept / (kept + moved out): kept is the current AUM, moved out the money sent to
//	                other banks in the last 12 months; 1/2 when both are 0
//	credit grade    AAA 6/6, AA 5/6, A 4/6, BBB 3/6, BB 2/6, B 1/6, C 0; ungraded (or an unknown
//	                grade) 3/6
//
//	score = ⌊ Σ weight × sub-score(µ) / 10^6 ⌋
//
// so every sub-score at 1 gives 100 and every one at 0 gives 0. "High" loyalty is a score of at least
// policy.Segments.HighLoyaltyMin.

// Constants of the loyalty sub-scores (see above).
const (
	LoyaltyTenureFullMonths = 120
	LoyaltyKindsFull        = 5
	LoyaltyTxnsFull         = 120
)

// micro is 1 in millionths: sub-scores are held in µ.
const micro = 1_000_000

// LoyaltyInputs are a client's figures for the loyalty score.
type LoyaltyInputs struct {
	// Opened is the date the relationship opened; On is the date of the score.
	Opened, On domain.Date
	// ProductKinds is the number of product kinds (PROD.category) the client holds.
	ProductKinds int
	// Txns is the number of client-initiated transactions in the 12 months up to On.
	Txns int
	// ContactsMade and ContactsAnswered count the contacts staff made with the client in the 12
	// months up to On, and those the client answered or responded to.
	ContactsMade, ContactsAnswered int
	// KeptFen is the client's current AUM; MovedOutFen the money sent to other banks in the 12 months
	// up to On. Negative values count as 0.
	KeptFen, MovedOutFen int64
	// CreditGrade is FEEDS.md CUST.credit_grade: AAA, AA, A, BBB, BB, B, C, or "" (ungraded).
	CreditGrade string
}

// LoyaltyComponent names a component of the loyalty score.
type LoyaltyComponent string

// The components of the loyalty score, in the order of DOMAIN.md §4.
const (
	LoyaltyTenure         LoyaltyComponent = "tenure"
	LoyaltyProductKinds   LoyaltyComponent = "product_kinds"
	LoyaltyTxnFrequency   LoyaltyComponent = "txn_frequency"
	LoyaltyResponsiveness LoyaltyComponent = "responsiveness"
	LoyaltyShareOfWallet  LoyaltyComponent = "share_of_wallet"
	LoyaltyCreditGrade    LoyaltyComponent = "credit_grade"
)

// LoyaltyPart is one component's share of the score.
type LoyaltyPart struct {
	Component LoyaltyComponent
	// Sub is the sub-score in millionths (0 to 1 000 000).
	Sub int64
	// Weight is the component's policy weight.
	Weight int
}

// Loyalty is a client's loyalty score with its parts.
type Loyalty struct {
	// Score is 0–100, rounded down.
	Score int
	// Micro is the exact weighted sum in millionths of a score point (0 to 100 000 000), to rank
	// clients finer than Score.
	Micro int64
	Parts [6]LoyaltyPart
	// High is Score ≥ policy.Segments.HighLoyaltyMin.
	High bool
}

// Loyalty computes a client's loyalty score.
func (r *Rules) Loyalty(in LoyaltyInputs) Loyalty {
	w := &r.segments.LoyaltyWeights
	l := Loyalty{Parts: [6]LoyaltyPart{
		{LoyaltyTenure, ratioMicro(int64(min(max(MonthsBetween(in.Opened, in.On), 0), LoyaltyTenureFullMonths)), LoyaltyTenureFullMonths), w.Tenure},
		{LoyaltyProductKinds, ratioMicro(int64(min(max(in.ProductKinds, 0), LoyaltyKindsFull)), LoyaltyKindsFull), w.ProductKinds},
		{LoyaltyTxnFrequency, ratioMicro(int64(min(max(in.Txns, 0), LoyaltyTxnsFull)), LoyaltyTxnsFull), w.TxnFrequency},
		{LoyaltyResponsiveness, responsiveness(in.ContactsMade, in.ContactsAnswered), w.Responsiveness},
		{LoyaltyShareOfWallet, shareOfWallet(in.KeptFen, in.MovedOutFen), w.ShareOfWallet},
		{LoyaltyCreditGrade, creditGradeMicro(in.CreditGrade), w.CreditGrade},
	}}
	for _, p := range l.Parts {
		l.Micro += int64(p.Weight) * p.Sub
	}
	l.Score = int(l.Micro / micro)
	l.High = l.Score >= r.segments.HighLoyaltyMin
	return l
}

// ratioMicro returns ⌊a × 10^6 / b⌋ for 0 ≤ a ≤ b, b > 0.
func ratioMicro(a, b int64) int64 {
	q, _ := mul64(a, micro).divFloor(uint64(b))
	v, _ := q.int64()
	return v
}

func responsiveness(made, answered int) int64 {
	if made <= 0 {
		return micro / 2
	}
	return ratioMicro(int64(min(max(answered, 0), made)), int64(made))
}

func shareOfWallet(kept, moved int64) int64 {
	kept, moved = max(kept, 0), max(moved, 0)
	if kept == 0 && moved == 0 {
		return micro / 2
	}
	q, _ := mul64(kept, micro).divFloor(uint64(kept) + uint64(moved)) // the sum fits in 64 unsigned bits
	v, _ := q.int64()
	return v
}

var creditGrades = map[string]int64{"AAA": 6, "AA": 5, "A": 4, "BBB": 3, "BB": 2, "B": 1, "C": 0}

func creditGradeMicro(g string) int64 {
	n, ok := creditGrades[g]
	if !ok {
		n = 3
	}
	return ratioMicro(n, 6)
}

// MonthsBetween returns the whole months from a to b, a month ending on the same day of the month or,
// when that month is shorter, on its last day: 2024-01-31 to 2024-02-28 is 0, to 2024-02-29 is 1, to
// 2024-03-30 is 1. It is negative when b is before a, and 0 when either date is absent.
func MonthsBetween(a, b domain.Date) int {
	if a.IsZero() || b.IsZero() {
		return 0
	}
	if b.Before(a) {
		return -MonthsBetween(b, a)
	}
	n := (b.Year()-a.Year())*12 + int(b.Month()-a.Month())
	if b.Day() < a.Day() && b.Day() != domain.DaysIn(b.Year(), int(b.Month())) {
		n--
	}
	return n
}
