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

// LoadSessionLocating is LoadSession (LoadSessionPacked when packed), and
// also returns a Locate for the checks made after the import, such as the
// delay before each sitting, which depends on the day the convocations
// are made: their problems then name a cell too.
func LoadSessionLocating(data []byte, ref *referentiel.Referentiel, font session.Font, lim Limits, packed bool) (*session.Session, *session.Report, Locate, error) {
	if !IsWorkbook(data) {
		parse := session.Parse
		if packed {
			parse = session.ParsePacked
		}
		s, rep, err := parse(data, ref, font)
		return s, rep, samePath, err
	}
	s, rep, loc, err := read(data, ref, font, lim)
	if err == nil && packed {
		s.Pack()
	}
	return s, rep, loc, err
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
	row := len(sessionFields) + 2 // as planningSessionRows writes them
	return c == sheetSession+"!"+cell(2, row) || c == sheetSession+"!"+cell(2, row+1)
}
