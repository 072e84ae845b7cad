package web

import (
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// The texts of service relationships loaded from a bank's table and of the sight a client manager keeps
// of a client handed over (kept apart from i18n.go's big table, merged into the catalogue at start-up).
func init() {
	addMessages(relImportMessages)
}

var relImportMessages = map[string]message{
	"client.handedOver":     {"已移交", "handed over"},
	"client.handedOverTo":   {"该客户已于 %s 移交给 %s。您可查看至 %s，但不能修改，也不再计入您的管户。", "Handed over on %s to %s. You may read this client until %s, but not change it, and it no longer counts in your book."},
	"client.handedOverNone": {"您与该客户的服务关系已于 %s 解除。您可查看至 %s，但不能修改，也不再计入您的管户。", "Your service of this client ended on %s. You may read it until %s, but not change it, and it no longer counts in your book."},
	"clients.handedOver":    {"已移交，仅可查看", "handed over, read-only"},

	"action.relationship_import": {"导入服务关系表", "relationship table imported"},
	"object.relationship_table":  {"服务关系表", "relationship table"},
}

// HandoverText says when and to whom a client was handed over from the reader, and until when the reader
// may still read it (the shadow's length is the reader's scope's, policy relationships.shadow_days).
func (v *view) HandoverText(h *store.Handover) string {
	if h == nil {
		return ""
	}
	day := func(t time.Time) string { return domain.DateOf(t.In(domain.Shanghai)).String() }
	until := h.On
	if v.P != nil && !v.P.Scope.ShadowSince.IsZero() {
		until = h.On.Add(v.Now.Sub(v.P.Scope.ShadowSince))
	}
	if h.ToName == "" {
		return v.T("client.handedOverNone", day(h.On), day(until))
	}
	return v.T("client.handedOverTo", day(h.On), h.ToName, day(until))
}
