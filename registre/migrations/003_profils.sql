-- The certifier's profile in force when a session was closed, so that its
-- documents made again later (dossier, duplicata) print what was printed:
-- the profile as JSON naming its images by their SHA-256, each image kept
-- once whatever the number of profiles and sessions that show it (base64:
-- the same text column on SQLite and PostgreSQL).
CREATE TABLE profils (
  empreinte TEXT NOT NULL PRIMARY KEY,
  contenu   TEXT NOT NULL,
  images    TEXT NOT NULL -- the empreintes of its images, space-separated
);

CREATE TABLE images (
  empreinte TEXT NOT NULL PRIMARY KEY,
  donnees   TEXT NOT NULL
);

-- The profile of each closing; '' for a closing made before profiles.
ALTER TABLE sessions ADD COLUMN profil TEXT NOT NULL DEFAULT '';
