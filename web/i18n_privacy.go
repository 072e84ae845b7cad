package web

// The masked view's texts (docs/masking.md), kept apart from i18n.go's big table.
func init() {
	addMessages(privacyMessages)
}

var privacyMessages = map[string]message{
	"privacy.aumMasked":               {"资产按层级显示（脱敏）", "assets shown by tier (masked)"},
	"privacy.birthMasked":             {"已登记（脱敏不显示）", "recorded (masked)"},
	"privacy.lunarMasked":             {"按农历过生日", "celebrates the lunar birthday"},
	"privacy.addressMasked":           {"（仅显示到区县）", "(district only)"},
	"privacy.noWealthSort":            {"脱敏视图不能按资产或星点值排序客户。", "A masked view cannot rank clients by assets or star points."},
	"privacy.searchLimitTitle":        {"查询过于频繁", "Too many searches"},
	"privacy.searchLimit":             {"一小时内按手机号或证件号查询客户的次数已达上限，请稍后再试。每次查询均记入审计日志。", "You have reached the limit of searches by mobile or ID number within an hour; try again later. Every search is in the audit log."},
	"alert.text.movementMasked":       {"账户 %s 资金变动达 %s 以上", "account %s: a movement of %s or more"},
	"alert.text.netMasked":            {"当日净变动达 %s 以上", "net change of the day of %s or more"},
	"alerttext.maturityMasked.future": {"账户 %s %d 天后到期", "account %s matures in %d {day|days}"},
	"alerttext.maturityMasked.today":  {"账户 %s 今天到期", "account %s matures today"},
	"alerttext.maturityMasked.past":   {"账户 %s 已到期 %d 天", "account %s matured %d {day|days} ago"},
	"action.client_list":              {"查看客户名单", "client list shown"},
}
