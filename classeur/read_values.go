package classeur

import (
	"certidoc/session"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

var (
	reFrenchDate = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)
	reNumber     = regexp.MustCompile(`^\d+(\.\d+)?$`)
)

// date reads what Excel and Calc write for a date: a serial number, or text
// as 25/11/2026 or 2026-11-25. Anything else is a problem at its cell.
func (r *reader) date(v string, pl place) string {
	switch {
	case v == "":
		return ""
	case reNumber.MatchString(v):
		serial, err := strconv.ParseFloat(v, 64)
		if err == nil && serial > 0 && serial < 2958466 {
			if t, err := excelize.ExcelDateToTime(serial, false); err == nil {
				return t.Format(time.DateOnly)
			}
		}
	case reFrenchDate.MatchString(v):
		m := reFrenchDate.FindStringSubmatch(v)
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		iso := fmt.Sprintf("%s-%02d-%02d", m[3], mo, d)
		if _, err := time.Parse(time.DateOnly, iso); err == nil {
			return iso
		}
	default:
		if len(v) >= 10 {
			if _, err := time.Parse(time.DateOnly, v[:10]); err == nil && (len(v) == 10 || v[10] == 'T' || v[10] == ' ') {
				return v[:10]
			}
		}
	}
	r.problem(pl, "date impossible ou illisible : écrivez-la JJ/MM/AAAA, par exemple 25/11/2026")
	return v
}

// level accepts a level's code or label in any case ("pa", "Acquis").
func (r *reader) level(v string) string {
	for _, n := range r.ref.Echelle.Niveaux {
		if fold(v) == fold(n.Code) || fold(v) == fold(n.Libelle) {
			return n.Code
		}
	}
	return v
}

func civilite(v string) string {
	switch fold(v) {
	case "mme", "madame", "mme.":
		return "Mme"
	case "m.", "m", "monsieur", "mr", "mr.":
		return "M."
	}
	return v
}

func role(v string) string {
	switch fold(v) {
	case "president", "presidente", "president(e)":
		return session.RolePresident
	case "membre":
		return session.RoleMembre
	}
	return v
}

func voie(v string) string {
	for _, x := range session.Voies {
		if fold(v) == fold(x.Libelle) || fold(v) == fold(x.Code) {
			return x.Code
		}
	}
	return v
}

func decision(v string) string {
	switch fold(v) {
	case "valide", "validee":
		return session.DecisionValide
	case "non valide", "non validee", "non_valide":
		return session.DecisionNonValide
	case "absent", "absente":
		return session.DecisionAbsent
	}
	return v
}
