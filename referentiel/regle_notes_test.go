package referentiel

import "testing"

func d(s string) Decimal {
	v, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return v
}

func notes(pairs ...string) []NoteEpreuve {
	var out []NoteEpreuve
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, NoteEpreuve{Note: d(pairs[i]), Coefficient: d(pairs[i+1])})
	}
	return out
}

// The average is exact, then rounded to two decimals as the rule says, and
// the rounded average is what reaches the threshold or not.
func TestMoyenneRounding(t *testing.T) {
	yes, no := true, false
	for _, c := range []struct {
		name, arrondi string
		notes         []NoteEpreuve
		want          string
		validated     bool
	}{
		{"exactly the threshold", ArrondiPlusProche, notes("10", "1", "10", "1"), "10,00", true},
		{"9.995 rounds up to 10.00", ArrondiPlusProche, notes("9.99", "1", "10", "1"), "10,00", true},
		{"9.994 rounds down", ArrondiPlusProche, notes("9.99", "3", "10", "2"), "9,99", false},
		{"9.9949… rounds down", ArrondiPlusProche, notes("9.99", "3", "10", "2.99"), "9,99", false},
		{"9.995 cut at the hundredth", ArrondiInferieur, notes("9.99", "1", "10", "1"), "9,99", false},
		{"10.0 cut stays 10.00", ArrondiInferieur, notes("10", "2", "10", "1"), "10,00", true},
		{"weights: (2×12.5 + 9.75) / 3 = 11.583…", ArrondiPlusProche, notes("12.5", "2", "9.75", "1"), "11,58", true},
		{"weights 1.5: 42.375 / 4.5 = 9.4166…", ArrondiPlusProche, notes("9", "2", "10.5", "1", "9.25", "1.5"), "9,42", false},
		{"default rounding is to the nearest", "", notes("9.99", "1", "10", "1"), "10,00", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := RegleBloc{Type: RegleMoyennePonderee, Seuil: d("10"), Compensation: &yes, Arrondi: c.arrondi}
			got, ok := r.Moyenne(c.notes)
			if !ok || got.Deux() != c.want {
				t.Errorf("Moyenne: got %s (%v), want %s", got.Deux(), ok, c.want)
			}
			if v := r.ProposeNotes(c.notes); v != c.validated {
				t.Errorf("ProposeNotes: got %v, want %v", v, c.validated)
			}
		})
	}
	_ = no
}

// An eliminatory mark fails the bloc whatever the average; without
// compensation, every mark must reach the threshold.
func TestProposeNotesEliminatoireCompensation(t *testing.T) {
	yes, no := true, false
	six := d("6")
	for _, c := range []struct {
		name         string
		compensation *bool
		notes        []NoteEpreuve
		want         bool
	}{
		{"compensated: 8.5 and 14", &yes, notes("8.5", "2", "14", "1.5"), true},
		{"not compensated: 8.5 fails", &no, notes("8.5", "2", "14", "1.5"), false},
		{"not compensated: all above", &no, notes("10", "2", "14", "1.5"), true},
		{"eliminatory 5.75 < 6 with an average of 17", &yes, []NoteEpreuve{{Note: d("20"), Coefficient: d("5")}, {Note: d("5.75"), Coefficient: d("1"), Eliminatoire: &six}}, false},
		{"the eliminatory mark itself is not below", &yes, []NoteEpreuve{{Note: d("14"), Coefficient: d("1")}, {Note: d("6"), Coefficient: d("1"), Eliminatoire: &six}}, true},
		{"no mark proposes nothing", &yes, nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := RegleBloc{Type: RegleMoyennePonderee, Seuil: d("10"), Compensation: c.compensation}
			if got := r.ProposeNotes(c.notes); got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestParseDecimal(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"12,5", 1250, true}, {"12.5", 1250, true}, {"12", 1200, true}, {" 9,75 ", 975, true},
		{"0,05", 5, true}, {",5", 50, true}, {"-1,5", -150, true}, {"20\u00a0", 2000, true},
		{"12,345", 0, false}, {"1 000", 0, false}, {"12,", 0, false}, {"douze", 0, false}, {"", 0, false}, {"1.2.3", 0, false}, {"1e2", 0, false},
	} {
		got, err := ParseDecimal(c.in)
		if (err == nil) != c.ok || (c.ok && got.Centiemes() != c.want) {
			t.Errorf("ParseDecimal(%q): got %d, %v; want %d, ok=%v", c.in, got.Centiemes(), err, c.want, c.ok)
		}
	}
	for in, want := range map[Decimal]string{1250: "12,5", 1000: "10", 975: "9,75", 5: "0,05"} {
		if got := in.Francais(); got != want {
			t.Errorf("Francais(%d): got %s, want %s", in, got, want)
		}
	}
}
