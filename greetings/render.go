package greetings

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Templates are text with placeholders in braces, filled per client:
//
//	{salutation}  王先生 / 王女士; the full name when the client's sex is not recorded (王芳)
//	{dear}        尊敬的王先生 / 尊敬的王女士; 王芳您好 when the sex is not recorded
//	{name}        the full name (王芳)
//	{surname}     the surname (王; 欧阳 for compound surnames)
//	{honorific}   先生 / 女士, or nothing
//	{festival}    the occasion's name (中秋节, 生日)
//	{lunar}       the occasion's lunar date (八月十五)
//	{date}        the occasion's solar date (2027年9月15日)
//	{outlet}      the client's outlet (解放路网点)
//	{rm}          the client's client manager, or the outlet when there is none
//	{signer}      您的客户经理张三, or the outlet (解放路网点) when the client has no client manager: a sentence's
//	              subject that reads right either way ("…，{signer}衷心祝您生日快乐")
//
// An unknown placeholder or an unclosed brace is an error, so that a template that would send "{nmae}" to a
// client is refused when it is saved.
var Placeholders = []string{"salutation", "dear", "name", "surname", "honorific", "festival", "lunar", "date", "outlet", "rm", "signer"}

// MaxTemplateRunes bounds a template's body: a long SMS is split by the gateway into several, and an
// e-mail greeting is a few lines.
const MaxTemplateRunes = 1000

// Recipient is what a template needs to know of a client.
type Recipient struct {
	Name   string
	Gender string // "M", "F" or ""
	Outlet string
	RM     string // the client manager's name, "" for none
}

// compoundSurnames are the two-character surnames common enough to matter for a salutation (欧阳先生, not
// 欧先生).
var compoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
	"司徒", "令狐", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "万俟", "澹台", "申屠", "太史", "闻人"}

// Surname is the surname of a Chinese name: a listed compound surname, else its first character. A name
// of one character, or not Chinese (a name in Latin letters), has no surname to split: it is returned whole.
func Surname(name string) string {
	name = strings.TrimSpace(name)
	for _, c := range compoundSurnames {
		if strings.HasPrefix(name, c) && utf8.RuneCountInString(name) > 2 {
			return c
		}
	}
	r, size := utf8.DecodeRuneInString(name)
	if utf8.RuneCountInString(name) < 2 || r < 0x3400 {
		return name
	}
	return name[:size]
}

// Honorific is 先生 for a man, 女士 for a woman, "" when the sex is not recorded.
func Honorific(gender string) string {
	switch gender {
	case "M":
		return "先生"
	case "F":
		return "女士"
	}
	return ""
}

// values are the placeholders' values for one client and occasion.
func values(r Recipient, o Occasion) map[string]string {
	name := strings.TrimSpace(r.Name)
	h := Honorific(r.Gender)
	sal, dear := name, name+"您好"
	if s := Surname(name); h != "" && s != name {
		sal = s + h
		dear = "尊敬的" + sal
	}
	rm, signer := r.RM, "您的客户经理"+r.RM
	if rm == "" {
		rm, signer = r.Outlet, r.Outlet
	}
	v := map[string]string{"salutation": sal, "dear": dear, "name": name, "surname": Surname(name), "honorific": h,
		"festival": o.NameZH, "outlet": r.Outlet, "rm": rm, "signer": signer, "date": "", "lunar": ""}
	if !o.On.IsZero() {
		v["date"] = fmt.Sprintf("%d年%d月%d日", o.On.Year(), int(o.On.Month()), o.On.Day())
		v["lunar"] = o.Lunar.Chinese()
	}
	return v
}

// Render fills a template for one client and occasion.
func Render(tmpl string, r Recipient, o Occasion) (string, error) {
	return expand(tmpl, values(r, o))
}

// Check reports what is wrong with a template's text: empty, too long, an unknown placeholder, a brace
// left open.
func Check(tmpl string) error {
	if strings.TrimSpace(tmpl) == "" {
		return fmt.Errorf("the template is empty")
	}
	if n := utf8.RuneCountInString(tmpl); n > MaxTemplateRunes {
		return fmt.Errorf("the template has %d characters, at most %d are allowed", n, MaxTemplateRunes)
	}
	v := make(map[string]string, len(Placeholders))
	for _, p := range Placeholders {
		v[p] = "x"
	}
	_, err := expand(tmpl, v)
	return err
}

func expand(tmpl string, v map[string]string) (string, error) {
	var b strings.Builder
	rest := tmpl
	for {
		i := strings.IndexAny(rest, "{}")
		if i < 0 {
			b.WriteString(rest)
			return b.String(), nil
		}
		if rest[i] == '}' {
			return "", fmt.Errorf("a closing brace at character %d has no opening brace", utf8.RuneCountInString(tmpl[:len(tmpl)-len(rest)+i])+1)
		}
		b.WriteString(rest[:i])
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return "", fmt.Errorf("a brace opened at character %d is not closed", utf8.RuneCountInString(tmpl[:len(tmpl)-len(rest)+i])+1)
		}
		name := rest[i+1 : i+j]
		val, ok := v[name]
		if !ok {
			return "", fmt.Errorf("unknown placeholder {%s}; the placeholders are {%s}", name, strings.Join(Placeholders, "}, {"))
		}
		b.WriteString(val)
		rest = rest[i+j+1:]
	}
}
