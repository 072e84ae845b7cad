package ingest

// CheckAmounts reports every amount of the batch larger than max fen in size (the policy's
// feeds.max_amount): an account's balance, a transaction's amount, a fee income. Such a row refuses the
// batch like any other bad row: a figure of that size is a fault of the core system, and summed into a
// client's month it would make every total after it wrong. At most MaxIssuesPerFile errors are returned
// per file.
func (b *Batch) CheckAmounts(max int64) []Issue {
	if max <= 0 {
		return nil
	}
	c := &refChecker{b: b}
	reason := "is larger than the largest amount a row may carry (" + FormatAmount(max) + ", the policy's feeds.max_amount)"
	over := func(v int64) bool { return v > max || v < -max }
	c.file(KindACCT)
	for _, r := range b.Accounts {
		if over(r.Balance) {
			c.fail(r.Line, "balance", FormatAmount(r.Balance), reason)
		}
	}
	c.file(KindTXN)
	for _, r := range b.Txns {
		if over(r.Amount) {
			c.fail(r.Line, "amount", FormatAmount(r.Amount), reason)
		}
	}
	c.file(KindINCOME)
	for _, r := range b.Income {
		if over(r.Amount) {
			c.fail(r.Line, "amount", FormatAmount(r.Amount), reason)
		}
	}
	c.flush()
	return c.out
}
