package testtool

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// No test starts LibreOffice or Chromium of its own: a start costs seconds
// and, done by hand, left soffice.bin running after the tests. Tests
// convert through their package's Office and drive their package's one
// browser (api/chromium_test.go), both stopped by TestMain.
func TestTestsShareTheirOfficeAndBrowser(t *testing.T) {
	root := moduleRoot(t)
	rules := []struct {
		text    string
		allowed string // the one file that may hold it
		fix     string
	}{
		{`"--convert-to"`, "", "convert through the package's testtool.Office (Convert)"},
		{`Need(t, "soffice"`, "", "convert through the package's testtool.Office (Convert, Connection)"},
		{`--accept=`, "", "drive LibreOffice through the package's testtool.Office (Connection)"},
		{`chromedp.NewExecAllocator`, filepath.Join("api", "chromium_test.go"), "open a tab of the package's browser (chromium.tab)"},
	}
	files := 0
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			switch rel {
			case ".git", "third_party", filepath.Join("internal", "testtool"):
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, "_test.go") && !strings.HasSuffix(p, ".py") {
			return nil
		}
		files++
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, r := range rules {
			if rel != r.allowed && bytes.Contains(src, []byte(r.text)) {
				t.Errorf("%s holds %s: %s", rel, r.text, r.fix)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("only %d test files read: the walk is broken", files)
	}
}
