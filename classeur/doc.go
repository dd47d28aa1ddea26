// Package classeur is the session as a workbook: the entry workbook the
// secrétariat fills in Excel or LibreOffice Calc (write.go), its import back
// into a session with every problem named by sheet and cell (read.go), and
// the results workbook and CSV that other systems import (resultats.go).
// layout.go describes the sheets and columns once, for writing and reading;
// calculs.go writes the hidden Calculs sheet behind Décisions' proposals.
// A référentiel of marks adds a mark column to each épreuve sheet
// (write_notes.go), read as the import reads it (read_notes.go) and
// averaged on Calculs (calculs_notes.go).
// The tests fill a workbook with openpyxl (testdata/remplir_session.py,
// testdata/remplir_notes.py for marks), sort one in LibreOffice through UNO
// (testdata/trier.py) and type marks there (testdata/valider_notes.py).
package classeur
