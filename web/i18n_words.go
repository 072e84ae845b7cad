package web

// The words for codes the store keeps and pages used to show as they are: the time line's changes and
// outcomes, the reasons Steward records itself, the greeting batches' counts, and the imports page's
// outcomes, durations and files (kept apart from i18n.go's big table, merged into the catalogue at
// start-up).
func init() {
	addMessages(wordMessages)
}

var wordMessages = map[string]message{
	// The time line.
	"tl.change":   {"%s → %s", "%s → %s"},
	"tl.nextStep": {"%s；下一步：%s", "%s; next step: %s"},
	// A rating change of the client's lifecycle stage (pipeline.ReasonLifecycle).
	"reason.lifecycle":     {"生命周期阶段变化", "Lifecycle stage changed"},
	"reason.lifecycleText": {"生命周期：%s → %s", "Lifecycle: %s → %s"},
	// Currencies by name in Chinese; English keeps the ISO code bankers use.
	"currency.CNY": {"人民币", "CNY"},
	"currency.USD": {"美元", "USD"},
	"currency.EUR": {"欧元", "EUR"},
	"currency.HKD": {"港币", "HKD"},
	"currency.JPY": {"日元", "JPY"},
	"currency.GBP": {"英镑", "GBP"},
	"currency.AUD": {"澳元", "AUD"},
	// The outcomes Steward closes alerts with itself (store.SystemAlertOutcomes).
	"alertoutcome.contacted":  {"已联系客户", "Client contacted"},
	"alertoutcome.verified":   {"电话已核实", "Phone verified"},
	"alertoutcome.superseded": {"已由更近的到期提醒接续", "Followed by a nearer reminder"},
	// The reasons of relationships Steward opens itself (store.RelationshipReasons).
	"relreason.initial_assignment": {"初始分配（随客户数据导入）", "Initial assignment (loaded with the client book)"},
	"relreason.demo_assignment":    {"演示数据初始分配", "Initial assignment of the demo data"},
	// A greeting batch's count of one tier and channel; why a message's fate is unknown (store.UnknownReason).
	"greet.tierChannel":   {"%s %s %d 条", "%s %s: %d"},
	"greet.unknownReason": {"发送过程中程序中断，可能已送达，因此不会自动重发", "The sender stopped while sending it: it may or may not have reached the client, so it is not sent again on its own"},
	// The imports page: what a report's outcome line says, the files of a batch.
	"imports.appliedIn":         {"用时 %s", "in %s"},
	"imports.alreadyText":       {"与上次应用的批次完全相同，未作任何更改", "identical to the last applied batch; nothing changed"},
	"imports.refusedErrors":     {"文件或引用有 %s 处错误，未应用任何数据", "%s {error|errors} in the files or their references; nothing was applied"},
	"imports.refusedDuplicates": {"%s 笔交易已由之前的批次应用，未应用任何数据", "%s {transaction was|transactions were} applied by an earlier batch; nothing was applied"},
	"imports.refusedSameDate":   {"业务日期 %s 的批次已应用过且内容不同：不接受更正批次，未应用任何数据", "a batch for %s was already applied with other content: a corrected batch is refused; nothing was applied"},
	"imports.refusedOrder":      {"不晚于最后应用的批次 %s：批次须按业务日期顺序应用，未应用任何数据", "not after the last applied batch %s: batches are applied in business-date order; nothing was applied"},
	"imports.refusedOther":      {"未应用任何数据，原因见报告", "nothing was applied; the report says why"},
	"imports.unknownLine":       {"无法识别报告的结果行，请打开报告查看", "the report's outcome line is not recognised; open the report"},
	"imports.feed.ORG":          {"机构 %s", "organisation %s"},
	"imports.feed.PROD":         {"产品 %s", "products %s"},
	"imports.feed.FX":           {"汇率 %s", "exchange rates %s"},
	"imports.feed.CUST":         {"客户 %s", "clients %s"},
	"imports.feed.ACCT":         {"账户 %s", "accounts %s"},
	"imports.feed.TXN":          {"交易 %s", "transactions %s"},
	"imports.feed.INCOME":       {"中间业务收入 %s", "fee income %s"},
	"imports.feed.closed":       {"因全量文件关闭账户 %s", "accounts closed by a full file %s"},
	"dur.ms":                    {"%d 毫秒", "%d ms"},
	"dur.s":                     {"%s 秒", "%s s"},
	"dur.min":                   {"%d 分 %d 秒", "%d min %d s"},
}
