package demo

import (
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
)

// buildLifeDetails adds what staff learn about their clients: family members with their birthdays (some
// lunar), interests and preferences, life events, notes in the RMs' words, tags and the key-focus flag.
// Most of it is about the clients RMs keep (20万 and up); the counters record a little about the others.
func (g *generator) buildLifeDetails() {
	for i := range g.b.Clients {
		c := &g.b.Clients[i]
		if c.Status == "closed" {
			continue
		}
		tier := g.pol.TierOf(c.AUM)
		rm := g.b.RMUsername[c.ClientID]
		high := tier == policy.T3 || tier == policy.T4 || tier == policy.T5
		switch {
		case tier == policy.T5:
			c.KeyFocus = chance(g.r, 400)
		case tier == policy.T4:
			c.KeyFocus = chance(g.r, 50)
		}
		if (high && chance(g.r, 500)) || (tier == policy.T2 && chance(g.r, 80)) {
			c.Interests = g.interests(c, g.meta[i].age)
		}
		if high && chance(g.r, 400) {
			c.Prefs = pickN(g, prefsPool, between(g.r, 1, 2))
		}
		// About a third of the clients of sixty and over celebrate the lunar birthday (按农历过生日). Chosen by
		// the client number, not the generator's stream, so that the rest of the bank stays as it was.
		c.LunarBirthday = g.meta[i].age >= 60 && !c.BirthDate.IsZero() && idShare(c.ClientID) < 350
		var fam []domain.FamilyMember
		if high && chance(g.r, 300) {
			fam = g.family(i)
			g.b.Family = append(g.b.Family, fam...)
		}
		if high {
			g.events(i, fam)
		}
		switch {
		case high && rm != "" && chance(g.r, 600):
			for _, body := range g.rmNotes(i, fam, between(g.r, 1, 3)) {
				g.b.Notes = append(g.b.Notes, NoteSpec{ClientID: c.ClientID, Author: rm, Body: body})
			}
		case !high && rm != "" && chance(g.r, 300):
			g.b.Notes = append(g.b.Notes, NoteSpec{ClientID: c.ClientID, Author: rm, Body: oneOf(g.r, referralNotes)})
		case tier == policy.T2 && chance(g.r, 30):
			if tellers := g.b.outletStaff(c.OutletID, domain.RoleTeller); len(tellers) > 0 {
				g.b.Notes = append(g.b.Notes, NoteSpec{ClientID: c.ClientID, Author: tellers[0], Body: g.tellerNote(c)})
			} else if tellers := g.b.outletStaff(c.OutletID, domain.RoleTellerVIP); len(tellers) > 0 {
				g.b.Notes = append(g.b.Notes, NoteSpec{ClientID: c.ClientID, Author: tellers[0], Body: g.tellerNote(c)})
			}
		}
		if tags := g.tags(i, tier); len(tags) > 0 {
			g.b.Tags[c.ClientID] = tags
		}
	}
}

// pickN joins n distinct picks from a list with "、".
func pickN(g *generator, pool []string, n int) string {
	idx := g.r.Perm(len(pool))[:min(n, len(pool))]
	out := make([]string, len(idx))
	for k, j := range idx {
		out[k] = pool[j]
	}
	return strings.Join(out, "、")
}

func (g *generator) interests(c *domain.Client, age int) string {
	pool := interestsMid
	switch {
	case age >= 55:
		pool = interestsOld
	case age < 32:
		pool = interestsYng
	}
	if c.AUM >= wan(100) && chance(g.r, 500) {
		pool = append(append([]string(nil), pool...), interestsRich...)
	}
	return pickN(g, pool, between(g.r, 1, 3))
}

