package classeur

import (
	"strings"

	"certidoc/referentiel"
	"certidoc/session"
)

// Locate names where a session path came from: for a workbook, its sheet
// and cell (with the value read there), as the import's own problems do;
// for JSON, the path itself.
type Locate func(session.Probleme) session.Probleme

// samePath is the Locate of a session read from JSON.
func samePath(p session.Probleme) session.Probleme { return p }

// LoadFromLocating is LoadFrom (LoadFromPacked when packed), and also
// returns a Locate for the checks made after the import, such as the delay
// before each sitting, which depends on the day the convocations are made:
// their problems then name a cell too.
func LoadFromLocating(data []byte, ens *referentiel.Ensemble, code string, font session.Font, lim Limits, packed bool) (*referentiel.Referentiel, *session.Session, *session.Report, Locate, error) {
	if IsWorkbook(data) {
		ref, s, rep, loc, err := readFrom(data, ens, code, font, lim)
		if err == nil && packed {
			s.Pack()
		}
		return ref, s, rep, loc, err
	}
	ref, err := chooseJSON(data, ens, code)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	parse := session.Parse
	if packed {
		parse = session.ParsePacked
	}
	s, rep, err := parse(data, ref, font)
	return ref, s, rep, samePath, err
}

// IsPlanning tells whether a problem, located or not, is the planning's:
// its path is under planning, or it names the Planning sheet or one of
// the planning's rows of the Session sheet.
func IsPlanning(p session.Probleme) bool {
	c := p.Chemin
	if c == "planning" || strings.HasPrefix(c, "planning.") || strings.HasPrefix(c, "planning[") {
		return true
	}
	if c == sheetPlanning || strings.HasPrefix(c, sheetPlanning+"!") {
		return true
	}
	row := planningSessionRow()
	return c == sheetSession+"!"+cell(2, row) || c == sheetSession+"!"+cell(2, row+1)
}
