package web

import (
	"strconv"
	"strings"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// WanCol formats an amount of a table column (wanColumn): one unit for the whole column.
func (v *view) WanCol(fen int64) string { return wanColumn(fen, v.Lang) }

// When is the moment of a time-line entry: the date alone for a dated fact (a task's due date, an alert's
// day), with the time of day for a contact or a purchase. A dated fact has no time, and showing its
// midnight as "00:00" would make one up.
func (v *view) When(e store.TimelineEntry) string {
	if e.Dated {
		return domain.DateOf(e.At.In(domain.Shanghai)).String()
	}
	return timeText(e.At)
}

// plural chooses the English singular or plural of a message: "{day|days}" after a count verb becomes
// "day" when the argument of the nearest verb before it is 1 (or -1) and "days" otherwise, so that the
// catalogue writes "matures in %d {day|days}" and the page reads "matures in 1 day". The count may be an
// integer or a formatted number ("1", "1,234"). A brace group without a bar ({name} of the greeting
// templates) is left alone.
func plural(format string, args []any) string {
	if !strings.Contains(format, "|") {
		return format
	}
	var b strings.Builder
	next, last := 0, -1 // the argument the next verb takes; the argument of the latest verb
	for i := 0; i < len(format); i++ {
		c := format[i]
		switch {
		case c == '%' && i+1 < len(format):
			b.WriteByte(c)
			j := i + 1
			if format[j] == '%' {
				b.WriteByte('%')
				i = j
				continue
			}
			// Flags, an explicit index [n], width and precision, then the verb.
			for j < len(format) && strings.IndexByte("+-# 0123456789.[]", format[j]) >= 0 {
				if format[j] == '[' {
					if k := strings.IndexByte(format[j:], ']'); k > 0 {
						if n, err := strconv.Atoi(format[j+1 : j+k]); err == nil {
							next = n - 1
						}
					}
				}
				j++
			}
			if j < len(format) {
				last, next = next, next+1
			}
			b.WriteString(format[i+1 : min(j+1, len(format))])
			i = j
		case c == '{':
			end := strings.IndexByte(format[i:], '}')
			one, other, ok := strings.Cut(format[i+1:max(i+1, i+end)], "|")
			if end < 0 || !ok || strings.ContainsAny(one+other, "{ %") {
				b.WriteByte(c)
				continue
			}
			if last >= 0 && last < len(args) && isOne(args[last]) {
				b.WriteString(one)
			} else {
				b.WriteString(other)
			}
			i += end
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// isOne reports whether a count argument is 1 or -1.
func isOne(a any) bool {
	switch n := a.(type) {
	case int:
		return n == 1 || n == -1
	case int64:
		return n == 1 || n == -1
	case int32:
		return n == 1 || n == -1
	case uint:
		return n == 1
	case uint64:
		return n == 1
	case string:
		s := strings.TrimPrefix(strings.TrimSpace(n), "-")
		return s == "1"
	}
	return false
}

func init() { funcs["formMsg"] = formMsg }

// formMessage is the confirmation or error of one form of the client view.
type formMessage struct{ Which, Done, Problem string }

// formMsg picks the message of the client view's form which, if the last post was that form's.
func formMsg(d clientData, which string) formMessage {
	if d.Which != which {
		return formMessage{}
	}
	return formMessage{Which: which, Done: d.Done, Problem: d.Problem}
}
