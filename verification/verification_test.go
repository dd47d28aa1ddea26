package verification

import (
	"errors"
	"strings"
	"testing"
)

var (
	key1 = strings.Repeat("k", 32) + "-une-clé-de-test-fictive"
	key2 = strings.Repeat("n", 40) + "-la-nouvelle-clé-de-test"
	f    = Facts{Kind: Parchemin, Titulaire: "Élodie Marie LEFÈVRE-ŒUVRAY", Code: "RNCP36128", Date: "2026-11-24", Numero: "CISP-2026-02-2026-001-CERT"}
)

func TestSignVerify(t *testing.T) {
	k, err := NewKeys(key1, nil)
	if err != nil {
		t.Fatal(err)
	}
	code := k.Sign(f)
	got, err := k.Verify(code)
	if err != nil || got != f {
		t.Fatalf("got %+v, %v", got, err)
	}
	if k.Sign(f) != code {
		t.Error("the same facts give another code")
	}
}

// One character of the code, or one fact behind it, changed: refused.
func TestAlteredCode(t *testing.T) {
	k, _ := NewKeys(key1, nil)
	code := k.Sign(f)
	for i := 0; i < len(code); i += 7 {
		b := []byte(code)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		if _, err := k.Verify(string(b)); !errors.Is(err, ErrUnknown) {
			t.Errorf("code altered at %d verifies", i)
		}
	}
	other := f
	other.Date = "2026-11-25"
	if k.Sign(other) == code {
		t.Error("another decision date gives the same code")
	}
	forged, _ := NewKeys(strings.Repeat("z", 32), nil)
	if _, err := k.Verify(forged.Sign(f)); !errors.Is(err, ErrUnknown) {
		t.Error("a code made with another key verifies")
	}
	for _, junk := range []string{"", "!!!", "AAAA", strings.Repeat("A", 200)} {
		if _, err := k.Verify(junk); !errors.Is(err, ErrUnknown) {
			t.Errorf("%q verifies", junk)
		}
	}
}

func TestRotation(t *testing.T) {
	old, _ := NewKeys(key1, nil)
	code := old.Sign(f)
	rotated, err := NewKeys(key2, []string{key1})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Verify(code); err != nil || got != f {
		t.Errorf("a code of the old key no longer verifies: %v", err)
	}
	if rotated.Sign(f) == code {
		t.Error("the new key signs like the old one")
	}
	dropped, _ := NewKeys(key2, nil)
	if _, err := dropped.Verify(code); !errors.Is(err, ErrUnknown) {
		t.Error("a code of a dropped key verifies")
	}
}

func TestKeyTooShort(t *testing.T) {
	if _, err := NewKeys("court", []string{"aussi-court"}); !errors.Is(err, ErrKey) || !strings.Contains(err.Error(), "--cles-verification-anciennes") {
		t.Errorf("got %v", err)
	}
	// The operator reads French only: no sentinel's English words.
	_, err := NewKeys("court", nil)
	if want := "--cle-verification\u00a0: clé de 5 caractères, 32 au moins"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %q, want it to start with %q", err, want)
	}
}

func FuzzVerify(fz *testing.F) {
	k, _ := NewKeys(key1, nil)
	fz.Add(k.Sign(f))
	fz.Add("AAAA")
	fz.Fuzz(func(t *testing.T, code string) {
		got, err := k.Verify(code)
		if err == nil && k.Sign(got) != strings.TrimSpace(code) {
			// a genuine code is the one Sign makes for its facts
			t.Fatalf("verified a code that is not the signature of its facts: %q", code)
		}
	})
}

// Exactly one text verifies: no other last character (whose low bits a
// lenient decoder would ignore), no line break inside the code.
func TestOnlyTheExactCodeVerifies(t *testing.T) {
	k, _ := NewKeys(key1, nil)
	code := k.Sign(f)
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for _, c := range alphabet {
		other := code[:len(code)-1] + string(c)
		if other == code {
			continue
		}
		if _, err := k.Verify(other); err == nil {
			t.Errorf("last character %q also verifies", c)
		}
	}
	if _, err := k.Verify(code[:20] + "\r\n" + code[20:]); err == nil {
		t.Error("a code with a line break inside verifies")
	}
}
