-- Service relationships made in Steward (DOMAIN.md §1, §6).
--
-- relationship_changes is each change of a client's responsible client manager as the client's time line
-- shows it: from whom to whom, who decided and why, how many open alerts and rule-made tasks moved with
-- the client, and whether the per-RM cap was overridden. (relationships keeps the periods.)
CREATE TABLE relationship_changes (
    change_id    {{ID}},
    client_id    TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    at           {{TS}} NOT NULL,
    from_staff   BIGINT REFERENCES staff(staff_id),
    to_staff     BIGINT REFERENCES staff(staff_id),
    actor_id     BIGINT REFERENCES staff(staff_id),
    reason       TEXT NOT NULL DEFAULT '',
    moved_alerts INTEGER NOT NULL DEFAULT 0,
    moved_tasks  INTEGER NOT NULL DEFAULT 0,
    cap_override BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX relationship_changes_client ON relationship_changes (client_id, at);

-- A client manager's request to keep an unassigned client of the outlet (客户关系建立申请): open until the
-- outlet's supervisor or outlet manager approves (the client is assigned) or rejects it, with a reason; a
-- request still open when the client is given to someone else lapses. One open request per client and RM.
CREATE TABLE relationship_requests (
    request_id      {{ID}},
    client_id       TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    staff_id        BIGINT NOT NULL REFERENCES staff(staff_id),
    outlet_id       TEXT NOT NULL REFERENCES orgs(org_id),
    reason          TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('open', 'approved', 'rejected', 'lapsed')),
    requested_at    {{TS}} NOT NULL,
    decided_at      {{TS}},
    decided_by      BIGINT REFERENCES staff(staff_id),
    decision_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX relationship_requests_one_open ON relationship_requests (client_id, staff_id) WHERE state = 'open';
CREATE INDEX relationship_requests_outlet ON relationship_requests (outlet_id, state, requested_at);
CREATE INDEX relationship_requests_staff ON relationship_requests (staff_id, requested_at);
