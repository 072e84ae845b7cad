// Package rating holds the rules of DOMAIN.md §3 and §4: star points, contribution and service stars,
// how ratings move, asset tiers and their keepers, and the other segmentations. The functions are pure
// (no I/O, no clock, no database): the nightly pipeline and the monthly re-rating feed them figures
// read from the store and record what they return.
//
// Build Rules once from the policy with New; they check the policy values the rules depend on and
// prepare them for exact integer arithmetic. Money is int64 fen; star points are exact rationals held
// as 128-bit integers over a known denominator (StarPoints), compared with thresholds exactly and shown
// rounded down to 2 decimals. No floating point is used.
//
// Where each rule lives:
//
//	DOMAIN.md §3 star points (星点值), the weights, average daily balance      points.go
//	§3 the window: 6 most recent complete calendar months; the trailing
//	   window of the daily upgrade check                                       window.go
//	§3 contribution stars (贡献星级) from points; upgrade floors and
//	   service stars (服务星级)                                                stars.go
//	§3 when ratings move: fast up, slow down (快升缓降), grace period,
//	   downgrade warning (降星预警), reasons                                    movement.go
//	§3 explanation: what the next star takes; near-upgrade (临界客户)          explain.go
//	§4 asset tiers T1–T5, who keeps them, their duties; A/B/C classes         tiers.go
//	§4 loyalty score (忠诚度)                                                  loyalty.go
//	§4 value × loyalty matrix (客户矩阵); 80/20 vital few (二八法则)            segments.go
//	§4 life-cycle: new, active, dormant (沉睡), churning, lost (流失)           lifecycle.go
//	§4 potential (潜力客户): signals and score                                  potential.go
//
// rules.go builds Rules from the policy; int128.go is the exact integer arithmetic.
//
// Values DOMAIN.md and the policy leave open are exported constants beside the rule that uses them:
// FeeIncomeWeightHundredths, the loyalty sub-score constants (LoyaltyTenureFullMonths, LoyaltyKindsFull,
// LoyaltyTxnsFull), LostAUMBelowFen, PotentialLargeFen and the potential weights.
package rating
