package web

// workMessages are the texts of the team's work: tasks a supervisor assigns, the team's schedule, and the
// alerts that keep clients contacted and their files fresh. They join the catalogue at start-up.
var workMessages = map[string]message{
	// Upkeep alerts (DOMAIN.md §5).
	"alert.contact_overdue":   {"联系逾期", "Contact overdue"},
	"alert.phone_stale":       {"电话未核实", "Phone not verified"},
	"alert.info_incomplete":   {"信息不完整", "Information incomplete"},
	"alert.text.overdue":      {"上次联系 %s, 维护周期 %d 天, 已逾期 %d 天", "last contact %s, cadence %d days, %d days overdue"},
	"alert.text.overdueNever": {"尚无联系记录, 维护周期 %d 天, 已逾期 %d 天", "never contacted, cadence %d days, %d days overdue"},
	"alert.text.phoneStale":   {"电话自 %s 起未核实(超过 %d 个月)", "phone not verified since %s (over %d months)"},
	"alert.text.phoneNever":   {"电话从未核实, 自开户日 %s 起超过 %d 个月", "phone never verified, over %[2]d months since the account opened on %[1]s"},
	"phone.verified":          {"电话核实", "Phone verified"},
	"phone.never":             {"从未核实(自开户日 %s 起算)", "never (counted from the opening on %s)"},
	"phone.verify":            {"电话已核实", "Phone verified"},
	"phone.noMobile":          {"该客户没有手机号，无法核实。", "The client has no mobile to verify."},
	"flash.phone":             {"已记录电话核实。", "The phone was recorded as verified."},
}

func init() {
	for k, m := range workMessages {
		if _, ok := messages[k]; !ok { // the main catalogue wins
			messages[k] = m
		}
	}
}
