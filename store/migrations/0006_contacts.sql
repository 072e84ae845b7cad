-- Contacts and tasks (DOMAIN.md §6): every contact with a client, logged in a few clicks, and the tasks that
-- follow (a follow-up a contact promises, a task a supervisor assigns, a cadence task a rule creates).

CREATE TABLE contacts (
    contact_id   {{ID}},
    client_id    TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    staff_id     BIGINT NOT NULL REFERENCES staff(staff_id),
    at           {{TS}} NOT NULL,
    channel      TEXT NOT NULL CHECK (channel IN ('phone', 'visit', 'invitation', 'sms', 'wechat', 'email')),
    outcome      TEXT NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'declined', 'interested', 'appointment', 'done')),
    note         TEXT NOT NULL DEFAULT '',
    next_step    TEXT NOT NULL DEFAULT '',
    alert_id     BIGINT REFERENCES alerts(alert_id)
);
CREATE INDEX contacts_client ON contacts (client_id, at);
CREATE INDEX contacts_staff ON contacts (staff_id, at);

-- A task is for a person (assignee_id) or, like an alert, for a role's people at an outlet (assignee_role).
CREATE TABLE tasks (
    task_id      {{ID}},
    client_id    TEXT {{C}} REFERENCES clients(client_id),
    assignee_id  BIGINT REFERENCES staff(staff_id),
    assignee_role TEXT NOT NULL DEFAULT '',
    outlet_id    TEXT NOT NULL DEFAULT '',
    created_by   BIGINT REFERENCES staff(staff_id),
    source       TEXT NOT NULL CHECK (source IN ('contact', 'supervisor', 'rule', 'handover')),
    title        TEXT NOT NULL,
    due_on       DATE NOT NULL,
    priority     INTEGER NOT NULL DEFAULT 1,
    state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'cancelled')),
    contact_id   BIGINT REFERENCES contacts(contact_id),
    created_at   {{TS}} NOT NULL,
    done_at      {{TS}}
);
CREATE INDEX tasks_assignee ON tasks (assignee_id, state, due_on);
CREATE INDEX tasks_outlet ON tasks (outlet_id, state, due_on);
CREATE INDEX tasks_client ON tasks (client_id, due_on);

-- Maintenance cadences (DOMAIN.md §4): for each client whose tier has one, when the last contact was and
-- when the next is due (moved off non-working days); task_id is the open cadence task, so that none is
-- ever created twice. The nightly pass creates the tasks due within a week.
CREATE TABLE cadence (
    client_id     TEXT {{C}} PRIMARY KEY REFERENCES clients(client_id),
    tier          TEXT NOT NULL,
    cadence_days  INTEGER NOT NULL,
    last_contact  DATE,
    due_on        DATE NOT NULL,
    task_id       BIGINT REFERENCES tasks(task_id)
) {{WITHOUT ROWID}};
CREATE INDEX cadence_due ON cadence (due_on);
