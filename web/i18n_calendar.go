package web

// The working-day calendar page's texts, merged into the catalogue (kept apart from i18n.go's big table).
func init() {
	addMessages(calendarMessages)
	auditActions = append(auditActions, auditCalendarInstall)
}

var calendarMessages = map[string]message{
	"nav.workCalendar": {"工作日历", "Working days"},
	"wcal.title":       {"工作日历", "Working-day calendar"},
	"wcal.note": {"到期日、维护周期和升级时限按国务院办公厅公布的节假日安排（放假与调休上班）计算。系统随附已公布年份的安排；次年安排通常于 11 月公布，由管理员在此上传。",
		"Due dates, contact cadences and escalation deadlines follow the State Council's holiday schedule (days off and make-up working days). Steward ships the years already published; next year's schedule, usually published in November, is uploaded here by an administrator."},
	"wcal.missing":     {"尚未载入 %d 年的节假日安排。", "The %d holiday schedule is not loaded."},
	"wcal.missingText": {"在上传之前，%d 年的工作日仅按周一至周五计算，节假日期间的任务和提醒会落在休息日。", "Until it is uploaded, working days of %d are Monday to Friday only, and tasks and alerts fall on days off during the holidays."},
	"wcal.covered":     {"已覆盖的年份", "Years covered"},
	"wcal.year":        {"年份", "Year"},
	"wcal.source":      {"来源", "Source"},
	"wcal.holidayDays": {"放假天数", "Days off"},
	"wcal.makeUpDays":  {"调休上班天数", "Make-up working days"},
	"wcal.shipped":     {"系统随附", "Shipped with Steward"},
	"wcal.admin":       {"管理员上传", "Administrator's file"},
	"wcal.yearTitle":   {"%d 年节假日安排", "Holidays of %d"},
	"wcal.notCovered":  {"未载入：工作日按周一至周五计算。", "Not loaded: working days are Monday to Friday."},
	"wcal.dates":       {"日期", "Dates"},
	"wcal.kind":        {"类型", "Kind"},
	"wcal.days":        {"天数", "Days"},
	"wcal.name":        {"节日", "Holiday"},
	"wcal.holiday":     {"放假", "Day off"},
	"wcal.makeUp":      {"调休上班", "Make-up working day"},
	"wcal.install":     {"上传节假日安排", "Upload a holiday schedule"},
	"wcal.installNote": {"每个文件一个年份，保存为该年份的文件（如 2027.txt），替换系统随附或之前上传的同年安排。文件先经校验，有误则不保存；保存后立即生效，夜间导入也使用同一目录。",
		"One year a file, saved as that year's file (such as 2027.txt), replacing the shipped or earlier uploaded schedule of the year. The file is checked first and nothing is saved when it has a fault; once saved it applies at once, and the nightly import reads the same directory."},
	"wcal.file":   {"文本文件（.txt, UTF-8）", "Text file (.txt, UTF-8)"},
	"wcal.text":   {"或粘贴文件内容", "Or paste its text"},
	"wcal.submit": {"校验并保存", "Check and save"},
	"wcal.format": {"格式：每行一条。“year 2027”声明年份；“2027-01-01..2027-01-03 holiday 元旦”为放假；“2027-01-04 work 元旦”为周末调休上班；# 之后为注释。",
		"Format: one statement a line. “year 2027” declares the year; “2027-01-01..2027-01-03 holiday 元旦” days off; “2027-01-04 work 元旦” a weekend day worked; # starts a comment."},
	"wcal.readOnly":                {"本服务器未配置节假日文件目录，只能查看。", "This server has no holiday schedule directory configured: the calendar can only be viewed."},
	"wcal.installed":               {"%d 年的节假日安排已保存并生效。", "The %d holiday schedule was saved and applies now."},
	"wcal.refused":                 {"文件未保存：请改正下列问题后重新上传。", "The file was not saved: correct the faults below and upload it again."},
	"wcal.line":                    {"第 %d 行：%s", "line %d: %s"},
	"wcal.tooLarge":                {"文件过大（最多 %d KB）。", "The file is too large (at most %d KB)."},
	"wcal.unreadable":              {"无法读取上传的文件。", "The uploaded file could not be read."},
	"wcal.empty":                   {"请选择文件或粘贴文件内容。", "Choose a file or paste its text."},
	"wcal.pasted":                  {"粘贴的文本", "pasted text"},
	"action.work_calendar_install": {"上传节假日安排", "holiday schedule installed"},
}
