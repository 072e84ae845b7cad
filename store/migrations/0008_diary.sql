-- The evening work diary (工作日志, DOMAIN.md §6): each person's note on the day and plan for the next, one
-- row a person and day; the day's figures (contacts, alerts closed, tasks done) are counted from the records.
CREATE TABLE work_diary (
    staff_id    BIGINT NOT NULL REFERENCES staff(staff_id),
    day         DATE NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    plan        TEXT NOT NULL DEFAULT '',
    updated_at  {{TS}} NOT NULL,
    PRIMARY KEY (staff_id, day)
);
