package classeur

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"certidoc/fr"
	"certidoc/generator"
	"certidoc/internal/testtool"
	"certidoc/referentiel"
	"certidoc/session"
)

// generate makes a valid random session: candidates with random blocs,
// levels, comments and decisions (a decision against the proposal always
// has a motif). Names are drawn from fictitious parts.
func generate(rng *rand.Rand, ref *referentiel.Referentiel) *session.Session {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	date := func(y, m0 int) fr.Date {
		return fr.MustDate(fmt.Sprintf("%d-%02d-%02d", y, 1+rng.IntN(m0), 1+rng.IntN(28)))
	}
	s := &session.Session{
		Certificateur: session.Organisme{RaisonSociale: "CENTRE RESSOURCES AROBASE", Adresse: pick("", "1 rue A"), CodePostal: pick("", "69001"), Ville: "Lyon",
			Recours: pick("", "Recours : =écrire au jury\nsous « un mois » ;")},
		Signataire: session.Signataire{Nom: "Signataire Fictif", Qualite: pick("Directrice", "Président")},
		Session: session.Infos{Identifiant: fmt.Sprintf("S-%d", rng.IntN(1000)), EpreuvesDu: fr.MustDate("2027-01-04"), EpreuvesAu: fr.MustDate("2027-02-26"),
			Deliberation: session.Deliberation{Date: fr.MustDate("2027-03-05"), Heure: fr.HeureText(pick("", "09:00", "17:45")), Lieu: "Salle <B> & « C »"}},
		Jury: []session.Membre{
			{Civilite: "Mme", Nom: "Présidente", Prenom: "Ana", Role: session.RolePresident, Organisation: "Org 1", Externe: true, VoixDeliberative: true},
			{Civilite: "M.", Nom: "Membre", Prenom: "Bo", Role: session.RoleMembre, Organisation: "Org 2", Externe: rng.IntN(2) == 0, VoixDeliberative: rng.IntN(3) > 0},
		},
	}
	if rng.IntN(2) == 0 {
		s.OrganismeFormation = session.Organisme{RaisonSociale: "OF fictif", Ville: "Lyon"}
		s.Incidents = []string{"Incident =1+1", "-2 @ligne"}
	}
	n := 1 + rng.IntN(12)
	for i := range n {
		c := session.Candidat{
			Numero:       fmt.Sprintf("N-%03d", i),
			Civilite:     session.Civilite(pick("Mme", "M.")),
			NomNaissance: pick("Lefort", "d’Arvieux", "Ngo-Van", "O'Brien-Martin", "Ébrard", "Zébulon de la Tour"),
			Prenoms:      pick("Zoé", "Jean-Luc", "Anaïs Marie"),
			Sexe:         session.Sexe(pick("F", "M")),
			Naissance:    session.Naissance{Date: date(1960+rng.IntN(40), 12), Commune: "Lyon", CodeINSEE: "69123"},
			Voie:         session.Voies[rng.IntN(len(session.Voies))],
		}
		if rng.IntN(3) == 0 {
			c.NomUsage = "Usage"
		}
		if rng.IntN(3) == 0 {
			c.Naissance = session.Naissance{Date: fr.MustDate("1980-01-31"), Commune: "Liège", Pays: "BEL", PaysLibelle: "Belgique"}
		}
		if rng.IntN(2) == 0 {
			c.Adresse = []string{"2 rue X", "69002 Lyon"}
			c.Formateurs = []string{"F Un", "F Deux"}
		}
		if rng.IntN(2) == 0 {
			c.DebutFormation = fr.MustDate("2022-09-05")
		}
		for _, b := range ref.Blocs {
			switch rng.IntN(4) {
			case 0:
				c.BlocsAcquis = append(c.BlocsAcquis, session.BlocAcquis{Bloc: b.Lettre, Date: fr.MustDate("2026-06-30"), Session: "S-ANT"})
			case 1, 2:
				c.BlocsPresentes = append(c.BlocsPresentes, b.Lettre)
			}
		}
		if len(c.BlocsPresentes) == 0 {
			c.BlocsPresentes = []string{ref.Blocs[len(ref.Blocs)-1].Lettre}
			c.BlocsAcquis = nil
		}
		for _, l := range c.BlocsPresentes {
			b, _ := ref.Bloc(l)
			absent := rng.IntN(8) == 0
			if !absent {
				for _, e := range b.Epreuves {
					ev := session.Evaluation{Bloc: l, Epreuve: e.Numero, Date: fr.MustDate("2027-02-01"), Evaluateurs: []session.Evaluateur{{Nom: "Éva Luatrice", Role: e.Evaluateurs[0]}}, Criteres: []session.Critere{}}
					if ech := ref.Echelle; ech.Notes() {
						steps := int((ech.Maximum - ech.Minimum) / ech.Pas)
						n := ech.Minimum + referentiel.Decimal(rng.IntN(steps+1))*ech.Pas
						ev.Note = &n
					}
					for _, code := range e.Competences {
						cr := session.Critere{Competence: code}
						if ref.Niveaux(&e) {
							cr.Niveau = ref.Echelle.Niveaux[rng.IntN(len(ref.Echelle.Niveaux))].Code
						}
						if rng.IntN(4) == 0 || !ref.Niveaux(&e) && rng.IntN(2) == 0 {
							cr.Commentaire = pick("RAS", "=SOMME(A1)", "ligne 1\nligne 2", "« citation » ; fin")
						}
						if cr.Niveau != "" || cr.Commentaire != "" {
							ev.Criteres = append(ev.Criteres, cr)
						}
					}
					c.Evaluations = append(c.Evaluations, ev)
				}
			}
			switch {
			case absent:
				c.Decisions = append(c.Decisions, session.Decision{Bloc: l, Decision: session.DecisionAbsent})
			case rng.IntN(5) == 0:
				// not decided yet
			default:
				dec := session.DecisionValide
				if session.Propose(ref, b, &c) != session.Validee {
					dec = session.DecisionNonValide
				}
				d := session.Decision{Bloc: l, Decision: dec}
				if rng.IntN(4) == 0 {
					d.Decision = map[session.Verdict]session.Verdict{session.DecisionValide: session.DecisionNonValide, session.DecisionNonValide: session.DecisionValide}[dec]
					d.Motif = "Motif du jury."
				}
				c.Decisions = append(c.Decisions, d)
			}
		}
		if rng.IntN(2) == 0 {
			c.Preconisations = "Reprendre le bloc."
		}
		s.Candidats = append(s.Candidats, c)
	}
	if rng.IntN(2) == 0 {
		s.Planning = generatePlanning(rng, ref, s)
	}
	return s
}

