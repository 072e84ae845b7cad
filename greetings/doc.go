// Package greetings holds the rules of DOMAIN.md §6 "Greetings" as pure functions: which occasions
// (festivals, solar and lunar birthdays) are due within the policy's lead time, which tiers are greeted on
// which occasion, how a template becomes a client's message (surname and honorific 先生/女士, festival,
// lunar date), on which channel, and when a message may be sent (quiet hours, the occasion's day, retries
// with back-off and an attempt limit). It reads no clock and no database: the store keeps the outbox, the
// pipeline prepares the messages and the sender (notify) delivers them.
//
// A greeting is identified by its client and its occasion key (spring_festival-2027, birthday-2026-12-03):
// the store holds that pair unique, so the same occasion is never prepared, approved or sent twice.
package greetings
