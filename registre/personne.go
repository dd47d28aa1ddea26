package registre

import (
	"context"
	"encoding/json"
	"strings"

	"certidoc/fr"
	"certidoc/session"
)

// Personne is everything the registre holds about one person: the entries
// of their documents, their reports to the Caisse des Dépôts, the journal
// lines about those documents, and their record in every snapshot of every
// session (candidates who obtained nothing included).
type Personne struct {
	Nom          string         `json:"nom"`
	Naissance    string         `json:"date_naissance,omitempty"`
	Documents    []Entry        `json:"documents"`
	Declarations []Declaration  `json:"declarations_cdc"`
	Journal      []JournalEntry `json:"journal"`
	Fiches       []Fiche        `json:"fiches"`
}

// Fiche is a person's record in one version of a closed session.
type Fiche struct {
	Session  string           `json:"session"`
	Version  int              `json:"version"`
	Candidat session.Candidat `json:"candidat"`
}

// Personne gathers what the registre holds about the people whose birth
// or usage name contains nom (any case, with or without accents) and, when
// given, born on naissance (AAAA-MM-JJ).
func (r *Registre) Personne(ctx context.Context, nom, naissance string) (_ *Personne, err error) {
	ctx, w := r.watch(ctx)
	defer w.end(&err)
	if err := checkParam(paramNom, nom); err != nil {
		return nil, err
	}
	p := &Personne{Nom: nom, Naissance: naissance, Documents: []Entry{}, Declarations: []Declaration{}, Journal: []JournalEntry{}, Fiches: []Fiche{}}
	match := func(c session.Candidat) bool {
		return strings.Contains(fold(c.NomNaissance+" "+c.NomUsage), fold(nom)) && (naissance == "" || c.Naissance.Date.String() == naissance)
	}
	es, err := r.Liste(ctx, Filter{Nom: nom, Tous: true})
	if err != nil {
		return nil, err
	}
	numeros := map[string]bool{}
	sessions := map[string]bool{}
	for _, e := range es {
		if match(session.Candidat{NomNaissance: e.NomNaissance, NomUsage: e.NomUsage, Naissance: session.Naissance{Date: fr.DateText(e.DateNaissance)}}) {
			p.Documents = append(p.Documents, e)
			if !numeros[e.Numero] {
				numeros[e.Numero] = true
				ds, err := r.Declarations(ctx, e.Numero)
				if err != nil {
					return nil, err
				}
				p.Declarations = append(p.Declarations, ds...)
			}
			sessions[e.Session] = true
		}
	}
	for s := range sessions {
		js, err := r.Journal(ctx, s)
		if err != nil {
			return nil, err
		}
		for _, j := range js {
			if numeros[j.Numero] {
				p.Journal = append(p.Journal, j)
			}
		}
	}
	rows, err := r.db.QueryContext(ctx, `SELECT identifiant, version, contenu FROM sessions ORDER BY identifiant, version`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, contenu string
		var v int
		if err := rows.Scan(&id, &v, &contenu); err != nil {
			return nil, classify(err)
		}
		var s session.Session
		if err := json.Unmarshal([]byte(contenu), &s); err != nil {
			return nil, newError(ErrCorrupt, err, "l’instantané de la session %s (version %d) est illisible dans le registre", id, v)
		}
		for _, c := range s.Candidats {
			if match(c) {
				p.Fiches = append(p.Fiches, Fiche{Session: id, Version: v, Candidat: c})
			}
		}
		answered(ctx)
	}
	return p, classify(rows.Err())
}
