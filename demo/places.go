package demo

// region is an administrative division code (the first six digits of a resident ID).
type region struct {
	code string
	name string
}

// Wuhan's districts; the outlets are in 武昌 (sub-branch 解放路) and 江汉/江岸/硚口 (sub-branch 中山大道).
var (
	rJiangan   = region{"420102", "江岸区"}
	rJianghan  = region{"420103", "江汉区"}
	rQiaokou   = region{"420104", "硚口区"}
	rHanyang   = region{"420105", "汉阳区"}
	rWuchang   = region{"420106", "武昌区"}
	rQingshan  = region{"420107", "青山区"}
	rHongshan  = region{"420111", "洪山区"}
	rDongxihu  = region{"420112", "东西湖区"}
	rCaidian   = region{"420114", "蔡甸区"}
	rJiangxia  = region{"420115", "江夏区"}
	rHuangpi   = region{"420116", "黄陂区"}
	rXinzhou   = region{"420117", "新洲区"}
	wuhanOther = []region{rHanyang, rDongxihu, rCaidian, rJiangxia, rHuangpi, rXinzhou, rQingshan, rHongshan}
)

// Where people born outside Wuhan come from: the rest of Hubei first, then the neighbouring provinces and
// the big cities.
var (
	hubei = []region{
		{"420502", "宜昌市西陵区"}, {"420602", "襄阳市襄城区"}, {"421002", "荆州市沙市区"}, {"420902", "孝感市孝南区"},
		{"421102", "黄冈市黄州区"}, {"420202", "黄石市黄石港区"}, {"421202", "咸宁市咸安区"}, {"429004", "仙桃市"},
		{"429006", "天门市"}, {"420303", "十堰市张湾区"}, {"422801", "恩施市"}, {"420702", "鄂州市梁子湖区"},
	}
	elsewhere = []region{
		{"430102", "长沙市芙蓉区"}, {"410105", "郑州市金水区"}, {"360102", "南昌市东湖区"}, {"500103", "重庆市渝中区"},
		{"340104", "合肥市蜀山区"}, {"110105", "北京市朝阳区"}, {"310115", "上海市浦东新区"}, {"440106", "广州市天河区"},
		{"320102", "南京市玄武区"}, {"510104", "成都市锦江区"}, {"411302", "南阳市宛城区"}, {"610113", "西安市雁塔区"},
	}
)

// outletArea is where an outlet's clients live: their home districts (weighted) and the streets of each.
type outletArea struct {
	districts []choice[region]
}

var areas = map[string]outletArea{
	"OT01": {[]choice[region]{{rWuchang, 70}, {rHongshan, 20}, {rQingshan, 10}}},
	"OT02": {[]choice[region]{{rWuchang, 75}, {rHongshan, 15}, {rHanyang, 10}}},
	"OT03": {[]choice[region]{{rWuchang, 60}, {rQingshan, 30}, {rHongshan, 10}}},
	"OT04": {[]choice[region]{{rJianghan, 50}, {rJiangan, 35}, {rQiaokou, 15}}},
	"OT05": {[]choice[region]{{rJianghan, 65}, {rJiangan, 25}, {rDongxihu, 10}}},
	"OT06": {[]choice[region]{{rJianghan, 45}, {rQiaokou, 45}, {rHanyang, 10}}},
}

// streets by district code.
var streets = map[string][]string{
	"420106": {"解放路", "民主路", "彭刘杨路", "紫阳路", "武珞路", "中山路", "和平大道", "友谊大道", "中北路", "徐东大街",
		"临江大道", "首义路", "大成路", "复兴路", "粮道街", "昙华林", "得胜桥", "胭脂路", "积玉桥街"},
	"420111": {"珞喻路", "雄楚大道", "鲁磨路", "南湖大道", "书城路", "卓刀泉路"},
	"420107": {"和平大道", "冶金大道", "建设一路", "建设二路", "红钢城大街", "工人村路"},
	"420103": {"中山大道", "江汉路", "解放大道", "京汉大道", "新华路", "建设大道", "发展大道", "唐家墩路", "航空路",
		"民族路", "民权路", "前进四路", "万松园路", "青年路", "北湖正街"},
	"420102": {"沿江大道", "胜利街", "黄浦大街", "惠济路", "二七路", "台北路", "香港路", "黎黄陂路", "洞庭街",
		"球场街", "三阳路"},
	"420104": {"汉正街", "中山大道", "解放大道", "古田二路", "京汉大道", "仁寿路", "宝丰路", "沿河大道"},
	"420105": {"汉阳大道", "鹦鹉大道", "龙阳大道", "钟家村路"},
	"420112": {"吴家山路", "金银湖路", "东吴大道"},
}

