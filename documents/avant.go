package documents

import (
	"fmt"
	"iter"
	"strconv"
	"strings"

	"certidoc/certificateur"
	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
)

// AvantSession yields the papers of a session before its jury, one at a
// time, after AVERTISSEMENTS.txt when there is something to check: the
// planning, the attendance sheet of each sitting (emargements/), each
// candidate's convocation in their folder (candidats/), each jury member's
// convocation to the deliberation (jury/). warnings are the session's
// (the planning's included); envoi is the date the convocations are sent;
// p is the certifier's profile (its letter texts, and its signature images
// on the convocations when it says so), nil for none. The session has a
// planning.
func AvantSession(r *referentiel.Referentiel, s *session.Session, warnings []session.Probleme, envoi fr.Date, p *certificateur.Profil) iter.Seq[Entry] {
	return func(yield func(Entry) bool) {
		if txt := avertissementsAvant(r, s, warnings); txt != nil {
			if !yield(Entry{File: &File{Name: AvertissementsName, Data: txt}}) {
				return
			}
		}
		if !yield(Entry{Doc: Planning(r, s)}) {
			return
		}
		for i := range s.Planning.Seances {
			if !yield(Entry{Dir: "emargements", Doc: Emargement(r, s, &s.Planning.Seances[i])}) {
				return
			}
		}
		used := map[string]bool{}
		for i := range s.Candidats {
			c := &s.Candidats[i]
			dir := CandidatDir(c)
			for n := 2; used[dir]; n++ {
				dir = CandidatDir(c) + "-" + strconv.Itoa(n)
			}
			used[dir] = true
			if !yield(Entry{Dir: dir, Doc: Convocation(r, s, c, envoi, p)}) {
				return
			}
		}
		for i := range s.Jury {
			if !yield(Entry{Dir: "jury", Doc: ConvocationJury(r, s, &s.Jury[i], envoi, p)}) {
				return
			}
		}
	}
}

// AvantSessionCount returns how many documents AvantSession yields, without
// making them; AVERTISSEMENTS.txt is not counted.
func AvantSessionCount(s *session.Session) int {
	if s.Planning == nil {
		return 0
	}
	return 1 + len(s.Planning.Seances) + len(s.Candidats) + len(s.Jury)
}

// avertissementsAvant writes what to check before the convocations leave:
// the référentiel's facts not verified yet and the session's warnings; nil
// when there is nothing to say.
func avertissementsAvant(r *referentiel.Referentiel, s *session.Session, warnings []session.Probleme) []byte {
	if len(warnings) == 0 {
		return nil
	}
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	line("Documents avant le jury de la session %s – %s (%s)", s.Session.Identifiant, r.Certification.Intitule, r.Certification.CodeRNCP)
	line("À lire avant d’envoyer les convocations ou d’imprimer les feuilles d’émargement.")
	line("")
	line("%s\u00a0:", fr.Nombre(len(warnings), "point d’attention", "points d’attention"))
	for _, w := range warnings {
		line("- %s\u00a0: %s", w.Chemin, w.Message)
	}
	return []byte(b.String())
}
