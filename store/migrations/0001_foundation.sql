-- Foundation schema: organisation, staff, sessions, API tokens, products, clients and their life details,
-- accounts, service relationships and the audit log.
-- Macros, replaced per engine by store/migrate.go:
--   {{ID}}  an auto-increment BIGINT primary key
--   {{C}}   byte-order collation for text that is searched by prefix range (PostgreSQL: COLLATE "C")
--   {{TS}}  a timestamp column (UTC)
-- Money is BIGINT fen. Dates are DATE (stored as YYYY-MM-DD text by SQLite).

CREATE TABLE orgs (
    org_id     TEXT PRIMARY KEY,
    parent_id  TEXT REFERENCES orgs(org_id),
    level      TEXT NOT NULL CHECK (level IN ('head', 'branch', 'subbranch', 'outlet')),
    name       TEXT NOT NULL,
    path       TEXT {{C}} NOT NULL UNIQUE
);

CREATE TABLE staff (
    staff_id            {{ID}},
    username            TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('teller', 'teller_vip', 'lobby', 'rm', 'supervisor', 'outlet_manager', 'dept', 'admin')),
    org_id              TEXT NOT NULL REFERENCES orgs(org_id),
    password_hash       TEXT NOT NULL,
    password_changed_at {{TS}} NOT NULL,
    password_no_expiry  BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until        {{TS}},
    disabled            BOOLEAN NOT NULL DEFAULT FALSE,
    lang                TEXT NOT NULL DEFAULT '',
    created_at          {{TS}} NOT NULL
);
CREATE INDEX staff_org ON staff (org_id, role);

-- Sessions hold the SHA-256 of the cookie's token, never the token itself.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    staff_id    BIGINT NOT NULL REFERENCES staff(staff_id),
    created_at  {{TS}} NOT NULL,
    last_seen   {{TS}} NOT NULL,
    expires_at  {{TS}} NOT NULL,
    ip          TEXT NOT NULL DEFAULT '',
    user_agent  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_staff ON sessions (staff_id);

