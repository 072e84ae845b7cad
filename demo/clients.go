package demo

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/cnid"
	"github.com/steward-bank/steward/domain"
)

// yuan is n yuan in fen.
func yuan(n int64) int64 { return n * 100 }

// wan is n 万 (ten thousand yuan) in fen.
func wan(n int64) int64 { return n * 1_000_000 }

// aumBand is a band of target AUM in fen, [lo, hi), with its share of the book per 10 000 clients.
type aumBand struct {
	lo, hi int64
	w      int
}

// aumBands follow the seeds: 85 % of clients under 1万 (the post-office book of seeds/003 has 87.6 % of
// its accounts there), a thin top above 300万 (0.40 %).
var aumBands = []aumBand{
	{0, wan(1), 8500},
	{wan(1), wan(5), 750},
	{wan(5), wan(20), 450},
	{wan(20), wan(50), 160},
	{wan(50), wan(100), 60},
	{wan(100), wan(300), 40},
	{wan(300), wan(600), 25},
	{wan(600), wan(2000), 13},
	{wan(2000), wan(5000), 2},
}

// smallBands split the under-1万 band: most small books hold a few hundred yuan (the seeds' 87 % of
// accounts hold 10 % of the money), some are all but empty.
var smallBands = []choice[[2]int64]{
	{[2]int64{0, yuan(1)}, 30},
	{[2]int64{yuan(1), yuan(10)}, 90},
	{[2]int64{yuan(10), yuan(100)}, 220},
	{[2]int64{yuan(100), yuan(1000)}, 360},
	{[2]int64{yuan(1000), yuan(10000)}, 300},
}

// drawAUM draws a client's target AUM in fen.
func (g *generator) drawAUM() int64 {
	cs := make([]choice[aumBand], len(aumBands))
	for i, b := range aumBands {
		cs[i] = choice[aumBand]{b, b.w}
	}
	b := pick(g.r, cs)
	if b.lo == 0 {
		sb := pick(g.r, smallBands)
		if sb[0] == 0 {
			return between64(g.r, 0, sb[1])
		}
		return g.logUniform(sb[0], sb[1])
	}
	return g.logUniform(b.lo, b.hi)
}

// Occupations (FEEDS.md CUST.occupation). Targets over the whole book, per 1000, from seeds/003: 26 %
// retired, 16 % workers (打工阶层), 14 % with no stable income, 20 % self-employed + freelance + sales (the
// "wealth-building" group), the rest spread over the other codes.
var occupationTargets = []choice[string]{
	{"retired", 260}, {"worker", 160}, {"unemployed", 140}, {"self_employed", 90}, {"freelance", 60},
	{"sales", 50}, {"civil_servant", 30}, {"teacher", 30}, {"medical", 20}, {"manager", 30}, {"farmer", 40},
	{"student", 60}, {"other", 30},
}

// occupationsRich is the mix among clients with 5万 or more (7.5 % of the book): more retirees with
// savings, business owners and managers; few students or people without income.
var occupationsRich = []choice[string]{
	{"retired", 280}, {"worker", 50}, {"unemployed", 20}, {"self_employed", 200}, {"freelance", 60},
	{"sales", 50}, {"civil_servant", 60}, {"teacher", 50}, {"medical", 60}, {"manager", 100}, {"farmer", 20},
	{"student", 0}, {"other", 50},
}

// occupationsPlain is the mix below 5万, chosen so that the whole book meets occupationTargets:
// (target − 7.5 % × rich) / 92.5 %, per 10 000.
var occupationsPlain = []choice[string]{
	{"retired", 2584}, {"worker", 1689}, {"unemployed", 1497}, {"self_employed", 811}, {"freelance", 600},
	{"sales", 500}, {"civil_servant", 276}, {"teacher", 284}, {"medical", 168}, {"manager", 243},
	{"farmer", 416}, {"student", 649}, {"other", 283},
}

// Sources (FEEDS.md CUST.source), per 1000: 72 % walk-in, 21 % agency, 1.2 % staff (seeds/003), the rest
// referrals and campaigns.
var sourceTargets = []choice[string]{
	{"natural", 720}, {"agency", 210}, {"staff", 12}, {"referral", 38}, {"campaign", 20},
}

