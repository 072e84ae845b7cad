package demo

import "github.com/steward-bank/steward/domain"

// Product codes the generator refers to.
const (
	pDemand   = "DD01"  // 个人活期储蓄
	pDemandFX = "DD02"  // 外币活期储蓄(美元)
	pCD1Y     = "CD01Y" // 个人大额存单1年期
	pCD3Y     = "CD03Y" // 个人大额存单3年期
	pMortgage = "LN01"  // 个人住房贷款
	pConsumer = "LN02"  // 个人消费贷款
	pBusiness = "LN03"  // 个人经营性贷款
	pCardOrd  = "CC01"
	pCardGold = "CC02"
	pCardPlat = "CC03"
	pAgreePB  = "AG01" // 私人银行服务协议
	pAgreeWP  = "AG02" // 财富理财金账户卡
	pAgreeW   = "AG03" // 理财金账户
)

// catalogue is the demo product catalogue: every FEEDS.md category, with risk levels, asset classes,
// points classes (the FEEDS.md defaults, written out; the money-market fund earns as a short asset as
// DOMAIN.md §3 says) and nominal terms.
var catalogue = []domain.Product{
	// 活期 demand
	{Code: pDemand, Name: "个人活期储蓄", Category: "demand", AssetClass: "asset", PointsClass: "short"},
	{Code: pDemandFX, Name: "外币活期储蓄(美元)", Category: "demand", AssetClass: "asset", PointsClass: "short"},
	// 定期 time: 整存整取 and 大额存单
	{Code: "TD03M", Name: "整存整取3个月", Category: "time", AssetClass: "asset", PointsClass: "long", TermDays: 91},
	{Code: "TD06M", Name: "整存整取6个月", Category: "time", AssetClass: "asset", PointsClass: "long", TermDays: 182},
	{Code: "TD01Y", Name: "整存整取1年", Category: "time", AssetClass: "asset", PointsClass: "long", TermDays: 365},
	{Code: "TD02Y", Name: "整存整取2年", Category: "time", AssetClass: "asset", PointsClass: "long", TermDays: 730},
	{Code: "TD03Y", Name: "整存整取3年", Category: "time", AssetClass: "asset", PointsClass: "long", TermDays: 1095},
	{Code: "TD05Y", Name: "整存整取5年", Category: "time", AssetClass: "asset", PointsClass: "long", TermDays: 1825},
	{Code: pCD1Y, Name: "个人大额存单1年期", Category: "time", AssetClass: "asset", PointsClass: "long", TermDays: 365},
	{Code: pCD3Y, Name: "个人大额存单3年期", Category: "time", AssetClass: "asset", PointsClass: "long", TermDays: 1095},
	// 理财 wealth
	{Code: "WM01", Name: "安享91天理财", Category: "wealth", RiskLevel: "R1", AssetClass: "asset", PointsClass: "long", TermDays: 91},
	{Code: "WM02", Name: "稳健180天理财", Category: "wealth", RiskLevel: "R2", AssetClass: "asset", PointsClass: "long", TermDays: 180},
	{Code: "WM03", Name: "稳利一年定开理财", Category: "wealth", RiskLevel: "R2", AssetClass: "asset", PointsClass: "long", TermDays: 365},
	{Code: "WM04", Name: "睿享混合类18个月理财", Category: "wealth", RiskLevel: "R3", AssetClass: "asset", PointsClass: "long", TermDays: 540},
	{Code: "WM05", Name: "进取权益增强两年理财", Category: "wealth", RiskLevel: "R4", AssetClass: "asset", PointsClass: "long", TermDays: 730},
	// 基金 fund
	{Code: "FD01", Name: "天天利货币市场基金", Category: "fund", RiskLevel: "R1", AssetClass: "asset", PointsClass: "short"},
	{Code: "FD02", Name: "稳健配置混合基金", Category: "fund", RiskLevel: "R3", AssetClass: "asset", PointsClass: "long"},
	{Code: "FD03", Name: "平衡成长混合基金", Category: "fund", RiskLevel: "R4", AssetClass: "asset", PointsClass: "long"},
	{Code: "FD04", Name: "沪深300指数增强基金", Category: "fund", RiskLevel: "R4", AssetClass: "asset", PointsClass: "long"},
	{Code: "FD05", Name: "新能源主题股票基金", Category: "fund", RiskLevel: "R5", AssetClass: "asset", PointsClass: "long"},
	// 保险 insurance
	{Code: "IN01", Name: "鑫享年年两全保险(分红型)", Category: "insurance", RiskLevel: "R2", AssetClass: "asset", PointsClass: "long", TermDays: 1825},
	{Code: "IN02", Name: "福享增额终身寿险", Category: "insurance", RiskLevel: "R1", AssetClass: "asset", PointsClass: "long", TermDays: 3650},
	{Code: "IN03", Name: "金色年华养老年金保险", Category: "insurance", RiskLevel: "R2", AssetClass: "asset", PointsClass: "long", TermDays: 3650},
	// 国债 bond
	{Code: "BD01", Name: "储蓄国债(凭证式)3年期", Category: "bond", RiskLevel: "R1", AssetClass: "asset", PointsClass: "long", TermDays: 1095},
	{Code: "BD02", Name: "储蓄国债(电子式)5年期", Category: "bond", RiskLevel: "R1", AssetClass: "asset", PointsClass: "long", TermDays: 1825},
	// 贵金属 metal
	{Code: "MT01", Name: "如意金条(实物贵金属)", Category: "metal", RiskLevel: "R2", AssetClass: "asset", PointsClass: "long"},
	{Code: "MT02", Name: "积存金", Category: "metal", RiskLevel: "R3", AssetClass: "asset", PointsClass: "long"},
	// 贷款 loan
	{Code: pMortgage, Name: "个人住房贷款", Category: "loan", AssetClass: "liability", PointsClass: "mortgage", TermDays: 10950},
	{Code: pConsumer, Name: "个人消费贷款", Category: "loan", AssetClass: "liability", PointsClass: "loan", TermDays: 1095},
	{Code: pBusiness, Name: "个人经营性贷款", Category: "loan", AssetClass: "liability", PointsClass: "loan", TermDays: 1095},
	// 信用卡 credit_card
	{Code: pCardOrd, Name: "信用卡普卡", Category: "credit_card", AssetClass: "none", CardLevel: "ordinary", PointsClass: "none"},
	{Code: pCardGold, Name: "信用卡金卡", Category: "credit_card", AssetClass: "none", CardLevel: "gold", PointsClass: "none"},
	{Code: pCardPlat, Name: "信用卡白金卡", Category: "credit_card", AssetClass: "none", CardLevel: "platinum", PointsClass: "none"},
	// 协议/账户类 agreement
	{Code: pAgreePB, Name: "私人银行服务协议", Category: "agreement", AssetClass: "none", AgreementKind: "private_banking", PointsClass: "none"},
	{Code: pAgreeWP, Name: "财富理财金账户卡", Category: "agreement", AssetClass: "none", AgreementKind: "wealth_premier", PointsClass: "none"},
	{Code: pAgreeW, Name: "理财金账户", Category: "agreement", AssetClass: "none", AgreementKind: "wealth", PointsClass: "none"},
}

func (g *generator) buildProducts() {
	g.b.Products = append([]domain.Product(nil), catalogue...)
	g.products = make(map[string]domain.Product, len(catalogue))
	for _, p := range catalogue {
		g.products[p.Code] = p
	}
}

// riskOf is a product's risk level as a number (R1 → 1), 0 when it has none.
func riskOf(p domain.Product) int {
	if len(p.RiskLevel) == 2 && p.RiskLevel[0] == 'R' {
		return int(p.RiskLevel[1] - '0')
	}
	return 0
}

// suitable lists the products of a category whose risk level is at most risk (DOMAIN.md §7), in catalogue
// order.
func suitable(category string, risk int) []string {
	var out []string
	for _, p := range catalogue {
		if p.Category == category && riskOf(p) <= risk {
			out = append(out, p.Code)
		}
	}
	return out
}
