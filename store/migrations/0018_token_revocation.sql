-- API tokens can be listed and revoked by their owner or an administrator: a revoked token keeps its row
-- (for the record) with when and by whom it was revoked. A token also lapses security.token_max_days after
-- it was created (policy; checked when it is used, so shortening the policy shortens existing tokens).
--
-- Disabling a member of staff now revokes their tokens for good, so re-enabling the account does not bring
-- old tokens back; the tokens of people already disabled are revoked here.
--
-- A failed login under a name that matches no account no longer records the typed name (it is often a
-- password typed into the wrong field): the names already recorded are blanked here.

ALTER TABLE api_tokens ADD COLUMN revoked_at {{TS}};
ALTER TABLE api_tokens ADD COLUMN revoked_by BIGINT;
CREATE INDEX api_tokens_staff ON api_tokens (staff_id, created_at);
UPDATE api_tokens SET revoked = TRUE WHERE NOT revoked AND staff_id IN (SELECT staff_id FROM staff WHERE disabled);
UPDATE audit_events SET object_id = '' WHERE action = 'login_failed' AND actor_id IS NULL;
