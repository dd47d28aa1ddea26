package classeur

import (
	"certidoc/fr"
	"certidoc/referentiel"
	"certidoc/session"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

var (
	reFrenchDate = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)
	reNumber     = regexp.MustCompile(`^\d+(\.\d+)?$`)
)

// date reads what Excel and Calc write for a date: a serial number, or text
// as 25/11/2026 or 2026-11-25. Anything else is a problem at its cell.
func (r *reader) date(v string, pl place) fr.Date {
	switch {
	case v == "":
		return fr.Date{}
	case reNumber.MatchString(v):
		serial, err := strconv.ParseFloat(v, 64)
		if err == nil && serial > 0 && serial < 2958466 {
			if t, err := excelize.ExcelDateToTime(serial, false); err == nil {
				return fr.DateOf(t)
			}
		}
	case reFrenchDate.MatchString(v):
		m := reFrenchDate.FindStringSubmatch(v)
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		iso := fmt.Sprintf("%s-%02d-%02d", m[3], mo, d)
		if d := fr.DateText(iso); d.Valid() {
			return d
		}
	default:
		if len(v) >= 10 {
			if d := fr.DateText(v[:10]); d.Valid() && (len(v) == 10 || v[10] == 'T' || v[10] == ' ') {
				return d
			}
		}
	}
	r.problem(pl, "date impossible ou illisible\u00a0: écrivez-la "+dateLayoutText)
	return fr.DateText(v) // not a day: kept as typed, named at its cell
}

// dateLayoutText is how the workbook's date cells ask for a date.
const dateLayoutText = "JJ/MM/AAAA, par exemple 25/11/2026"

// dateAt reads a date cell for the session's path, remembering the cell
// with the date as the cell shows it (JJ/MM/AAAA), not its serial number.
func (r *reader) dateAt(path, v string, pl place) fr.Date {
	iso := r.date(v, pl)
	if iso.Valid() {
		pl.value = iso.Courte()
	}
	r.loc[path] = pl
	return iso
}

// level reads a level cell by the rule the workbook's formulas apply too
// (levelFormula): tabs, line breaks and no-break spaces count as spaces,
// spaces around and repeated inside do not matter, nor does case; the
// cell holds a level's code or its label ("pa", " Acquis "). Anything else
// is returned as it is, for the session's rules to refuse.
func (r *reader) level(raw string) referentiel.CodeNiveau {
	v := levelText(raw)
	for _, n := range r.ref.Echelle.Niveaux {
		if strings.EqualFold(v, levelText(string(n.Code))) || strings.EqualFold(v, levelText(n.Libelle)) {
			return n.Code
		}
	}
	return referentiel.CodeNiveau(strings.TrimSpace(raw))
}

// levelText normalises a level cell as TRIM(SUBSTITUTE(…)) does in the
// workbook: levelSpaces become spaces, then spaces are trimmed and runs of
// spaces collapse to one.
func levelText(v string) string {
	v = strings.Map(func(r rune) rune {
		if strings.ContainsRune(levelSpaces, r) {
			return ' '
		}
		return r
	}, v)
	var parts []string
	for _, p := range strings.Split(v, " ") {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " ")
}

// levelSpaces are the characters a level cell may hold as spaces.
const levelSpaces = "\t\n\r\u00a0\u202f"

func civilite(v string) session.Civilite {
	switch fold(v) {
	case "mme", "madame", "mme.":
		return session.Madame
	case "m.", "m", "monsieur", "mr", "mr.":
		return session.Monsieur
	}
	return session.Civilite(v)
}

func role(v string) session.Role {
	switch fold(v) {
	case "president", "presidente", "president(e)":
		return session.RolePresident
	case "membre":
		return session.RoleMembre
	}
	return session.Role(v)
}

func voie(v string) session.Voie {
	for _, x := range session.Voies {
		if fold(v) == fold(x.Libelle()) || fold(v) == fold(string(x)) {
			return x
		}
	}
	return session.Voie(v)
}

func decision(v string) session.Verdict {
	switch fold(v) {
	case "valide", "validee":
		return session.DecisionValide
	case "non valide", "non validee", "non_valide":
		return session.DecisionNonValide
	case "absent", "absente":
		return session.DecisionAbsent
	}
	return session.Verdict(v)
}
