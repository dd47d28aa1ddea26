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

func TestEntier(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1\u202f000", 47_000_000: "47\u202f000\u202f000", -12345: "-12\u202f345"} {
		if got := Entier(n); got != want {
			t.Errorf("Entier(%d) = %q, want %q", n, got, want)
		}
	}
}
