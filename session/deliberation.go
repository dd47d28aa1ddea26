package session

import (
	"strings"

	"certidoc/referentiel"
)

// Proposition is what the grids propose for a bloc, by the référentiel's rule.
type Proposition int

// The propositions.
const (
	// Inconnue: an épreuve of the bloc has no evaluation yet.
	Inconnue Proposition = iota
	Validee
	NonValidee
)

func (p Proposition) String() string {
	switch p {
	case Validee:
		return "validé"
	case NonValidee:
		return "non validé"
	}
	return "à établir"
}

// Propose applies the référentiel's rule to the levels the candidate received
// in every épreuve of the bloc, or to the marks.
func Propose(ref *referentiel.Referentiel, b *referentiel.Bloc, c *Candidat) Proposition {
	if ref.Echelle.Notes() {
		notes, ok := Notes(b, c)
		if !ok {
			return Inconnue
		}
		if ref.RegleBloc.ProposeNotes(notes) {
			return Validee
		}
		return NonValidee
	}
	var levels []referentiel.CodeNiveau
	for i := range b.Epreuves {
		ev := evaluationOf(c, b.Lettre, b.Epreuves[i].Numero)
		if ev == nil {
			return Inconnue
		}
		for _, cr := range ev.Criteres {
			levels = append(levels, cr.Niveau)
		}
	}
	if ref.RegleBloc.Propose(levels) {
		return Validee
	}
	return NonValidee
}

// Notes returns the candidate's marks in every épreuve of the bloc, with
// their coefficients and eliminatory marks; false while an épreuve has no
// mark yet.
func Notes(b *referentiel.Bloc, c *Candidat) ([]referentiel.NoteEpreuve, bool) {
	out := make([]referentiel.NoteEpreuve, 0, len(b.Epreuves))
	for i := range b.Epreuves {
		e := &b.Epreuves[i]
		ev := evaluationOf(c, b.Lettre, e.Numero)
		if ev == nil || ev.Note == nil {
			return nil, false
		}
		out = append(out, referentiel.NoteEpreuve{Note: *ev.Note, Coefficient: e.Poids(), Eliminatoire: e.NoteEliminatoire})
	}
	return out, true
}

func evaluationOf(c *Candidat, bloc string, epreuve int) *Evaluation {
	c = c.Unpacked()
	for i := range c.Evaluations {
		if c.Evaluations[i].Bloc == bloc && c.Evaluations[i].Epreuve == epreuve {
			return &c.Evaluations[i]
		}
	}
	return nil
}

// EvaluationOf returns the candidate's evaluation of an épreuve, or nil;
// of a packed candidate, a copy (Unpacked once is cheaper for several).
func (c *Candidat) EvaluationOf(bloc string, epreuve int) *Evaluation {
	return evaluationOf(c, bloc, epreuve)
}

func decisionOf(c *Candidat, bloc string) Verdict {
	for _, d := range c.Decisions {
		if d.Bloc == bloc {
			return d.Decision
		}
	}
	return ""
}

// Statut says how a candidate stands with a bloc in this session.
type Statut int

// The statuses of a bloc for a candidate.
const (
	NonPresente Statut = iota
	AcquisAvant        // validated in an earlier session
	Presente           // presented in this session
)

// EtatBloc is one bloc of one candidate: its proposal and the jury's decision.
type EtatBloc struct {
	Bloc        *referentiel.Bloc
	Statut      Statut
	Acquis      *BlocAcquis // when AcquisAvant
	Proposition Proposition
	// Moyenne is the bloc's weighted average, rounded as the rule says,
	// with a scale of marks once every épreuve has its mark; nil otherwise.
	Moyenne *referentiel.Decimal
	// Eliminee is true when a mark is below its épreuve's eliminatory mark.
	Eliminee bool
	Decision Verdict // "" while the jury has not decided
	Motif    string
}

