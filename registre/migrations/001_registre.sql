-- The registre's first schema. Portable SQL: it runs unchanged on SQLite and
-- PostgreSQL. Times are RFC 3339 UTC text, dates AAAA-MM-JJ text.
CREATE TABLE sessions (
  identifiant         TEXT    NOT NULL,
  version             INTEGER NOT NULL,
  empreinte           TEXT    NOT NULL,
  contenu             TEXT    NOT NULL,
  referentiel_code    TEXT    NOT NULL,
  referentiel_version TEXT    NOT NULL,
  date_deliberation   TEXT    NOT NULL,
  cloturee_le         TEXT    NOT NULL,
  requete             TEXT    NOT NULL,
  motif               TEXT    NOT NULL,
  PRIMARY KEY (identifiant, version)
);

CREATE TABLE documents (
  code             TEXT    NOT NULL PRIMARY KEY,
  numero           TEXT    NOT NULL,
  session          TEXT    NOT NULL,
  version          INTEGER NOT NULL,
  nature           TEXT    NOT NULL,
  candidat         TEXT    NOT NULL,
  civilite         TEXT    NOT NULL,
  nom_naissance    TEXT    NOT NULL,
  nom_usage        TEXT    NOT NULL,
  prenoms          TEXT    NOT NULL,
  date_naissance   TEXT    NOT NULL,
  titulaire        TEXT    NOT NULL,
  recherche        TEXT    NOT NULL,
  certification    TEXT    NOT NULL,
  bloc             TEXT    NOT NULL,
  date_decision    TEXT    NOT NULL,
  date_delivrance  TEXT    NOT NULL,
  signataire       TEXT    NOT NULL,
  remplace         INTEGER NOT NULL,
  revoque_le       TEXT    NOT NULL,
  motif_revocation TEXT    NOT NULL,
  FOREIGN KEY (session, version) REFERENCES sessions (identifiant, version)
);
-- One current entry per document number; entries replaced by a rectification stay.
CREATE UNIQUE INDEX documents_numero ON documents (numero) WHERE remplace = 0;
CREATE INDEX documents_session ON documents (session, version);

CREATE TABLE journal (
  quand   TEXT NOT NULL,
  action  TEXT NOT NULL,
  session TEXT NOT NULL,
  numero  TEXT NOT NULL,
  requete TEXT NOT NULL,
  motif   TEXT NOT NULL
);
CREATE INDEX journal_session ON journal (session);

CREATE TABLE accrochages (
  numero  TEXT NOT NULL,
  id_flux TEXT NOT NULL,
  le      TEXT NOT NULL,
  PRIMARY KEY (numero, id_flux)
);
