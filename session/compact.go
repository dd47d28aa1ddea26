package session

import (
	"strings"

	"certidoc/referentiel"
)

// compact shrinks a decoded session to what it holds: its slices cut to
// their length (the JSON decoder grows them by doubling) and the texts that
// repeat from candidate to candidate — compétence codes, levels, blocs,
// evaluators, places — shared instead of one copy each. A session stays in
// memory for as long as its dossier streams, minutes for thousands of
// candidates: this saves a good part of a candidate's memory
// (bench/RESULTS.md).
// Comments, motifs and names are left as they are: they seldom repeat.
func compact(s *Session) {
	in := interner{}
	s.Jury = exact(s.Jury)
	s.Candidats = exact(s.Candidats)
	for i := range s.Candidats {
		in.candidat(&s.Candidats[i])
	}
}

// candidat compacts one candidate, as compact does a session.
func (in interner) candidat(c *Candidat) {
	c.Naissance.Commune = in.get(c.Naissance.Commune)
	c.Naissance.CodeINSEE = in.get(c.Naissance.CodeINSEE)
	c.Naissance.Pays = in.get(c.Naissance.Pays)
	c.Naissance.PaysLibelle = in.get(c.Naissance.PaysLibelle)
	c.Adresse = exact(c.Adresse)
	c.BlocsPresentes = in.all(exact(c.BlocsPresentes))
	c.BlocsAcquis = exact(c.BlocsAcquis)
	for j := range c.BlocsAcquis {
		c.BlocsAcquis[j].Bloc = in.get(c.BlocsAcquis[j].Bloc)
		c.BlocsAcquis[j].Session = in.get(c.BlocsAcquis[j].Session)
	}
	c.Formateurs = in.all(exact(c.Formateurs))
	c.Decisions = exact(c.Decisions)
	for j := range c.Decisions {
		c.Decisions[j].Bloc = in.get(c.Decisions[j].Bloc)
	}
	c.Evaluations = exact(c.Evaluations)
	for j := range c.Evaluations {
		ev := &c.Evaluations[j]
		ev.Bloc = in.get(ev.Bloc)
		ev.Lieu = in.get(ev.Lieu)
		ev.Evaluateurs = exact(ev.Evaluateurs)
		for k := range ev.Evaluateurs {
			ev.Evaluateurs[k].Nom = in.get(ev.Evaluateurs[k].Nom)
			ev.Evaluateurs[k].Role = in.get(ev.Evaluateurs[k].Role)
		}
		ev.Criteres = exact(ev.Criteres)
		for k := range ev.Criteres {
			ev.Criteres[k].Competence = in.get(ev.Criteres[k].Competence)
			ev.Criteres[k].Niveau = referentiel.CodeNiveau(in.get(string(ev.Criteres[k].Niveau)))
		}
	}
}

// exact returns s in a slice of its length: a copy when it has room to
// spare, so that the spare room can be freed. An empty slice stays empty,
// not nil (JSON writes [] and null apart).
func exact[S ~[]E, E any](s S) S {
	if cap(s) == len(s) {
		return s
	}
	return append(make(S, 0, len(s)), s...)
}

// interner hands out one copy of each text it is given.
type interner map[string]string

func (in interner) get(s string) string {
	if s == "" {
		return ""
	}
	if t, ok := in[s]; ok {
		return t
	}
	s = strings.Clone(s)
	in[s] = s
	return s
}

func (in interner) all(ss []string) []string {
	for i := range ss {
		ss[i] = in.get(ss[i])
	}
	return ss
}
