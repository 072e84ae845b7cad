-- A client who celebrates the lunar birthday (按农历过生日). The birth date stays the solar date of the ID
-- card; with lunar_birthday set, the birthday alerts and greetings fall on the lunar month and day of that
-- date each year instead. Staff set it on the client view; the nightly passes find these few clients
-- through the partial index.

ALTER TABLE clients ADD COLUMN lunar_birthday BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX clients_lunar_birthday ON clients (lunar_birthday) WHERE lunar_birthday = TRUE;
