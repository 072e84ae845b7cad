-- Staff administration from the web pages.
--
-- employee_no is the bank's own employee number (工号), optional, unique when present (a relationship
-- table from the bank's present system may name staff by it).
--
-- must_change_password: an administrator reset the password to a one-time password; the person must
-- choose a new one at the next sign-in before anything else (as with an expired password).
ALTER TABLE staff ADD COLUMN employee_no TEXT;
ALTER TABLE staff ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX staff_employee_no ON staff (employee_no) WHERE employee_no IS NOT NULL;
