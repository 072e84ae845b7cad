-- Rotation (轮岗): a supervisor's plan to hand a leaving client manager's book over to other client
-- managers, approved by the outlet manager (the personal-banking department when it crosses outlets) and
-- applied in one transaction. States: draft → submitted → approved → applied, or submitted → rejected.
CREATE TABLE rotation_plans (
    plan_id         {{ID}},
    from_rm         BIGINT NOT NULL REFERENCES staff(staff_id),
    state           TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'rejected', 'applied')),
    split_by        TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    created_by      BIGINT NOT NULL REFERENCES staff(staff_id),
    created_at      {{TS}} NOT NULL,
    submitted_at    {{TS}},
    approver_role   TEXT NOT NULL DEFAULT '',
    decided_by      BIGINT REFERENCES staff(staff_id),
    decided_at      {{TS}},
    decision_reason TEXT NOT NULL DEFAULT '',
    applied_by      BIGINT REFERENCES staff(staff_id),
    applied_at      {{TS}}
);
CREATE INDEX rotation_plans_state ON rotation_plans (state, created_at);

-- A plan's lines: which client goes to which client manager.
CREATE TABLE rotation_lines (
    plan_id   BIGINT NOT NULL REFERENCES rotation_plans(plan_id),
    client_id TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    to_rm     BIGINT NOT NULL REFERENCES staff(staff_id),
    PRIMARY KEY (plan_id, client_id)
);

-- The outlet's queue of clients waiting for a client manager (待指定, 二次待指定): the clients of a member of
-- staff whose account was disabled while still keeping them. A client leaves the queue when it is given a
-- manager.
CREATE TABLE assignment_queue (
    client_id TEXT {{C}} PRIMARY KEY REFERENCES clients(client_id),
    former_rm BIGINT REFERENCES staff(staff_id),
    since     {{TS}} NOT NULL,
    reason    TEXT NOT NULL DEFAULT ''
);

-- Why a relationship ended ('' for one ended by the next assignment; 'disabled' when its manager's account
-- was disabled).
ALTER TABLE relationships ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';