// ageRange is an inclusive range of ages with a weight.
type ageRange struct{ lo, hi int }

// ageByOccupation gives the ages of each occupation. Together they make the seeds' "two big ends": many
// young adults and many elderly, the 30–50 group under a third.
func ageByOccupation(occ string, male bool) []choice[ageRange] {
	switch occ {
	case "retired":
		if male {
			return []choice[ageRange]{{ageRange{60, 64}, 20}, {ageRange{65, 74}, 45}, {ageRange{75, 92}, 35}}
		}
		return []choice[ageRange]{{ageRange{50, 59}, 25}, {ageRange{60, 74}, 45}, {ageRange{75, 94}, 30}}
	case "worker":
		return []choice[ageRange]{{ageRange{18, 25}, 30}, {ageRange{26, 35}, 30}, {ageRange{36, 50}, 28}, {ageRange{51, 59}, 12}}
	case "unemployed":
		return []choice[ageRange]{{ageRange{18, 24}, 35}, {ageRange{25, 34}, 20}, {ageRange{35, 49}, 15}, {ageRange{50, 64}, 30}}
	case "self_employed":
		return []choice[ageRange]{{ageRange{25, 34}, 25}, {ageRange{35, 49}, 45}, {ageRange{50, 66}, 30}}
	case "freelance":
		return []choice[ageRange]{{ageRange{20, 29}, 45}, {ageRange{30, 44}, 40}, {ageRange{45, 60}, 15}}
	case "sales":
		return []choice[ageRange]{{ageRange{20, 29}, 50}, {ageRange{30, 44}, 40}, {ageRange{45, 58}, 10}}
	case "civil_servant", "teacher":
		return []choice[ageRange]{{ageRange{23, 35}, 35}, {ageRange{36, 50}, 40}, {ageRange{51, 59}, 25}}
	case "medical":
		return []choice[ageRange]{{ageRange{23, 35}, 40}, {ageRange{36, 50}, 40}, {ageRange{51, 59}, 20}}
	case "manager":
		return []choice[ageRange]{{ageRange{28, 40}, 40}, {ageRange{41, 55}, 50}, {ageRange{56, 62}, 10}}
	case "farmer":
		return []choice[ageRange]{{ageRange{30, 49}, 30}, {ageRange{50, 72}, 70}}
	case "student":
		return []choice[ageRange]{{ageRange{18, 22}, 85}, {ageRange{23, 26}, 15}}
	}
	return []choice[ageRange]{{ageRange{18, 30}, 40}, {ageRange{31, 59}, 30}, {ageRange{60, 85}, 30}}
}

// birthDateFor draws a birth date that makes someone exactly age on today.
func (g *generator) birthDateFor(age int) domain.Date {
	latest := addYears(g.today, -age)
	earliest := addYears(g.today, -(age + 1)).AddDays(1)
	return g.dateBetween(earliest, latest)
}

// Credit grades (FEEDS.md CUST.credit_grade), per 1000; "" is no grade.
var (
	gradesPlain = []choice[string]{{"", 120}, {"AAA", 20}, {"AA", 90}, {"A", 250}, {"BBB", 270}, {"BB", 160}, {"B", 60}, {"C", 30}}
	gradesRich  = []choice[string]{{"AAA", 280}, {"AA", 380}, {"A", 220}, {"BBB", 100}, {"BB", 20}}
)

func (g *generator) buildClients() {
	n := g.opts.Clients
	g.b.Clients = make([]domain.Client, 0, n)
	g.meta = make([]clientMeta, 0, n)
	g.b.Accounts = make([]domain.Account, 0, n*2)
	for i := range n {
		g.newClient(i)
	}
}

