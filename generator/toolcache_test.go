package generator

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"certidoc/documents"
	"certidoc/internal/testtool"
)

// readOutputs holds what pdftotext and pdftoppm printed for a file, by
// program, arguments and the file's bytes: the same document rendered by
// several tests (or twice in one, as in a dossier and its préparatoire
// variant) is read once. The programs are deterministic; every check still
// runs on each document's output.
var readOutputs sync.Map // string → *readOutput

type readOutput struct {
	once sync.Once
	out  []byte
	err  error
}

// cachedOutput runs bin with args, one of which is path, and returns its
// standard output, once per distinct content of the file.
func cachedOutput(path, bin string, args ...string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	key := []string{bin, string(sum[:])}
	for _, a := range args {
		if a == path {
			a = "\x00file"
		}
		key = append(key, a)
	}
	v, _ := readOutputs.LoadOrStore(strings.Join(key, "\x00"), &readOutput{})
	r := v.(*readOutput)
	r.once.Do(func() {
		r.out, r.err = exec.Command(bin, args...).Output()
	})
	return r.out, r.err
}

// separatorMark is the text of the page readAhead puts before each file it
// merges: where it stands, one file ends and the next begins.
const separatorMark = "CERTIDOCSEPARATEURDEFICHIERS"

// readAhead reads the PDFs at paths as cachedOutput would, file by file,
// but with one run of each program over all of them: pdfunite merges the
// files (a separator page before each), pdftotext reads the merged file once per
// argument list in texts and, if pixels, pdftoppm draws every page of it
// once at zoneDPI; the output is cut back into each file's, and kept for
// cachedOutput to return. Starting poppler's programs is most of what they
// cost on a page of ours (bench/RESULTS.md): a test that reads a few
// hundred documents starts each program once, not a few hundred times.
//
// Each list of texts is the arguments cachedOutput is called with before
// the path and "-" ({"-layout", "-enc", "UTF-8"}); the first must give
// each page's text ended by a form feed (not -bbox), for the separators to
// be found. What is kept equals what a run on the file alone prints
// (TestReadAheadGivesWhatEachRunGives), except the head of -bbox's output,
// which is the merged file's: its title and metadata, which no test reads.
func readAhead(t *testing.T, paths []string, pixels bool, texts ...[]string) {
	t.Helper()
	if len(paths) == 0 {
		return
	}
	for key, out := range mergedOutputs(t, paths, pixels, texts...) {
		v, _ := readOutputs.LoadOrStore(key, &readOutput{})
		r := v.(*readOutput)
		r.once.Do(func() { r.out = out })
	}
}

// readAlready tells whether pdftotext has given, for a file of the given
// bytes, the text of every argument list in texts (an earlier test read it).
func readAlready(pdftotext string, sum [sha256.Size]byte, texts [][]string) bool {
	for _, a := range texts {
		if _, ok := readOutputs.Load(outputKey(pdftotext, sum, append(slices.Clone(a), "\x00file", "-")...)); !ok {
			return false
		}
	}
	return true
}

// outputKey is cachedOutput's key for bin run with args, where "\x00file"
// stands for the path of a file of the given bytes.
func outputKey(bin string, sum [sha256.Size]byte, args ...string) string {
	return strings.Join(append([]string{bin, string(sum[:])}, args...), "\x00")
}

