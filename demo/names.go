package demo

import (
	"math/rand/v2"
	"strings"
)

// surname is a family name with its weight (per 10 000 people, after the national statistics: 王 李 张
// each about 7 %) and its pinyin (for e-mail addresses).
type surname struct {
	name   string
	pinyin string
	w      int
}

var surnames = []surname{
	{"王", "wang", 710}, {"李", "li", 700}, {"张", "zhang", 680}, {"刘", "liu", 540}, {"陈", "chen", 450},
	{"杨", "yang", 310}, {"黄", "huang", 220}, {"赵", "zhao", 220}, {"吴", "wu", 200}, {"周", "zhou", 190},
	{"徐", "xu", 140}, {"孙", "sun", 140}, {"马", "ma", 120}, {"朱", "zhu", 120}, {"胡", "hu", 130},
	{"郭", "guo", 110}, {"何", "he", 110}, {"高", "gao", 100}, {"林", "lin", 90}, {"罗", "luo", 90},
	{"郑", "zheng", 90}, {"梁", "liang", 80}, {"谢", "xie", 70}, {"宋", "song", 60}, {"唐", "tang", 60},
	{"许", "xu", 60}, {"韩", "han", 60}, {"冯", "feng", 60}, {"邓", "deng", 60}, {"曹", "cao", 50},
	{"彭", "peng", 60}, {"曾", "zeng", 50}, {"肖", "xiao", 50}, {"田", "tian", 50}, {"董", "dong", 50},
	{"袁", "yuan", 40}, {"潘", "pan", 40}, {"于", "yu", 40}, {"蒋", "jiang", 40}, {"蔡", "cai", 40},
	{"余", "yu", 50}, {"杜", "du", 40}, {"叶", "ye", 40}, {"程", "cheng", 40}, {"苏", "su", 30},
	{"魏", "wei", 30}, {"吕", "lv", 30}, {"丁", "ding", 30}, {"任", "ren", 30}, {"沈", "shen", 30},
	{"姚", "yao", 30}, {"卢", "lu", 30}, {"姜", "jiang", 30}, {"崔", "cui", 30}, {"钟", "zhong", 30},
	{"谭", "tan", 30}, {"陆", "lu", 30}, {"汪", "wang", 40}, {"范", "fan", 30}, {"金", "jin", 30},
	{"石", "shi", 30}, {"廖", "liao", 30}, {"贾", "jia", 30}, {"夏", "xia", 30}, {"韦", "wei", 20},
	{"付", "fu", 20}, {"方", "fang", 20}, {"白", "bai", 20}, {"邹", "zou", 20}, {"孟", "meng", 20},
	{"熊", "xiong", 30}, {"秦", "qin", 20}, {"邱", "qiu", 20}, {"江", "jiang", 20}, {"尹", "yin", 20},
	{"薛", "xue", 20}, {"闫", "yan", 20}, {"段", "duan", 20}, {"雷", "lei", 20}, {"侯", "hou", 20},
	{"龙", "long", 20}, {"史", "shi", 20}, {"陶", "tao", 20}, {"黎", "li", 20}, {"贺", "he", 20},
	{"顾", "gu", 20}, {"毛", "mao", 20}, {"郝", "hao", 20}, {"龚", "gong", 20}, {"邵", "shao", 20},
	{"万", "wan", 20}, {"钱", "qian", 20}, {"严", "yan", 20}, {"覃", "qin", 10}, {"武", "wu", 20},
	{"戴", "dai", 20}, {"莫", "mo", 10}, {"孔", "kong", 10}, {"向", "xiang", 10}, {"汤", "tang", 10},
	{"欧阳", "ouyang", 6}, {"上官", "shangguan", 2}, {"司马", "sima", 1},
}

// commonSurnames are the five most frequent family names.
var commonSurnames = []string{"王", "李", "张", "刘", "陈"}

var surnameTotal = func() int {
	t := 0
	for _, s := range surnames {
		t += s.w
	}
	return t
}()

func pickSurname(r *rand.Rand) surname {
	n := r.IntN(surnameTotal)
	for _, s := range surnames {
		if n < s.w {
			return s
		}
		n -= s.w
	}
	return surnames[0]
}

// surnameOf splits a full name into its family name (one or two characters).
func surnameOf(full string) string {
	for _, s := range surnames {
		if len([]rune(s.name)) == 2 && strings.HasPrefix(full, s.name) {
			return s.name
		}
	}
	r := []rune(full)
	if len(r) == 0 {
		return ""
	}
	return string(r[:1])
}

// Given names by era of birth and sex: whole two-character names typical of the era, and characters to
// compose others. People born before 1966 carry names like 建国 and 秀英; those born after 1990 names like
// 子轩 and 欣怡.
type namePool struct {
	whole  []string
	single []string
	first  []string
	second []string
}