// lunarOr gives a family member a lunar birthday (农历) with probability perMille, keeping the birth year
// in BirthDate (as 1 January of that year), or the solar birth date otherwise.
func (g *generator) lunarOr(m *domain.FamilyMember, birth domain.Date, perMille int) {
	if !chance(g.r, perMille) {
		m.BirthDate = birth
		return
	}
	m.Lunar = true
	m.LunarMonth = between(g.r, 1, 12)
	m.LunarDay = between(g.r, 1, 29)
	if chance(g.r, 30) {
		m.LunarDay = 30
	}
	m.BirthDate = domain.NewDate(birth.Year(), time.January, 1)
}

var (
	universities = []string{"武汉大学", "华中科技大学", "武汉理工大学", "华中师范大学", "中南财经政法大学", "湖北大学",
		"北京大学", "上海交通大学", "浙江大学", "中山大学"}
	cities        = []string{"上海", "深圳", "北京", "广州", "杭州", "武汉", "成都", "南京"}
	parentNotes   = []string{"退休教师，身体硬朗", "患有高血压，需要关照", "与客户同住", "住在老家", "腿脚不便，很少出门", "喜欢打麻将"}
	spouseNotes   = []string{"在医院工作", "中学老师", "做生意", "公务员", "已退休", "全职在家", "在国企上班", ""}
	hospitalWhy   = []string{"膝关节置换手术", "心脏支架手术", "白内障手术", "腰椎间盘突出治疗", "肺炎", "胆囊手术"}
	hospitalCare  = []string{"已电话慰问", "已上门探望", "已送去果篮", "主管陪同探望"}
	referralNotes = []string{
		"柜员转介绍，客户有理财意向，已加微信，约下周到网点面谈。",
		"大堂经理转介绍，客户咨询大额存单，资金暂在他行，争取到期后转入。",
		"客户由老客户介绍来我行，首次见面，先了解家庭情况和资金安排。",
		"客户询问个人养老金账户，已介绍开户流程，客户表示考虑一下。",
		"转介绍客户，近期有一笔拆迁款到账，需跟进资金安排。",
	}
)

// family makes a client's family: usually a spouse, children, sometimes a parent.
func (g *generator) family(ci int) []domain.FamilyMember {
	c := g.b.Clients[ci]
	age := g.meta[ci].age
	male := c.Gender == "M"
	sn := surnameOf(c.Name)
	var out []domain.FamilyMember
	childSurname := sn
	if age >= 25 && chance(g.r, 850) {
		sAge := age + between(g.r, -5, 2)
		if !male {
			sAge = age + between(g.r, -1, 5)
		}
		sAge = max(sAge, 20)
		birth := g.birthDateFor(sAge)
		name, ss := fullName(g.r, birth.Year(), !male)
		if !male {
			childSurname = ss.name
		}
		m := domain.FamilyMember{ClientID: c.ClientID, Relation: "spouse", Name: name, Note: oneOf(g.r, spouseNotes)}
		g.lunarOr(&m, birth, 200+age*4)
		out = append(out, m)
	}
	if age >= 28 {
		n := 1
		if chance(g.r, 300+age*3) {
			n = 2
		}
		for range n {
			cAge := age - between(g.r, 24, 36)
			if cAge < 0 {
				continue
			}
			birth := g.birthDateFor(cAge)
			cMale := chance(g.r, 510)
			m := domain.FamilyMember{ClientID: c.ClientID, Relation: "child", Name: childSurname + givenName(g.r, birth.Year(), cMale),
				Note: g.childNote(cAge)}
			g.lunarOr(&m, birth, 100)
			out = append(out, m)
		}
	}
	if age <= 60 && chance(g.r, 400) {
		pAge := age + between(g.r, 22, 35)
		if pAge <= 95 {
			birth := g.birthDateFor(pAge)
			name := sn + givenName(g.r, birth.Year(), true)
			if chance(g.r, 550) {
				name, _ = fullName(g.r, birth.Year(), false)
			}
			m := domain.FamilyMember{ClientID: c.ClientID, Relation: "parent", Name: name, Note: oneOf(g.r, parentNotes)}
			g.lunarOr(&m, birth, 600)
			out = append(out, m)
		}
	}
	return out
}

