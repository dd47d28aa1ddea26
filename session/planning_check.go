package session

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"certidoc/fr"
	"certidoc/referentiel"
)

// Limits of a planning.
const (
	MaxSeances      = 2000
	maxDureeMinutes = 12 * 60 // a sitting lasts a working day at most
)

// slot is the time one person is taken by one sitting, in minutes of the
// day.
type slot struct {
	seance   int
	date     fr.Date
	from, to int
}

func (a slot) overlaps(b slot) bool {
	return a.date == b.date && a.from < b.to && b.from < a.to
}

// planning checks the sittings of s: what each convenes against what each
// candidate presents, and that nobody is in two places at once.
func (c *checker) planning(s *Session) {
	pl := s.Planning
	if pl == nil {
		return
	}
	if len(pl.Seances) == 0 {
		c.problem("planning.seances", "aucune séance\u00a0: décrivez au moins une séance (épreuves, date, heure, lieu, candidats convoqués) ou retirez le planning")
	}
	if len(pl.Seances) > MaxSeances {
		c.problem("planning.seances", "%d séances\u00a0: %d au plus par session", len(pl.Seances), MaxSeances)
		return
	}
	c.required("planning.contact_amenagement", pl.ContactAmenagement, "qui contacter pour un aménagement d’épreuve (nom, téléphone ou courriel)\u202f; chaque convocation l’indique")
	c.date("planning.date_convocation", pl.DateConvocation, "", false)

	cands := map[string]*Candidat{}
	for i := range s.Candidats {
		cands[s.Candidats[i].Numero] = &s.Candidats[i]
	}
	ids := map[string]int{}
	convened := map[string]map[string]int{} // candidate → épreuve → sitting
	busy := map[string][]slot{}             // candidate → sittings
	evalBusy := map[string][]slot{}         // evaluator (folded) → sittings
	evalName := map[string]string{}
	for i := range pl.Seances {
		se := &pl.Seances[i]
		p := fmt.Sprintf("planning.seances[%d]", i)
		if c.required(p+".id", se.ID, "l’identifiant de la séance (par exemple S1)") {
			if j, dup := ids[se.ID]; dup {
				c.problem(p+".id", "identifiant «\u00a0%s\u00a0» déjà donné à planning.seances[%d]\u00a0: chaque séance a le sien", q(se.ID), j)
			}
			ids[se.ID] = i
		}
		if !se.Forme.Valid() {
			c.problem(p+".forme", "forme «\u00a0%s\u00a0» inconnue\u00a0: attendu %s", q(se.Forme), formes())
		}
		epreuves := c.seanceEpreuves(p, se)
		date, okDate := c.date(p+".date", se.Date, "la date de la séance", true)
		if okDate {
			c.jourOuvre(p+".date", date)
			in := s.Session
			if in.EpreuvesDu.Valid() && in.EpreuvesAu.Valid() && (date.Before(in.EpreuvesDu) || date.After(in.EpreuvesAu)) {
				c.warn(p+".date", "séance du %s hors de la période des épreuves (du %s au %s)\u00a0: vérifiez la date ou la période de la session", date.Longue(), in.EpreuvesDu.Longue(), in.EpreuvesAu.Longue())
			}
		}
		start, okStart := se.Heure.Minutes()
		switch {
		case se.Heure.IsZero():
			c.problem(p+".heure", "heure manquante\u00a0: indiquez l’heure de début (HH:MM, par exemple 09:00)")
		case !okStart:
			c.problem(p+".heure", "heure «\u00a0%s\u00a0» mal écrite\u00a0: attendu HH:MM, par exemple 09:00", q(se.Heure))
		}
		okDuree := se.DureeMinutes > 0 && se.DureeMinutes <= maxDureeMinutes
		if !okDuree {
			c.problem(p+".duree_minutes", "durée de %d minutes\u00a0: indiquez la durée de la séance en minutes, de 1 à %d", se.DureeMinutes, maxDureeMinutes)
		} else if okStart && start+se.DureeMinutes > 24*60 {
			c.problem(p+".duree_minutes", "la séance commencée à %s finirait après minuit\u00a0: vérifiez l’heure et la durée", se.Heure.Texte())
			okDuree = false
		}
		c.required(p+".lieu", se.Lieu, "l’adresse du lieu de la séance")
		for j, x := range se.Evaluateurs {
			c.required(fmt.Sprintf("%s.evaluateurs[%d].nom", p, j), x.Nom, "le nom de l’évaluateur")
		}
		timed := okDate && okStart && okDuree
		end := start + se.DureeMinutes
		oral := se.Forme == FormeOral
		if oral && (se.DureePassageMinutes <= 0 || (okDuree && se.DureePassageMinutes > se.DureeMinutes)) {
			c.problem(p+".duree_passage_minutes", "durée de passage de %d minutes\u00a0: indiquez combien de minutes dure le passage d’un candidat (au plus la durée de la séance)", se.DureePassageMinutes)
			timed = false
		}
		if !oral && se.DureePassageMinutes != 0 {
			c.problem(p+".duree_passage_minutes", "durée de passage dans une séance «\u00a0%s\u00a0»\u00a0: elle ne vaut que pour une séance orale (forme «\u00a0oral\u00a0»)", q(se.Forme))
		}
		if len(se.Candidats) == 0 {
			c.problem(p+".candidats", "aucun candidat convoqué à la séance %s", se.ID)
		}
		seen := map[string]bool{}
		var passages []slot
		for j, cv := range se.Candidats {
			pp := fmt.Sprintf("%s.candidats[%d]", p, j)
			cand := cands[cv.Numero]
			if cand == nil {
				if c.required(pp+".numero", cv.Numero, "le numéro du candidat convoqué") {
					c.problem(pp+".numero", "candidat «\u00a0%s\u00a0» inconnu\u00a0: convoquez un candidat de la session par son numéro", q(cv.Numero))
				}
				continue
			}
			if seen[cv.Numero] {
				c.problem(pp+".numero", "candidat %s convoqué deux fois à la séance %s", cv.Numero, se.ID)
				continue
			}
			seen[cv.Numero] = true
			for _, e := range epreuves {
				id := e.bloc.EpreuveID(e.epreuve)
				if !slices.Contains(cand.BlocsPresentes, e.bloc.Lettre) {
					c.problem(pp+".numero", "candidat %s convoqué à l’épreuve %s alors qu’il ne présente pas le bloc %s à cette session\u00a0: retirez-le de la séance ou ajoutez le bloc à ses blocs présentés", cv.Numero, id, e.bloc.Lettre)
					continue
				}
				if convened[cv.Numero] == nil {
					convened[cv.Numero] = map[string]int{}
				}
				if k, twice := convened[cv.Numero][id]; twice {
					c.problem(pp+".numero", "candidat %s convoqué deux fois à l’épreuve %s (séances %s et %s)\u00a0: une convocation par épreuve", cv.Numero, id, pl.Seances[k].ID, se.ID)
				}
				convened[cv.Numero][id] = i
			}
			from, to := start, end
			switch {
			case oral && cv.Heure.IsZero():
				c.problem(pp+".heure", "heure de passage manquante pour le candidat %s\u00a0: chaque candidat d’une séance orale a la sienne (HH:MM)", cv.Numero)
				continue
			case oral:
				h, ok := cv.Heure.Minutes()
				if !ok {
					c.problem(pp+".heure", "heure de passage «\u00a0%s\u00a0» mal écrite\u00a0: attendu HH:MM, par exemple 10:30", q(cv.Heure))
					continue
				}
				from, to = h, h+se.DureePassageMinutes
				if timed && (from < start || to > end) {
					c.problem(pp+".heure", "passage du candidat %s à %s hors de la séance (%s–%s)", cv.Numero, cv.Heure.Texte(), se.Heure.Texte(), fr.HeureMinutes(end%(24*60)).Texte())
					continue
				}
			case !cv.Heure.IsZero():
				c.problem(pp+".heure", "heure de passage dans une séance «\u00a0%s\u00a0»\u00a0: tous les candidats y viennent à l’heure de la séance (une heure de passage ne vaut que pour une séance orale)", q(se.Forme))
				continue
			}
			if !timed {
				continue
			}
			sl := slot{seance: i, date: date, from: from, to: to}
			if oral {
				for _, o := range passages {
					if o.overlaps(sl) {
						c.problem(pp+".heure", "passage du candidat %s à %s pendant celui d’un autre candidat de la séance %s\u00a0: espacez les passages d’au moins %d minutes", cv.Numero, cv.Heure.Texte(), se.ID, se.DureePassageMinutes)
						break
					}
				}
				passages = append(passages, sl)
			}
			busy[cv.Numero] = append(busy[cv.Numero], sl)
		}
		for j, x := range se.Evaluateurs {
			who := foldName(x.Nom)
			if who == "" {
				continue
			}
			for _, cv := range se.Candidats {
				if trainerRole(x.Role, epreuves) {
					break
				}
				if cand := cands[cv.Numero]; cand != nil {
					for _, f := range cand.Formateurs {
						if foldName(f) == who {
							c.warn(fmt.Sprintf("%s.evaluateurs[%d]", p, j), "%s a formé le candidat %s (%s)\u00a0: un formateur n’évalue pas son propre candidat, confiez cette séance à un autre évaluateur", x.Nom, cand.Numero, cand.NomComplet())
						}
					}
				}
			}
			if timed {
				evalBusy[who] = append(evalBusy[who], slot{seance: i, date: date, from: start, to: end})
				evalName[who] = x.Nom
			}
		}
	}
	c.convocations(s, convened)
	for _, num := range sortedKeys(busy) {
		for a, b := range overlapping(busy[num]) {
			c.problem(fmt.Sprintf("planning.seances[%d]", b.seance), "le candidat %s est convoqué à deux séances en même temps, %s et %s, le %s\u00a0: déplacez l’une d’elles",
				num, pl.Seances[a.seance].ID, pl.Seances[b.seance].ID, a.date.Longue())
		}
	}
	for _, who := range sortedKeys(evalBusy) {
		for a, b := range overlapping(evalBusy[who]) {
			c.problem(fmt.Sprintf("planning.seances[%d].evaluateurs", b.seance), "l’évaluateur %s est attendu à deux séances en même temps, %s et %s, le %s\u00a0: confiez l’une d’elles à un autre évaluateur",
				evalName[who], pl.Seances[a.seance].ID, pl.Seances[b.seance].ID, a.date.Longue())
		}
	}
}

