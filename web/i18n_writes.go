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
}