// Residential compounds: ordinary ones, old work-unit compounds (单位宿舍, where many retirees live) and
// upmarket ones (an upmarket address is a potential-client signal, DOMAIN.md §4).
var (
	compounds = []string{"紫阳小区", "阅马场小区", "首义小区", "积玉桥小区", "徐东小区", "粮道街小区", "彭刘杨小区",
		"民主路小区", "万松小区", "唐家墩小区", "新华小区", "常青花园", "百步亭花园", "东湖花园", "水岸星城",
		"汉口花园", "三阳小区", "球场小区", "仁寿小区", "南湖花园", "金色港湾", "中商广场公寓", "福星城",
		"长江花园", "后湖新城", "中南花园", "金地格林小城", "保利城"}
	workCompounds = []string{"武钢宿舍", "铁路宿舍", "电力宿舍", "邮电宿舍", "纺织厂宿舍", "长江日报宿舍", "水利厅宿舍",
		"武重宿舍", "武锅宿舍", "商业局宿舍", "二医院宿舍", "教育局宿舍"}
	upmarketCompounds = []string{"天地·云廷", "锦绣长江", "御江苑", "华侨城·原岸", "绿地国际金融城", "万科翡翠滨江",
		"复地东湖国际", "世茂龙湾", "融创滨江壹号", "保利中央公馆", "招商江湾国际"}
)

// Mobile prefixes in use (1[3-9]…).
var mobilePrefixes = []string{
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "153",
	"155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183",
	"184", "185", "186", "187", "188", "189", "191", "198", "199",
}

// Employers by occupation.
var employers = map[string][]string{
	"worker": {"东风汽车集团", "武汉钢铁有限公司", "武汉重型机床集团", "武汉锅炉股份公司", "武汉地铁集团", "中建三局",
		"富士康武汉工业园", "顺丰速运", "中百仓储", "京东物流", "武汉市环卫集团", "武汉烟草集团"},
	"civil_servant": {"武昌区人民政府", "江汉区市场监督管理局", "武汉市税务局", "湖北省财政厅", "武昌区教育局",
		"江岸区街道办事处", "武汉市公安局江汉分局"},
	"teacher": {"武汉大学", "华中师范大学", "湖北大学", "武汉市第十四中学", "武昌实验小学", "江汉区育才小学",
		"武汉市第二中学"},
	"medical": {"湖北省人民医院", "武汉市中心医院", "武汉协和医院", "武昌医院", "武汉市第一医院", "社区卫生服务中心"},
	"manager": {"长江证券", "武商集团", "烽火通信科技", "长飞光纤光缆", "卓尔控股", "九州通医药集团", "良品铺子",
		"周黑鸭食品"},
	"sales": {"苏宁易购", "中国平安人寿武汉分公司", "链家地产", "武商广场", "楚河汉街万达广场", "汽车4S店",
		"国美电器"},
	"self_employed": {"汉正街服装批发(个体)", "建材批发(个体)", "热干面馆(个体)", "水产批发(个体)", "五金店(个体)",
		"装修公司(个体)", "物流运输(个体)", "便利店(个体)", "药店(个体)", "美容美发店(个体)", "茶叶店(个体)",
		"汽车修理厂(个体)"},
	"freelance": {"自由职业(平面设计)", "自由职业(网约车)", "自由职业(家教)", "自由职业(摄影)", "自由职业(网络主播)",
		"自由职业(撰稿)"},
	"farmer": {"黄陂区木兰乡", "新洲区旧街街道", "蔡甸区消泗乡", "江夏区五里界街道"},
}

// retiredFrom lists the former employers of retired clients.
var retiredFrom = []string{"武汉钢铁公司", "武汉重型机床厂", "武汉锅炉厂", "武汉铁路局", "武汉市第一纺织厂",
	"湖北省电力公司", "武汉市邮电局", "武昌区教育局", "武汉市商业局", "长江航运公司", "武汉市第二医院"}

// Interests by age group (兴趣爱好), and the extra ones of the well-off.
var (
	interestsOld  = []string{"书法", "太极", "钓鱼", "广场舞", "京剧", "象棋", "养生", "园艺", "旅游", "合唱", "国画", "汉剧"}
	interestsMid  = []string{"旅游", "钓鱼", "摄影", "登山", "茶艺", "健身", "阅读", "美食", "羽毛球", "自驾游", "游泳"}
	interestsYng  = []string{"健身", "跑步", "摄影", "旅游", "美食", "瑜伽", "电影", "篮球", "音乐节", "露营"}
	interestsRich = []string{"高尔夫", "红酒", "收藏", "茶艺", "艺术品", "马拉松", "古玩", "普洱茶"}
)

// Contact and service preferences (偏好).
var prefsPool = []string{"偏好电话联系", "工作日上午联系为宜", "不接受短信营销", "喜欢到网点面谈", "偏好微信沟通",
	"关注收益稳定，不碰股票类产品", "愿意参加网点客户活动", "对保险类产品有抵触", "习惯使用手机银行",
	"晚上7点后方便接电话", "希望固定一位客户经理服务", "重视资金流动性"}