func (g *generator) childNote(age int) string {
	switch {
	case age < 6:
		return "上幼儿园"
	case age < 12:
		return "读小学"
	case age < 15:
		return "读初中"
	case age < 17:
		return "读高中"
	case age == 17:
		return "读高三，明年高考"
	case age == 18:
		return "今年参加高考"
	case age <= 22:
		return "在" + oneOf(g.r, universities) + "读大学"
	case age <= 30:
		return "在" + oneOf(g.r, cities) + "工作"
	}
	return oneOf(g.r, []string{"已成家", "在" + oneOf(g.r, cities) + "工作", "自己做生意"})
}

// gaokao is the first day of the national college entrance exam (高考) of a year.
func gaokao(year int) domain.Date { return domain.NewDate(year, time.June, 7) }

// events records a few important events (DOMAIN.md §2): a child's exam when there is a child of that age,
// and now and then a hospital stay, a wedding in the family, a grandchild, a retirement, a new shop or a
// new home.
func (g *generator) events(ci int, fam []domain.FamilyMember) {
	c := g.b.Clients[ci]
	age := g.meta[ci].age
	add := func(kind string, on domain.Date, note string) {
		g.b.Events = append(g.b.Events, domain.LifeEvent{ClientID: c.ClientID, Kind: kind, On: on, Note: note})
	}
	for _, m := range fam {
		if m.Relation != "child" || m.Lunar {
			continue
		}
		switch m.BirthDate.AgeOn(g.today) {
		case 17:
			add("child_exam", gaokao(g.today.Year()+1), m.Name+"明年参加高考，关注教育金和升学费用")
		case 18:
			add("child_exam", gaokao(g.today.Year()), m.Name+"参加高考")
		}
	}
	if !chance(g.r, 100) {
		return
	}
	var kinds []string
	if age >= 50 {
		kinds = append(kinds, "hospital", "hospital")
	}
	if age >= 45 && age <= 68 {
		kinds = append(kinds, "wedding")
	}
	if age >= 50 && age <= 72 {
		kinds = append(kinds, "newborn")
	}
	if c.Occupation == "retired" && age <= 61 {
		kinds = append(kinds, "retirement")
	}
	if c.Occupation == "self_employed" {
		kinds = append(kinds, "business_opening")
	}
	kinds = append(kinds, "relocation")
	switch kind := oneOf(g.r, kinds); kind {
	case "hospital":
		add(kind, g.today.AddDays(-between(g.r, 3, 200)), "住院："+oneOf(g.r, hospitalWhy)+"，"+oneOf(g.r, hospitalCare))
	case "wedding":
		on := g.today.AddDays(between(g.r, -120, 90))
		note := "子女婚礼，已送上祝福"
		if on.After(g.today) {
			note = "子女婚礼，准备贺礼并邀请主管一同出席"
		}
		add(kind, on, note)
	case "newborn":
		add(kind, g.today.AddDays(-between(g.r, 0, 200)), oneOf(g.r, []string{"喜添孙子", "喜添孙女", "喜添外孙", "喜添外孙女"}))
	case "retirement":
		add(kind, g.today.AddDays(-between(g.r, 0, 365)), "办理退休手续，养老金转入我行代发")
	case "business_opening":
		add(kind, g.today.AddDays(between(g.r, -180, 30)), "新店开业，送花篮祝贺，可营销收单和经营贷")
	case "relocation":
		add(kind, g.today.AddDays(-between(g.r, 0, 300)), "乔迁新居")
	}
}

// honorific is how an RM writes about a client: 王先生, 李女士, or 王老 for the elderly.
func honorific(c domain.Client, age int) string {
	sn := surnameOf(c.Name)
	switch {
	case age >= 70:
		return sn + "老"
	case c.Gender == "M":
		return sn + "先生"
	}
	return sn + "女士"
}

