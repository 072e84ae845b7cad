package web

// The refusals of what people type (control and invisible characters, implausible dates) and the names of
// the fields they name.
func init() {
	addMessages(inputMessages)
}

var inputMessages = map[string]message{
	"input.control":   {"%s中含有控制字符（第 %d 个字符），请删除后重新提交。", "%s holds a control character (character %d): remove it and submit again."},
	"input.invisible": {"%s中含有不可见的格式字符（第 %d 个字符，如文字方向控制符、零宽空格），请删除后重新提交。", "%s holds an invisible formatting character (character %d: a text-direction control, a zero-width space…): remove it and submit again."},
	"input.lineBreak": {"%s不能换行，也不能含制表符，请写在一行内。", "%s takes no line break or tab: write it on one line."},
	"input.notText":   {"%s中含有无法识别的字符，请重新输入。", "%s is not valid text: type it again."},
	"input.dateRange": {"%s应在 %s 至 %s 之间。", "%s must be from %s to %s."},
	"field.value":     {"输入内容", "The entry"},
	"field.note":      {"备注", "The note"},
	"field.name":      {"姓名", "The name"},
	"field.relation":  {"关系", "The relation"},
	"field.birthDate": {"出生日期", "The birth date"},
	"field.tag":       {"标签", "The tag"},
	"field.nextStep":  {"下一步安排", "The next step"},
	"field.followUp":  {"跟进日期", "The follow-up date"},
	"field.outcome":   {"处理结果", "The outcome"},
	"field.summary":   {"今日小结", "The day's summary"},
	"field.plan":      {"明日计划", "The plan for tomorrow"},
	"field.subject":   {"标题", "The subject"},
	"field.body":      {"正文", "The text"},
	"field.due":       {"完成期限", "The due date"},
	"field.kind":      {"事件类型", "The kind of event"},
	"field.eventOn":   {"事件日期", "The date of the event"},
}
