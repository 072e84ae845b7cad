package web

// workMessages are the texts of the team's work: tasks a supervisor assigns, the team's schedule, and the
// alerts that keep clients contacted and their files fresh. They join the catalogue at start-up.
var workMessages = map[string]message{
	// Upkeep alerts (DOMAIN.md §5).
	"alert.contact_overdue":   {"联系逾期", "Contact overdue"},
	"alert.phone_stale":       {"电话未核实", "Phone not verified"},
	"alert.info_incomplete":   {"信息不完整", "Information incomplete"},
	"alert.text.overdue":      {"上次联系 %s, 维护周期 %d 天, 已逾期 %d 天", "last contact %s, cadence %d days, %d days overdue"},
	"alert.text.overdueNever": {"尚无联系记录, 维护周期 %d 天, 已逾期 %d 天", "never contacted, cadence %d days, %d days overdue"},
	"alert.text.phoneStale":   {"电话自 %s 起未核实(超过 %d 个月)", "phone not verified since %s (over %d months)"},
	"alert.text.phoneNever":   {"电话从未核实, 自开户日 %s 起超过 %d 个月", "phone never verified, over %[2]d months since the account opened on %[1]s"},
	"phone.verified":          {"电话核实", "Phone verified"},
	"phone.never":             {"从未核实(自开户日 %s 起算)", "never (counted from the opening on %s)"},
	"phone.verify":            {"电话已核实", "Phone verified"},
	"phone.noMobile":          {"该客户没有手机号，无法核实。", "The client has no mobile to verify."},
	"flash.phone":             {"已记录电话核实。", "The phone was recorded as verified."},
	// Tasks (DOMAIN.md §6).
	"nav.tasks":            {"任务", "Tasks"},
	"task.teamTitle":       {"团队任务", "The team's tasks"},
	"task.teamNote":        {"为本网点的客户经理和员工指派任务，跟踪到期、逾期与完成情况。", "Assign tasks to the client managers and staff of the outlet and follow what is due, overdue and done."},
	"task.myTitle":         {"我的任务", "My tasks"},
	"task.myNote":          {"主管指派、联系跟进和维护周期产生的任务。", "Tasks assigned by a supervisor, follow-ups of contacts and maintenance contacts."},
	"task.assign":          {"指派任务", "Assign a task"},
	"task.assignSubmit":    {"指派", "Assign"},
	"task.assignee":        {"执行人", "Assignee"},
	"task.kind":            {"类型", "Kind"},
	"task.client":          {"客户号(可选)", "Client no. (optional)"},
	"task.clientHint":      {"如 C0001", "e.g. C0001"},
	"task.dueHint":         {"到期日如遇节假日或周末，将顺延至下一个工作日。", "A due date on a weekend or holiday moves to the next working day."},
	"task.moved":           {"任务已指派；到期日为休息日，已顺延至 %s。", "The task was assigned; its due date was a day off and moved to %s."},
	"task.badDue":          {"请填写今天或之后的到期日。", "Give a due date of today or later."},
	"task.badClient":       {"没有找到该客户，或该客户不在您的权限范围内。", "There is no such client, or the client is outside your scope."},
	"task.invalid":         {"无法指派：执行人须为本网点在岗员工，且能查看该客户；请检查类型与优先级。", "Cannot assign: the assignee must be active staff of your outlet who may see the client; check the kind and priority."},
	"task.reassign":        {"改派", "Reassign"},
	"task.cancel":          {"取消", "Cancel"},
	"task.by":              {"%s 指派", "by %s"},
	"task.noneListed":      {"没有符合条件的任务。", "No task matches."},
	"flash.task":           {"任务已更新。", "The task was updated."},
	"flash.taskDone":       {"任务已完成。", "The task is done."},
	"taskkind.call":        {"电话", "Call"},
	"taskkind.visit":       {"拜访", "Visit"},
	"taskkind.invitation":  {"邀约到网点", "Outlet invitation"},
	"taskkind.follow_up":   {"跟进", "Follow-up"},
	"taskkind.other":       {"其他", "Other"},
	"taskfilter.open":      {"待办", "Open"},
	"taskfilter.done":      {"已完成", "Done"},
	"taskfilter.cancelled": {"已取消", "Cancelled"},
	"taskfilter.all":       {"全部", "All"},
	"priority.1":           {"普通", "Normal"},
	"priority.2":           {"重要", "High"},
	"priority.3":           {"紧急", "Urgent"},
	"action.task_change":   {"任务变更", "task changed"},
	// The team's schedule (DOMAIN.md §6).
	"sched.title":     {"团队日程", "The team's schedule"},
	"sched.team":      {"团队日程", "The team's week"},
	"sched.mine":      {"我的日程", "My week"},
	"sched.plan":      {"下周计划(%s 起)", "Next week's plan (from %s)"},
	"sched.planNote":  {"日程应至少提前一周安排：下周计划少于 %d 项的客户经理标为计划不足。", "Schedules are planned at least a week ahead: client managers with fewer than %d items next week are marked."},
	"sched.planned":   {"已安排", "Planned"},
	"sched.nothing":   {"未安排", "Nothing planned"},
	"sched.tooLittle": {"计划不足", "Too little"},
	"sched.noRMs":     {"本网点没有客户经理。", "The outlet has no client manager."},
	"sched.byMember":  {"本周每人日程", "Each member's week"},
	"sched.pool":      {"%s(岗位)", "%s (any)"},
}

func init() {
	for k, m := range workMessages {
		if _, ok := messages[k]; !ok { // the main catalogue wins
			messages[k] = m
		}
	}
}