// wanText writes an amount in whole 万 ("35万元"), or in yuan below 1万.
func wanText(fen int64) string {
	if fen >= wan(1) {
		return fmt.Sprintf("%d万元", fen/wan(1))
	}
	return fmt.Sprintf("%d元", fen/100)
}

func mdText(d domain.Date) string { return fmt.Sprintf("%d月%d日", int(d.Month()), d.Day()) }

func ymdText(d domain.Date) string {
	return fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
}

// rmNotes writes up to n notes an RM would keep on a client, from what the client holds and who they are.
func (g *generator) rmNotes(ci int, fam []domain.FamilyMember, n int) []string {
	c := g.b.Clients[ci]
	m := g.meta[ci]
	who := honorific(c, m.age)
	var cands []string
	for _, ai := range m.accounts {
		a := g.b.Accounts[ai]
		p := g.products[a.ProductCode]
		if a.Status != "active" {
			continue
		}
		soon := !a.MaturityDate.IsZero() && a.MaturityDate.Before(g.today.AddDays(60))
		switch {
		case soon && (p.Category == "time" || p.Category == "wealth"):
			cands = append(cands, oneOf(g.r, []string{
				fmt.Sprintf("客户关注大额存单利率，%s到期后考虑续存。", mdText(a.MaturityDate)),
				fmt.Sprintf("%s的%s（约%s）将于%s到期，已电话提醒，客户倾向续存。", who, p.Name, wanText(a.BalanceCNY), mdText(a.MaturityDate)),
				fmt.Sprintf("%s%s到期，客户表示到期后部分资金要给子女买房，需提前准备替代方案。", p.Name, mdText(a.MaturityDate)),
			}))
		case p.Category == "fund" && p.RiskLevel >= "R3":
			cands = append(cands, oneOf(g.r, []string{
				fmt.Sprintf("客户持有的%s近期回撤较大，已解释市场波动，客户表示继续持有。", p.Name),
				"客户对基金定投感兴趣，下次面谈时介绍定投方案。",
			}))
		case p.Category == "insurance":
			cands = append(cands, fmt.Sprintf("客户已购%s，年缴保费按时扣款，提醒关注扣款账户余额。", p.Name))
		case p.Code == pMortgage:
			cands = append(cands, "客户房贷月供从我行扣款，可营销信用卡分期和家庭保障类保险。")
		case p.Code == pDemandFX:
			cands = append(cands, "客户孩子准备出国留学，有购汇需求，已介绍外汇业务办理流程。")
		}
	}
	if !c.RiskExpiresOn.IsZero() {
		switch {
		case c.RiskExpiresOn.Before(g.today):
			cands = append(cands, fmt.Sprintf("客户风险评估已于%s过期，下次来网点时提醒重新测评。", ymdText(c.RiskExpiresOn)))
		case c.RiskExpiresOn.Before(g.today.AddDays(30)):
			cands = append(cands, fmt.Sprintf("风险评估%s到期，已预约下周到网点重新测评。", mdText(c.RiskExpiresOn)))
		}
	}
	switch c.Occupation {
	case "retired":
		cands = append(cands, "客户退休金由我行代发，对稳健型理财有兴趣，不接受净值波动大的产品。")
	case "self_employed":
		cands = append(cands, "客户做生意，资金周转频繁，对经营贷和收单结算有需求。")
	case "teacher":
		cands = append(cands, "客户寒暑假时间比较充裕，可在假期安排面谈。")
	}
	for _, f := range fam {
		if f.Relation == "child" && strings.Contains(f.Note, "高考") {
			cands = append(cands, "客户孩子今年面临高考，关心教育金规划，可推荐教育金保险。")
		}
	}
	if c.Interests != "" {
		first, _, _ := strings.Cut(c.Interests, "、")
		if m.age >= 55 {
			cands = append(cands, fmt.Sprintf("上门拜访，客户身体状况良好，喜欢%s，下次可邀请参加网点客户活动。", first))
		} else {
			cands = append(cands, fmt.Sprintf("与客户聊到%s，很投缘，下次可邀请参加网点的%s主题活动。", first, first))
		}
	}
	if c.BirthDate.Month() == g.today.Month() || c.BirthDate.Month() == g.today.AddDays(31).Month() {
		cands = append(cands, fmt.Sprintf("客户生日在%s，提前准备生日贺卡和鲜花。", mdText(c.BirthDate)))
	}
	if g.pol.TierOf(c.AUM) == policy.T5 {
		cands = append(cands, "客户资产规模较大，已纳入重点维护，每周联系一次，春节前安排行长拜访。")
	}
	cands = append(cands,
		"客户提到他行三年期大额存单利率较高，需关注资金外流风险。",
		"电话回访，客户对我行服务满意，暂无新的资金需求。",
		"邀请客户参加周六的理财沙龙，客户表示有时间会来。",
		"客户咨询养老金融产品，已介绍个人养老金账户。",
		"客户不喜欢电话推销，偏好微信联系，联系前先发消息预约。",
		"客户近期有一笔大额资金入账，计划用于购房首付，需持续关注资金动向。",
	)
	idx := g.r.Perm(len(cands))[:min(n, len(cands))]
	out := make([]string, len(idx))
	for k, j := range idx {
		out[k] = cands[j]
	}
	return out
}

