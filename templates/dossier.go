package templates

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"certidoc/referentiel"
	"certidoc/session"
)

// Entry is one document of a session's dossier and the folder it goes in.
type Entry struct {
	Dir string // "" or "candidats/2026-001-lefevre-oeuvray-elodie-marie"
	Doc Document
}

// Dossier lists every document of a session: the PV, and for each candidate
// the completed grids, an attestation per bloc validated this session, the
// parchemin when the candidate holds every bloc, and the letter. While the
// jury has not decided on a candidate, only the grids are made for them.
func Dossier(r *referentiel.Referentiel, s *session.Session, d *session.Delib, warnings []session.Probleme) []Entry {
	out := []Entry{{Doc: PV(r, s, d, warnings)}}
	for i := range d.Candidats {
		rc := &d.Candidats[i]
		c := rc.Candidat
		dir := CandidatDir(c)
		for bi := range r.Blocs {
			b := &r.Blocs[bi]
			for ei := range b.Epreuves {
				e := &b.Epreuves[ei]
				if c.EvaluationOf(b.Lettre, e.Numero) != nil {
					out = append(out, Entry{Dir: dir, Doc: GrilleRemplie(r, b, e, c)})
				}
			}
		}
		if rc.Resultat == session.EnAttente {
			continue
		}
		for _, b := range rc.Valides() {
			out = append(out, Entry{Dir: dir, Doc: Attestation(r, s, b, c)})
		}
		if rc.Resultat == session.Totale {
			out = append(out, Entry{Dir: dir, Doc: Parchemin(r, s, c)})
		}
		out = append(out, Entry{Dir: dir, Doc: Notification(r, s, rc)})
	}
	return out
}

// CandidatDir returns a candidate's folder in the dossier.
func CandidatDir(c *session.Candidat) string {
	return "candidats/" + Slug(c.Numero+"-"+c.NomAffiche()+"-"+c.Prenoms)
}

// Slug turns any text into a safe file name: ASCII letters, digits and
// hyphens only, at most 80 characters. "L’Hermitte Œ/../x" → "l-hermitte-oe-x".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
			dash = false
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
			dash = false
		case r == 'ß':
			b.WriteString("ss")
			dash = false
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
		if b.Len() >= 80 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 80 {
		out = strings.Trim(out[:80], "-")
	}
	if out == "" {
		return "sans-nom"
	}
	return out
}
