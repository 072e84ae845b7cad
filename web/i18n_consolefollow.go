package web

// The texts of the supervisor's follow-up sections: this month's maturing clients, intent clients and
// referrals (console_follow.go).
func init() {
	addMessages(consoleFollowMessages)
}

var consoleFollowMessages = map[string]message{
	"follow.maturing.title":  {"本月产品到期客户", "Clients with products maturing this month"},
	"follow.maturing.note":   {"本网点客户 %s 至 %s 到期的产品；无服务关系的客户可在此直接指定客户经理", "Products of the outlet's clients maturing from %s to %s; a client without a client manager can be assigned here"},
	"follow.maturing.none":   {"本月余下的日子里没有到期的产品。", "No product matures in the rest of this month."},
	"follow.intent.title":    {"意向客户跟进", "Intent clients"},
	"follow.intent.note":     {"近30天联络结果为“有意向”的客户，及其后是否跟进（再次联络或完成任务）；7天内未跟进的为逾期", "Clients whose contact in the last 30 days ended \"interested\", and whether they were followed up since (another contact or a finished task); overdue after 7 days without one"},
	"follow.intent.none":     {"近30天没有联络结果为“有意向”的客户。", "No contact in the last 30 days ended \"interested\"."},
	"follow.referrals.title": {"引见跟进", "Referrals"},
	"follow.referrals.note":  {"近30天柜员、大堂经理等转介给客户经理的客户，及接手的客户经理是否已跟进（联络客户或完成任务）", "Clients handed to client managers by tellers, lobby managers and others in the last 30 days, and whether the receiving manager followed up (contacted the client or finished the task)"},
	"follow.referrals.none":  {"近30天没有引见。", "No referral in the last 30 days."},
	"follow.count":           {"共 %d 条", "%d {row|rows}"},
	"follow.seeAll":          {"查看全部 %d 条", "See all %d"},
	"follow.openList":        {"筛选、排序与导出", "Filter, sort and export"},
	"follow.backConsole":     {"返回主管工作台", "Back to the console"},
	"follow.product":         {"产品", "Product"},
	"follow.maturity":        {"到期日", "Matures on"},
	"follow.unassigned":      {"无服务关系", "No client manager"},
	"follow.onlyUnassigned":  {"只看无服务关系的客户", "Only clients without a client manager"},
	"follow.onlyToday":       {"只看今天的", "Today's only"},
	"follow.pickRM":          {"选择客户经理", "Choose a client manager"},
	"follow.override":        {"超出上限仍指定", "Beyond the cap"},
	"follow.assign":          {"指定", "Assign"},
	"follow.assignNeeds":     {"请选择客户经理并填写原因。", "Please choose a client manager and give a reason."},
	"follow.by":              {"联络人", "Contacted by"},
	"follow.date":            {"日期", "Date"},
	"follow.note":            {"备注", "Note"},
	"follow.followed":        {"跟进情况", "Followed up"},
	"follow.followedAt":      {"跟进时间", "Followed up on"},
	"follow.from":            {"引见人", "Referred by"},
	"follow.to":              {"接手客户经理", "Referred to"},
	"follow.due":             {"应跟进日期", "Follow up by"},
	"follow.dueOn":           {"应于 %s 跟进", "due %s"},
	"follow.badFilter":       {"筛选条件无法识别，请重新选择。", "The filter was not understood; please choose again."},

	"object.console_maturing":  {"本月产品到期客户清单", "this month's maturing clients"},
	"object.console_intent":    {"意向客户跟进清单", "intent clients"},
	"object.console_referrals": {"引见跟进清单", "referrals"},
	"object.maturing":          {"本月产品到期客户清单", "this month's maturing clients"},
	"object.intent":            {"意向客户跟进清单", "intent clients"},
	"object.referrals":         {"引见跟进清单", "referrals"},

	"follow.state.followed":  {"已跟进", "Followed up"},
	"follow.state.open":      {"待跟进", "Waiting"},
	"follow.state.overdue":   {"逾期未跟进", "Overdue"},
	"follow.state.cancelled": {"已取消", "Cancelled"},
}
