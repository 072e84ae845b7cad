-- Greetings (DOMAIN.md §6): holiday and birthday messages prepared per tier from templates, previewed and
-- approved by the outlet's supervisor, sent from an outbox by SMS or e-mail, never twice, never to a client
-- who opted out, each logged as a contact.

-- Templates per occasion (a festival code, 'festival' for any festival without its own, or 'birthday'),
-- tier, channel and language. Placeholders: greetings.Placeholders.
CREATE TABLE greeting_templates (
    template_id  {{ID}},
    occasion     TEXT NOT NULL,
    tier         TEXT NOT NULL CHECK (tier IN ('T1', 'T2', 'T3', 'T4', 'T5')),
    channel      TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    lang         TEXT NOT NULL DEFAULT 'zh',
    subject      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    updated_by   BIGINT REFERENCES staff(staff_id),
    updated_at   {{TS}},
    UNIQUE (occasion, tier, channel, lang)
);

-- The outbox. occasion is the occasion's key (mid_autumn-2027, birthday-2026-12-03): (client_id, occasion)
-- is unique, so that an occasion is prepared, approved and sent once per client, across restarts and
-- however many nights prepare it. A batch is the greetings of one outlet, kind and day.
-- state: prepared → approved | rejected; approved → sending → sent | approved (retry) | failed; sending
-- left by a process that stopped mid-send → unknown (never resent on its own); approved → skipped (opted
-- out, the day passed).
CREATE TABLE greetings (
    greeting_id      {{ID}},
    client_id        TEXT {{C}} NOT NULL REFERENCES clients(client_id),
    occasion         TEXT NOT NULL,
    kind             TEXT NOT NULL,
    occasion_on      DATE NOT NULL,
    outlet_id        TEXT NOT NULL REFERENCES orgs(org_id),
    tier             TEXT NOT NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    address          TEXT NOT NULL,
    subject          TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL,
    template_id      BIGINT REFERENCES greeting_templates(template_id),
    state            TEXT NOT NULL DEFAULT 'prepared' CHECK (state IN ('prepared', 'approved', 'rejected', 'sending', 'sent',
                         'failed', 'skipped', 'unknown')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  {{TS}},
    claimed_at       {{TS}},
    last_error       TEXT NOT NULL DEFAULT '',
    prepared_at      {{TS}} NOT NULL,
    decided_by       BIGINT REFERENCES staff(staff_id),
    decided_at       {{TS}},
    sent_at          {{TS}},
    contact_id       BIGINT REFERENCES contacts(contact_id),
    UNIQUE (client_id, occasion)
);
CREATE INDEX greetings_batch ON greetings (outlet_id, occasion_on, kind, state);
CREATE INDEX greetings_due ON greetings (state, next_attempt_at);
CREATE INDEX greetings_on ON greetings (occasion_on);

-- Festivals whose greetings have been prepared for the whole book (the key, e.g. mid_autumn-2027): the
-- nights after the first within the lead time do not read the book again. Birthdays are found by date.
CREATE TABLE greeting_runs (
    occasion     TEXT PRIMARY KEY,
    prepared_at  {{TS}} NOT NULL,
    prepared     INTEGER NOT NULL
);

-- Clients who asked not to be greeted; set and lifted on the client view by the client's keepers (audited).
CREATE TABLE greeting_optouts (
    client_id  TEXT {{C}} PRIMARY KEY REFERENCES clients(client_id),
    set_by     BIGINT NOT NULL REFERENCES staff(staff_id),
    set_at     {{TS}} NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);

-- The default templates (Chinese): formal for T1–T3; for T4–T5 in the client manager's name ({signer}: 您的客户经理
-- 张三, or the outlet when the client has none). Supervisors and administrators edit them on the greetings page.
INSERT INTO greeting_templates (occasion, tier, channel, lang, subject, body) VALUES
    ('festival', 'T1', 'sms', 'zh', '', '{dear}：值此{festival}（农历{lunar}）来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('spring_festival', 'T1', 'sms', 'zh', '', '{dear}：新春佳节（{date}，农历正月初一）将至，{outlet}恭祝您新年快乐、阖家幸福、万事如意！'),
    ('mid_autumn', 'T1', 'sms', 'zh', '', '{dear}：值此中秋佳节（八月十五）之际，{outlet}恭祝您花好月圆、阖家团圆！'),
    ('new_year', 'T1', 'sms', 'zh', '', '{dear}：新年伊始，{outlet}感谢您一年来的支持，恭祝您{date}元旦快乐、新年吉祥！'),
    ('qingming', 'T1', 'sms', 'zh', '', '{dear}：清明时节，{outlet}祝您出行平安、身体安康。'),
    ('labour_day', 'T1', 'sms', 'zh', '', '{dear}：值此{festival}来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('national_day', 'T1', 'sms', 'zh', '', '{dear}：值此{festival}来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('festival', 'T1', 'email', 'zh', '{festival}快乐', '{dear}：值此{festival}（农历{lunar}）来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('spring_festival', 'T1', 'email', 'zh', '{festival}快乐', '{dear}：新春佳节（{date}，农历正月初一）将至，{outlet}恭祝您新年快乐、阖家幸福、万事如意！'),
    ('mid_autumn', 'T1', 'email', 'zh', '{festival}快乐', '{dear}：值此中秋佳节（八月十五）之际，{outlet}恭祝您花好月圆、阖家团圆！'),
    ('new_year', 'T1', 'email', 'zh', '{festival}快乐', '{dear}：新年伊始，{outlet}感谢您一年来的支持，恭祝您{date}元旦快乐、新年吉祥！'),
    ('qingming', 'T1', 'email', 'zh', '清明安康', '{dear}：清明时节，{outlet}祝您出行平安、身体安康。'),
    ('labour_day', 'T1', 'email', 'zh', '{festival}快乐', '{dear}：值此{festival}来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('national_day', 'T1', 'email', 'zh', '{festival}快乐', '{dear}：值此{festival}来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('festival', 'T2', 'sms', 'zh', '', '{dear}：值此{festival}（农历{lunar}）来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('spring_festival', 'T2', 'sms', 'zh', '', '{dear}：新春佳节（{date}，农历正月初一）将至，{outlet}恭祝您新年快乐、阖家幸福、万事如意！'),
    ('mid_autumn', 'T2', 'sms', 'zh', '', '{dear}：值此中秋佳节（八月十五）之际，{outlet}恭祝您花好月圆、阖家团圆！'),
    ('new_year', 'T2', 'sms', 'zh', '', '{dear}：新年伊始，{outlet}感谢您一年来的支持，恭祝您{date}元旦快乐、新年吉祥！'),
    ('qingming', 'T2', 'sms', 'zh', '', '{dear}：清明时节，{outlet}祝您出行平安、身体安康。'),
    ('labour_day', 'T2', 'sms', 'zh', '', '{dear}：值此{festival}来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('national_day', 'T2', 'sms', 'zh', '', '{dear}：值此{festival}来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('birthday', 'T2', 'sms', 'zh', '', '{dear}：今天是您的生日，{outlet}全体员工祝您生日快乐、身体健康、万事顺意！'),
    ('festival', 'T2', 'email', 'zh', '{festival}快乐', '{dear}：值此{festival}（农历{lunar}）来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('spring_festival', 'T2', 'email', 'zh', '{festival}快乐', '{dear}：新春佳节（{date}，农历正月初一）将至，{outlet}恭祝您新年快乐、阖家幸福、万事如意！'),
    ('mid_autumn', 'T2', 'email', 'zh', '{festival}快乐', '{dear}：值此中秋佳节（八月十五）之际，{outlet}恭祝您花好月圆、阖家团圆！'),
    ('new_year', 'T2', 'email', 'zh', '{festival}快乐', '{dear}：新年伊始，{outlet}感谢您一年来的支持，恭祝您{date}元旦快乐、新年吉祥！'),
    ('qingming', 'T2', 'email', 'zh', '清明安康', '{dear}：清明时节，{outlet}祝您出行平安、身体安康。'),
    ('labour_day', 'T2', 'email', 'zh', '{festival}快乐', '{dear}：值此{festival}来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('national_day', 'T2', 'email', 'zh', '{festival}快乐', '{dear}：值此{festival}来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('birthday', 'T2', 'email', 'zh', '生日快乐', '{dear}：今天是您的生日，{outlet}全体员工祝您生日快乐、身体健康、万事顺意！'),
    ('festival', 'T3', 'sms', 'zh', '', '{dear}：值此{festival}（农历{lunar}）来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('spring_festival', 'T3', 'sms', 'zh', '', '{dear}：新春佳节（{date}，农历正月初一）将至，{outlet}恭祝您新年快乐、阖家幸福、万事如意！'),
    ('mid_autumn', 'T3', 'sms', 'zh', '', '{dear}：值此中秋佳节（八月十五）之际，{outlet}恭祝您花好月圆、阖家团圆！'),
    ('new_year', 'T3', 'sms', 'zh', '', '{dear}：新年伊始，{outlet}感谢您一年来的支持，恭祝您{date}元旦快乐、新年吉祥！'),
    ('qingming', 'T3', 'sms', 'zh', '', '{dear}：清明时节，{outlet}祝您出行平安、身体安康。'),
    ('labour_day', 'T3', 'sms', 'zh', '', '{dear}：值此{festival}来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('national_day', 'T3', 'sms', 'zh', '', '{dear}：值此{festival}来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('birthday', 'T3', 'sms', 'zh', '', '{dear}：今天是您的生日，{outlet}全体员工祝您生日快乐、身体健康、万事顺意！'),
    ('festival', 'T3', 'email', 'zh', '{festival}快乐', '{dear}：值此{festival}（农历{lunar}）来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('spring_festival', 'T3', 'email', 'zh', '{festival}快乐', '{dear}：新春佳节（{date}，农历正月初一）将至，{outlet}恭祝您新年快乐、阖家幸福、万事如意！'),
    ('mid_autumn', 'T3', 'email', 'zh', '{festival}快乐', '{dear}：值此中秋佳节（八月十五）之际，{outlet}恭祝您花好月圆、阖家团圆！'),
    ('new_year', 'T3', 'email', 'zh', '{festival}快乐', '{dear}：新年伊始，{outlet}感谢您一年来的支持，恭祝您{date}元旦快乐、新年吉祥！'),
    ('qingming', 'T3', 'email', 'zh', '清明安康', '{dear}：清明时节，{outlet}祝您出行平安、身体安康。'),
    ('labour_day', 'T3', 'email', 'zh', '{festival}快乐', '{dear}：值此{festival}来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('national_day', 'T3', 'email', 'zh', '{festival}快乐', '{dear}：值此{festival}来临之际，{outlet}全体员工恭祝您和家人节日快乐、万事如意！'),
    ('birthday', 'T3', 'email', 'zh', '生日快乐', '{dear}：今天是您的生日，{outlet}全体员工祝您生日快乐、身体健康、万事顺意！'),
    ('festival', 'T4', 'sms', 'zh', '', '{dear}：{festival}（农历{lunar}）将至，{signer}感谢您一直以来的信任与支持，祝您和家人阖家幸福、安康顺遂！'),
    ('spring_festival', 'T4', 'sms', 'zh', '', '{dear}：新春佳节将至，{signer}感谢您过去一年的信任与支持，恭祝您和家人新春快乐、身体健康、阖家幸福！'),
    ('mid_autumn', 'T4', 'sms', 'zh', '', '{dear}：中秋佳节（八月十五）将至，月圆人团圆，{signer}感谢您一直以来的信任，祝您和家人中秋快乐、幸福安康！'),
    ('new_year', 'T4', 'sms', 'zh', '', '{dear}：新年伊始，{signer}感谢您一年来的信任与陪伴，祝您新的一年身体健康、事事顺心！'),
    ('qingming', 'T4', 'sms', 'zh', '', '{dear}：清明时节，{signer}祝您和家人出行平安、身体安康。'),
    ('labour_day', 'T4', 'sms', 'zh', '', '{dear}：{festival}将至，{signer}感谢您一直以来的信任与支持，祝您和家人阖家幸福、安康顺遂！'),
    ('national_day', 'T4', 'sms', 'zh', '', '{dear}：{festival}将至，{signer}感谢您一直以来的信任与支持，祝您和家人阖家幸福、安康顺遂！'),
    ('birthday', 'T4', 'sms', 'zh', '', '{dear}：今天是您的生日，{signer}衷心祝您生日快乐、福寿安康！感谢您一直以来的信任。'),
    ('festival', 'T4', 'email', 'zh', '{festival}快乐', '{dear}：{festival}（农历{lunar}）将至，{signer}感谢您一直以来的信任与支持，祝您和家人阖家幸福、安康顺遂！'),
    ('spring_festival', 'T4', 'email', 'zh', '{festival}快乐', '{dear}：新春佳节将至，{signer}感谢您过去一年的信任与支持，恭祝您和家人新春快乐、身体健康、阖家幸福！'),
    ('mid_autumn', 'T4', 'email', 'zh', '{festival}快乐', '{dear}：中秋佳节（八月十五）将至，月圆人团圆，{signer}感谢您一直以来的信任，祝您和家人中秋快乐、幸福安康！'),
    ('new_year', 'T4', 'email', 'zh', '{festival}快乐', '{dear}：新年伊始，{signer}感谢您一年来的信任与陪伴，祝您新的一年身体健康、事事顺心！'),
    ('qingming', 'T4', 'email', 'zh', '清明安康', '{dear}：清明时节，{signer}祝您和家人出行平安、身体安康。'),
    ('labour_day', 'T4', 'email', 'zh', '{festival}快乐', '{dear}：{festival}将至，{signer}感谢您一直以来的信任与支持，祝您和家人阖家幸福、安康顺遂！'),
    ('national_day', 'T4', 'email', 'zh', '{festival}快乐', '{dear}：{festival}将至，{signer}感谢您一直以来的信任与支持，祝您和家人阖家幸福、安康顺遂！'),
    ('birthday', 'T4', 'email', 'zh', '生日快乐', '{dear}：今天是您的生日，{signer}衷心祝您生日快乐、福寿安康！感谢您一直以来的信任。'),
    ('festival', 'T5', 'sms', 'zh', '', '{dear}：{festival}（农历{lunar}）将至，{signer}感谢您一直以来的信任与支持，祝您和家人阖家幸福、安康顺遂！'),
    ('spring_festival', 'T5', 'sms', 'zh', '', '{dear}：新春佳节将至，{signer}感谢您过去一年的信任与支持，恭祝您和家人新春快乐、身体健康、阖家幸福！'),
    ('mid_autumn', 'T5', 'sms', 'zh', '', '{dear}：中秋佳节（八月十五）将至，月圆人团圆，{signer}感谢您一直以来的信任，祝您和家人中秋快乐、幸福安康！'),
    ('new_year', 'T5', 'sms', 'zh', '', '{dear}：新年伊始，{signer}感谢您一年来的信任与陪伴，祝您新的一年身体健康、事事顺心！'),
    ('qingming', 'T5', 'sms', 'zh', '', '{dear}：清明时节，{signer}祝您和家人出行平安、身体安康。'),
    ('labour_day', 'T5', 'sms', 'zh', '', '{dear}：{festival}将至，{signer}感谢您一直以来的信任与支持，祝您和家人阖家幸福、安康顺遂！'),
    ('national_day', 'T5', 'sms', 'zh', '', '{dear}：{festival}将至，{signer}感谢您一直以来的信任与支持，祝您和家人阖家幸福、安康顺遂！'),
    ('birthday', 'T5', 'sms', 'zh', '', '{dear}：今天是您的生日，{signer}衷心祝您生日快乐、福寿安康！感谢您一直以来的信任。'),
    ('festival', 'T5', 'email', 'zh', '{festival}快乐', '{dear}：{festival}（农历{lunar}）将至，{signer}感谢您一直以来的信任与支持，祝您和家人阖家幸福、安康顺遂！'),
    ('spring_festival', 'T5', 'email', 'zh', '{festival}快乐', '{dear}：新春佳节将至，{signer}感谢您过去一年的信任与支持，恭祝您和家人新春快乐、身体健康、阖家幸福！'),
    ('mid_autumn', 'T5', 'email', 'zh', '{festival}快乐', '{dear}：中秋佳节（八月十五）将至，月圆人团圆，{signer}感谢您一直以来的信任，祝您和家人中秋快乐、幸福安康！'),
    ('new_year', 'T5', 'email', 'zh', '{festival}快乐', '{dear}：新年伊始，{signer}感谢您一年来的信任与陪伴，祝您新的一年身体健康、事事顺心！'),
    ('qingming', 'T5', 'email', 'zh', '清明安康', '{dear}：清明时节，{signer}祝您和家人出行平安、身体安康。'),
    ('labour_day', 'T5', 'email', 'zh', '{festival}快乐', '{dear}：{festival}将至，{signer}感谢您一直以来的信任与支持，祝您和家人阖家幸福、安康顺遂！'),
    ('national_day', 'T5', 'email', 'zh', '{festival}快乐', '{dear}：{festival}将至，{signer}感谢您一直以来的信任与支持，祝您和家人阖家幸福、安康顺遂！'),
    ('birthday', 'T5', 'email', 'zh', '生日快乐', '{dear}：今天是您的生日，{signer}衷心祝您生日快乐、福寿安康！感谢您一直以来的信任。');
