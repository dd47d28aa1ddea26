package registre

import (
	"context"
	"encoding/json"
	"iter"

	"certidoc/documents"
	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
	"certidoc/verification"
)

// Snapshot reads a closing's snapshot back as the session it recorded,
// deliberated, with the warnings the current validation gives.
func (c *Closing) Snapshot(ref *referentiel.Referentiel) (*session.Session, *session.Resultats, []session.Probleme, error) {
	var s session.Session
	if err := json.Unmarshal(c.Contenu, &s); err != nil {
		return nil, nil, nil, newError(ErrCorrupt, err, "l’instantané de la session %s (version %d) est illisible dans le registre", c.Session, c.Version)
	}
	var warnings []session.Probleme
	if rep := session.Validate(&s, ref); rep != nil {
		warnings = rep.Avertissements
	}
	return &s, session.Deliberer(ref, &s), warnings, nil
}

// verifier gives the documents of a closing their short codes.
func (c *Closing) verifier(url string) *verification.Verifier {
	codes := make(map[string]string, len(c.Documents))
	for _, e := range c.Documents {
		codes[e.Numero] = FormatCode(e.Code)
	}
	return &verification.Verifier{URL: url, Codes: codes}
}

// Dossier returns the documents of a closed session's last version, made
// from its snapshot, with the short codes of the registre leading to
// url/verifier/CODE, and how many there are. Nothing is uploaded again.
// Revoked documents are left out and named in AVERTISSEMENTS.txt.
func (r *Registre) Dossier(ctx context.Context, ref *referentiel.Referentiel, id, url string) (*Closing, iter.Seq[documents.Entry], int, error) {
	c, err := r.Session(ctx, id)
	if err != nil {
		return nil, nil, 0, err
	}
	s, d, warnings, err := c.Snapshot(ref)
	if err != nil {
		return nil, nil, 0, err
	}
	var revoked []Entry
	for _, e := range c.Documents {
		if e.Revoque() {
			revoked = append(revoked, e)
		}
	}
	all := documents.Dossier(ref, s, d, warnings, c.verifier(url))
	return c, withoutRevoked(all, revoked, ref, s), documents.DossierCount(ref, s, d) - len(revoked), nil
}

// DuplicataDocument records a duplicata of a document and returns it, made
// again from the session's snapshot, with the same number and code, marked
// "Duplicata délivré le …".
func (r *Registre) DuplicataDocument(ctx context.Context, ref *referentiel.Referentiel, numero, url string, req Request) (documents.Document, Entry, error) {
	e, c, at, err := r.Duplicata(ctx, numero, req)
	if err != nil {
		return documents.Document{}, Entry{}, err
	}
	s, d, _, err := c.Snapshot(ref)
	if err != nil {
		return documents.Document{}, Entry{}, err
	}
	c.Documents = []Entry{e}
	var rc *session.ResultatCandidat
	for i := range d.Candidats {
		if d.Candidats[i].Candidat.Numero == e.Candidat {
			rc = &d.Candidats[i]
		}
	}
	if rc == nil {
		return documents.Document{}, Entry{}, newError(ErrCorrupt, nil, "le candidat %s du document n° %s manque dans l’instantané de la session %s", e.Candidat, e.Numero, e.Session)
	}
	want := documents.Ref{Kind: documents.KindParchemin}
	if e.Nature == Attestation {
		want = documents.Ref{Kind: documents.KindAttestation}
		for _, b := range ref.Blocs {
			if b.Code == e.Bloc {
				want.Bloc = b.Lettre
			}
		}
	}
	doc, err := documents.CandidateDocument(ref, s, d, rc, want, c.verifier(url))
	if err != nil {
		return documents.Document{}, Entry{}, newError(ErrCorrupt, err, "le document n° %s ne se refait pas depuis l’instantané de la session %s avec le référentiel actuel", e.Numero, e.Session)
	}
	doc = documents.Duplicata(doc, fr.DateOf(at.In(fr.Paris())))
	doc.Name = "duplicata-" + fr.Slug(e.Numero)
	return doc, e, nil
}
