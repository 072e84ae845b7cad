package cnid

import (
	"strings"
	"unicode"
)

// AddressDistrict cuts a mainland address down to its district (区, 县, 旗) with the province and city
// before it: "武汉市武昌区解放路218号紫阳小区3栋2单元501室" becomes "武汉市武昌区". It is the address a
// counter needs (where the client lives, roughly) without the street, the building or the flat. An address
// with no recognisable district is cut to its city ("武汉市"); one with neither gives "", because anything
// else would keep more than the district. The part kept never contains a digit or a street word, so a
// small compound (紫阳小区) or a street is never mistaken for a district.
func AddressDistrict(a string) string {
	rs := []rune(strings.TrimSpace(a))
	if cut := districtEnd(rs, "区县旗"); cut > 0 {
		return string(rs[:cut])
	}
	if cut := districtEnd(rs, "市"); cut > 0 {
		return string(rs[:cut])
	}
	return ""
}

// districtEnd is the end (exclusive) of the last administrative division ending in one of marks, or 0.
// Only the prefix without a digit or street word counts; a province-level 自治区 and the 小区/社区/园区 of
// a compound are not districts.
func districtEnd(rs []rune, marks string) int {
	end := 0
	for i, r := range rs {
		if unicode.IsDigit(r) || strings.ContainsRune("路街道巷弄号村里栋楼室", r) {
			break
		}
		if !strings.ContainsRune(marks, r) || i == 0 {
			continue
		}
		prev := rs[i-1]
		if r == '区' && (prev == '治' || strings.ContainsRune("小社园校景", prev)) {
			continue
		}
		end = i + 1
		if r != '市' {
			// The first district is the one: what follows is inside it.
			return end
		}
	}
	return end
}

// MaskEmail keeps the first character of an e-mail address's local part and its domain:
// "zhangwei1985@qq.com" becomes "z***@qq.com" (a local part often carries a name or a birth year).
// Anything that is not an address is masked entirely; "" stays "".
func MaskEmail(e string) string {
	e = strings.TrimSpace(e)
	at := strings.LastIndexByte(e, '@')
	switch {
	case e == "":
		return ""
	case at <= 0:
		return "***"
	}
	first := []rune(e[:at])[0]
	return string(first) + "***" + e[at:]
}