var (
	oldMale = namePool{
		whole: []string{"建国", "建华", "国强", "国庆", "志强", "德明", "建军", "卫东", "振华", "永明", "国华", "学军",
			"跃进", "红兵", "援朝", "胜利", "建平", "家明", "德胜", "长江", "汉生", "春生", "金生", "福生", "宏伟",
			"立新", "树林", "光明", "新民", "保国", "志华", "炳坤", "传福", "德福", "少华", "正清"},
		single: []string{"军", "刚", "明", "华", "平", "强", "林", "斌", "勇", "海"},
		first:  []string{"建", "国", "志", "德", "永", "学", "振", "家", "长", "传", "正", "少"},
		second: []string{"华", "明", "强", "生", "林", "平", "忠", "清", "福", "荣", "才", "海"},
	}
	oldFemale = namePool{
		whole: []string{"秀英", "桂英", "秀兰", "玉兰", "淑珍", "凤英", "秀珍", "桂兰", "玉珍", "翠花", "素珍",
			"美华", "秀华", "爱华", "红梅", "淑芬", "丽华", "桂芳", "玉梅", "金凤", "春兰", "冬梅", "彩霞", "月娥",
			"菊香", "桂香", "惠珍", "凤珍", "爱莲", "秋菊"},
		single: []string{"英", "兰", "珍", "芳", "华", "梅", "琴", "萍"},
		first:  []string{"秀", "桂", "玉", "淑", "凤", "美", "爱", "春", "素", "金", "翠", "月"},
		second: []string{"英", "兰", "珍", "芳", "华", "梅", "芬", "香", "娥", "凤", "琴", "霞"},
	}
	midMale = namePool{
		whole: []string{"志刚", "海涛", "建新", "晓东", "立军", "文斌", "永刚", "卫华", "晓明", "宏亮", "小龙", "春雷",
			"国栋", "海波", "俊峰", "振宇", "鹏飞", "晓峰", "剑锋", "明辉", "天明", "志勇", "建波", "文杰", "红军",
			"海军", "立伟", "晓军", "永强", "德华"},
		single: []string{"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
			"波", "浩", "凯", "健", "俊", "峰", "亮", "宁"},
		first:  []string{"志", "建", "晓", "海", "俊", "明", "永", "立", "文", "宏", "振", "国", "卫", "鹏", "剑"},
		second: []string{"刚", "强", "军", "伟", "平", "辉", "杰", "涛", "峰", "龙", "飞", "斌", "波", "东", "明"},
	}
	midFemale = namePool{
		whole: []string{"丽娟", "晓燕", "海燕", "艳红", "春梅", "丽萍", "雪梅", "小红", "慧敏", "晓丽", "文静", "婷婷",
			"丹丹", "晓敏", "海霞", "丽君", "红霞", "莉莉", "艳玲", "晓红", "秀梅", "美玲", "小燕", "丽琴", "玉婷"},
		single: []string{"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "莹", "洁",
			"琳", "倩", "颖", "晶", "萍", "红", "梅", "琴", "莉"},
		first:  []string{"丽", "晓", "海", "艳", "春", "雪", "慧", "文", "美", "小", "红", "秀", "玉", "亚", "彩"},
		second: []string{"娟", "燕", "红", "梅", "萍", "敏", "静", "丽", "霞", "玲", "琴", "婷", "芳", "华", "君"},
	}
	youngMale = namePool{
		whole: []string{"子轩", "浩然", "宇轩", "梓豪", "俊杰", "博文", "一鸣", "思远", "皓轩", "子豪", "天佑", "明哲",
			"浩宇", "泽宇", "宇航", "家豪", "晨阳", "子墨", "奕辰", "梓睿", "铭轩", "嘉乐", "俊熙", "文轩", "睿哲",
			"昊天", "子健", "逸凡", "宇杰", "嘉伟"},
		single: []string{"睿", "轩", "浩", "宇", "航", "昊", "晨", "博", "凯", "鑫", "帅", "旭", "阳", "哲", "磊"},
		first:  []string{"子", "浩", "宇", "梓", "俊", "博", "思", "皓", "天", "泽", "家", "晨", "奕", "嘉", "一"},
		second: []string{"轩", "然", "豪", "杰", "文", "鸣", "远", "宇", "航", "阳", "睿", "辰", "铭", "涵", "泽"},
	}
	youngFemale = namePool{
		whole: []string{"欣怡", "梓涵", "雨桐", "诗涵", "可馨", "思琪", "梦琪", "紫涵", "雨欣", "佳怡", "语嫣", "若曦",
			"子涵", "欣妍", "一诺", "心怡", "晨曦", "婉清", "雅婷", "思雨", "嘉怡", "安琪", "诗雨", "雨涵", "梦瑶",
			"佳琪", "欣然", "若彤", "静怡", "艺涵"},
		single: []string{"琪", "涵", "萱", "悦", "彤", "瑶", "璐", "蕾", "薇", "妍", "怡", "颖", "雯", "婷", "佳"},
		first:  []string{"欣", "梓", "雨", "诗", "思", "梦", "紫", "佳", "雅", "婉", "若", "心", "语", "嘉", "静"},
		second: []string{"怡", "涵", "桐", "琪", "欣", "妍", "曦", "婷", "瑶", "萱", "悦", "彤", "雯", "然", "琳"},
	}
)

// givenName draws a given name for someone born in birthYear.
func givenName(r *rand.Rand, birthYear int, male bool) string {
	var p namePool
	singleShare := 20 // per cent of one-character given names
	switch {
	case birthYear < 1966 && male:
		p, singleShare = oldMale, 12
	case birthYear < 1966:
		p, singleShare = oldFemale, 10
	case birthYear < 1990 && male:
		p, singleShare = midMale, 35
	case birthYear < 1990:
		p, singleShare = midFemale, 35
	case male:
		p, singleShare = youngMale, 12
	default:
		p, singleShare = youngFemale, 10
	}
	n := r.IntN(100)
	switch {
	case n < singleShare:
		return oneOf(r, p.single)
	case n < singleShare+(100-singleShare)*55/100:
		return oneOf(r, p.whole)
	}
	first, second := oneOf(r, p.first), oneOf(r, p.second)
	if first == second {
		return oneOf(r, p.whole)
	}
	return first + second
}

// fullName draws a name (family name + given name) for someone born in birthYear.
func fullName(r *rand.Rand, birthYear int, male bool) (name string, s surname) {
	s = pickSurname(r)
	return s.name + givenName(r, birthYear, male), s
}