// tellerNote is an observation recorded at the counter (DOMAIN.md §4, potential clients).
func (g *generator) tellerNote(c *domain.Client) string {
	return oneOf(g.r, []string{
		fmt.Sprintf("柜面观察：客户询问理财产品收益，在我行资金约%s，可转介绍给客户经理跟进。", wanText(c.AUM)),
		"柜面观察：客户办理了一笔大额转账，提到有投资需求。",
		"柜面观察：客户手机号已更换，已更新联系方式。",
		"柜面观察：客户持有他行VIP卡，对我行大额存单感兴趣。",
		"柜面观察：客户咨询保险箱业务，可推荐给客户经理。",
	})
}

// tags are the labels staff put on a client (客户标签).
func (g *generator) tags(ci int, tier string) []string {
	c := g.b.Clients[ci]
	m := g.meta[ci]
	var out []string
	five := c.AUM >= wan(5)
	has := func(code string) bool {
		for _, ai := range m.accounts {
			if a := g.b.Accounts[ai]; a.ProductCode == code && a.Status == "active" {
				return true
			}
		}
		return false
	}
	if tier == policy.T5 {
		out = append(out, "高净值")
	}
	if c.KeyFocus {
		out = append(out, "重点关注")
	}
	switch {
	case c.Occupation == "retired" && five:
		out = append(out, "退休")
		if c.Source == "agency" {
			out = append(out, "养老金代发")
		}
	case c.Occupation == "self_employed" && (five || has(pBusiness)):
		out = append(out, "个体工商户")
	case c.Source == "agency" && five && (c.Occupation == "worker" || c.Occupation == "civil_servant" ||
		c.Occupation == "teacher" || c.Occupation == "medical"):
		out = append(out, "代发工资")
	}
	if (c.Occupation == "self_employed" || c.Occupation == "freelance" || c.Occupation == "sales") &&
		c.AUM >= wan(1) && c.AUM < wan(20) && chance(g.r, 300) {
		out = append(out, "潜力客户")
	}
	if five && has(pDemandFX) {
		out = append(out, "外汇需求")
	}
	if m.age >= 70 && c.AUM >= wan(20) {
		out = append(out, "老年客户")
	}
	if c.AUM >= wan(20) && has(pMortgage) {
		out = append(out, "房贷客户")
	}
	if c.AUM >= wan(20) && m.risk > 0 && m.risk <= 2 {
		out = append(out, "稳健型")
	} else if c.AUM >= wan(20) && m.risk >= 4 {
		out = append(out, "进取型")
	}
	return out
}

// idShare is a stable number from 0 to 999 drawn from a client number.
func idShare(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % 1000)
}
