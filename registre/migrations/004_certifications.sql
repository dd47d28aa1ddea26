-- Several certifications in one registre. Every entry already records its
-- certification (documents.certification, the RNCP code) and every closed
-- session its référentiel (sessions.referentiel_code and _version): the
-- listings and the holders' flux now select by certification, which this
-- index serves. Nothing else changes: codes keep verifying.
CREATE INDEX IF NOT EXISTS documents_certification ON documents (certification, nature, date_decision);