// mergedOutputs runs what readAhead says and returns the outputs by
// cachedOutput's key.
func mergedOutputs(t *testing.T, paths []string, pixels bool, texts ...[]string) map[string][]byte {
	t.Helper()
	if len(texts) == 0 || slices.Contains(texts[0], "-bbox") {
		t.Fatal("readAhead: the first text must be split in pages by form feeds")
	}
	pdfunite := testtool.Need(t, "pdfunite", "poppler-utils")
	pdftotext := testtool.Need(t, "pdftotext", "poppler-utils")
	dir := t.TempDir()
	var sep bytes.Buffer
	if err := PDF(&sep, documents.Document{Name: "separateur", Blocks: []documents.Block{documents.Paragraph{Text: separatorMark}}}, fixed); err != nil {
		t.Fatal(err)
	}
	sepPath := filepath.Join(dir, "separateur.pdf")
	if err := os.WriteFile(sepPath, sep.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var sums [][sha256.Size]byte
	var args []string
	seen := map[[sha256.Size]byte]bool{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		// A file read in these modes already is not read again (with
		// pixels, it is: which of its pages were drawn is not known).
		if !seen[sum] && (pixels || !readAlready(pdftotext, sum, texts)) {
			sums = append(sums, sum)
			args = append(args, sepPath, p)
		}
		seen[sum] = true
	}
	if len(sums) == 0 {
		return nil
	}
	merged := filepath.Join(dir, "fusion.pdf")
	if out, err := exec.Command(pdfunite, append(args, merged)...).CombinedOutput(); err != nil {
		t.Fatalf("pdfunite (merging %d files): %v\n%s", len(sums), err, out)
	}

	// Each program once over the merged file, at the same time.
	outs := make([][]byte, len(texts))
	errs := make([]error, len(texts)+1)
	var wg sync.WaitGroup
	for i, a := range texts {
		wg.Go(func() {
			outs[i], errs[i] = exec.Command(pdftotext, append(slices.Clone(a), merged, "-")...).Output()
		})
	}
	var pdftoppm string
	if pixels {
		pdftoppm = testtool.Need(t, "pdftoppm", "poppler-utils")
		wg.Go(func() {
			errs[len(texts)] = exec.Command(pdftoppm, "-gray", "-r", strconv.Itoa(zoneDPI), merged, filepath.Join(dir, "p")).Run()
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("poppler on %d merged files: %v", len(sums), err)
	}

	// Where each file's pages lie in the merged one, from the first text.
	pages := strings.SplitAfter(string(outs[0]), "\f")
	pages = pages[:len(pages)-1] // after the last form feed
	var first, count []int       // by file, from 0, separators left out
	for i, p := range pages {
		if strings.Contains(p, separatorMark) {
			first, count = append(first, i+1), append(count, 0)
		} else if len(count) > 0 {
			count[len(count)-1]++
		}
	}
	if len(first) != len(sums) || first[0] != 1 {
		t.Fatalf("readAhead: %d separators found in the merged file of %d files", len(first), len(sums))
	}

	kept := map[string][]byte{}
	for k, a := range texts {
		var pp []string
		head, tail := "", ""
		if slices.Contains(a, "-bbox") {
			s := string(outs[k])
			start, end := strings.Index(s, "  <page "), strings.LastIndex(s, "  </page>\n")
			if start < 0 || end < 0 {
				t.Fatalf("pdftotext %v: no page in the merged file", a)
			}
			head, tail = s[:start], s[end+len("  </page>\n"):]
			pp = strings.SplitAfter(s[start:end+len("  </page>\n")], "  </page>\n")
			pp = pp[:len(pp)-1]
		} else {
			pp = strings.SplitAfter(string(outs[k]), "\f")
			pp = pp[:len(pp)-1]
		}
		if len(pp) != len(pages) {
			t.Fatalf("pdftotext %v: %d pages in the merged file, %d with %v", a, len(pp), len(pages), texts[0])
		}
		for f, sum := range sums {
			key := outputKey(pdftotext, sum, append(slices.Clone(a), "\x00file", "-")...)
			kept[key] = []byte(head + strings.Join(pp[first[f]:first[f]+count[f]], "") + tail)
		}
	}
	if pixels {
		digits := len(strconv.Itoa(len(pages)))
		for f, sum := range sums {
			for n := range count[f] {
				img, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("p-%0*d.pgm", digits, first[f]+n+1)))
				if err != nil {
					t.Fatal(err)
				}
				page := strconv.Itoa(n + 1)
				kept[outputKey(pdftoppm, sum, "-gray", "-r", strconv.Itoa(zoneDPI), "-f", page, "-l", page, "\x00file")] = img
			}
		}
	}
	return kept
}
