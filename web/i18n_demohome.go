package web

// The home page's figures of a client manager's own book, the client list's switch between the book and
// the outlet's unassigned clients, and the team's work diaries (kept apart from i18n.go's big table,
// merged into the catalogue at start-up).
func init() {
	addMessages(bookMessages)
}

var bookMessages = map[string]message{
	"home.ownClients":       {"我负责的客户", "Clients I keep"},
	"home.ownClientsNote":   {"与您建立服务关系的客户", "clients whose service relationship is with you"},
	"home.ownAUM":           {"我负责客户的管理资产", "Financial assets of my clients"},
	"home.ownAUMNote":       {"您负责的客户的资产合计（AUM）", "total AUM of the clients you keep"},
	"home.ownTiers":         {"我负责客户的分层", "My clients by asset tier"},
	"home.ownTop":           {"我负责客户中资产前十位", "My top 10 clients by financial assets"},
	"home.ownTopEmpty":      {"您尚未负责任何客户。", "You keep no clients yet."},
	"home.outletUnassigned": {"本网点未分配客户 %d 户（只读）", "%d unassigned {client|clients} of the outlet (read-only)"},
	"home.linkOwnClients":   {"我负责的客户", "Clients I keep"},
	"col.countShare":        {"客户数占比", "Share of clients"},
	"col.aumShare":          {"资产占比", "Share of assets"},
	"clients.mine":          {"我负责的客户（%d 户）", "Clients I keep (%d)"},
	"clients.outletFree":    {"本网点未分配客户（%d 户，只读）", "Unassigned clients of the outlet (%d, read-only)"},
	"clients.allVisible":    {"全部可见", "All I may see"},
	"clients.bookSwitch":    {"查看范围", "Which clients"},
}