// generatePlanning convenes every candidate to each épreuve they present,
// one sitting per épreuve and per day, in every form.
func generatePlanning(rng *rand.Rand, ref *referentiel.Referentiel, s *session.Session) *session.Planning {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	pl := &session.Planning{ContactAmenagement: pick("Mme Référente ; 04 00 00 00 00", "handicap@exemple.fr")}
	if rng.IntN(2) == 0 {
		pl.DateConvocation = fr.MustDate("2026-12-14")
	}
	day := 0
	for _, b := range ref.Blocs {
		for _, e := range b.Epreuves {
			se := session.Seance{ID: fmt.Sprintf("S%d", day+1), Epreuves: []string{b.EpreuveID(&e)}, Forme: session.Formes[rng.IntN(len(session.Formes))],
				Date: fr.MustDate(fmt.Sprintf("2027-01-%02d", 4+day)), Heure: fr.MustHeure(pick("09:00", "13:30")), Lieu: "1 rue des Essais, 69001 Lyon", Salle: pick("", "Salle « B »")}
			day++
			for k := range rng.IntN(evaluatorsPerSeance + 1) {
				se.Evaluateurs = append(se.Evaluateurs, session.Evaluateur{Nom: fmt.Sprintf("Éva Luatrice %d", k), Role: pick("", "Formateur", "Membre du jury")})
			}
			start, _ := se.Heure.Minutes()
			for _, c := range s.Candidats {
				if !slices.Contains(c.BlocsPresentes, b.Lettre) {
					continue
				}
				cv := session.Convoque{Numero: c.Numero}
				if se.Forme == session.FormeOral {
					cv.Heure = fr.HeureMinutes(start + 30*len(se.Candidats))
				}
				se.Candidats = append(se.Candidats, cv)
			}
			se.DureeMinutes = 60 + 30*len(se.Candidats)
			if se.Forme == session.FormeOral {
				se.DureePassageMinutes = 30
			}
			if len(se.Candidats) > 0 {
				pl.Seances = append(pl.Seances, se)
			}
		}
	}
	return pl
}

// FuzzRoundTrip: a session generated from any seed, for any of the
// three référentiels, comes back from its workbook unchanged. go test runs
// the seed corpus, seeds 0 to 7 of each référentiel (under -short, 0 to
// 4), which reach every statement of the writer and the reader that 25
// seeds did; go test -fuzz FuzzRoundTrip draws further sessions (.ci/run
// draws 60 on every run).
func FuzzRoundTrip(f *testing.F) {
	refs := []*referentiel.Referentiel{ref(f), fictitious(f, "rncp99901"), fictitious(f, "rncp99902")}
	for i := range refs {
		for seed := range uint64(8) {
			f.Add(uint8(i), seed)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, seed uint64) {
		if testing.Short() && seed >= 5 {
			t.Skip("-short: seeds 0 to 4")
		}
		t.Parallel() // the seeds two at a time (no effect while fuzzing)
		r := refs[int(which)%len(refs)]
		s := generate(rand.New(rand.NewPCG(seed, 7)), r)
		if rep := session.Validate(s, r, generator.Font()); len(rep.Problemes) > 0 {
			t.Fatalf("%s, seed %d: the generator made an invalid session: %v", r.Certification.CodeRNCP, seed, rep.Problemes)
		}
		got, _, err := Read(workbookOf(t, r, s), r, generator.Font(), DefaultLimits())
		if err != nil {
			t.Fatalf("%s, seed %d: %v", r.Certification.CodeRNCP, seed, err)
		}
		if a, b := asJSON(t, s), asJSON(t, got); a != b {
			t.Errorf("%s, seed %d: round trip changed the session:\n%s", r.Certification.CodeRNCP, seed, testtool.FirstDifference(a, b))
		}
	})
}
