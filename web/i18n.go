package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/auth"
)

// Languages. Steward speaks Simplified Chinese (the default) and English.
const (
	langZH = "zh-CN"
	langEN = "en"
)

// langCookie remembers a browser's language choice.
const langCookie = "lang"

// parseLang reads a language choice: zh, zh-CN, zh-Hans… are Chinese; en, en-GB… English.
func parseLang(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "zh" || strings.HasPrefix(s, "zh-") || strings.HasPrefix(s, "zh_"):
		return langZH, true
	case s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_"):
		return langEN, true
	}
	return "", false
}

// resolveLang picks the language of a response: the "lang" cookie (an explicit choice on this browser),
// then the person's saved choice, then the browser's Accept-Language, then Chinese.
func resolveLang(r *http.Request, p *auth.Principal) string {
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := parseLang(c.Value); ok {
			return l
		}
	}
	if p != nil {
		if l, ok := parseLang(p.Staff.Lang); ok {
			return l
		}
	}
	return acceptLanguage(r.Header.Get("Accept-Language"))
}

// acceptLanguage reads an Accept-Language header: the most preferred language decides, Chinese if it is
// any form of zh, English otherwise; no header (or "*") means Chinese.
func acceptLanguage(h string) string {
	type pref struct {
		tag string
		q   float64
		i   int
	}
	var prefs []pref
	for i, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.TrimSpace(tag)
		if tag == "" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > 0 {
			prefs = append(prefs, pref{tag, q, i})
		}
	}
	if len(prefs) == 0 {
		return langZH
	}
	sort.SliceStable(prefs, func(a, b int) bool { return prefs[a].q > prefs[b].q })
	top := strings.ToLower(prefs[0].tag)
	if top == "*" || top == "zh" || strings.HasPrefix(top, "zh-") {
		return langZH
	}
	return langEN
}

// message is one visible text in each language. Format verbs (%s, %d) take the arguments of T.
type message struct{ zh, en string }

// addMessages joins a page's own table of texts to the catalogue (from an init function of the file that
// holds it); a key defined twice is a programming error.
func addMessages(m map[string]message) {
	for k, v := range m {
		if _, dup := messages[k]; dup {
			panic("web: message " + k + " defined twice")
		}
		messages[k] = v
	}
}

