// Command gensession writes a session of N fictitious candidates, each
// presenting every bloc with every criterion graded, for load and memory
// measurements: go run ./bench/gensession -n 300 > session-300.json
//
// The session is a lawful one, deliberated in December 2022 while RNCP36128
// was registered, and shaped like a real one: three candidates in four hold
// every bloc (one attestation per bloc and a parchemin each), the fourth has
// one criterion « Partiellement acquis » per bloc and validates none. Every
// comment is a different text, as evaluators write them.
//
// With -planning, the session has a planning too: each épreuve is sat in
// sittings of 12 candidates, five rooms a day on working days, written
// épreuves for contrôle continu and orals by passage time for the others;
// nobody is in two places at once.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"certidoc/fr"
	"certidoc/generator"
	"certidoc/referentiel"
	"certidoc/session"
)

func main() {
	n := flag.Int("n", 300, "number of candidates")
	planning := flag.Bool("planning", false, "give the session a planning")
	signataire := flag.String("signataire", "Signataire Fictif", "the signatory's name (one of a profile's, for its images)")
	flag.Parse()
	if err := run(*n, *planning, *signataire); err != nil {
		fmt.Fprintln(os.Stderr, "gensession :", err)
		os.Exit(1)
	}
}

func run(n int, planning bool, signataire string) error {
	ref, err := referentiel.Embedded()
	if err != nil {
		return err
	}
	s := session.Session{
		Certificateur: session.Organisme{RaisonSociale: ref.Certification.Certificateur, Adresse: "10 rue des Exemples", CodePostal: "69007", Ville: "Lyon"},
		Signataire:    session.Signataire{Nom: signataire, Qualite: "Directrice"},
		Session: session.Infos{Identifiant: fmt.Sprintf("CHARGE-%d", n), EpreuvesDu: fr.MustDate("2022-10-03"), EpreuvesAu: fr.MustDate("2022-11-25"),
			Deliberation: session.Deliberation{Date: fr.MustDate("2022-12-02"), Heure: fr.MustHeure("14:00"), Lieu: "Salle d’exemple, Lyon"}},
		Jury: []session.Membre{
			{Civilite: session.Madame, Nom: "Présidente", Prenom: "Fictive", Role: session.RolePresident, Organisation: "Organisation A", Externe: true, VoixDeliberative: true},
			{Civilite: session.Monsieur, Nom: "Membre", Prenom: "Fictif", Role: session.RoleMembre, Organisation: "Organisation B", Externe: true, VoixDeliberative: true},
		},
	}
	prenoms := []string{"Zoé", "Jean-Luc", "Anaïs", "Théo", "Maëlle", "Noël"}
	noms := []string{"Exemple", "Fictif-Dupré", "d’Essai", "Modèle", "Témoin", "Échantillon"}
	for i := range n {
		c := session.Candidat{
			Numero: fmt.Sprintf("C-%05d", i+1), Civilite: session.Madame, Sexe: session.Feminin,
			NomNaissance: noms[i%len(noms)], Prenoms: prenoms[i%len(prenoms)],
			Naissance: session.Naissance{Date: fr.MustDate("1990-05-17"), Commune: "Lyon", CodeINSEE: "69123"},
			Voie:      session.VoieFormationContinue,
		}
		if i%2 == 1 {
			c.Civilite, c.Sexe = session.Monsieur, session.Masculin
		}
		for bi := range ref.Blocs {
			b := &ref.Blocs[bi]
			c.BlocsPresentes = append(c.BlocsPresentes, b.Lettre)
			for _, e := range b.Epreuves {
				ev := session.Evaluation{Bloc: b.Lettre, Epreuve: e.Numero, Date: fr.MustDate("2022-11-14"), Evaluateurs: []session.Evaluateur{{Nom: "Évaluatrice Fictive", Role: e.Evaluateurs[0]}}}
				for k, code := range e.Competences {
					niveau := referentiel.CodeNiveau("A")
					if i%4 == 3 && k == 0 {
						niveau = "PA"
					}
					ev.Criteres = append(ev.Criteres, session.Critere{Competence: code, Niveau: niveau, Commentaire: fmt.Sprintf("Commentaire d’exemple n° %d sur la compétence %s.", i+1, code)})
				}
				c.Evaluations = append(c.Evaluations, ev)
			}
			dec := session.DecisionNonValide
			if session.Propose(ref, b, &c) == session.Validee {
				dec = session.DecisionValide
			}
			c.Decisions = append(c.Decisions, session.Decision{Bloc: b.Lettre, Decision: dec})
		}
		s.Candidats = append(s.Candidats, c)
	}
	if planning {
		s.Planning = plan(ref, &s)
	}
	if rep := session.Validate(&s, ref, generator.Font()); len(rep.Problemes) > 0 {
		return fmt.Errorf("generated session is invalid: %v", rep.Problemes[0])
	}
	enc := json.NewEncoder(os.Stdout)
	return enc.Encode(s)
}

// plan convenes the candidates: sittings of perSeance candidates, one per
// room and working day, each épreuve on days of its own.
func plan(ref *referentiel.Referentiel, s *session.Session) *session.Planning {
	const perSeance, rooms = 12, 5
	pl := &session.Planning{ContactAmenagement: "Référente handicap fictive, 04 00 00 00 00", DateConvocation: fr.MustDate("2022-09-12")}
	day, _ := fr.MustDate("2022-10-03").Time()
	next := func() fr.Date { // the next working day
		for {
			day = day.AddDate(0, 0, 1)
			d := fr.DateOf(day)
			if _, ferie := fr.Ferie(d); !ferie && day.Weekday() != time.Saturday && day.Weekday() != time.Sunday {
				return d
			}
		}
	}
	date := fr.DateOf(day)
	for bi := range ref.Blocs {
		b := &ref.Blocs[bi]
		for ei := range b.Epreuves {
			e := &b.Epreuves[ei]
			forme := session.FormeOral
			if strings.Contains(strings.ToLower(e.Type), "contrôle continu") && !strings.Contains(strings.ToLower(e.Type), "situation") {
				forme = session.FormeEcrit
			}
			for k := 0; k*perSeance < len(s.Candidats); k++ {
				if k > 0 && k%rooms == 0 {
					date = next()
				}
				se := session.Seance{ID: fmt.Sprintf("%s-%d", b.EpreuveID(e), k+1), Epreuves: []string{b.EpreuveID(e)}, Forme: forme, Date: date, Heure: fr.MustHeure("09:00"),
					Lieu: "Centre d’examen fictif, 10 rue des Exemples, 69007 Lyon", Salle: fmt.Sprintf("Salle %d", k%rooms+1),
					Evaluateurs: []session.Evaluateur{{Nom: fmt.Sprintf("Évaluateur Salle %d", k%rooms+1), Role: e.Evaluateurs[0]}}}
				for j := k * perSeance; j < min(len(s.Candidats), (k+1)*perSeance); j++ {
					cv := session.Convoque{Numero: s.Candidats[j].Numero}
					if forme == session.FormeOral {
						cv.Heure = fr.HeureMinutes(9*60 + 30*len(se.Candidats))
					}
					se.Candidats = append(se.Candidats, cv)
				}
				se.DureeMinutes = 180
				if forme == session.FormeOral {
					se.DureePassageMinutes, se.DureeMinutes = 30, 30*perSeance
				}
				pl.Seances = append(pl.Seances, se)
			}
			date = next()
		}
	}
	s.Session.EpreuvesAu = date
	t, _ := date.Time()
	s.Session.Deliberation.Date = fr.DateOf(t.AddDate(0, 0, 7))
	return pl
}