func (g *generator) newClient(i int) {
	target := g.drawAUM()
	c := domain.Client{
		ClientID: fmt.Sprintf("C%09d", i+1),
		OutletID: pick(g.r, outlets),
		Source:   pick(g.r, sourceTargets),
		Status:   "normal",
	}
	switch {
	case target < wan(1) && chance(g.r, 20):
		c.Status, target = "closed", 0
	case target < wan(1) && chance(g.r, 10):
		c.Status = "frozen"
	case chance(g.r, 4):
		c.Status = "frozen"
	}
	if target >= wan(5) {
		c.Occupation = pick(g.r, occupationsRich)
	} else {
		c.Occupation = pick(g.r, occupationsPlain)
	}
	male := chance(g.r, 490)
	if c.Occupation == "self_employed" || c.Occupation == "farmer" {
		male = chance(g.r, 580)
	}
	age := pick(g.r, ageByOccupation(c.Occupation, male))
	years := between(g.r, age.lo, age.hi)
	if target >= wan(50) && years < 30 && chance(g.r, 800) {
		// Wealth takes time: few of the well-off are under thirty.
		years = between(g.r, 30, 55)
	}
	c.BirthDate = g.birthDateFor(years)
	c.Gender = "F"
	if male {
		c.Gender = "M"
	}
	name, sn := fullName(g.r, c.BirthDate.Year(), male)
	c.Name = name
	g.identity(&c, male)
	g.contact(&c, years, sn, target)
	if list := employers[c.Occupation]; len(list) > 0 && chance(g.r, 600) {
		c.Employer = oneOf(g.r, list)
	} else if c.Occupation == "retired" && chance(g.r, 400) {
		c.Employer = "原" + oneOf(g.r, retiredFrom) + "(已退休)"
	}

	// Opened at 16 or later, within the last 20 years.
	earliest := maxDate(addYears(g.today, -20), addYears(c.BirthDate, 16))
	c.OpenDate = g.dateBetween(earliest, g.today)

	if target >= wan(50) {
		c.CreditGrade = pick(g.r, gradesRich)
	} else {
		c.CreditGrade = pick(g.r, gradesPlain)
	}

	m := clientMeta{age: years}
	g.riskProfile(&c, &m, target)
	g.b.Clients = append(g.b.Clients, c)
	g.meta = append(g.meta, m)
	g.openAccounts(len(g.b.Clients)-1, target)
}

// identity gives the client an identity document: a resident ID card (01) for nearly everyone, with a real
// region code and the birth date and sex it encodes; a few passports and permits.
func (g *generator) identity(c *domain.Client, male bool) {
	switch n := g.r.IntN(1000); {
	case n < 12:
		c.IDType = domain.IDTypePassport
		c.IDNumber = g.uniqueID(func() string { return "E" + g.digits(8) })
	case n < 17:
		c.IDType = domain.IDTypeHKMacau
		c.IDNumber = g.uniqueID(func() string { return oneOf(g.r, []string{"H", "M"}) + g.digits(10) })
	case n < 20:
		c.IDType = domain.IDTypeTaiwan
		c.IDNumber = g.uniqueID(func() string { return g.digits(8) })
	default:
		c.IDType = domain.IDTypeResident
		reg := g.homeRegion(c.OutletID, c.Occupation)
		seq := g.r.IntN(100)
		for range 100 {
			id := string(cnid.GenerateResidentID(reg.code, c.BirthDate.Time(), seq, male))
			if !g.ids[id] {
				g.ids[id] = true
				c.IDNumber = id
				return
			}
			seq = (seq + 1) % 100
		}
		// A hundred people of one sex born the same day in one district: move to the next district code.
		c.IDNumber = string(cnid.GenerateResidentID(rHongshan.code, c.BirthDate.Time(), g.r.IntN(100), male))
		g.ids[c.IDNumber] = true
	}
}

func (g *generator) uniqueID(next func() string) string {
	for {
		id := next()
		if !g.ids[id] {
			g.ids[id] = true
			return id
		}
	}
}

// digits is n random decimal digits.
func (g *generator) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

// homeRegion is where a client's ID card was issued: mostly the outlet's own districts, then the rest of
// Wuhan, the rest of Hubei and elsewhere.
func (g *generator) homeRegion(outlet, occupation string) region {
	if occupation == "farmer" {
		return oneOf(g.r, []region{rHuangpi, rXinzhou, rCaidian, rJiangxia})
	}
	switch n := g.r.IntN(100); {
	case n < 55:
		return pick(g.r, areas[outlet].districts)
	case n < 70:
		return oneOf(g.r, wuhanOther)
	case n < 90:
		return oneOf(g.r, hubei)
	}
	return oneOf(g.r, elsewhere)
}

