package testtool

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// moduleRoot is the repository's root, two levels above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s: %v", root, err)
	}
	return root
}

// literalFaults is TypoFaults for a Go string literal, which may also be
// code: an SQL placeholder ("numero = ?", "LIKE ?", "(?, ?)") and "!=" are
// not punctuation, and a colon glued to its word is left to the tests of
// the messages themselves (English wrapping contexts and log lines have
// them: "render grille %s: %w").
func literalFaults(s string) []string {
	var out []string
	r := []rune(s)
	for i, c := range r {
		var prev, next rune
		if i > 0 {
			prev = r[i-1]
		}
		if i+1 < len(r) {
			next = r[i+1]
		}
		before := strings.TrimRight(string(r[max(0, i-6):i]), " ")
		fault := false
		switch c {
		case '«':
			fault = next != '\u00a0'
		case '»':
			fault = prev != '\u00a0'
		case ':':
			fault = prev == ' ' || prev == '\t'
		case ';', '!', '?':
			code := (c == '!' && next == '=') ||
				(c == '?' && (strings.HasSuffix(before, "=") || strings.HasSuffix(before, "LIKE") || strings.HasSuffix(before, ",") || strings.HasSuffix(before, "(") ||
					(next >= 'a' && next <= 'z')))
			fault = !code && (prev == ' ' || prev == '\t' || prev == '\u00a0')
		}
		if fault {
			out = append(out, string(r[max(0, i-20):min(len(r), i+10)]))
		}
	}
	return append(out, countedPlurals(s)...)
}

// Every string literal of certidoc's Go code (tests, bench/ and the
// vendored fpdf aside) carries its no-break spaces: messages are fixed at
// their source. fr/typo.go is the one exception: its replacer's patterns
// are the faults it repairs.
func TestGoLiteralsTypography(t *testing.T) {
	root := moduleRoot(t)
	files := 0
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			switch rel {
			case ".git", "third_party", "bench":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || rel == filepath.Join("fr", "typo.go") {
			return nil
		}
		files++
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if bl, ok := n.(*ast.BasicLit); ok && bl.Kind == token.STRING {
				if s, err := strconv.Unquote(bl.Value); err == nil {
					for _, fault := range literalFaults(s) {
						t.Errorf("%s: %q", fset.Position(bl.Pos()), fault)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("only %d Go files scanned: the walk is broken", files)
	}
}

var (
	jsComment = regexp.MustCompile(`(?m)^\s*//.*$|/\*[\s\S]*?\*/`)
	jsString  = regexp.MustCompile("\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*'|`(?:[^`\\\\]|\\\\.)*`")
	jsExpr    = regexp.MustCompile(`\$\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}`)
	jsEscape  = regexp.MustCompile(`\\u([0-9a-fA-F]{4})`)
)

// jsTexts returns the text of every string literal of a script, template
// literals without their ${…} (whose own strings are returned apart).
func jsTexts(src string) []string {
	var out []string
	for _, lit := range jsString.FindAllString(jsComment.ReplaceAllString(src, ""), -1) {
		body := lit[1 : len(lit)-1]
		if lit[0] == '`' {
			for _, e := range jsExpr.FindAllString(body, -1) {
				out = append(out, jsTexts(e[2:len(e)-1])...)
			}
			body = jsExpr.ReplaceAllString(body, "x")
		}
		out = append(out, jsEscape.ReplaceAllStringFunc(body, func(m string) string {
			n, _ := strconv.ParseUint(m[2:], 16, 32)
			return string(rune(n))
		}))
	}
	return out
}

// The page's texts, in its HTML and in the strings of its scripts.
func TestWebAssetsTypography(t *testing.T) {
	for _, p := range webFiles(t, "*.js") {
		texts := jsTexts(p.src)
		if len(texts) < 30 {
			t.Fatalf("only %d strings in %s: the extraction is broken", len(texts), p.name)
		}
		for _, s := range texts {
			CheckTypo(t, p.name, s)
		}
	}
	for _, p := range webFiles(t, "*.html") {
		CheckTypo(t, p.name, HTMLText(p.src))
	}
}

// webFile is one file of the page (api/web).
type webFile struct{ name, src string }

// webFiles reads the page's files that match pattern: two at least.
func webFiles(t *testing.T, pattern string) []webFile {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(moduleRoot(t), "api", "web", pattern))
	if len(paths) < 2 {
		t.Fatalf("%s: %v", pattern, paths)
	}
	var out []webFile
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, webFile{filepath.Base(p), string(src)})
	}
	return out
}

// jsCountJoined finds, in a template literal, a count written by ${…} and
// joined to the noun it counts by a plain space, which a line may break:
// « 16 documents » needs a no-break space, as nombre() writes it. The nouns
// are those the page counts; a ${…} followed by any other word (« la
// session ${r.session} enregistrera ») is not a count.
var jsCountJoined = regexp.MustCompile(`\$\{[^{}]*\} (?:candidats?|documents?|faits?|problèmes?|points?|feuilles?|séances?|titulaires?|premiers)\b`)

// The page's scripts write a count and its noun with a no-break space.
func TestWebAssetsCounts(t *testing.T) {
	for _, p := range webFiles(t, "*.js") {
		for _, m := range jsCountJoined.FindAllString(p.src, -1) {
			t.Errorf("%s: %q joins a count to its noun by a plain space: write \\u00a0 (or nombre())", p.name, m)
		}
	}
	if !jsCountJoined.MatchString("`${n} candidats ne peuvent`") || jsCountJoined.MatchString("`${nombre(n, \"candidat\", \"candidats\")}`") {
		t.Error("jsCountJoined does not see what it is written for")
	}
}

// The extraction must see what it is written for.
func TestWebExtraction(t *testing.T) {
	got := jsTexts("// a comment : here\nf(\"Erreur : x\", `Total\\u00a0: ${n ? \"un\" : \"deux ;\"} fin`, 'a ?');")
	want := []string{"Erreur : x", "un", "deux ;", "Total\u00a0: x fin", "a ?"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("jsTexts = %q, want %q", got, want)
	}
	h := HTMLText(`<p title="Aide : ici">Texte&#160;: <b>un</b> ; {{.X}}</p><script>x ? y : z</script>`)
	if n := len(TypoFaults(h)); n != 2 {
		t.Errorf("htmlText = %q: %d faults, want 2 (the title, the semicolon)", h, n)
	}
}
