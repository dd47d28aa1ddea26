package session

import (
	"fmt"
	"regexp"
	"strings"

	"certidoc/fr"
	"certidoc/referentiel"
)

// Limits on what a session may hold.
const (
	MaxTexte       = 2000 // characters of one comment, motif or préconisation
	MaxCandidats   = 5000
	AgeMinimum     = 15
	AnneeMinimum   = 1900
	dateLayoutText = DateLayoutText
)

// DateLayoutText is how the session's messages ask for a date; a workbook's
// import, whose cells ask for JJ/MM/AAAA, puts its own in its place.
const DateLayoutText = "AAAA-MM-JJ, par exemple 2026-11-25"

var (
	reINSEE = regexp.MustCompile(`^([0-9]{2}|2A|2B)[0-9]{3}$`)
	rePays  = regexp.MustCompile(`^[A-Z]{3}$`)
	reCP    = regexp.MustCompile(`^[0-9]{5}$`)
)

// checker collects the problems and warnings of one session.
type checker struct {
	ref  *referentiel.Referentiel
	font Font
	rep  *Report
}

// problem reports a problem; a value the message quotes goes through q.
func (c *checker) problem(path, format string, args ...any) {
	if c.rep.Full() {
		c.rep.Omit(1) // counted, its message not even written
		return
	}
	c.rep.Add(Probleme{Chemin: path, Message: fmt.Sprintf(format, args...)})
}

// q is a value as a message quotes it: an excerpt (fr.Extrait).
func q(v any) string {
	switch v := v.(type) {
	case string:
		return fr.Extrait(v)
	case fmt.Stringer:
		return fr.Extrait(v.String())
	}
	return fr.Extrait(fmt.Sprint(v))
}