// seanceEpreuve is one épreuve a sitting names.
type seanceEpreuve struct {
	bloc    *referentiel.Bloc
	epreuve *referentiel.Epreuve
}

// seanceEpreuves reads the épreuves a sitting names, reporting those the
// référentiel does not have.
func (c *checker) seanceEpreuves(p string, se *Seance) []seanceEpreuve {
	if len(se.Epreuves) == 0 {
		c.problem(p+".epreuves", "aucune épreuve\u00a0: indiquez les épreuves de la séance (par exemple B-1)")
	}
	var out []seanceEpreuve
	seen := map[string]bool{}
	for j, id := range se.Epreuves {
		pp := fmt.Sprintf("%s.epreuves[%d]", p, j)
		b, e := c.ref.EpreuveByID(id)
		if e == nil {
			c.problem(pp, "épreuve «\u00a0%s\u00a0» inconnue\u00a0: épreuves du référentiel %s", q(id), strings.Join(c.ref.EpreuveIDs(), ", "))
			continue
		}
		if seen[id] {
			c.problem(pp, "épreuve %s citée deux fois", id)
			continue
		}
		seen[id] = true
		out = append(out, seanceEpreuve{b, e})
	}
	return out
}

// trainerRole tells whether role is one the référentiel gives the
// training body's own staff for one of the épreuves ("Formateur",
// "Responsable de formation"): a trainer evaluating their own candidates
// in that role is what the référentiel asks (contrôle continu).
func trainerRole(role string, epreuves []seanceEpreuve) bool {
	r := foldName(role)
	if !strings.Contains(r, "format") {
		return false
	}
	for _, e := range epreuves {
		for _, want := range e.epreuve.Evaluateurs {
			if strings.Contains(foldName(want), r) {
				return true
			}
		}
	}
	return false
}

