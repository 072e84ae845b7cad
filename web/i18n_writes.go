package web

// Refusals of work that is not the person's, and the greetings page's lapsed batches and template rights
// (kept apart from i18n.go's big table, merged into the catalogue at start-up).
func init() {
	addMessages(writesMessages)
}

var writesMessages = map[string]message{
	"work.taskNotYours": {"这项任务不由您办结：任务由被指派人本人，或其所在网点的客户经理主管、网点负责人办结。",
		"This task is not yours to finish: the person it is assigned to, or their outlet's supervisor or outlet manager, finishes it."},
	"work.alertNotYours": {"这条预警不由您处理：预警由被指派人、该网点对应岗位人员，或网点的客户经理主管、网点负责人处理。",
		"This alert is not yours to act on: the person it is assigned to, the outlet's staff in its role, or the outlet's supervisor or outlet manager acts on it."},

	"nav.greetingTemplates":    {"问候模板", "Greeting templates"},
	"greet.state.lapsed":       {"过期未发", "Lapsed"},
	"greet.lapsed":             {"该批问候已过期", "This batch has lapsed"},
	"greet.lapsedText":         {"节日或生日当天已过，未批准的问候不再发送，也不能再批准。", "Its day has passed: greetings not approved in time are not sent and can no longer be approved."},
	"greet.lapsedNote":         {"%d 条问候未在当天前批准，已过期未发；可驳回以结清该批次。", "Not approved before the day, so not sent: %d {greeting|greetings}; reject the batch to close it."},
	"greet.templatesReadOnly":  {"问候模板全行通用，由个人金融部统一维护；网点可在此查看各层级客户收到的内容。", "The templates are the bank's, kept by the personal-banking department; outlets read here what each tier's clients receive."},
	"greet.templatesForbidden": {"问候模板全行通用，只有个人金融部和系统管理员可以修改。", "The templates are the bank's: only the personal-banking department and administrators change them."},
}
