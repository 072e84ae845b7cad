package web

// The supervisor's console's texts (console.go).
func init() {
	addMessages(consoleMessages)
}

var consoleMessages = map[string]message{
	"nav.console":            {"工作台", "Console"},
	"console.title":          {"主管工作台", "Supervisor's console"},
	"console.sub":            {"%s · %s · 按客户经理主管每日规定动作依次排列", "%s · %s · the supervisor's prescribed day, in order"},
	"console.toc":            {"工作台目录", "Console sections"},
	"console.toc1":           {"审批", "Approvals"},
	"console.toc2":           {"日程", "Schedule"},
	"console.toc3":           {"重点关注", "Key focus"},
	"console.toc4":           {"服务关系", "Relationships"},
	"console.toc5":           {"大额变动", "Large movements"},
	"console.toc6":           {"营销活动", "Campaigns"},
	"console.toc7":           {"系统使用", "System use"},
	"console.toc8":           {"信息完整度", "Completeness"},
	"console.toc9":           {"重点客户", "Key-focus clients"},
	"console.toc10":          {"到期客户", "Maturing"},
	"console.toc11":          {"意向客户", "Intent"},
	"console.toc12":          {"引见跟进", "Referrals"},
	"object.console":         {"主管工作台", "supervisor's console"},
	"object.keyfocus-alerts": {"重点关注客户预警清单", "key-focus clients' alerts"},
	"object.large-movements": {"大额变动客户清单", "large movements"},
	"object.books":           {"客户经理服务客户数与上限", "client managers' books against the cap"},
	"console.forbidden":      {"主管工作台仅供网点的客户经理主管和网点负责人使用。", "The console is for an outlet's supervisor and outlet manager."},

	"console.s1":               {"一、待审批事项（客户关系建立、VIP即时申请、轮岗交接、节日问候）", "1. Approvals waiting (relationship requests, instant upgrades, handovers, greetings)"},
	"console.waitingTotal":     {"共 %d 项待处理", "%d waiting"},
	"console.waitingWhat":      {"事项", "What"},
	"console.waitingCount":     {"待处理", "Waiting"},
	"console.waitingWhere":     {"办理", "Where"},
	"console.requests":         {"客户关系建立申请", "Relationship requests"},
	"console.upgrades":         {"VIP即时申请", "Instant upgrade applications"},
	"console.upgradesPage":     {"VIP即时申请审批", "Instant upgrades"},
	"console.rotations":        {"待审批的轮岗交接计划", "Handover plans to approve"},
	"console.drafts":           {"本人起草、尚未提交的轮岗交接计划", "Your draft handover plans not yet submitted"},
	"console.queue":            {"二次待指定客户（待重新指定客户经理）", "Clients waiting for a manager (待指定)"},
	"console.greetings":        {"待审批的节日问候批次", "Greeting batches to approve"},
	"console.greetingMessages": {"共 %d 条问候", "%d {message|messages}"},

	"console.s2":            {"二、今日日程与团队日程（至少提前一周安排）", "2. Today's schedule and the team's (planned a week ahead)"},
	"console.teamWeek":      {"团队周日程", "The team's week"},
	"console.mineToday":     {"本人今日任务", "Your tasks today"},
	"console.overdue":       {"另有 %d 项逾期未办", "%d more overdue"},
	"console.allToday":      {"查看全部今日任务", "All of today's tasks"},
	"console.nothingToday":  {"今日没有安排任务。", "Nothing scheduled for today."},
	"console.team":          {"团队成员日程", "The team's schedule"},
	"console.member":        {"成员", "Member"},
	"console.role":          {"岗位", "Role"},
	"console.todayCount":    {"今日任务", "Today"},
	"console.nextWeekCount": {"下周（%s 起）已安排", "Next week (from %s)"},
	"console.planShort":     {"下周安排不足", "Next week short"},
	"console.planMin":       {"客户经理每周至少安排 %d 项任务；不足者已标出。", "Each client manager should plan at least %d {task|tasks} a week; those short are marked."},

	"console.s3":     {"三、重点关注客户提醒", "3. Key-focus clients' alerts"},
	"console.kfNone": {"本网点重点关注客户目前没有未处理的预警。", "No open alerts of the outlet's key-focus clients."},

	"console.s4":             {"四、网点客户数、已服务人数与人均服务上限", "4. Outlet clients, those served and the per-RM cap"},
	"console.capOf":          {"%s 上限", "%s cap"},
	"console.capNote":        {"每格为该层级已服务客户数 / 人均服务上限；超出上限者已标出。", "Each cell is the clients served in the tier / the per-RM cap; those over the cap are marked."},
	"console.unassigned":     {"未指定服务关系的客户：%d 户（按层级，高层级在前）", "Clients without a client manager: %d (by tier, highest first)"},
	"console.assignFrom":     {"指定服务关系", "Assign"},
	"console.openList":       {"打开客户列表", "Open the list"},
	"console.unrated":        {"尚未评级", "Not yet rated"},
	"console.noneUnassigned": {"本网点客户均已指定客户经理。", "Every client of the outlet has a client manager."},

	"console.s5":     {"五、大额变动客户（近 7 天）", "5. Large movements (last 7 days)"},
	"console.since":  {"%s 起", "since %s"},
	"console.mvNone": {"近 7 天本网点客户没有未处理的大额变动或他行转出预警。", "No open large-movement or moved-out alerts of the outlet's clients in the last 7 days."},

	"console.s6":            {"六、专题营销活动提醒", "6. Campaign reminders"},
	"console.campaignsNone": {"专题营销活动随营销管理功能提供，目前尚无活动需要分派。", "Campaigns come with the sales work; there are none to dispatch yet."},
}