// jourOuvre warns of a sitting on a Sunday or a public holiday.
func (c *checker) jourOuvre(p string, d fr.Date) {
	if name, ok := fr.Ferie(d); ok {
		c.warn(p, "séance le %s, jour férié (%s)\u00a0: vérifiez la date", d.Longue(), name)
	} else if wd, _ := d.Weekday(); wd == time.Sunday {
		c.warn(p, "séance le dimanche %s\u00a0: vérifiez la date", d.Longue())
	}
}

// convocations reports each épreuve a candidate presents and is not
// convened to.
func (c *checker) convocations(s *Session, convened map[string]map[string]int) {
	for i := range s.Candidats {
		cand := &s.Candidats[i]
		var missing []string
		for _, l := range cand.BlocsPresentes {
			b, ok := c.ref.Bloc(l)
			if !ok {
				continue
			}
			for j := range b.Epreuves {
				if id := b.EpreuveID(&b.Epreuves[j]); !hasKey(convened[cand.Numero], id) {
					missing = append(missing, id)
				}
			}
		}
		if len(missing) > 0 {
			c.problem("planning.seances", "candidat %s non convoqué %s %s, d’un bloc qu’il présente\u00a0: ajoutez-le à une séance de %s",
				cand.Numero, plural(len(missing), "à l’épreuve", "aux épreuves"), strings.Join(missing, ", "), plural(len(missing), "cette épreuve", "ces épreuves"))
		}
	}
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func formes() string {
	out := make([]string, len(Formes))
	for i, f := range Formes {
		out[i] = "«\u00a0" + string(f) + "\u00a0»"
	}
	return strings.Join(out, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// overlapping yields each pair of slots that overlap, the earlier sitting
// first.
func overlapping(slots []slot) func(yield func(a, b slot) bool) {
	return func(yield func(a, b slot) bool) {
		for i := range slots {
			for j := i + 1; j < len(slots); j++ {
				if slots[i].seance != slots[j].seance && slots[i].overlaps(slots[j]) {
					if !yield(slots[i], slots[j]) {
						return
					}
				}
			}
		}
	}
}

// DelaiConvocation warns of each sitting that a convocation sent on envoi
// (the planning's date_convocation when it gives one) reaches fewer than
// jours days before.
func DelaiConvocation(s *Session, envoi fr.Date, jours int) []Probleme {
	if s.Planning == nil {
		return nil
	}
	if d := s.Planning.DateConvocation; d.Valid() {
		envoi = d
	}
	t0, ok := envoi.Time()
	if !ok {
		return nil
	}
	var out []Probleme
	for i, se := range s.Planning.Seances {
		t, ok := se.Date.Time()
		if !ok {
			continue
		}
		days := int(t.Sub(t0).Hours() / 24)
		if days < 0 {
			out = append(out, Probleme{Chemin: fmt.Sprintf("planning.seances[%d].date", i),
				Message: fmt.Sprintf("séance %s du %s déjà passée à l’envoi des convocations le %s : vérifiez sa date ou la date d’envoi", se.ID, se.Date.Longue(), envoi.Longue())})
			continue
		}
		if days < jours {
			out = append(out, Probleme{Chemin: fmt.Sprintf("planning.seances[%d].date", i),
				Message: fmt.Sprintf("convocations envoyées le %s pour une séance le %s (%s avant)\u00a0: au moins %s sont attendus, avancez l’envoi ou reportez la séance",
					envoi.Longue(), se.Date.Longue(), fr.Nombre(days, "jour", "jours"), fr.Nombre(jours, "jour", "jours"))})
		}
	}
	return out
}