CREATE TABLE api_tokens (
    token_id    {{ID}},
    token_hash  TEXT NOT NULL UNIQUE,
    staff_id    BIGINT NOT NULL REFERENCES staff(staff_id),
    name        TEXT NOT NULL,
    created_at  {{TS}} NOT NULL,
    last_used   {{TS}},
    revoked     BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE products (
    product_code    TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    category        TEXT NOT NULL,
    risk_level      TEXT NOT NULL DEFAULT '',
    asset_class     TEXT NOT NULL,
    card_level      TEXT NOT NULL DEFAULT '',
    agreement_kind  TEXT NOT NULL DEFAULT '',
    points_class    TEXT NOT NULL,
    term_days       INTEGER NOT NULL DEFAULT 0
);

-- Clients. Search columns: name by prefix, mobile_rev and id_rev (reversed strings) so that a suffix search
-- ("the last four digits") is a prefix range on an index.
CREATE TABLE clients (
    client_id         TEXT {{C}} PRIMARY KEY,
    name              TEXT {{C}} NOT NULL,
    id_type           TEXT NOT NULL,
    id_number         TEXT NOT NULL,
    id_rev            TEXT {{C}} NOT NULL,
    gender            TEXT NOT NULL DEFAULT '',
    birth_date        DATE,
    mobile            TEXT NOT NULL DEFAULT '',
    mobile_rev        TEXT {{C}} NOT NULL DEFAULT '',
    phone             TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    address           TEXT NOT NULL DEFAULT '',
    occupation        TEXT NOT NULL DEFAULT '',
    employer          TEXT NOT NULL DEFAULT '',
    outlet_id         TEXT NOT NULL REFERENCES orgs(org_id),
    source            TEXT NOT NULL DEFAULT '',
    open_date         DATE NOT NULL,
    status            TEXT NOT NULL,
    credit_grade      TEXT NOT NULL DEFAULT '',
    rm_id             BIGINT REFERENCES staff(staff_id),
    key_focus         BOOLEAN NOT NULL DEFAULT FALSE,
    interests         TEXT NOT NULL DEFAULT '',
    prefs             TEXT NOT NULL DEFAULT '',
    risk_level        TEXT NOT NULL DEFAULT '',
    risk_assessed_on  DATE,
    risk_expires_on   DATE,
    aum               BIGINT NOT NULL DEFAULT 0,
    updated_at        {{TS}} NOT NULL
);
CREATE INDEX clients_outlet_name ON clients (outlet_id, name, client_id);
CREATE INDEX clients_rm_name ON clients (rm_id, name, client_id);
CREATE INDEX clients_name ON clients (name, client_id);
CREATE INDEX clients_mobile_rev ON clients (mobile_rev);
CREATE INDEX clients_id_rev ON clients (id_rev);
CREATE INDEX clients_outlet_aum ON clients (outlet_id, aum);
CREATE INDEX clients_aum ON clients (aum);

CREATE TABLE family_members (
    member_id    {{ID}},
    client_id    TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    relation     TEXT NOT NULL,
    name         TEXT NOT NULL,
    birth_date   DATE,
    lunar        BOOLEAN NOT NULL DEFAULT FALSE,
    lunar_month  INTEGER NOT NULL DEFAULT 0,
    lunar_day    INTEGER NOT NULL DEFAULT 0,
    lunar_leap   BOOLEAN NOT NULL DEFAULT FALSE,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX family_client ON family_members (client_id);

CREATE TABLE client_notes (
    note_id     {{ID}},
    client_id   TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    author_id   BIGINT NOT NULL REFERENCES staff(staff_id),
    body        TEXT NOT NULL,
    created_at  {{TS}} NOT NULL
);
CREATE INDEX notes_client ON client_notes (client_id, created_at);

CREATE TABLE life_events (
    event_id   {{ID}},
    client_id  TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    kind       TEXT NOT NULL,
    event_on   DATE,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX life_events_client ON life_events (client_id);

CREATE TABLE tags (
    tag_id  {{ID}},
    name    TEXT NOT NULL UNIQUE
);
CREATE TABLE client_tags (
    client_id  TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    tag_id     BIGINT NOT NULL REFERENCES tags(tag_id),
    PRIMARY KEY (client_id, tag_id)
);
CREATE INDEX client_tags_tag ON client_tags (tag_id);

-- Groups are named lists of clients kept by one member of staff (or shared with the outlet).
CREATE TABLE client_groups (
    group_id   {{ID}},
    name       TEXT NOT NULL,
    owner_id   BIGINT NOT NULL REFERENCES staff(staff_id),
    shared     BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE client_group_members (
    group_id   BIGINT NOT NULL REFERENCES client_groups(group_id),
    client_id  TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    PRIMARY KEY (group_id, client_id)
);

CREATE TABLE accounts (
    account_id     TEXT PRIMARY KEY,
    client_id      TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    product_code   TEXT NOT NULL REFERENCES products(product_code),
    currency       TEXT NOT NULL,
    balance        BIGINT NOT NULL,
    balance_cny    BIGINT NOT NULL,
    open_date      DATE NOT NULL,
    maturity_date  DATE,
    status         TEXT NOT NULL
);
CREATE INDEX accounts_client ON accounts (client_id);

-- Service relationships (服务关系): the history of who was responsible for a client; the current one is
-- also clients.rm_id, for scope checks inside queries.
CREATE TABLE relationships (
    rel_id       {{ID}},
    client_id    TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    staff_id     BIGINT NOT NULL REFERENCES staff(staff_id),
    valid_from   {{TS}} NOT NULL,
    valid_to     {{TS}},
    assigned_by  BIGINT REFERENCES staff(staff_id),
    reason       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX relationships_client ON relationships (client_id, valid_from);
CREATE INDEX relationships_staff ON relationships (staff_id);

-- The audit log is append-only: nothing updates or deletes its rows.
CREATE TABLE audit_events (
    event_id     {{ID}},
    at           {{TS}} NOT NULL,
    actor_id     BIGINT,
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL DEFAULT '',
    object_id    TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_object ON audit_events (object_type, object_id, at);
CREATE INDEX audit_actor ON audit_events (actor_id, at);
CREATE INDEX audit_action_at ON audit_events (action, at);