// msg translates a message key; an unknown key shows itself (and a test keeps every key in templates and
// code known).
func msg(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m.zh
	if lang == langEN {
		s = plural(m.en, args)
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// code translates a code of a closed list ("gender", "M") by the key "gender.M"; a code without a
// translation is shown as it is.
func code(lang, list, c string) string {
	if c == "" {
		return ""
	}
	if _, ok := messages[list+"."+c]; ok {
		return msg(lang, list+"."+c)
	}
	return c
}

// messages is the catalogue. Terms follow DOMAIN.md §8: 客户经理 client manager (RM), 网点 outlet, 资产 (AUM)
// financial assets, 服务关系 service relationship, 重点关注 key focus.
var messages = map[string]message{
	// Contacts and the time line (DOMAIN.md §6).
	"contact.title":            {"联系记录与时间线", "Contacts and time line"},
	"contact.channel":          {"方式", "Channel"},
	"contact.outcome":          {"结果", "Outcome"},
	"contact.note":             {"备注", "Note"},
	"contact.nextStep":         {"下一步", "Next step"},
	"contact.followUp":         {"跟进日期", "Follow up on"},
	"contact.log":              {"记录联系", "Log contact"},
	"contact.forAlert":         {"本次联系将记为对该预警的处理。", "This contact will be recorded as working the alert."},
	"contact.badDate":          {"跟进日期须为今天或之后的日期。", "The follow-up date must be today or later."},
	"contact.noOutcome":        {"请选择联系结果。", "Choose the outcome of the contact."},
	"contact.noNextStep":       {"有跟进日期时请填写下一步。", "A follow-up date needs the next step."},
	"flash.contact":            {"联系已记录。", "The contact was logged."},
	"channel.phone":            {"电话", "Phone"},
	"channel.visit":            {"拜访", "Visit"},
	"channel.invitation":       {"邀约到网点", "Outlet invitation"},
	"channel.sms":              {"短信", "SMS"},
	"channel.wechat":           {"微信", "WeChat"},
	"channel.email":            {"邮件", "E-mail"},
	"outcome.reached":          {"已联系上", "Reached"},
	"outcome.no_answer":        {"未接通", "No answer"},
	"outcome.declined":         {"客户婉拒", "Declined"},
	"outcome.interested":       {"有意向", "Interested"},
	"outcome.appointment":      {"已预约", "Appointment made"},
	"outcome.done":             {"已办理", "Done"},
	"tl.contact":               {"联系", "Contact"},
	"tl.alert":                 {"预警", "Alert"},
	"tl.task":                  {"任务", "Task"},
	"tl.rating":                {"评级", "Rating"},
	"taskstate.open":           {"待办", "Open"},
	"taskstate.done":           {"已完成", "Done"},
	"taskstate.cancelled":      {"已取消", "Cancelled"},
	"reason.up_points":         {"星级上升", "Stars up"},
	"reason.up_product":        {"升级产品", "Upgrade product"},
	"reason.down":              {"星级下降", "Stars down"},
	"reason.contribution_up":   {"贡献星级上升", "Contribution stars up"},
	"reason.contribution_down": {"贡献星级下降", "Contribution stars down"},
	"reason.down_grace":        {"降星预警", "Downgrade warning"},
	"reason.below_daily":       {"降星预警", "Downgrade warning"},
	// Prospects handed to client managers (the teller's and lobby manager's day).
	"prospect.title":   {"潜力客户转介 (%d)", "Prospects to hand to a client manager (%d)"},
	"prospect.note":    {"转介说明", "Note"},
	"prospect.to":      {"转交给", "Hand to"},
	"prospect.hand":    {"转介", "Hand over"},
	"prospect.none":    {"暂无待转介的潜力客户。", "No prospect to hand over."},
	"prospect.invalid": {"请选择本网点的客户经理。", "Choose a client manager of the outlet."},
	"flash.handover":   {"已转介给客户经理。", "Handed to the client manager."},
	"task.handover":    {"潜力客户转介%s", "Prospect handed over%s"},
	// The evening work diary (DOMAIN.md §6).
	"diary.title":         {"工作日志", "Work diary"},
	"diary.contacts":      {"今日联系", "Contacts today"},
	"diary.reached":       {"其中联系上 %d 位", "%d reached"},
	"diary.alertsClosed":  {"办结预警", "Alerts closed"},
	"diary.tasksDone":     {"完成任务", "Tasks done"},
	"diary.tomorrow":      {"明日任务", "Tasks tomorrow"},
	"diary.summary":       {"今日小结", "Today's summary"},
	"diary.plan":          {"明日计划", "Tomorrow's plan"},
	"diary.save":          {"保存日志", "Save the diary"},
	"diary.tomorrowTasks": {"明日待办", "Due tomorrow"},
	"diary.tooLong":       {"小结和计划各不超过 4000 字。", "The summary and the plan take at most 4 000 characters each."},
	"flash.diary":         {"工作日志已保存。", "The diary was saved."},
	"home.diary":          {"填写今日工作日志 →", "Write today's work diary →"},
	// Tasks (DOMAIN.md §6).
	"task.title":      {"近七日任务 (%d)", "Tasks this week (%d)"},
	"task.due":        {"到期", "Due"},
	"task.what":       {"任务", "Task"},
	"task.overdue":    {"已逾期", "Overdue"},
	"task.done":       {"完成", "Done"},
	"task.logContact": {"记录联系", "Log contact"},
	"task.none":       {"近七日没有待办任务。", "No tasks due this week."},
	"task.cadence":    {"定期维护联系(%s)", "Maintenance contact (%s)"},
	// Alerts (DOMAIN.md §5).
	"alert.title":             {"待处理预警 (%d)", "Alerts to act on (%d)"},
	"alert.rule":              {"预警", "Alert"},
	"alert.what":              {"内容", "What"},
	"alert.due":               {"日期", "Date"},
	"alert.state":             {"状态", "State"},
	"alert.act":               {"处理", "Action"},
	"alert.ack":               {"知悉", "Acknowledge"},
	"alert.close":             {"办结", "Close"},
	"alert.outcome":           {"处理结果", "Outcome"},
	"alert.none":              {"暂无待处理预警。", "No alerts to act on."},
	"alert.escalated":         {"已升级", "Escalated"},
	"alert.needOutcome":       {"办结预警需填写处理结果（不超过 200 字）。", "Closing an alert needs an outcome (at most 200 characters)."},
	"alert.large_movement":    {"大额变动", "Large movement"},
	"alert.moved_out":         {"他行转出", "Moved to another bank"},
	"alert.maturity":          {"产品到期", "Maturity"},
	"alert.birthday":          {"生日", "Birthday"},
	"alert.risk_expiring":     {"风险测评将到期", "Risk assessment expiring"},
	"alert.risk_expired":      {"风险测评已过期", "Risk assessment expired"},
	"alert.stars_up":          {"星级上升", "Stars up"},
	"alert.stars_down":        {"星级下降", "Stars down"},
	"alert.tier_up":           {"层级上升", "Tier up"},
	"alert.tier_down":         {"层级下降", "Tier down"},
	"alert.downgrade_warning": {"降星预警", "Downgrade warning"},
	"alert.near_upgrade":      {"临界客户", "Near upgrade"},
	"alert.dormant":           {"沉睡客户", "Dormant"},
	"alert.churning":          {"流失预警", "Churning"},
	"alert.lost":              {"客户流失", "Lost"},
	"alertstate.new":          {"新", "New"},
	"alertstate.acknowledged": {"已知悉", "Acknowledged"},
	"alertstate.worked":       {"处理中", "Being worked"},
	"alertstate.closed":       {"已办结", "Closed"},
	"alert.text.movement":     {"账户 %[2]s 变动 %[1]s", "%s (account %s)"},
	"alert.text.net":          {"当日净变动 %s", "net change of the day %s"},
	"alert.text.maturity":     {"账户 %s 余额 %s, %d 天后到期", "account %s, %s, matures in %d {day|days}"},
	"alert.text.stars":        {"%s → %s", "%s → %s"},
	"alert.text.tier":         {"%s → %s", "%s → %s"},
	// Rating and segments (DOMAIN.md §3, §4).
	"rating.title":               {"星级与客户分层", "Rating and segments"},
	"rating.contribution":        {"贡献星级", "Contribution stars"},
	"rating.floor":               {"升级产品保底", "Upgrade floor"},
	"rating.near":                {"临界客户", "Near upgrade"},
	"rating.warning":             {"降星预警", "Downgrade warning"},
	"rating.points":              {"星点值", "Star points"},
	"rating.month":               {"%s 月度评级", "rating of %s"},
	"rating.tier":                {"资产层级", "Asset tier"},
	"rating.class":               {"%s 类", "class %s"},
	"rating.matrix":              {"客户矩阵", "Value × loyalty"},
	"rating.loyalty":             {"忠诚度 %d", "loyalty %d"},
	"rating.vitalFew":            {"二八法则: 重要少数", "80/20: vital few"},
	"rating.lifecycle":           {"生命周期", "Life-cycle"},
	"rating.potential":           {"潜力", "Potential"},
	"rating.why":                 {"星级说明", "Why these stars"},
	"rating.component":           {"项目", "Component"},
	"rating.measure":             {"日均/累计", "Average / total"},
	"rating.weight":              {"权重(每百元)", "Weight (per ¥100)"},
	"rating.pointsCol":           {"星点", "Points"},
	"rating.total":               {"合计(%s 至 %s, %d 天)", "Total (%s to %s, %d {day|days})"},
	"rating.observations":        {"柜面观察(点击记录)", "Counter observations (click to record)"},
	"rating.history":             {"评级历史", "Rating history"},
	"rating.date":                {"日期", "Date"},
	"rating.occasion":            {"评级", "Run"},
	"rating.change":              {"变化与原因", "Change and reason"},
	"rating.badObservation":      {"无法识别的观察项", "Not a counter observation"},
	"occasion.nightly":           {"每日升级检查", "Nightly check"},
	"occasion.monthly":           {"月度评级", "Monthly rating"},
	"reason.first_rating":        {"首次评级", "First rating"},
	"reason.tier_up":             {"资产层级上升", "Asset tier up"},
	"reason.tier_down":           {"资产层级下降", "Asset tier down"},
	"tier.T1":                    {"T1 大众客户", "T1 mass"},
	"tier.T2":                    {"T2 潜力客户", "T2 emerging"},
	"tier.T3":                    {"T3 中端客户", "T3 mid"},
	"tier.T4":                    {"T4 高端客户", "T4 high"},
	"tier.T5":                    {"T5 顶级客户", "T5 top"},
	"matrix.loyal":               {"忠诚客户", "Loyal"},
	"matrix.problem_1":           {"高忠诚低贡献客户", "Loyal, small share"},
	"matrix.problem_2":           {"高贡献低忠诚客户", "High share, low loyalty"},
	"matrix.general":             {"一般客户", "General"},
	"lifecycle.new":              {"新客户", "New"},
	"lifecycle.active":           {"活跃", "Active"},
	"lifecycle.dormant":          {"沉睡", "Dormant"},
	"lifecycle.churning":         {"流失预警", "Churning"},
	"lifecycle.lost":             {"流失", "Lost"},
	"kind.short":                 {"短期资产日均", "Short-term assets (average)"},
	"kind.long":                  {"长期资产日均", "Long-term assets (average)"},
	"kind.mortgage":              {"按揭贷款日均", "Mortgage (average)"},
	"kind.loan":                  {"其他贷款日均", "Other loans (average)"},
	"kind.purchase":              {"投资产品购买", "Investment purchases"},
	"kind.card_spend":            {"信用卡消费", "Card spending"},
	"kind.fee_income":            {"中间业务收入", "Fee income"},
	"signal.large_cash":          {"大额现金", "Large cash"},
	"signal.large_transfer":      {"大额转账/汇款", "Large transfer"},
	"signal.fx":                  {"外汇业务", "FX business"},
	"signal.large_loan":          {"大额贷款", "Large loan"},
	"signal.purchase":            {"购买理财/保险", "Investment purchase"},
	"signal.deposit_certificate": {"存款证明", "Deposit certificate"},
	"signal.safe_deposit_box":    {"保管箱", "Safe-deposit box"},
	"signal.occupation":          {"个体/自由职业/销售", "Self-employed / freelance / sales"},
	"signal.other_bank_vip":      {"持他行贵宾卡", "Other bank's VIP card"},
	"signal.asked_wealth":        {"咨询理财产品", "Asked about wealth products"},
	"signal.upmarket_address":    {"高档住址", "Upmarket address"},
	"clients.stars":              {"星级", "Stars"},
	"clients.anyStars":           {"全部星级", "Any stars"},
	"clients.starsAtLeast":       {"%s及以上", "%s or more"},
	"clients.any":                {"全部", "Any"},
	"clients.flag":               {"标记", "Flag"},
	"flag.near":                  {"临界客户", "Near upgrade"},
	"flag.warning":               {"降星预警", "Downgrade warning"},
	"flag.top":                   {"重要少数(二八)", "Vital few (80/20)"},
	"flag.potential":             {"潜力客户", "Prospects (potential ≥ 30)"},
	"col.loyalty":                {"忠诚度", "Loyalty"},
	"col.stars":                  {"服务星级", "Service stars"},
	"outlet.title":               {"客户分层", "Client segments"},
	"outlet.summary":             {"已评级客户 %d 人 · 重要少数 %d 人 · 临界 %d 人 · 降星预警 %d 人", "%d rated {client|clients} · %d vital few · %d near upgrade · %d downgrade {warning|warnings}"},
	"outlet.byStars":             {"服务星级分布", "Clients by service stars"},
	"outlet.byTier":              {"资产层级分布", "Clients by asset tier"},
	"outlet.curve":               {"二八法则曲线", "80/20 curve"},
	"outlet.curveX":              {"客户占比(%)", "Share of clients (%)"},
	"outlet.curveY":              {"贡献占比(%)", "Share of contribution (%)"},
	"outlet.segments":            {"生命周期与客户矩阵", "Life-cycle and matrix"},
	// Product, chrome, navigation.
	"app.name":        {"Steward 客户管家", "Steward 客户管家"},
	"app.demo":        {"演示环境 / demo · 数据均为虚构，请勿录入真实客户信息", "演示环境 / demo · all data is fictitious; do not enter real client details"},
	"nav.home":        {"首页", "Home"},
	"nav.clients":     {"客户", "Clients"},
	"nav.audit":       {"审计日志", "Audit log"},
	"nav.segments":    {"客户分层", "Segments"},
	"nav.calendar":    {"日程", "Schedule"},
	"nav.coverage":    {"维护覆盖率", "Coverage"},
	"cov.title":       {"维护覆盖率", "Contact coverage"},
	"cov.note":        {"在所属层级的维护周期内联系过的客户占比(T5 每周, T4 每两周, T3 每月, T2 每季度)。", "Share of clients contacted within their tier's cadence (T5 weekly, T4 every two weeks, T3 monthly, T2 quarterly)."},
	"cov.by.rm":       {"客户经理", "Client manager"},
	"cov.by.outlet":   {"网点", "Outlet"},
	"cov.by.tier":     {"资产层级", "Tier"},
	"cov.clients":     {"应维护客户", "Clients with a cadence"},
	"cov.covered":     {"已按时联系", "Contacted in time"},
	"cov.share":       {"覆盖率", "Coverage"},
	"cov.none":        {"暂无需按周期维护的客户。", "No client with a cadence yet."},
	"export.amount":   {"金额(元)", "Amount (yuan)"},
	"export.priority": {"优先级", "Priority"},
	"export.xlsx":     {"导出 Excel", "Export Excel"},
	"export.csv":      {"导出 CSV", "Export CSV"},
	"cal.title":       {"本周日程", "This week"},
	"cal.weekOf":      {"%s 起的一周", "Week of %s"},
	"cal.prev":        {"上一周", "Previous week"},
	"cal.next":        {"下一周", "Next week"},
	"cal.rest":        {"休", "Day off"},
	"cal.empty":       {"无", "—"},
	"cal.ics":         {"日历订阅(iCalendar): 用 API 令牌访问 /api/v1/calendar.ics", "Calendar feed (iCalendar): /api/v1/calendar.ics with an API token"},
	"weekday.0":       {"周一", "Mon"},
	"weekday.1":       {"周二", "Tue"},
	"weekday.2":       {"周三", "Wed"},
	"weekday.3":       {"周四", "Thu"},
	"weekday.4":       {"周五", "Fri"},
	"weekday.5":       {"周六", "Sat"},
	"weekday.6":       {"周日", "Sun"},
	"nav.imports":     {"导入", "Imports"},
	"nav.password":    {"修改密码", "Change password"},
	"nav.logout":      {"退出", "Log out"},
	"nav.lang":        {"语言", "Language"},
	"nav.langSubmit":  {"切换", "Switch"},
	"nav.main":        {"主导航", "Main navigation"},
	"lang.zh-CN":      {"中文", "中文"},
	"lang.en":         {"English", "English"},
	"footer.text":     {"Steward 客户管家 · 仅限行内使用 · 客户信息严格保密", "Steward · for internal use only · client information is confidential"},

	// Errors.
	"err.internal":      {"系统出错了，请稍后再试；如仍有问题请联系系统管理员。", "Something went wrong. Please try again; if it persists, contact the administrator."},
	"err.crossOrigin":   {"跨站请求已被拒绝。", "Cross-origin request refused."},
	"err.notFound":      {"页面不存在", "Page not found"},
	"err.notFoundText":  {"您要找的页面不存在。", "The page you asked for does not exist."},
	"err.forbidden":     {"无权访问", "Not allowed"},
	"err.forbiddenText": {"您的角色无权进行此操作。", "Your role does not allow this."},
	"err.badRequest":    {"请求无效", "Invalid request"},
	"err.badCursor":     {"翻页参数无效，请从第一页重新开始。", "The page link is no longer valid; please start again from the first page."},
	"err.back":          {"返回首页", "Back to the home page"},

	// Login.
	"login.title":    {"登录", "Log in"},
	"login.heading":  {"员工登录", "Staff login"},
	"login.username": {"用户名", "Username"},
	"login.password": {"密码", "Password"},
	"login.submit":   {"登录", "Log in"},
	"login.bad":      {"用户名或密码错误。", "Wrong username or password."},
	"login.missing":  {"请输入用户名和密码。", "Please enter your username and password."},
	"login.locked":   {"该用户名在此终端连续登录失败次数过多，已暂停登录，请于 %s 后再试。", "Too many failed logins under this username from this computer. Try again after %s."},
	"login.hint":     {"请使用行内分配的账户登录。连续多次输错密码将暂停该终端的登录。", "Log in with the account the bank gave you. Repeated wrong passwords stop logins from this computer for a while."},

	// Password.
	"password.title":         {"修改密码", "Change password"},
	"password.expired":       {"您的密码已过期，请先设置新密码再继续使用。", "Your password has expired. Please set a new one to continue."},
	"password.current":       {"当前密码", "Current password"},
	"password.new":           {"新密码", "New password"},
	"password.confirm":       {"确认新密码", "Confirm new password"},
	"password.submit":        {"保存新密码", "Save new password"},
	"password.missing":       {"请填写当前密码和新密码。", "Please fill in the current and the new password."},
	"password.mismatch":      {"两次输入的新密码不一致。", "The two new passwords differ."},
	"password.same":          {"新密码不能与当前密码相同。", "The new password must differ from the current one."},
	"password.wrongCurrent":  {"当前密码不正确。", "The current password is wrong."},
	"flash.password_changed": {"密码已修改。", "Your password has been changed."},

	// Home.
	"home.title":          {"首页", "Home"},
	"home.morning":        {"早上好，%s", "Good morning, %s"},
	"home.afternoon":      {"下午好，%s", "Good afternoon, %s"},
	"home.evening":        {"晚上好，%s", "Good evening, %s"},
	"home.roleAt":         {"%s · %s", "%s · %s"},
	"home.today":          {"今天是 %s", "Today is %s"},
	"home.scope":          {"可见范围", "What you see"},
	"home.clients":        {"客户数", "Clients"},
	"home.clientsNote":    {"您权限范围内的客户", "clients within your scope"},
	"home.unassigned":     {"未分配客户经理", "Without a client manager"},
	"home.unassignedNote": {"范围内尚未建立服务关系的客户", "clients within your scope with no service relationship yet"},
	"home.top":            {"范围内资产前十位客户", "Top 10 clients within your scope by financial assets"},
	"home.topEmpty":       {"您的权限范围内暂无客户。", "There are no clients within your scope."},
	"home.links":          {"快捷入口", "Quick links"},
	"home.linkClients":    {"全部客户", "All clients"},
	"home.linkByAUM":      {"按资产排序的客户", "Clients by financial assets"},
	"home.linkUnassigned": {"未分配客户", "Unassigned clients"},
	"home.linkExport":     {"导出客户清单（Excel）", "Export the client list (Excel)"},
	"home.linkAudit":      {"审计日志", "Audit log"},
	"home.linkPassword":   {"修改密码", "Change password"},
	"home.allClients":     {"查看全部", "See all"},
	"home.aum":            {"管理资产", "Financial assets"},
	"home.aumNote":        {"范围内客户的资产合计（AUM）", "total AUM of the clients within your scope"},
	"home.tiers":          {"范围内客户分层", "Clients within your scope by asset tier"},
	"col.tier":            {"层级", "Tier"},
	"col.band":            {"资产区间", "Assets"},
	"col.keeper":          {"维护人", "Kept by"},
	"col.count":           {"客户数", "Clients"},
	"col.share":           {"占比", "Share"},
	"tier.keeper1":        {"高柜柜员", "High-counter tellers"},
	"tier.keeper2":        {"低柜/VIP柜员", "Low/VIP-counter tellers"},
	"tier.keeper3":        {"客户经理 + 大堂经理", "Client manager + lobby manager"},
	"tier.keeper4":        {"客户经理 + 客户经理主管", "Client manager + RM supervisor"},
	"tier.keeper5":        {"网点负责人 + 客户经理主管（个金部协助）", "Outlet manager + RM supervisor (department assists)"},

	// Scope descriptions.
	"scope.all":      {"全行客户（每次访问均记入审计日志）", "every client of the bank (each access is audited)"},
	"scope.subtree":  {"%s 辖内全部网点的客户", "clients of every outlet under %s"},
	"scope.outlet":   {"%s 的全部客户", "every client of %s"},
	"scope.masked":   {"%s 的客户（证件号与手机号脱敏显示）", "clients of %s (ID numbers and mobiles masked)"},
	"scope.assigned": {"您负责的客户，以及 %s 未分配的客户（只读）", "clients you keep, and the unassigned clients of %s (read-only)"},
	"scope.none":     {"无（您所在的机构与角色不匹配，请联系系统管理员）", "none (your node does not suit your role; contact the administrator)"},

	// Client list.
	"clients.title":        {"客户", "Clients"},
	"clients.search":       {"搜索客户", "Search clients"},
	"clients.searchHint":   {"姓名、客户号、手机号或证件号后几位", "Name, client number, mobile or last digits of the ID"},
	"clients.outlet":       {"网点", "Outlet"},
	"clients.allOutlets":   {"全部网点", "All outlets"},
	"clients.rm":           {"客户经理", "Client manager"},
	"clients.allRMs":       {"全部", "All"},
	"clients.unassigned":   {"未分配", "Unassigned"},
	"clients.me":           {"我负责的", "Mine"},
	"clients.filter":       {"查询", "Search"},
	"clients.reset":        {"清除条件", "Clear"},
	"clients.total":        {"共 %s 位客户", "%s {client|clients}"},
	"clients.none":         {"没有符合条件的客户。", "No client matches."},
	"clients.exportCSV":    {"导出 CSV", "Export CSV"},
	"clients.exportXLSX":   {"导出 Excel", "Export Excel"},
	"clients.exportNote":   {"导出最多 50,000 行，并记入审计日志。", "Exports hold at most 50,000 rows and are written to the audit log."},
	"clients.prev":         {"上一页", "Previous"},
	"clients.next":         {"下一页", "Next"},
	"clients.first":        {"第一页", "First page"},
	"clients.pages":        {"分页", "Pages"},
	"clients.pageOf":       {"第 %d 页", "Page %d"},
	"clients.sortAsc":      {"升序", "ascending"},
	"clients.sortDesc":     {"降序", "descending"},
	"clients.keyFocusMark": {"重点关注客户", "key-focus client"},

	// Column and field names.
	"col.clientID":   {"客户号", "Client no."},
	"col.name":       {"姓名", "Name"},
	"col.gender":     {"性别", "Sex"},
	"col.mobile":     {"手机号", "Mobile"},
	"col.idNumber":   {"证件号码", "ID number"},
	"col.outlet":     {"网点", "Outlet"},
	"col.rm":         {"客户经理", "Client manager"},
	"col.aum":        {"资产", "Financial assets"},
	"col.aumYuan":    {"资产（元）", "Financial assets (yuan)"},
	"col.openDate":   {"开户日期", "Opened"},
	"col.status":     {"状态", "Status"},
	"col.keyFocus":   {"重点关注", "Key focus"},
	"col.idType":     {"证件类型", "ID type"},
	"col.outletID":   {"网点编号", "Outlet no."},
	"col.yes":        {"是", "yes"},
	"col.no":         {"否", "no"},
	"col.product":    {"产品", "Product"},
	"col.category":   {"类别", "Category"},
	"col.riskLevel":  {"风险等级", "Risk level"},
	"col.currency":   {"币种", "Currency"},
	"col.balance":    {"余额", "Balance"},
	"col.balanceCNY": {"折人民币", "In CNY"},
	"col.maturity":   {"到期日", "Maturity"},
	"col.account":    {"账户", "Account"},
	"col.relation":   {"关系", "Relation"},
	"col.birthday":   {"生日", "Birthday"},
	"col.note":       {"备注", "Note"},
	"col.event":      {"事件", "Event"},
	"col.date":       {"日期", "Date"},
	"col.time":       {"时间", "Time"},
	"col.staff":      {"员工", "Staff"},
	"col.ip":         {"IP 地址", "IP address"},
	"col.from":       {"起始", "From"},
	"col.to":         {"截止", "To"},
	"col.assignedBy": {"指派人", "Assigned by"},
	"col.reason":     {"原因", "Reason"},
	"col.action":     {"操作", "Action"},
	"col.object":     {"对象", "Object"},
	"col.detail":     {"详情", "Detail"},
	"col.current":    {"至今", "current"},

	// Client view.
	"client.title":            {"客户详情", "Client"},
	"client.notFound":         {"客户不存在", "Client not found"},
	"client.notFoundText":     {"没有找到该客户，或该客户不在您的权限范围内。", "There is no such client, or the client is outside your scope."},
	"client.readOnly":         {"只读", "read-only"},
	"client.readOnlyText":     {"该客户尚未分配客户经理，您只能查看。", "This client has no client manager yet; you may only read."},
	"client.masked":           {"已脱敏", "masked"},
	"client.keyFocus":         {"重点关注", "key focus"},
	"client.identity":         {"基本信息", "Identity"},
	"client.birthDate":        {"出生日期", "Birth date"},
	"client.age":              {"%d 岁", "%d {year|years}"},
	"client.phone":            {"固定电话", "Landline"},
	"client.email":            {"电子邮箱", "E-mail"},
	"client.address":          {"地址", "Address"},
	"client.occupation":       {"职业", "Occupation"},
	"client.employer":         {"工作单位", "Employer"},
	"client.source":           {"客户来源", "Source"},
	"client.creditGrade":      {"信用等级", "Credit grade"},
	"client.risk":             {"风险测评", "Risk assessment"},
	"client.riskExpires":      {"有效期至 %s", "valid until %s"},
	"client.riskExpired":      {"已过期", "expired"},
	"client.riskNone":         {"未测评", "not assessed"},
	"client.relationship":     {"服务关系", "Service relationship"},
	"client.noRM":             {"未分配", "unassigned"},
	"client.history":          {"服务关系历史", "Relationship history"},
	"client.historyEmpty":     {"暂无服务关系记录。", "No relationship recorded yet."},
	"client.holdings":         {"资产与持仓", "Accounts and holdings"},
	"client.holdingsEmpty":    {"暂无账户。", "No accounts."},
	"client.totalAUM":         {"金融资产合计", "Total financial assets"},
	"client.liabilities":      {"负债合计", "Total liabilities"},
	"client.accounts":         {"%d 个账户", "%d {account|accounts}"},
	"client.family":           {"家庭成员", "Family"},
	"client.familyEmpty":      {"暂无家庭成员记录。", "No family member recorded."},
	"client.events":           {"重要事件", "Life events"},
	"client.eventsEmpty":      {"暂无重要事件记录。", "No life event recorded."},
	"client.tags":             {"标签", "Tags"},
	"client.tagsEmpty":        {"暂无标签。", "No tags."},
	"client.notes":            {"备注", "Notes"},
	"client.notesEmpty":       {"暂无备注。", "No notes yet."},
	"client.noteBy":           {"%s · %s", "%s · %s"},
	"client.addNote":          {"添加备注", "Add a note"},
	"client.noteBody":         {"备注内容", "Note"},
	"client.save":             {"保存", "Save"},
	"client.addFamily":        {"添加家庭成员", "Add a family member"},
	"client.familyName":       {"姓名", "Name"},
	"client.birthdayKind":     {"生日类型", "Birthday calendar"},
	"client.solar":            {"公历", "solar"},
	"client.lunar":            {"农历", "lunar"},
	"client.solarDate":        {"公历生日", "Solar birthday"},
	"client.lunarMonth":       {"农历月", "Lunar month"},
	"client.lunarDay":         {"农历日", "Lunar day"},
	"client.lunarLeap":        {"闰月", "Leap month"},
	"client.addTag":           {"添加标签", "Add a tag"},
	"client.tagName":          {"标签", "Tag"},
	"client.recentViews":      {"最近查看", "Recent views"},
	"client.recentViewsNote":  {"最近 20 次查看该客户的记录", "the last 20 times this client was opened"},
	"client.recentViewsEmpty": {"暂无记录。", "None."},
	"client.interests":        {"兴趣爱好", "Interests"},
	"client.prefs":            {"偏好", "Preferences"},
	"client.back":             {"返回客户列表", "Back to the client list"},
	"client.updated":          {"资料更新于 %s", "updated %s"},
	"client.readOnlyErr":      {"您对该客户只有查看权限，不能修改。", "You may read this client but not change it."},
	"client.noteEmpty":        {"请填写备注内容。", "Please write the note."},
	"client.noteTooLong":      {"备注最多 %d 字。", "A note has at most %d {character|characters}."},
	"client.familyInvalid":    {"请填写家庭成员的姓名和关系。", "Please give the family member's name and relation."},
	"client.lunarInvalid":     {"农历生日无效：月份 1–12，日期 1–30。", "Invalid lunar birthday: month 1–12, day 1–30."},
	"client.dateInvalid":      {"日期格式应为 YYYY-MM-DD。", "Dates are written YYYY-MM-DD."},
	"client.tagInvalid":       {"标签为 1–32 个字。", "A tag has 1 to 32 characters."},
	"client.saveFailed":       {"保存失败：%s", "Could not save: %s"},
	"flash.note":              {"备注已保存。", "The note was saved."},
	"flash.family":            {"家庭成员已保存。", "The family member was saved."},
	"flash.tag":               {"标签已添加。", "The tag was added."},

	// Audit log.
	"audit.title":     {"审计日志", "Audit log"},
	"audit.action":    {"操作类型", "Action"},
	"audit.anyAction": {"全部操作", "Any action"},
	"audit.actor":     {"操作人（用户名）", "By (username)"},
	"audit.objectID":  {"对象编号", "Object id"},
	"audit.filter":    {"查询", "Search"},
	"audit.empty":     {"没有符合条件的记录。", "No event matches."},
	"audit.older":     {"更早的记录", "Older events"},
	"audit.newest":    {"最新记录", "Newest events"},
	"audit.system":    {"系统", "system"},
	"audit.note":      {"审计日志只增不改，记录每一次登录、客户查看、修改与导出。", "The audit log is append-only: every login, client view, change and export is recorded."},

	// Audit actions.
	"action.login":            {"登录", "login"},
	"action.login_failed":     {"登录失败", "failed login"},
	"action.logout":           {"退出", "logout"},
	"action.account_locked":   {"账户锁定", "account locked"},
	"action.client_view":      {"查看客户", "client viewed"},
	"action.client_update":    {"修改客户", "client changed"},
	"action.client_assign":    {"分配客户经理", "client assigned"},
	"action.export":           {"导出", "export"},
	"action.password_change":  {"修改密码", "password changed"},
	"action.staff_change":     {"员工变更", "staff changed"},
	"action.api_token_create": {"创建 API 令牌", "API token created"},

	// Nightly import: the log of applied batches and the import reports.
	"imports.title":          {"夜间导入", "Nightly import"},
	"imports.note":           {"核心系统每晚推送的批次：已应用批次的记录，以及每个批次的处理报告（已应用、重复或被拒绝）。", "The batches core banking sends every night: the log of applied batches, and the report of every batch read (applied, already applied or refused)."},
	"imports.log":            {"导入记录", "Import log"},
	"imports.logEmpty":       {"尚无已应用的批次。", "No batch has been applied yet."},
	"imports.reports":        {"导入报告", "Reports"},
	"imports.reportsNote":    {"最近 %d 份报告，按业务日期倒序。报告含客户编号与数值，每次打开均记入审计日志。", "The latest %d {report|reports}, newest business date first. Reports hold client numbers and values: each opening is audited."},
	"imports.reportsEmpty":   {"报告目录中没有导入报告。", "The reports directory holds no import report."},
	"imports.noReportDir":    {"未配置报告目录，仅显示导入记录。", "No reports directory is configured; only the import log is shown."},
	"imports.reportDirError": {"报告目录无法读取，请查看服务日志。", "The reports directory cannot be read; see the server log."},
	"imports.viewReport":     {"查看报告", "View report"},
	"imports.colDate":        {"业务日期", "Business date"},
	"imports.colAppliedAt":   {"应用时间", "Applied at"},
	"imports.colMode":        {"账户模式", "Account mode"},
	"imports.colRows":        {"行数", "Rows"},
	"imports.colSummary":     {"摘要", "Summary"},
	"imports.colReport":      {"报告", "Report"},
	"imports.colOutcome":     {"结果", "Outcome"},
	"imports.colSize":        {"大小", "Size"},
	"imports.colModified":    {"生成时间", "Modified"},
	"acctMode.full":          {"全量", "full"},
	"acctMode.delta":         {"增量", "delta"},
	"outcome.applied":        {"已应用", "APPLIED"},
	"outcome.already":        {"已应用过", "ALREADY APPLIED"},
	"outcome.refused":        {"已拒绝", "REFUSED"},
	"outcome.unknown":        {"未知", "unknown"},

	// Roles (DOMAIN.md §1).
	"role.teller":         {"柜员", "Teller"},
	"role.teller_vip":     {"VIP柜员", "VIP teller"},
	"role.lobby":          {"大堂经理", "Lobby manager"},
	"role.rm":             {"客户经理", "Client manager"},
	"role.supervisor":     {"客户经理主管", "RM supervisor"},
	"role.outlet_manager": {"网点负责人", "Outlet manager"},
	"role.dept":           {"个人金融部", "Personal banking dept."},
	"role.admin":          {"系统管理员", "Administrator"},

	// Code lists.
	"gender.M":                 {"男", "M"},
	"gender.F":                 {"女", "F"},
	"status.normal":            {"正常", "normal"},
	"status.frozen":            {"冻结", "frozen"},
	"status.closed":            {"销户", "closed"},
	"status.active":            {"有效", "active"},
	"occupation.retired":       {"离退休", "retired"},
	"occupation.worker":        {"工人", "worker"},
	"occupation.self_employed": {"个体工商户", "self-employed"},
	"occupation.freelance":     {"自由职业", "freelance"},
	"occupation.sales":         {"销售人员", "sales"},
	"occupation.civil_servant": {"公务员", "civil servant"},
	"occupation.teacher":       {"教师", "teacher"},
	"occupation.medical":       {"医务人员", "medical staff"},
	"occupation.manager":       {"企业管理人员", "manager"},
	"occupation.farmer":        {"农民", "farmer"},
	"occupation.student":       {"学生", "student"},
	"occupation.unemployed":    {"无固定收入", "no stable income"},
	"occupation.other":         {"其他", "other"},
	"source.natural":           {"自然到店", "walk-in"},
	"source.agency":            {"机构代办", "agency"},
	"source.staff":             {"员工营销", "staff marketing"},
	"source.referral":          {"转介绍", "referral"},
	"source.campaign":          {"营销活动", "campaign"},
	"idtype.01":                {"居民身份证", "Resident ID card"},
	"idtype.02":                {"护照", "Passport"},
	"idtype.03":                {"港澳居民来往内地通行证", "Home-return permit (HK/Macau)"},
	"idtype.04":                {"台湾居民来往大陆通行证", "Mainland travel permit (Taiwan)"},
	"idtype.99":                {"其他证件", "Other document"},
	"category.demand":          {"活期存款", "demand deposit"},
	"category.time":            {"定期存款", "time deposit"},
	"category.wealth":          {"理财产品", "wealth product"},
	"category.fund":            {"基金", "fund"},
	"category.insurance":       {"保险", "insurance"},
	"category.bond":            {"债券", "bond"},
	"category.metal":           {"贵金属", "precious metal"},
	"category.loan":            {"贷款", "loan"},
	"category.credit_card":     {"信用卡", "credit card"},
	"category.agreement":       {"协议", "agreement"},
	"relation.spouse":          {"配偶", "spouse"},
	"relation.child":           {"子女", "child"},
	"relation.parent":          {"父母", "parent"},
	"relation.other":           {"其他", "other"},
	"event.hospital":           {"住院", "hospital stay"},
	"event.wedding":            {"婚礼", "wedding"},
	"event.child_exam":         {"子女升学考试", "child's exams"},
	"event.newborn":            {"添丁", "new baby"},
	"event.business_opening":   {"开业", "business opening"},
	"event.other":              {"其他", "other"},
	"event.retirement":         {"退休", "retirement"},
	"event.relocation":         {"搬家", "move"},
	"event.bereavement":        {"亲属离世", "bereavement"},
	"risk.C1":                  {"C1 保守型", "C1 conservative"},
	"risk.C2":                  {"C2 稳健型", "C2 cautious"},
	"risk.C3":                  {"C3 平衡型", "C3 balanced"},
	"risk.C4":                  {"C4 成长型", "C4 growth"},
	"risk.C5":                  {"C5 进取型", "C5 aggressive"},
}
