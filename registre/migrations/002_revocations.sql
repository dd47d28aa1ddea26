-- A revocation belongs to the holder's document, its number, not to the
-- code one version of the session gave it: a rectification that gives the
-- number a new code, or issues it again after a version without it, keeps
-- it revoked. One revocation per number (the primary key), so that two
-- revocations at once, from two instances, record one.
CREATE TABLE revocations (
  numero  TEXT NOT NULL PRIMARY KEY,
  le      TEXT NOT NULL,
  motif   TEXT NOT NULL,
  requete TEXT NOT NULL
);
-- The revocations made so far are in the journal; the first one of a
-- number wins (two could be recorded at once before this table).
INSERT INTO revocations (numero, le, motif, requete)
  SELECT numero, quand, motif, requete FROM journal WHERE action = 'revocation' ORDER BY quand, requete
  ON CONFLICT DO NOTHING;
-- A number revoked, then given a new code by a rectification, is revoked
-- again under that code.
UPDATE documents SET
  revoque_le = (SELECT r.le FROM revocations r WHERE r.numero = documents.numero),
  motif_revocation = (SELECT r.motif FROM revocations r WHERE r.numero = documents.numero)
  WHERE remplace = 0 AND numero IN (SELECT numero FROM revocations);
