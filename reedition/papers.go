package reedition

import (
	"context"
	"fmt"
	"iter"
	"time"

	"certidoc/certificateur"
	"certidoc/documents"
	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/registre"
	"certidoc/session"
	"certidoc/verification"
)

// Profils reads the certifier's profile kept with a closing.
// *registre.Registre is one.
type Profils interface {
	Profil(ctx context.Context, c *registre.Closing) (*registre.Profil, error)
}

// Closings is what Dossier reads from the registre: a closed session and
// the profile kept with it. *registre.Registre is one.
type Closings interface {
	Session(ctx context.Context, id string) (*registre.Closing, error)
	Profils
}

// Duplicatas is what Duplicata needs of the registre: recording a
// duplicata of a document, and the profile kept with its closing.
// *registre.Registre is one.
type Duplicatas interface {
	Duplicata(ctx context.Context, numero string, req registre.Request) (registre.Entry, *registre.Closing, time.Time, error)
	Profils
}

// verifier gives the documents of a closing their short codes.
func verifier(c *registre.Closing, url string) *verification.Verifier {
	codes := make(map[string]string, len(c.Documents))
	for _, e := range c.Documents {
		codes[e.Numero] = registre.FormatCode(e.Code)
	}
	return &verification.Verifier{URL: url, Codes: codes}
}

// referentielOf returns the référentiel a closed session was deliberated
// under, which the service must hold to make its papers again: else a
// *referentiel.UnknownError.
func referentielOf(ens *referentiel.Ensemble, c *registre.Closing) (*referentiel.Referentiel, error) {
	ref, err := ens.Choisir(c.ReferentielCode)
	if err != nil {
		return nil, fmt.Errorf("session %s: %w", c.Session, err)
	}
	return ref, nil
}

// Profil returns the certifier's profile a closing was made with, nil
// for a closing made before profiles were kept (its documents were then
// printed without one).
func Profil(ctx context.Context, r Profils, c *registre.Closing) (*certificateur.Profil, error) {
	rp, err := r.Profil(ctx, c)
	if err != nil || rp == nil {
		return nil, err
	}
	p, err := certificateur.FromSnapshot(rp.Contenu, rp.Images)
	if err != nil {
		return nil, &registre.Error{Kind: registre.ErrCorrupt, Err: err,
			Message: fmt.Sprintf("le profil du certificateur de la session %s (version %d) est illisible dans le registre", c.Session, c.Version)}
	}
	return p, nil
}

// Dossier returns the documents of a closed session's last version, made
// from its snapshot with the certifier's profile in force at its closing
// (returned too: its look goes to the renderer), with the short codes of
// the registre leading to url/verifier/CODE, and how many there are.
// Nothing is uploaded again. AVERTISSEMENTS.txt holds the warnings the
// current validation gives (font is the documents' font, as for
// session.Parse); revoked documents are left out and named there.
func Dossier(ctx context.Context, r Closings, ens *referentiel.Ensemble, font session.Font, id, url string) (*registre.Closing, iter.Seq[documents.Entry], int, *certificateur.Profil, error) {
	c, err := r.Session(ctx, id)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	ref, err := referentielOf(ens, c)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	s, d, err := c.Snapshot(ref)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	p, err := Profil(ctx, r, c)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	warnings := session.Validate(s, ref, font).Avertissements
	var revoked []registre.Entry
	for _, e := range c.Documents {
		if e.Revoque() {
			revoked = append(revoked, e)
		}
	}
	all := documents.Dossier(ref, s, d, warnings, verifier(c, url), p)
	return c, withoutRevoked(all, revoked, ref, s), documents.DossierCount(ref, s, d) - len(revoked), p, nil
}

// Duplicata records a duplicata of a document and returns it, made
// again from the session's snapshot, with the same number and code, marked
// "Duplicata délivré le …", with the certifier's profile in force at the
// session's closing (returned too: its look goes to the renderer).
func Duplicata(ctx context.Context, r Duplicatas, ens *referentiel.Ensemble, numero, url string, req registre.Request) (documents.Document, registre.Entry, *certificateur.Profil, error) {
	e, c, at, err := r.Duplicata(ctx, numero, req)
	if err != nil {
		return documents.Document{}, registre.Entry{}, nil, err
	}
	ref, err := referentielOf(ens, c)
	if err != nil {
		return documents.Document{}, registre.Entry{}, nil, err
	}
	s, d, err := c.Snapshot(ref)
	if err != nil {
		return documents.Document{}, registre.Entry{}, nil, err
	}
	p, err := Profil(ctx, r, c)
	if err != nil {
		return documents.Document{}, registre.Entry{}, nil, err
	}
	c.Documents = []registre.Entry{e}
	var rc *session.ResultatCandidat
	for i := range d.Candidats {
		if d.Candidats[i].Candidat.Numero == e.Candidat {
			rc = &d.Candidats[i]
		}
	}
	if rc == nil {
		return documents.Document{}, registre.Entry{}, nil, &registre.Error{Kind: registre.ErrCorrupt,
			Message: fmt.Sprintf("le candidat %s du document n° %s manque dans l’instantané de la session %s", e.Candidat, e.Numero, e.Session)}
	}
	want := documents.Ref{Kind: documents.KindParchemin}
	if e.Nature == registre.Attestation {
		want = documents.Ref{Kind: documents.KindAttestation}
		for _, b := range ref.Blocs {
			if b.Code == e.Bloc {
				want.Bloc = b.Lettre
			}
		}
	}
	doc, err := documents.CandidateDocument(ref, s, d, rc, want, verifier(c, url), p)
	if err != nil {
		return documents.Document{}, registre.Entry{}, nil, &registre.Error{Kind: registre.ErrCorrupt, Err: err,
			Message: fmt.Sprintf("le document n° %s ne se refait pas depuis l’instantané de la session %s avec le référentiel actuel", e.Numero, e.Session)}
	}
	doc = documents.Duplicata(doc, fr.DateOf(at.In(fr.Paris())))
	doc.Name = "duplicata-" + fr.Slug(e.Numero)
	return doc, e, p, nil
}
