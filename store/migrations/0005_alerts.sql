-- Macro {{MONTHDAY col}}: the month and day of a DATE column as MMDD, an expression both engines index.
-- Alerts (DOMAIN.md §5): the facts a batch leaves for them, the alerts with their life (raised,
-- acknowledged, worked, closed, escalated), and the indexes that let the nightly pass find what is due on a
-- date without reading the whole book.

-- The day's large movements, recorded by the import in the batch's transaction: each transaction of at
-- least the smallest large-movement threshold (txn_id), and each client whose AUM moved by that much over
-- the day (txn_id ''). The alert pass applies each client's tier threshold and drops the rows.
CREATE TABLE day_movements (
    business_date  DATE NOT NULL,
    client_id      TEXT {{C}} NOT NULL,
    txn_id         TEXT NOT NULL,
    account_id     TEXT NOT NULL DEFAULT '',
    amount         BIGINT NOT NULL,
    other_bank     BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (business_date, client_id, txn_id)
) {{WITHOUT ROWID}};

-- One row per alert. (client_id, rule, fact_key) is unique: the same fact never alerts twice, however
-- many nights it is seen. assignee_id is the person who must act, or NULL for the outlet's people in
-- assignee_role. figures is JSON (alerts.Figures).
CREATE TABLE alerts (
    alert_id       {{ID}},
    client_id      TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    rule           TEXT NOT NULL,
    fact_key       TEXT NOT NULL,
    due_on         DATE NOT NULL,
    severity       INTEGER NOT NULL,
    figures        TEXT NOT NULL,
    outlet_id      TEXT NOT NULL,
    assignee_id    BIGINT REFERENCES staff(staff_id),
    assignee_role  TEXT NOT NULL,
    raised_on      DATE NOT NULL,
    raised_at      {{TS}} NOT NULL,
    deadline       {{TS}} NOT NULL,
    state          TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'acknowledged', 'worked', 'closed')),
    outcome        TEXT NOT NULL DEFAULT '',
    acted_by       BIGINT REFERENCES staff(staff_id),
    acted_at       {{TS}},
    escalated_to   BIGINT REFERENCES staff(staff_id),
    escalated_at   {{TS}},
    UNIQUE (client_id, rule, fact_key)
);
CREATE INDEX alerts_assignee ON alerts (assignee_id, state, due_on);
CREATE INDEX alerts_outlet ON alerts (outlet_id, state, due_on);
CREATE INDEX alerts_open_deadline ON alerts (state, deadline);

-- What the nightly pass looks up by date.
CREATE INDEX accounts_maturity ON accounts (maturity_date);
CREATE INDEX clients_risk_expiry ON clients (risk_expires_on);
CREATE INDEX clients_birthday ON clients ({{MONTHDAY birth_date}});
CREATE INDEX family_birthday ON family_members ({{MONTHDAY birth_date}});
CREATE INDEX family_lunar_birthday ON family_members (lunar, lunar_month, lunar_day);
