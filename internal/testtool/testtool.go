// Package testtool finds the programs that tests check documents with
// (pdftotext, qpdf, soffice, xmllint, zbarimg, chromium…). CI installs them
// (.ci/run): there a missing program fails the test; elsewhere it skips it,
// saying which Debian package brings it.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Need returns the path of the program name, from the Debian package pkg.
func Need(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI (apt-get install %s): %v", name, pkg, err)
		}
		t.Skipf("%s not installed (apt-get install %s)", name, pkg)
	}
	return p
}
