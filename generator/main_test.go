package generator

import (
	"os"
	"testing"

	"certidoc/internal/testtool"
)

// office is the LibreOffice of this package's tests: the DOCX they
// convert to compare with the PDF.
var office testtool.Office

func TestMain(m *testing.M) {
	testtool.MoreParallel(4) // most of the time is tests waiting on LibreOffice or poppler
	os.Exit(testtool.Main(m, &office))
}
