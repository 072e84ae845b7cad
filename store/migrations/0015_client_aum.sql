-- A client's AUM lives in a narrow table of its own. The nightly import moves the AUM of every client whose
-- accounts moved (a tenth of the book or more); in the clients' row, a 270-byte row with ten indexes, one
-- number changed rewrote nearly every page of the clients' table and of its two AUM indexes each night
-- (5 700 of the 14 500 pages a 100 000-client delta wrote). Here a client is a 20-byte row, and one index
-- (by AUM, for the lists sorted by it) follows it. Every client has a row, inserted with the client.

CREATE TABLE client_aum (
    client_id   TEXT {{C}} PRIMARY KEY,
    aum         BIGINT NOT NULL DEFAULT 0
) {{WITHOUT ROWID}};

INSERT INTO client_aum (client_id, aum) SELECT client_id, aum FROM clients;

DROP INDEX clients_outlet_aum;
DROP INDEX clients_aum;
ALTER TABLE clients DROP COLUMN aum;

CREATE INDEX client_aum_aum ON client_aum (aum);
