// Package classeur is the session as a workbook: the entry workbook the
// secrétariat fills in Excel or LibreOffice Calc (write.go), its import back
// into a session with every problem named by sheet and cell (read.go), and
// the results workbook and CSV that other systems import (resultats.go).
// layout.go describes the sheets and columns once, for writing and reading;
// calculs.go writes the hidden Calculs sheet behind Décisions' proposals.
// The tests fill a workbook with openpyxl (testdata/remplir_session.py) and
// sort one in LibreOffice through UNO (testdata/trier.py).
package classeur
