package store

import (
	"fmt"

	"github.com/steward-bank/steward/domain"
)

// inputErr wraps a refusal of domain's text and date checks (a *domain.TextError, or nil) as ErrInvalid,
// naming what was refused, so that the page and the API show the field and the reason alike.
func inputErr(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w: %w", what, err, ErrInvalid)
}

// firstErr returns the first of errs that is not nil.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// today is the business date now.
func (s *Store) today() domain.Date { return domain.Today(s.now()) }

// checkInput checks the text and the follow-up date of a contact (domain's checks).
func (c Contact) checkInput(today domain.Date) error {
	return firstErr(domain.CheckFields(domain.Field{Name: "note", Value: c.Note, Multiline: true},
		domain.Field{Name: "next_step", Value: c.NextStep}), domain.CheckFollowUp("follow_up", c.FollowUp, today))
}