// Ecart tells whether the jury decided otherwise than the grids proposed.
func (e EtatBloc) Ecart() bool {
	if e.Decision == "" || e.Decision == DecisionAbsent || e.Proposition == Inconnue {
		return false
	}
	return (e.Proposition == Validee) != (e.Decision == DecisionValide)
}

// Resultat is a candidate's overall result.
type Resultat int

// The overall results.
const (
	EnAttente Resultat = iota // the jury has not decided on every bloc
	Totale                    // holds every bloc: certification totale
	Partielle                 // validated at least one bloc this session
	NonAdmis                  // validated no bloc this session
	Absent                    // absent from every bloc presented
)

func (r Resultat) String() string {
	switch r {
	case Totale:
		return "Certification totale"
	case Partielle:
		return "Validation partielle"
	case NonAdmis:
		return "Non admission"
	case Absent:
		return "Absent(e)"
	}
	return "Décision à prendre"
}

// Libelle is the candidate's result as the PV and the page write it,
// agreed with the candidate: "Certification totale", "Absente"…
func (r *ResultatCandidat) Libelle() string {
	if r.Resultat == Absent {
		return r.Candidat.Accord("Absent", "Absente")
	}
	return r.Resultat.String()
}

// LibelleProvisoire is the result the grids propose while the jury has
// not decided, as the PV and the page write it after "Proposé :": "validation
// partielle", or "à établir" while an épreuve has no evaluation yet.
func (r *ResultatCandidat) LibelleProvisoire() string {
	if r.Provisoire == EnAttente {
		return "à établir"
	}
	return strings.ToLower(r.Provisoire.String())
}

// ResultatCandidat is everything the jury's papers say about one candidate.
type ResultatCandidat struct {
	Candidat *Candidat
	Blocs    []EtatBloc // one per bloc of the référentiel, in its order
	Resultat Resultat
	// Provisoire is the result the proposals would give, while the jury has
	// not decided (Resultat is EnAttente): decisions taken, proposals for the
	// others.
	Provisoire Resultat
	// Propose is the result the grids' proposals alone give, whatever the
	// jury decided (EnAttente while a presented bloc's proposal is to be
	// established).
	Propose Resultat
	// HorsEnregistrement, when not empty, says in French why no attestation,
	// parchemin or letter can be issued to the candidate: the date of issue
	// falls after the end of the certification's registration and the
	// candidate's training did not begin before it.
	HorsEnregistrement string
}

// Valides returns the blocs validated in this session.
func (r *ResultatCandidat) Valides() []*referentiel.Bloc {
	var out []*referentiel.Bloc
	for _, e := range r.Blocs {
		if e.Statut == Presente && e.Decision == DecisionValide {
			out = append(out, e.Bloc)
		}
	}
	return out
}

// Manquants returns the blocs the candidate still has to validate.
func (r *ResultatCandidat) Manquants() []*referentiel.Bloc {
	var out []*referentiel.Bloc
	for _, e := range r.Blocs {
		if e.Statut != AcquisAvant && e.Decision != DecisionValide {
			out = append(out, e.Bloc)
		}
	}
	return out
}

// Resultats is the outcome of a session: every candidate's blocs and result.
type Resultats struct {
	Candidats []ResultatCandidat
	// Preparatoire is true while a decision is missing: the PV is then a
	// "PV préparatoire" with blank decisions for the jury's pen.
	Preparatoire bool
	// Problemes lists what stops some documents of the session, though not
	// the PV or the grids: a candidate whose attestations and parchemin
	// cannot be issued after the end of the registration.
	Problemes []Probleme
}

