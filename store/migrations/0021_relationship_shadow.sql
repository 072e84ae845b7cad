-- A client manager keeps read-only sight of the clients handed over from them for
-- relationships.shadow_days (store.sightCond): the client list reads their relationships that ended since
-- then by this index (covering: no row is read), a range of one person's history however long it grows.
-- It starts with staff_id, so it also serves every lookup of one person's relationships that
-- relationships_staff served.

DROP INDEX relationships_staff;
CREATE INDEX relationships_staff_to ON relationships (staff_id, valid_to, client_id);
