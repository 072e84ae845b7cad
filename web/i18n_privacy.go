package web

// The masked view's texts (docs/masking.md), kept apart from i18n.go's big table.
func init() {
	addMessages(privacyMessages)
}

var privacyMessages = map[string]message{
	"privacy.aumMasked":     {"资产按层级显示（脱敏）", "assets shown by tier (masked)"},
	"privacy.birthMasked":   {"已登记（脱敏不显示）", "recorded (masked)"},
	"privacy.lunarMasked":   {"按农历过生日", "celebrates the lunar birthday"},
	"privacy.addressMasked": {"（仅显示到区县）", "(district only)"},
	"privacy.noWealthSort":  {"脱敏视图不能按资产或星点值排序客户。", "A masked view cannot rank clients by assets or star points."},
	"action.client_list":    {"查看客户名单", "client list shown"},
}