// Deliberer computes the proposals and results of a valid session.
func Deliberer(ref *referentiel.Referentiel, s *Session) *Resultats {
	d := &Resultats{Candidats: make([]ResultatCandidat, 0, len(s.Candidats))}
	for i := range s.Candidats {
		c := &s.Candidats[i]
		r := ResultatCandidat{Candidat: c}
		u := c.Unpacked() // its evaluations, for the proposals
		for j := range ref.Blocs {
			b := &ref.Blocs[j]
			e := EtatBloc{Bloc: b}
			for k := range c.BlocsAcquis {
				if c.BlocsAcquis[k].Bloc == b.Lettre {
					e.Statut, e.Acquis = AcquisAvant, &c.BlocsAcquis[k]
				}
			}
			for _, l := range c.BlocsPresentes {
				if l == b.Lettre {
					e.Statut = Presente
					e.Proposition = Propose(ref, b, u)
					if notes, ok := Notes(b, u); ok && ref.Echelle.Notes() {
						if m, ok := ref.RegleBloc.Moyenne(notes); ok {
							e.Moyenne = &m
						}
						for _, n := range notes {
							e.Eliminee = e.Eliminee || n.Eliminee()
						}
					}
					for _, dec := range c.Decisions {
						if dec.Bloc == b.Lettre {
							e.Decision, e.Motif = dec.Decision, dec.Motif
						}
					}
				}
			}
			r.Blocs = append(r.Blocs, e)
		}
		r.Resultat = outcome(r.Blocs, false)
		r.Provisoire = outcome(r.Blocs, true)
		r.Propose = outcome(withoutDecisions(r.Blocs), true)
		if r.Resultat == EnAttente {
			d.Preparatoire = true
		}
		d.Candidats = append(d.Candidats, r)
	}
	registration(ref, s, d)
	return d
}

// withoutDecisions copies blocs with the jury's decisions taken out.
func withoutDecisions(blocs []EtatBloc) []EtatBloc {
	out := make([]EtatBloc, len(blocs))
	for i, e := range blocs {
		e.Decision, e.Motif = "", ""
		out[i] = e
	}
	return out
}

// outcome derives the overall result from the blocs. With proposals, a
// missing decision counts as the grids' proposal.
func outcome(blocs []EtatBloc, proposals bool) Resultat {
	held, validated, presented, absent := 0, 0, 0, 0
	for _, e := range blocs {
		dec := e.Decision
		if dec == "" && e.Statut == Presente {
			if !proposals {
				return EnAttente
			}
			switch e.Proposition {
			case Validee:
				dec = DecisionValide
			case NonValidee:
				dec = DecisionNonValide
			default:
				return EnAttente
			}
		}
		switch {
		case e.Statut == AcquisAvant:
			held++
		case e.Statut == Presente:
			presented++
			switch dec {
			case DecisionValide:
				held++
				validated++
			case DecisionAbsent:
				absent++
			}
		}
	}
	switch {
	case presented > 0 && absent == presented:
		return Absent
	case held == len(blocs):
		return Totale
	case validated > 0:
		return Partielle
	}
	return NonAdmis
}

// Totaux counts the results of a deliberation.
type Totaux struct {
	Candidats    int            `json:"candidats"`
	Presents     int            `json:"presents"`
	Absents      int            `json:"absents"`
	Totales      int            `json:"certifications_totales"`
	Partielles   int            `json:"validations_partielles"`
	NonAdmis     int            `json:"non_admissions"`
	EnAttente    int            `json:"en_attente"`
	BlocsValides map[string]int `json:"blocs_valides"` // per bloc letter
}

// Totaux counts candidates by result and validated blocs by bloc.
func (d *Resultats) Totaux() Totaux {
	t := Totaux{Candidats: len(d.Candidats), BlocsValides: map[string]int{}}
	for i := range d.Candidats {
		r := &d.Candidats[i]
		switch r.Resultat {
		case Totale:
			t.Totales++
		case Partielle:
			t.Partielles++
		case NonAdmis:
			t.NonAdmis++
		case EnAttente:
			t.EnAttente++
		}
		if r.Resultat == Absent {
			t.Absents++
		} else {
			t.Presents++
		}
		for _, b := range r.Valides() {
			t.BlocsValides[b.Lettre]++
		}
	}
	return t
}
