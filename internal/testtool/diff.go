package testtool

import (
	"fmt"
	"strings"
)

// FirstDifference shows the first line where two texts differ, with its
// number: what a test says when a text is not the one it expects.
func FirstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d\n  want: %q\n  got:  %q", i+1, wl, gl)
		}
	}
	return "(same lines, different endings)"
}
