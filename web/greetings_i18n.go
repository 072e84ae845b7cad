package web

import "github.com/steward-bank/steward/store"

// The greetings pages' texts, merged into the catalogue (kept apart from i18n.go's big table).
func init() {
	for k, m := range greetingMessages {
		if _, dup := messages[k]; dup {
			panic("web: message " + k + " defined twice")
		}
		messages[k] = m
	}
	auditActions = append(auditActions, store.AuditGreetingDecision, store.AuditGreetingRetry, store.AuditGreetingTemplate)
}

var greetingMessages = map[string]message{
	"nav.greetings":            {"问候", "Greetings"},
	"home.greetingsWaiting":    {"%d 条问候待您审批（%d 批），请在发送日前预览并批准。", "%d greetings in %d batches await your approval: preview and approve them before their day."},
	"greet.title":              {"节日与生日问候", "Holiday and birthday greetings"},
	"greet.note":               {"每晚按客户层级提前 %d 天准备问候，经主管预览批准后在当天发送（%s 为免打扰时段）；同一场合每位客户只发一次，已退订的客户不发送，发送后记为联系记录。", "Greetings are prepared each night %d days ahead per tier, previewed and approved by the supervisor, and sent on the day (quiet hours %s); each client is greeted once per occasion, never after opting out, and each sending is logged as a contact."},
	"greet.channels":           {"发送渠道：%s", "Channels: %s"},
	"greet.noChannel":          {"未配置发送渠道（短信网关或邮件服务器）：已批准的问候将留在发件箱中，配置后自动发送。", "No channel is configured (SMS gateway or mail server): approved greetings stay in the outbox and go out once one is configured."},
	"greet.channel.sms":        {"短信", "SMS"},
	"greet.channel.email":      {"邮件", "E-mail"},
	"greet.batches":            {"问候批次", "Batches"},
	"greet.noBatches":          {"近期没有待处理的问候。", "No greetings in the coming days."},
	"greet.col.on":             {"日期", "Date"},
	"greet.col.occasion":       {"场合", "Occasion"},
	"greet.col.total":          {"条数", "Messages"},
	"greet.col.tierChannel":    {"层级与渠道", "Tier and channel"},
	"greet.col.state":          {"状态", "State"},
	"greet.col.client":         {"客户号", "Client"},
	"greet.col.name":           {"姓名", "Name"},
	"greet.col.tier":           {"层级", "Tier"},
	"greet.col.channel":        {"渠道", "Channel"},
	"greet.col.address":        {"号码/地址", "Address"},
	"greet.col.attempts":       {"尝试次数", "Attempts"},
	"greet.col.error":          {"原因", "Reason"},
	"greet.col.sentAt":         {"发送时间", "Sent at"},
	"greet.col.subject":        {"主题", "Subject"},
	"greet.col.body":           {"内容", "Text"},
	"greet.col.decided":        {"审批人", "Decided by"},
	"greet.preview":            {"预览", "Preview"},
	"greet.previewOf":          {"%s · %s · %s", "%s · %s · %s"},
	"greet.previewLimit":       {"最多显示 200 条；完整列表请导出。", "At most 200 are shown; export for the full list."},
	"greet.approve":            {"批准发送", "Approve"},
	"greet.reject":             {"驳回", "Reject"},
	"greet.waiting":            {"%d 条待批准", "%d waiting for approval"},
	"greet.problems":           {"发送失败或结果未知", "Failed or of unknown fate"},
	"greet.problemsNote":       {"结果未知：发送过程中程序中断，可能已送达。请向短信网关或邮件服务器核实后再决定是否重发。", "Unknown: the sender stopped mid-send and the message may have arrived. Check with the gateway or mail server before resending."},
	"greet.noProblems":         {"没有失败的问候。", "No failed greetings."},
	"greet.retry":              {"重新发送", "Send again"},
	"greet.templates":          {"问候模板", "Templates"},
	"greet.templatesNote":      {"可用占位符：%s。未知占位符会被拒绝保存。", "Placeholders: %s. An unknown placeholder is refused."},
	"greet.badTemplate":        {"模板未保存：%s", "The template was not saved: %s"},
	"greet.template.save":      {"保存", "Save"},
	"greet.template.changed":   {"%s 修改于 %s", "changed by %s at %s"},
	"greet.flash.approved":     {"已批准，问候将在当天发送。", "Approved: the greetings go out on the day."},
	"greet.flash.rejected":     {"该批问候已驳回。", "The batch was rejected."},
	"greet.flash.retry":        {"已重新排入发送队列。", "Queued to be sent again."},
	"greet.flash.template":     {"模板已保存。", "The template was saved."},
	"greet.noBatch":            {"没有待批准的问候", "Nothing to approve"},
	"greet.noBatchText":        {"该批问候不在您的网点，或已经处理过。", "This batch is not at your outlet, or has already been decided."},
	"greet.badRequestText":     {"表单内容不完整。", "The form is incomplete."},
	"greet.export":             {"导出发件箱", "Export the outbox"},
	"greet.state.prepared":     {"待批准", "Waiting"},
	"greet.state.approved":     {"待发送", "Approved"},
	"greet.state.rejected":     {"已驳回", "Rejected"},
	"greet.state.sending":      {"发送中", "Sending"},
	"greet.state.sent":         {"已发送", "Sent"},
	"greet.state.failed":       {"失败", "Failed"},
	"greet.state.skipped":      {"未发送", "Skipped"},
	"greet.state.unknown":      {"结果未知", "Unknown"},
	"greet.optout":             {"节日与生日问候", "Holiday and birthday greetings"},
	"greet.optout.on":          {"客户已退订", "The client opted out"},
	"greet.optout.off":         {"接收", "Receives them"},
	"greet.optout.set":         {"客户要求不再发送", "Client opts out"},
	"greet.optout.lift":        {"恢复发送", "Send again"},
	"greet.sample":             {"示例", "Sample"},
	"action.greeting_decision": {"批准/驳回问候", "greetings approved or rejected"},
	"action.greeting_retry":    {"重发问候", "greeting sent again"},
	"action.greeting_template": {"修改问候模板", "greeting template changed"},
	"alert.holiday_greeting":   {"节日问候", "Holiday greetings"},
	"alert.text.holiday":       {"%s %d 天后, 请致电或上门问候", "%s in %d days: call or visit"},
}
