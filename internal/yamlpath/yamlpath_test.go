package yamlpath

import (
	"testing"

	"gopkg.in/yaml.v3"
)

func TestFormatAndLine(t *testing.T) {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte("code: X\nblocs:\n  - lettre: A\n    epreuves:\n      - id: A-1\n"), &root); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path []any
		text string
		line int
	}{
		{nil, "", 1},
		{[]any{"blocs", 0, "epreuves", 0, "id"}, "blocs[0].epreuves[0].id", 5},
		{[]any{"blocs", 0, "absent"}, "blocs[0].absent", 3},
		{[]any{"blocs", 7}, "blocs[7]", 3},
	} {
		if got := Format(c.path); got != c.text {
			t.Errorf("Format(%v) = %q, want %q", c.path, got, c.text)
		}
		if got := Line(&root, c.path); got != c.line {
			t.Errorf("Line(%v) = %d, want %d", c.path, got, c.line)
		}
	}
	if Line(nil, []any{"code"}) != 0 {
		t.Error("Line without a tree: want 0")
	}
}
