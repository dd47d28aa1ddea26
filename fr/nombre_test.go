package fr

import "testing"

func TestNombre(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{
		{0, "0 problème"}, {1, "1 problème"}, {2, "2 problèmes"}, {1000, "1000 problèmes"},
	} {
		if got := Nombre(c.n, "problème", "problèmes"); got != c.want {
			t.Errorf("Nombre(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
