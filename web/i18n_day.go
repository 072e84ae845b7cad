package web

// The day list's texts: what to do about each alert rule, and the day's counts (kept apart from i18n.go's
// big table, merged into the catalogue at start-up).
func init() {
	addMessages(dayMessages)
}

// AlertTodo is what the person should do about an alert of rule: the second line of each day-list entry.
func (v *view) AlertTodo(rule string) string {
	key := "alert.todo." + rule
	if _, ok := messages[key]; !ok {
		return ""
	}
	return v.T(key)
}

var dayMessages = map[string]message{
	"alert.todo.large_movement":    {"致电了解资金用途，推荐合适的存款或理财安排", "Call to learn what the money is for; suggest a deposit or wealth product that fits"},
	"alert.todo.moved_out":         {"尽快联系客户了解转出原因，争取资金回流", "Call soon to learn why the money left, and win it back"},
	"alert.todo.maturity":          {"到期前联系客户商议续存或转购合适产品", "Call before maturity to discuss renewal or a suitable product"},
	"alert.todo.birthday":          {"生日当天致电或短信祝福；高层级客户可备礼登门", "Call or send wishes on the day; for top tiers, a visit with a small gift"},
	"alert.todo.risk_expiring":     {"邀请客户到网点或线上重新完成风险测评", "Invite the client to redo the risk questionnaire at the outlet or online"},
	"alert.todo.risk_expired":      {"测评已过期：R1 以上产品暂停销售，请尽快安排重新测评", "Expired: no sale above R1 until the questionnaire is redone; arrange it soon"},
	"alert.todo.stars_up":          {"致电告知星级提升及相应权益", "Call to tell the client about the higher stars and their benefits"},
	"alert.todo.stars_down":        {"了解资产减少原因，制定挽回方案", "Find out why assets fell and plan how to win them back"},
	"alert.todo.tier_up":           {"按新层级建立客户档案、安排维护频次", "Open the file and the contact cadence the new tier calls for"},
	"alert.todo.tier_down":         {"了解资产变化原因，调整维护方式", "Learn why assets changed and adjust how the client is kept"},
	"alert.todo.downgrade_warning": {"月末前联系客户，建议保持或增加资产以保住星级", "Call before month end: keeping or adding assets keeps the stars"},
	"alert.todo.near_upgrade":      {"临界客户：推荐存款或理财，助其升星", "Close to the next star: suggest a deposit or wealth product to get there"},
	"alert.todo.dormant":           {"电话唤醒，邀请客户到网点了解新产品", "Call to reawaken; invite the client to the outlet to hear about new products"},
	"alert.todo.churning":          {"尽快回访，了解不满意之处并提出挽留方案", "Visit or call soon: find what went wrong and offer a way to stay"},
	"alert.todo.lost":              {"记录流失原因，评估是否值得挽回", "Record why the client left and judge whether to try to win them back"},
	"alert.todo.info_incomplete":   {"下次接触时补全客户档案", "Complete the client's file at the next contact"},
	"alert.todo.contact_overdue":   {"已超出维护频次，请尽快联系客户", "Past the tier's cadence: contact the client soon"},
	"alert.todo.phone_stale":       {"联系时核实电话号码，并点击“电话已核实”", "Check the phone number when in touch, then click “phone verified”"},
	"alert.todo.holiday_greeting":  {"节日当天亲自致电问候或登门拜访", "Call in person on the day, or visit"},
	"duty.title":                   {"本岗职责", "Your duties"},
	"duty.teller.1":                {"高柜服务 5 万元以下（T1）客户：节日问候由系统统一准备", "High-counter clients under 5万 (T1): holiday greetings, which Steward prepares"},
	"duty.teller.2":                {"办理业务时留意潜力信号（他行贵宾卡、咨询理财、高档住址），在客户页一键记录", "Watch for potential (another bank's VIP card, questions about wealth products, an upmarket address) and record it on the client page in one click"},
	"duty.teller.3":                {"把潜力客户移交给本网点客户经理（见下表）", "Hand promising clients to an RM of the outlet (below)"},
	"duty.teller_vip.1":            {"低柜/贵宾柜 5 万–20 万元（T2）客户：在柜面补全生日、住址、电话并核实", "Low/VIP-counter clients of 5万–20万 (T2): collect and check birthday, address and phone at the counter"},
	"duty.teller_vip.2":            {"按季度联系 T2 客户（系统按频次生成任务）", "Contact T2 clients every quarter (Steward creates the tasks)"},
	"duty.teller_vip.3":            {"发现可升级客户，记录观察并移交客户经理", "Spot clients who could move up: record what you see and hand them to an RM"},
	"duty.lobby.1":                 {"与客户经理共同维护 20 万–50 万元（T3）客户：迎送、引导、识别", "Co-keep the 20万–50万 (T3) book with the RM: greet, guide, recognise"},
	"duty.lobby.2":                 {"在大堂发现潜力客户，记录观察并移交客户经理", "Spot prospects on the floor, record what you see and hand them to an RM"},
	"tl.sale":                      {"销售", "Sale"},
	"sale.purchase":                {"购买产品", "Bought"},
	"sale.opened":                  {"开户", "Account opened"},
	"home.todayDone":               {"今日已完成：联系客户 %d 次 · 办结预警 %d 条 · 完成任务 %d 项", "Done today: %d {contact|contacts} · %d {alert|alerts} closed · %d {task|tasks} done"},
	"home.todayOpen":               {"待处理：预警 %d 条 · 今日及逾期任务 %d 项", "To do: %d {alert|alerts} · %d {task|tasks} due today or overdue"},
}
