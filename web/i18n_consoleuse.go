package web

// The supervisor's console tables: system use, information completeness and key-focus clients
// (console_use.go), kept apart from i18n.go's big table.
func init() {
	addMessages(consoleUseMessages)
}

var consoleUseMessages = map[string]message{
	"console.back":      {"返回首页", "Back to the home page"},
	"console.more":      {"查看全部 %d 条", "See all %d"},
	"console.open":      {"单独打开此表", "Open this table on its own"},
	"console.badFilter": {"查询条件无效，请重新选择。", "The filter is not valid; choose again."},

	"use.title":        {"系统使用情况", "System use"},
	"use.note":         {"统计期间：%s 至 %s。登录与查看客户取自审计日志，联系、预警与任务取自工作记录。", "Period: %s to %s. Log-ins and clients opened come from the audit log; contacts, alerts and tasks from the work records."},
	"use.period":       {"统计周期", "Period"},
	"use.period.day":   {"今天", "Today"},
	"use.period.week":  {"本周", "This week"},
	"use.period.month": {"本月", "This month"},
	"use.person":       {"员工", "Person"},
	"use.username":     {"用户名", "Username"},
	"use.role":         {"岗位", "Role"},
	"use.logins":       {"登录次数", "Log-ins"},
	"use.opened":       {"查看客户数", "Clients opened"},
	"use.contacts":     {"联系记录", "Contacts logged"},
	"use.alerts":       {"处理预警", "Alerts worked"},
	"use.tasks":        {"完成任务", "Tasks done"},
	"use.from":         {"起始日期", "From"},
	"use.to":           {"截止日期", "To"},
	"use.none":         {"本网点没有可查看的员工。", "No member of the outlet to show."},

	"completeness.title":                {"客户信息完整度", "Information completeness"},
	"completeness.note":                 {"需维护档案的客户（T2 及以上）%d 户，信息完整 %d 户，完整率 %s。T2 需手机号、出生日期、地址；T3 及以上另需职业、工作单位、家庭成员和有效的风险评估。", "%d {client|clients} whose file must be kept (T2 and above), %d complete, %s. T2 needs mobile, birth date and address; T3 and above also occupation, employer, a family member and a risk assessment in force."},
	"completeness.clients":              {"客户数", "Clients"},
	"completeness.complete":             {"信息完整", "Complete"},
	"completeness.share":                {"完整率", "Share complete"},
	"completeness.topMissing":           {"缺失最多的信息", "Most often missing"},
	"completeness.missingCount":         {"%s（%d）", "%s (%d)"},
	"completeness.incomplete":           {"信息不完整的客户", "Clients with incomplete files"},
	"completeness.showing":              {"第 %d–%d 户，共 %d 户", "%d–%d of %d"},
	"completeness.score":                {"完整度", "Score"},
	"completeness.missing":              {"缺少的信息", "Missing"},
	"completeness.none":                 {"没有信息不完整的客户。", "No client's file is incomplete."},
	"alerttext.missing.occupation":      {"职业", "occupation"},
	"alerttext.missing.employer":        {"工作单位", "employer"},
	"alerttext.missing.family":          {"家庭成员", "family members"},
	"alerttext.missing.risk_assessment": {"有效的风险评估", "a risk assessment in force"},

	"keyfocus.title":          {"重点关注客户", "Key-focus clients"},
	"keyfocus.note":           {"本网点重点关注客户 %d 户。", "%d key-focus {client|clients} in the outlet."},
	"keyfocus.client":         {"客户号", "Client number"},
	"keyfocus.mark":           {"添加为重点关注客户", "Mark as key focus"},
	"keyfocus.unmark":         {"取消重点关注", "Unmark"},
	"keyfocus.act":            {"操作", "Action"},
	"keyfocus.openAlerts":     {"未结预警", "Open alerts"},
	"keyfocus.none":           {"暂无重点关注客户。", "No key-focus client yet."},
	"keyfocus.noClient":       {"本网点没有这个客户号的客户。", "No client of the outlet has this number."},
	"keyfocus.notYours":       {"只有客户所属网点的客户经理主管或网点负责人可以添加或取消重点关注。", "Only the RM supervisor or the outlet manager of the client's outlet may mark or unmark a key-focus client."},
	"flash.keyfocus_marked":   {"已添加为重点关注客户。", "Marked as a key-focus client."},
	"flash.keyfocus_unmarked": {"已取消重点关注。", "No longer a key-focus client."},

	"action.key_focus":          {"重点关注客户变更", "key focus changed"},
	"auditfield.key_focus":      {"重点关注", "Key focus"},
	"object.completeness":       {"客户信息完整度", "information completeness"},
	"object.key_focus":          {"重点关注客户", "key-focus clients"},
	"object.key-focus":          {"重点关注客户", "key-focus clients"},
	"object.system-use":         {"系统使用情况", "system use"},
	"object.incomplete-clients": {"信息不完整的客户", "clients with incomplete files"},
}
