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
	for _, c := range []struct {
		n    int
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1\u202f000"}, {49_999, "49\u202f999"}, {1_200_000, "1\u202f200\u202f000"}, {-5400, "-5\u202f400"},
	} {
		if got := Entier(c.n); got != c.want {
			t.Errorf("Entier(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
