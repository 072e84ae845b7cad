package web

// The home page's figures of a client manager's own book, the client list's switch between the book and
// the outlet's unassigned clients, and the team's work diaries (kept apart from i18n.go's big table,
// merged into the catalogue at start-up).
func init() {
	addMessages(bookMessages)
}

var bookMessages = map[string]message{
	"home.ownClients":       {"我负责的客户", "Clients I keep"},
	"home.ownClientsNote":   {"与您建立服务关系的客户", "clients whose service relationship is with you"},
	"home.ownAUM":           {"我负责客户的管理资产", "Financial assets of my clients"},
	"home.ownAUMNote":       {"您负责的客户的资产合计（AUM）", "total AUM of the clients you keep"},
	"home.ownTiers":         {"我负责客户的分层", "My clients by asset tier"},
	"home.ownTop":           {"我负责客户中资产前十位", "My top 10 clients by financial assets"},
	"home.ownTopEmpty":      {"您尚未负责任何客户。", "You keep no clients yet."},
	"home.outletUnassigned": {"本网点未分配客户 %d 户（只读）", "%d unassigned {client|clients} of the outlet (read-only)"},
	"home.linkOwnClients":   {"我负责的客户", "Clients I keep"},
	"col.countShare":        {"客户数占比", "Share of clients"},
	"col.aumShare":          {"资产占比", "Share of assets"},
	"clients.mine":          {"我负责的客户（%d 户）", "Clients I keep (%d)"},
	"clients.outletFree":    {"本网点未分配客户（%d 户，只读）", "Unassigned clients of the outlet (%d, read-only)"},
	"clients.allVisible":    {"全部可见", "All I may see"},
	"clients.bookSwitch":    {"查看范围", "Which clients"},

	"diary.whose":             {"%s 的工作日志", "%s's work diary"},
	"diary.team":              {"团队工作日志", "The team's work diaries"},
	"diary.teamLink":          {"查看团队工作日志", "Read the team's work diaries"},
	"diary.mine":              {"我的工作日志", "My work diary"},
	"diary.day":               {"日期", "Date"},
	"diary.show":              {"查看", "Show"},
	"diary.past":              {"以往的工作日志", "Earlier diaries"},
	"diary.noPast":            {"此前没有写过工作日志。", "No diary written before this day."},
	"diary.notWritten":        {"未填写", "not written"},
	"diary.person":            {"姓名", "Name"},
	"diary.prevDay":           {"前一天", "Day before"},
	"diary.nextDay":           {"后一天", "Day after"},
	"diary.noTeam":            {"本网点团队中没有其他成员。", "Nobody else is in the outlet's team."},
	"action.diary_read":       {"查看工作日志", "work diary read"},
	"object.work_diary":       {"团队工作日志", "team's work diaries"},
	"auditfield.diary_day":    {"日志日期", "Diary of"},
	"auditfield.diary_before": {"此日以前的日志", "Diaries before"},
	"auditfield.diaries":      {"日志份数", "Diaries"},
	"diary.badDay":            {"日期无效：请选择今天或以前的日期。", "Invalid date: choose today or a day before."},
}
