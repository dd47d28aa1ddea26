package documents

import (
	"iter"
	"strconv"

	"certidoc/certificateur"
	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
	"certidoc/verification"
)

// Entry is one document of a session's dossier and the folder it goes in.
type Entry struct {
	Dir string // "" or "candidats/2022-001-lefevre-oeuvray-elodie-marie"
	Doc Document
	// File, when not nil, is a file written as it is, once whatever the
	// formats, instead of a document (AVERTISSEMENTS.txt).
	File *File
	// Numero is the number of an attestation or a parchemin (the number
	// its verification code stands for), "" for other documents.
	Numero string
}

// File is a file of the dossier that is not a document: its name and bytes.
type File struct {
	Name string
	Data []byte
}

// Dossier yields every document of a session, after AVERTISSEMENTS.txt when
// there is something to check before printing, one at a time so that
// memory does not grow with the number of candidates: the PV, and for each
// candidate, in its folder, the documents the Catalogue says exist.
func Dossier(r *referentiel.Referentiel, s *session.Session, d *session.Resultats, warnings []session.Probleme, v *verification.Verifier, p *certificateur.Profil) iter.Seq[Entry] {
	return func(yield func(Entry) bool) {
		if txt := Avertissements(r, s, d, warnings); txt != nil {
			if !yield(Entry{File: &File{Name: AvertissementsName, Data: txt}}) {
				return
			}
		}
		if !yield(Entry{Doc: PV(r, s, d, warnings)}) {
			return
		}
		used := map[string]bool{}
		for i := range d.Candidats {
			rc := &d.Candidats[i]
			dir := CandidatDir(rc.Candidat)
			// Two candidates may share a folder name ("2026-001" and
			// "2026.001" with the same name): the second gets "-2", and so on.
			for n := 2; used[dir]; n++ {
				dir = CandidatDir(rc.Candidat) + "-" + strconv.Itoa(n)
			}
			used[dir] = true
			if u := rc.Candidat.Unpacked(); u != rc.Candidat {
				// A packed session: this candidate's evaluations, decoded
				// for its documents only.
				copied := *rc
				copied.Candidat = u
				rc = &copied
			}
			for _, it := range Catalogue(r, s, d, rc, v, p) {
				if it.Err != nil {
					continue
				}
				if !yield(Entry{Dir: dir, Doc: it.Document(), Numero: numeroOf(r, s, rc.Candidat, it.Ref)}) {
					return
				}
			}
		}
	}
}

// numeroOf is the number of a candidate's attestation or parchemin, ""
// for other documents.
func numeroOf(r *referentiel.Referentiel, s *session.Session, c *session.Candidat, ref Ref) string {
	switch ref.Kind {
	case KindParchemin:
		return session.NumeroDocument(s, c, nil)
	case KindAttestation:
		for i := range r.Blocs {
			if r.Blocs[i].Lettre == ref.Bloc {
				return session.NumeroDocument(s, c, &r.Blocs[i])
			}
		}
	}
	return ""
}

// DossierCount returns how many documents Dossier yields, without making
// them; the AVERTISSEMENTS.txt file is not counted.
func DossierCount(r *referentiel.Referentiel, s *session.Session, d *session.Resultats) int {
	n := 1
	for i := range d.Candidats {
		for _, it := range Catalogue(r, s, d, &d.Candidats[i], nil, nil) {
			if it.Err == nil {
				n++
			}
		}
	}
	return n
}

// CandidatDir returns a candidate's folder in the dossier.
func CandidatDir(c *session.Candidat) string {
	return "candidats/" + fr.SlugNom(c.Numero+"-"+c.NomAffiche()+"-"+c.Prenoms, 80)
}