func (c *checker) warn(path, format string, args ...any) {
	c.rep.Avertissements = append(c.rep.Avertissements, Probleme{Chemin: path, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) required(path, value, what string) bool {
	if strings.TrimSpace(value) == "" {
		c.problem(path, "champ vide\u00a0: indiquez %s", what)
		return false
	}
	return true
}

// date checks a date, parsed when the session was read, and returns it;
// ok is false when it is missing or not a day (the text as typed is named).
func (c *checker) date(path string, value fr.Date, what string, required bool) (fr.Date, bool) {
	if value.IsZero() {
		if required {
			c.problem(path, "date manquante\u00a0: indiquez %s (%s)", what, dateLayoutText)
		}
		return fr.Date{}, false
	}
	if !value.Valid() {
		c.problem(path, "date «\u00a0%s\u00a0» impossible ou mal écrite\u00a0: attendu %s", q(value), dateLayoutText)
		return fr.Date{}, false
	}
	return value, true
}

func validate(s *Session, ref *referentiel.Referentiel, font Font, rep *Report) {
	if font.Covers == nil {
		panic("session: validation without the documents' font (Font.Covers is nil)") // a caller's bug
	}
	c := &checker{ref: ref, font: font, rep: rep}
	c.texts(s)
	if code := strings.TrimSpace(s.Certification); code != "" && !strings.EqualFold(code, ref.Certification.CodeRNCP) {
		c.problem("certification", "certification «\u00a0%s\u00a0», mais le référentiel employé est celui de %s (%s)\u00a0: envoyez la session à la certification qu’elle nomme, ou corrigez son code",
			s.Certification, ref.Certification.CodeRNCP, ref.Certification.Sigle)
		return // the rest is measured against another référentiel: noise
	}
	c.organisme("certificateur", s.Certificateur, true)
	c.organisme("organisme_formation", s.OrganismeFormation, false)
	c.required("signataire.nom", s.Signataire.Nom, "le nom du signataire des parchemins")
	c.required("signataire.qualite", s.Signataire.Qualite, "la qualité du signataire (par exemple «\u00a0Directrice\u00a0»)")

	in := s.Session
	c.required("session.identifiant", in.Identifiant, "l’identifiant de la session")
	du, okDu := c.date("session.epreuves_du", in.EpreuvesDu, "la date de la première épreuve", true)
	au, okAu := c.date("session.epreuves_au", in.EpreuvesAu, "la date de la dernière épreuve", true)
	if okDu && okAu && au.Before(du) {
		c.problem("session.epreuves_au", "la dernière épreuve (%s) précède la première (%s)", in.EpreuvesAu, in.EpreuvesDu)
	}
	delib, okDelib := c.date("session.deliberation.date", in.Deliberation.Date, "la date de la délibération", true)
	if okDelib && okAu && delib.Before(au) {
		c.problem("session.deliberation.date", "la délibération (%s) précède la dernière épreuve (%s)", in.Deliberation.Date, in.EpreuvesAu)
	}
	if h := in.Deliberation.Heure; !h.IsZero() && !h.Valid() {
		c.problem("session.deliberation.heure", "heure «\u00a0%s\u00a0» mal écrite\u00a0: attendu HH:MM, par exemple 14:30", q(in.Deliberation.Heure))
	}
	c.required("session.deliberation.lieu", in.Deliberation.Lieu, "le lieu de la délibération")
	if d, ok := c.date("session.date_delivrance", in.DateDelivrance, "", false); ok && okDelib && d.Before(delib) {
		c.problem("session.date_delivrance", "la date de délivrance (%s) précède la délibération (%s)", in.DateDelivrance, in.Deliberation.Date)
	}

	for i, m := range s.Jury {
		p := fmt.Sprintf("jury[%d]", i)
		c.civilite(p+".civilite", m.Civilite)
		c.required(p+".nom", m.Nom, "le nom du membre du jury")
		c.required(p+".prenom", m.Prenom, "le prénom du membre du jury")
		if !m.Role.Valid() {
			c.problem(p+".role", "rôle «\u00a0%s\u00a0» inconnu\u00a0: attendu «\u00a0%s\u00a0» ou «\u00a0%s\u00a0»", q(m.Role), RolePresident, RoleMembre)
		}
		c.required(p+".organisation", m.Organisation, "l’organisation du membre du jury")
	}

	if len(s.Candidats) == 0 {
		c.problem("candidats", "aucun candidat\u00a0: la session doit en compter au moins un")
	}
	if len(s.Candidats) > MaxCandidats {
		c.problem("candidats", "%d candidats\u00a0: %d au plus par session", len(s.Candidats), MaxCandidats)
	}
	numeros := map[string]int{}
	slugs := map[string]int{} // the candidate's part of its document numbers → the first candidate
	for i := range s.Candidats {
		cand := s.Candidats[i].Unpacked()
		p := fmt.Sprintf("candidats[%d]", i)
		if c.required(p+".numero", cand.Numero, "le numéro du candidat") {
			c.numero(s, p, i, cand, numeros, slugs)
		}
		c.candidat(p, cand, delib, okDelib)
	}
	c.planning(s)
	if len(c.rep.Problemes) == 0 {
		c.juryWarnings(s)
		c.candidatWarnings(s)
	}
}

// numero checks that the candidate's number is unique and gives document
// numbers no other candidate's gives: a document number keeps only the
// letters and digits of the candidate's number (NumeroDocument), so
// "2022-001" and "2022 001" would share theirs.
func (c *checker) numero(s *Session, p string, i int, cand *Candidat, numeros, slugs map[string]int) {
	slug := fr.Slug(cand.Numero)
	j, dup := numeros[cand.Numero]
	k, near := slugs[slug]
	switch {
	case dup:
		c.problem(p+".numero", "numéro «\u00a0%s\u00a0» déjà donné à candidats[%d]\u00a0: chaque candidat a son numéro", q(cand.Numero), j)
	case near:
		other := s.Candidats[k].Unpacked()
		c.problem(p+".numero", "numéro «\u00a0%s\u00a0» trop proche de «\u00a0%s\u00a0» (candidats[%d])\u00a0: les deux donnent les mêmes numéros de document (%s…)\u202f; deux numéros de candidat doivent différer par au moins une lettre ou un chiffre, pas seulement par la ponctuation, les espaces, les accents ou la casse",
			q(cand.Numero), q(other.Numero), k, q(NumeroDocument(s, cand, nil)))
	}
	numeros[cand.Numero] = i
	if !near {
		slugs[slug] = i
	}
}

func (c *checker) organisme(p string, o Organisme, required bool) {
	if !required && o == (Organisme{}) {
		return
	}
	c.required(p+".raison_sociale", o.RaisonSociale, "la raison sociale")
	c.required(p+".ville", o.Ville, "la ville")
	if o.CodePostal != "" && !reCP.MatchString(o.CodePostal) {
		c.problem(p+".code_postal", "code postal «\u00a0%s\u00a0» invalide\u00a0: attendu cinq chiffres", q(o.CodePostal))
	}
}

func (c *checker) civilite(path string, v Civilite) {
	if !v.Valid() {
		c.problem(path, "civilité «\u00a0%s\u00a0» inconnue\u00a0: attendu «\u00a0Mme\u00a0» ou «\u00a0M.\u00a0»", q(v))
	}
}

func (c *checker) candidat(p string, cand *Candidat, delib fr.Date, okDelib bool) {
	c.civilite(p+".civilite", cand.Civilite)
	c.required(p+".nom_naissance", cand.NomNaissance, "le nom de naissance")
	c.required(p+".prenoms", cand.Prenoms, "les prénoms")
	if !cand.Sexe.Valid() {
		c.problem(p+".sexe", "sexe «\u00a0%s\u00a0» inconnu\u00a0: attendu «\u00a0F\u00a0» ou «\u00a0M\u00a0» (comme l’état civil et la Caisse des Dépôts)", q(cand.Sexe))
	}
	n := cand.Naissance
	if born, ok := c.date(p+".naissance.date", n.Date, "la date de naissance", true); ok {
		switch {
		case born.Year() < AnneeMinimum:
			c.problem(p+".naissance.date", "date de naissance %s improbable\u00a0: vérifiez l’année", n.Date)
		case okDelib && born.AddYears(AgeMinimum).After(delib):
			c.problem(p+".naissance.date", "date de naissance %s\u00a0: le candidat aurait moins de %d ans à la délibération", n.Date, AgeMinimum)
		}
	}
	c.required(p+".naissance.commune", n.Commune, "la commune de naissance")
	if n.NeeALEtranger() {
		if !rePays.MatchString(n.Pays) {
			c.problem(p+".naissance.pays", "pays «\u00a0%s\u00a0» invalide\u00a0: attendu le code ISO à trois lettres majuscules, par exemple BEL", q(n.Pays))
		}
		c.required(p+".naissance.pays_libelle", n.PaysLibelle, "le nom du pays de naissance")
	} else if !reINSEE.MatchString(n.CodeINSEE) {
		c.problem(p+".naissance.code_insee", "code INSEE «\u00a0%s\u00a0» invalide\u00a0: attendu cinq caractères, par exemple 69123 (ou pays et pays_libelle pour une naissance à l’étranger)", q(n.CodeINSEE))
	}
	if !cand.Voie.Valid() {
		codes := make([]string, len(Voies))
		for i, v := range Voies {
			codes[i] = string(v)
		}
		c.problem(p+".voie_acces", "voie d’accès «\u00a0%s\u00a0» inconnue\u00a0: attendu %s", q(cand.Voie), strings.Join(codes, ", "))
	}
	if d, ok := c.date(p+".debut_formation", cand.DebutFormation, "", false); ok && okDelib && d.After(delib) {
		c.problem(p+".debut_formation", "formation commencée le %s, après la délibération (%s)\u00a0: vérifiez la date", cand.DebutFormation, delib)
	}

	presented := map[string]bool{}
	if len(cand.BlocsPresentes) == 0 {
		c.problem(p+".blocs_presentes", "aucun bloc présenté\u00a0: indiquez les blocs que le candidat présente à cette session")
	}
	for i, l := range cand.BlocsPresentes {
		pp := fmt.Sprintf("%s.blocs_presentes[%d]", p, i)
		if c.bloc(pp, l) != nil {
			if presented[l] {
				c.problem(pp, "bloc %s cité deux fois", l)
			}
			presented[l] = true
		}
	}
	acquired := map[string]bool{}
	for i, a := range cand.BlocsAcquis {
		pp := fmt.Sprintf("%s.blocs_acquis[%d]", p, i)
		if c.bloc(pp+".bloc", a.Bloc) != nil {
			if presented[a.Bloc] {
				c.problem(pp+".bloc", "bloc %s déjà acquis et présenté à nouveau\u00a0: un bloc validé est acquis à vie, retirez-le de blocs_presentes", a.Bloc)
			}
			if acquired[a.Bloc] {
				c.problem(pp+".bloc", "bloc %s acquis cité deux fois", a.Bloc)
			}
			acquired[a.Bloc] = true
		}
		if d, ok := c.date(pp+".date", a.Date, "la date d’acquisition du bloc", true); ok && okDelib && !d.Before(delib) {
			c.problem(pp+".date", "bloc acquis le %s, pas avant la délibération de cette session\u00a0: est-ce bien une session antérieure\u202f?", a.Date)
		}
		c.required(pp+".session", a.Session, "la session où le bloc a été acquis")
	}

	seen := map[string]bool{}
	for i := range cand.Evaluations {
		c.evaluation(fmt.Sprintf("%s.evaluations[%d]", p, i), &cand.Evaluations[i], presented, seen)
	}
	decided := map[string]bool{}
	for i, d := range cand.Decisions {
		pp := fmt.Sprintf("%s.decisions[%d]", p, i)
		if c.bloc(pp+".bloc", d.Bloc) == nil {
			continue
		}
		if !presented[d.Bloc] {
			c.problem(pp+".bloc", "décision sur le bloc %s, que le candidat ne présente pas à cette session", d.Bloc)
		}
		if decided[d.Bloc] {
			c.problem(pp+".bloc", "deux décisions sur le bloc %s", d.Bloc)
		}
		decided[d.Bloc] = true
		switch d.Decision {
		case DecisionValide, DecisionNonValide, DecisionAbsent:
		case "":
			continue // not decided yet: the PV is preparatory
		default:
			c.problem(pp+".decision", "décision «\u00a0%s\u00a0» inconnue\u00a0: attendu %s, %s ou %s", q(d.Decision), DecisionValide, DecisionNonValide, DecisionAbsent)
			continue
		}
		if b, _ := c.ref.Bloc(d.Bloc); b != nil && d.Decision != DecisionAbsent && strings.TrimSpace(d.Motif) == "" {
			prop := Propose(c.ref, b, cand)
			if prop != Inconnue && (prop == Validee) != (d.Decision == DecisionValide) {
				c.problem(pp+".motif", "la décision (%s) diffère de la proposition des grilles (%s)\u00a0: le jury doit en écrire le motif", d.Decision.Libelle(), prop)
			}
		}
	}
}

// bloc returns the référentiel's bloc with the letter, or reports it.
func (c *checker) bloc(path, lettre string) *referentiel.Bloc {
	if b, ok := c.ref.Bloc(lettre); ok {
		return b
	}
	c.problem(path, "bloc «\u00a0%s\u00a0» inconnu\u00a0: blocs du référentiel %s", q(lettre), strings.Join(c.ref.Lettres(), ", "))
	return nil
}

func (c *checker) evaluation(p string, ev *Evaluation, presented, seen map[string]bool) {
	b := c.bloc(p+".bloc", ev.Bloc)
	if b == nil {
		return
	}
	e, ok := b.Epreuve(ev.Epreuve)
	if !ok {
		c.problem(p+".epreuve", "épreuve %d inconnue dans le bloc %s\u00a0: épreuves %s", ev.Epreuve, b.Lettre, numeros(b))
		return
	}
	id := b.EpreuveID(e)
	if !presented[b.Lettre] {
		c.problem(p+".bloc", "évaluation de l’épreuve %s alors que le candidat ne présente pas le bloc %s", id, b.Lettre)
	}
	if seen[id] {
		c.problem(p, "deuxième évaluation de l’épreuve %s\u00a0: une seule par candidat", id)
	}
	seen[id] = true
	c.date(p+".date", ev.Date, "la date de l’épreuve", true)
	if len(ev.Evaluateurs) == 0 {
		c.problem(p+".evaluateurs", "aucun évaluateur\u00a0: indiquez qui a évalué (nom et rôle)")
	}
	for i, x := range ev.Evaluateurs {
		c.required(fmt.Sprintf("%s.evaluateurs[%d].nom", p, i), x.Nom, "le nom de l’évaluateur")
		c.required(fmt.Sprintf("%s.evaluateurs[%d].role", p, i), x.Role, "le rôle de l’évaluateur")
	}
	c.note(p, ev, e, id)
	want := map[string]bool{}
	for _, code := range e.Competences {
		want[code] = true
	}
	byLevel := c.ref.Niveaux(e)
	given := map[string]bool{}
	for i, cr := range ev.Criteres {
		pp := fmt.Sprintf("%s.criteres[%d]", p, i)
		switch {
		case !want[cr.Competence]:
			c.problem(pp+".competence", "compétence «\u00a0%s\u00a0» non évaluée par l’épreuve %s\u00a0: attendu %s", q(cr.Competence), id, strings.Join(e.Competences, ", "))
		case given[cr.Competence]:
			c.problem(pp+".competence", "compétence %s notée deux fois", cr.Competence)
		}
		given[cr.Competence] = true
		if !byLevel {
			if cr.Niveau != "" {
				c.problem(pp+".niveau", "niveau «\u00a0%s\u00a0» sans objet\u00a0: l’épreuve %s est notée, ses critères ne reçoivent pas de niveau (laissez-le vide, gardez le commentaire)", cr.Niveau, id)
			}
			continue
		}
		if _, ok := c.ref.Echelle.Niveau(cr.Niveau); !ok {
			c.problem(pp+".niveau", "niveau «\u00a0%s\u00a0» hors de l’échelle\u00a0: attendu %s", q(cr.Niveau), levels(c.ref.Echelle))
		}
	}
	if !byLevel {
		return
	}
	var missing []string
	for _, code := range e.Competences {
		if !given[code] {
			missing = append(missing, code)
		}
	}
	if len(missing) > 0 {
		c.problem(p+".criteres", "niveau manquant pour %s\u00a0: l’épreuve %s évalue %s", strings.Join(missing, ", "), id, strings.Join(e.Competences, ", "))
	}
}

// note checks the mark of an épreuve: required and on the scale with a
// scale of marks, absent with a scale of levels.
func (c *checker) note(p string, ev *Evaluation, e *referentiel.Epreuve, id string) {
	ech := c.ref.Echelle
	switch {
	case !ech.Notes() && ev.Note != nil:
		c.problem(p+".note", "note %s sans objet\u00a0: le référentiel %s évalue par niveaux, pas par notes", ev.Note, c.ref.Certification.CodeRNCP)
	case !ech.Notes():
	case ev.Note == nil:
		c.problem(p+".note", "note manquante\u00a0: indiquez la note de l’épreuve %s, de %s à %s", id, ech.Minimum.Francais(), ech.Maximum.Francais())
	case !ech.NoteValide(*ev.Note):
		c.problem(p+".note", "note %s hors de l’échelle\u00a0: attendu de %s à %s par pas de %s", ev.Note.Francais(), ech.Minimum.Francais(), ech.Maximum.Francais(), ech.Pas.Francais())
	}
}

func numeros(b *referentiel.Bloc) string {
	out := make([]string, len(b.Epreuves))
	for i, n := range b.Numeros() {
		out[i] = fmt.Sprint(n)
	}
	return strings.Join(out, ", ")
}

func levels(e referentiel.Echelle) string {
	out := make([]string, len(e.Niveaux))
	for i, n := range e.Niveaux {
		out[i] = string(n.Code) + " (" + n.Libelle + ")"
	}
	return strings.Join(out, ", ")
}

// candidatWarnings reports what does not stop documents but deserves a look.
func (c *checker) candidatWarnings(s *Session) {
	for i := range s.Candidats {
		cand := s.Candidats[i].Unpacked()
		if len(cand.Adresse) == 0 {
			c.warn(fmt.Sprintf("candidats[%d].adresse", i), "%s %s (%s) sans adresse postale\u00a0: sa lettre de résultats partira sans adresse (ajoutez-la pour l’envoi)",
				cand.Sexe.Accord("candidat", "candidate"), cand.Numero, cand.NomComplet())
		} else if why := AdresseHorsFenetre(cand.AdressePostale()); why != "" {
			c.warn(fmt.Sprintf("candidats[%d].adresse", i), "%s %s (%s)\u00a0: adresse trop grande pour la fenêtre d’une enveloppe DL (%s)\u202f; sa lettre l’imprime en plus petit, vérifiez qu’elle se lit ou raccourcissez-la",
				cand.Sexe.Accord("candidat", "candidate"), cand.Numero, cand.NomComplet(), why)
		}
		for _, l := range cand.BlocsPresentes {
			b, _ := c.ref.Bloc(l)
			if decisionOf(cand, l) == DecisionAbsent {
				continue
			}
			for j := range b.Epreuves {
				e := &b.Epreuves[j]
				if evaluationOf(cand, b.Lettre, e.Numero) == nil {
					c.warn(fmt.Sprintf("candidats[%d].evaluations", i), "candidat %s\u00a0: pas d’évaluation de l’épreuve %s\u202f; la proposition du bloc %s reste à faire", cand.Numero, b.EpreuveID(e), l)
				}
			}
		}
	}
}
