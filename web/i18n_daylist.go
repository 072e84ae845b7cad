package web

// The texts of the day list's pages: the alerts and tasks lists with their counts, filters and paging,
// alert texts relative to the viewing day, and the error page (kept apart from i18n.go's big table).
func init() {
	addMessages(dayListMessages)
}

var dayListMessages = map[string]message{
	// The error page.
	"errpage.internalTitle": {"系统出错", "Something went wrong"},
	"errpage.backPrevious":  {"返回上一页", "Back to the previous page"},
	"errpage.toLogin":       {"前往登录", "Go to sign-in"},

	// The navigation and the home page's day list.
	"nav.alerts":      {"预警", "Alerts"},
	"home.allAlerts":  {"查看全部 %d 条预警", "See all %d {alert|alerts}"},
	"home.alertsPage": {"预警列表", "Alert list"},
	"home.tasksPage":  {"任务列表", "Task list"},

	// The alerts page.
	"alerts.title":              {"我的预警", "My alerts"},
	"alerts.teamTitle":          {"团队预警", "The team's alerts"},
	"alerts.total":              {"共 %d 条", "%d in all"},
	"alerts.showing":            {"第 %d–%d 条", "showing %d–%d"},
	"alerts.view":               {"范围", "Whose"},
	"alerts.view.mine":          {"我的预警", "Mine"},
	"alerts.view.team":          {"本网点团队", "The outlet's team"},
	"alerts.assignee":           {"处理人", "Assignee"},
	"alerts.severity":           {"紧急程度", "Severity"},
	"alerts.severity.info":      {"提示", "Notice"},
	"alerts.severity.warn":      {"重要", "Important"},
	"alerts.severity.urgent":    {"紧急", "Urgent"},
	"alerts.state.open":         {"未办结", "Not closed"},
	"alerts.state.new":          {"新", "New"},
	"alerts.state.acknowledged": {"已知悉", "Acknowledged"},
	"alerts.state.worked":       {"处理中", "Being worked"},
	"alerts.state.closed":       {"已办结", "Closed"},
	"alerts.state.all":          {"全部", "All"},
	"alerts.client":             {"客户", "Client"},
	"alerts.clientHint":         {"客户号或姓名", "Client number or full name"},
	"alerts.overdue":            {"已超处理时限", "Past the deadline"},
	"alerts.raised":             {"产生", "Raised"},
	"alerts.noneListed":         {"没有符合条件的预警。", "No alerts match."},
	"alerts.badFilter":          {"筛选条件无效，请重新选择。", "The filter is not valid; please choose again."},

	// The tasks page's list.
	"tasks.listTitle": {"任务列表", "Tasks"},
	"tasks.total":     {"共 %d 项", "%d in all"},

	// Alert texts as of the viewing day.
	"alerttext.maturity.future":      {"账户 %s 余额 %s，%d 天后到期", "account %s, %s, matures in %d {day|days}"},
	"alerttext.maturity.today":       {"账户 %s 余额 %s，今天到期", "account %s, %s, matures today"},
	"alerttext.maturity.past":        {"账户 %s 余额 %s，已到期 %d 天", "account %s, %s, matured %d {day|days} ago"},
	"alerttext.birthday.future":      {"%s %d 天后生日", "%s: birthday in %d {day|days}"},
	"alerttext.birthday.today":       {"%s 今天生日", "%s: birthday today"},
	"alerttext.birthday.past":        {"%s 生日已过 %d 天", "%s: birthday was %d {day|days} ago"},
	"alerttext.birthdayLunar.future": {"%s %d 天后农历生日", "%s: lunar birthday in %d {day|days}"},
	"alerttext.birthdayLunar.today":  {"%s 今天农历生日", "%s: lunar birthday today"},
	"alerttext.birthdayLunar.past":   {"%s 农历生日已过 %d 天", "%s: lunar birthday was %d {day|days} ago"},
	"alerttext.risk.future":          {"风险测评 %d 天后到期，请安排重新测评", "risk assessment expires in %d {day|days}: arrange a new one"},
	"alerttext.risk.today":           {"风险测评今天到期，请安排重新测评", "risk assessment expires today: arrange a new one"},
	"alerttext.risk.past":            {"风险测评已过期 %d 天，请安排重新测评", "risk assessment expired %d {day|days} ago: arrange a new one"},
	"alerttext.holiday.future":       {"%s %d 天后，请致电或上门问候", "%s in %d {day|days}: call or visit"},
	"alerttext.holiday.today":        {"今天是%s，请致电或上门问候", "%s is today: call or visit"},
	"alerttext.holiday.past":         {"%s 已过 %d 天", "%s was %d {day|days} ago"},
	"alerttext.missing":              {"客户档案缺少: %s", "the client file lacks: %s"},
	"alerttext.missing.mobile":       {"手机号码", "mobile number"},
	"alerttext.missing.birth_date":   {"出生日期", "birth date"},
	"alerttext.missing.address":      {"联系地址", "address"},
	"alerttext.below.contribution":   {"星点值低于现有贡献星级；服务星级由所持升级产品保持，不受影响", "star points are below the held contribution stars; the service stars are held by an upgrade product"},
	"alerttext.below.service":        {"星点值低于现有服务星级", "star points are below the held service stars"},
	"alerttext.below.both":           {"星点值低于现有贡献星级和服务星级", "star points are below both the held contribution and service stars"},
	"alerttext.near":                 {"服务星级%s，距%s仅差少许", "%s; close to %s"},
	"alerttext.stage":                {"客户状态由%s变为%s", "from %s to %s"},
	"alertage.today":                 {"今天产生", "raised today"},
	"alertage.yesterday":             {"昨天产生", "raised yesterday"},
	"alertage.days":                  {"%d 天前产生", "raised %d {day|days} ago"},
	"alertesc.to":                    {"已升级至%s(%s)", "escalated to %s (%s)"},
}
