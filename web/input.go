package web

import (
	"errors"
	"net/url"

	"github.com/steward-bank/steward/domain"
)

// What people type is checked once, by the store (domain's text and date checks); the pages and the API
// only word its refusal: the field and the reason, with a 400.

// textProblem is the refusal of a person's text or date that err carries, or nil.
func textProblem(err error) *domain.TextError {
	var te *domain.TextError
	if errors.As(err, &te) {
		return te
	}
	return nil
}

// fieldLabels are the message keys of the fields the store checks, by the name it gives them.
var fieldLabels = map[string]string{
	"note": "field.note", "name": "field.name", "relation": "field.relation", "birth_date": "field.birthDate",
	"tag": "field.tag", "next_step": "field.nextStep", "follow_up": "field.followUp", "outcome": "field.outcome",
	"summary": "field.summary", "plan": "field.plan", "subject": "field.subject", "body": "field.body",
	"due": "field.due", "kind": "field.kind", "event_on": "field.eventOn",
}

// inputMessage words te for a page in lang.
func inputMessage(lang string, te *domain.TextError) string {
	key, ok := fieldLabels[te.Field]
	if !ok {
		key = "field.value"
	}
	field := msg(lang, key)
	switch te.Problem {
	case domain.ProblemDateRange:
		return msg(lang, "input.dateRange", field, te.Min.String(), te.Max.String())
	case domain.ProblemControl:
		return msg(lang, "input.control", field, te.Pos)
	case domain.ProblemInvisible:
		return msg(lang, "input.invisible", field, te.Pos)
	case domain.ProblemLineBreak:
		return msg(lang, "input.lineBreak", field)
	}
	return msg(lang, "input.notText", field)
}

// inputQuery carries te in the query of a redirect to a page that shows it (inputFromQuery): the field and
// the problem only, as codes.
func inputQuery(te *domain.TextError) string {
	return "input=" + url.QueryEscape(te.Problem) + "&field=" + url.QueryEscape(te.Field)
}

// inputFromQuery is the message of a refusal carried by inputQuery, or "".
func inputFromQuery(lang string, q url.Values) string {
	problem, field := q.Get("input"), q.Get("field")
	if _, ok := fieldLabels[field]; !ok || problem == "" || problem == domain.ProblemDateRange {
		return ""
	}
	switch problem {
	case domain.ProblemControl, domain.ProblemInvisible, domain.ProblemLineBreak, domain.ProblemInvalidUTF8:
	default:
		return ""
	}
	return inputMessage(lang, &domain.TextError{Field: field, Problem: problem})
}