// contact fills mobile, landline, e-mail and address.
func (g *generator) contact(c *domain.Client, age int, sn surname, target int64) {
	missing := 40
	if age >= 75 {
		missing = 120
	}
	if !chance(g.r, missing) {
		for {
			m := oneOf(g.r, mobilePrefixes) + g.digits(8)
			if !g.mobiles[m] {
				g.mobiles[m] = true
				c.Mobile = m
				break
			}
		}
	}
	if (age >= 50 && chance(g.r, 180)) || chance(g.r, 40) {
		c.Phone = "027-" + oneOf(g.r, []string{"8", "5", "6"}) + g.digits(7)
	}
	if (age < 55 && chance(g.r, 220)) || chance(g.r, 40) {
		c.Email = g.email(sn, c.BirthDate.Year())
	}
	if chance(g.r, 900) {
		c.Address = g.address(c.OutletID, age, target)
	}
}

func (g *generator) email(sn surname, birthYear int) string {
	for {
		var e string
		switch n := g.r.IntN(100); {
		case n < 55:
			e = strconv.Itoa(between(g.r, 10000, 2999999999)) + "@qq.com"
		case n < 75:
			e = sn.pinyin + strconv.Itoa(birthYear) + g.digits(2) + "@163.com"
		case n < 88:
			e = sn.pinyin + "_" + g.digits(4) + "@126.com"
		case n < 95:
			e = sn.pinyin + g.digits(3) + "@sina.com"
		default:
			e = "1" + g.digits(10) + "@139.com"
		}
		if !g.emails[e] {
			g.emails[e] = true
			return e
		}
	}
}

// address is a Wuhan home address: "武汉市武昌区解放路218号紫阳小区3栋2单元501室". The well-off live more often in
// upmarket compounds, the elderly in old work-unit compounds.
func (g *generator) address(outlet string, age int, target int64) string {
	reg := pick(g.r, areas[outlet].districts)
	street := oneOf(g.r, streets[reg.code])
	var compound string
	switch {
	case target >= wan(100) && chance(g.r, 600), target >= wan(20) && chance(g.r, 250), chance(g.r, 15):
		compound = oneOf(g.r, upmarketCompounds)
	case age >= 60 && chance(g.r, 450):
		compound = oneOf(g.r, workCompounds)
	default:
		compound = oneOf(g.r, compounds)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "武汉市%s%s%d号%s%d栋", reg.name, street, between(g.r, 1, 399), compound, between(g.r, 1, 28))
	if chance(g.r, 700) {
		fmt.Fprintf(&b, "%d单元", between(g.r, 1, 4))
	}
	fmt.Fprintf(&b, "%d%02d室", between(g.r, 1, 32), between(g.r, 1, 4))
	return b.String()
}

// riskProfile gives the client its last risk assessment (C1–C5): most clients with money to invest have
// one, some expired (valid 12 months), some about to expire; the elderly are more conservative.
func (g *generator) riskProfile(c *domain.Client, m *clientMeta, target int64) {
	p := 80
	switch {
	case target >= wan(5):
		p = 900
	case target >= wan(1):
		p = 350
	}
	if c.Status == "closed" || !chance(g.r, p) {
		return
	}
	levels := []choice[int]{{1, 80}, {2, 270}, {3, 370}, {4, 200}, {5, 80}}
	if m.age >= 65 {
		levels = []choice[int]{{1, 200}, {2, 450}, {3, 300}, {4, 50}}
	}
	m.risk = pick(g.r, levels)
	c.RiskLevel = "C" + strconv.Itoa(m.risk)
	c.RiskAssessedOn = maxDate(g.today.AddDays(-between(g.r, 0, 425)), c.OpenDate)
	months := g.pol.Suitability.AssessmentValidityMonths
	c.RiskExpiresOn = domain.DateOf(c.RiskAssessedOn.Time().AddDate(0, months, 0))
}
