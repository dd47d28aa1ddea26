package api

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"certidoc/fr"
	"certidoc/verification"
)

// TestVerifierPageFast: the page cut at its strings gives the bytes the
// template gives, for every outcome and for strings html/template escapes.
func TestVerifierPageFast(t *testing.T) {
	hostile := "<script>alert('x')</script> & \"Zoé\" + 1\x00 \uE000A\uE001 %EE%80%80"
	facts := verification.Facts{Kind: verification.Parchemin, Titulaire: "Mme Zoé FICTIVE", Code: "RNCP36128", Date: "2022-11-24", Numero: "CISP-2022-02-2022-001-CERT"}
	base := verifierPage{Sigle: "CISP", Certificateur: "Organisme Fictif"}
	genuine := base
	genuine.Genuine, genuine.Facts, genuine.Kind, genuine.What, genuine.Title, genuine.Date, genuine.Code =
		true, facts, "Parchemin", "Certification", "Conseiller en insertion", "24 novembre 2022", "ABCDE-FGHJK"
	revoked := genuine
	revoked.Genuine, revoked.Revoked, revoked.RevokedOn = false, true, "25 novembre 2026"
	signed := genuine
	signed.Code = ""
	hostilePage := revoked
	for _, s := range []*string{&hostilePage.Facts.Titulaire, &hostilePage.Facts.Numero, &hostilePage.Facts.Code, &hostilePage.Title, &hostilePage.RevokedOn, &hostilePage.Code, &hostilePage.Certificateur, &hostilePage.Sigle} {
		*s = hostile
	}
	hostileGenuine := hostilePage
	hostileGenuine.Revoked, hostileGenuine.Genuine = false, true
	disabled, unavailable, unavailableMsg := base, base, base
	disabled.Disabled = true
	unavailable.Unavailable = true
	unavailableMsg.Unavailable, unavailableMsg.Message = true, "registre endommagé"
	emptyName := genuine
	emptyName.Facts.Titulaire = ""

	tests := []struct {
		name string
		page verifierPage
	}{
		{"unknown", base},
		{"genuine", genuine},
		{"revoked", revoked},
		{"signed code", signed},
		{"hostile revoked", hostilePage},
		{"hostile genuine", hostileGenuine},
		{"disabled", disabled},
		{"unavailable", unavailable},
		{"unavailable with a message", unavailableMsg},
		{"empty holder", emptyName},
	}
	pages := &verifierPages{tmpl: verifierTemplate}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want bytes.Buffer
			if err := verifierTemplate.Execute(&want, tt.page); err != nil {
				t.Fatal(err)
			}
			for range 2 { // the shape made, then the shape kept
				got, err := pages.render(nil, &tt.page)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want.Bytes()) {
					t.Fatalf("fast page differs from the template's:\ngot  %s\nwant %s", got, want.Bytes())
				}
			}
		})
	}
	// The same page with other strings of the same shape.
	other := genuine
	other.Facts.Titulaire, other.Code = "M. Jean FICTIF", "ZZZZZ-ZZZZZ"
	var want bytes.Buffer
	verifierTemplate.Execute(&want, other)
	if got, _ := pages.render(nil, &other); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("second page of one shape:\ngot  %s\nwant %s", got, want.Bytes())
	}
}

// TestVerifierPageFields: every string of a verification page is one the
// fast page writes (field), each once: a string it did not know would be
// kept in the first page's shape and shown on every page of that shape.
func TestVerifierPageFields(t *testing.T) {
	var p verifierPage
	seen := map[*string]int{}
	for i := range pageStrings {
		f := p.field(i)
		if j, ok := seen[f]; ok {
			t.Errorf("field(%d) is field(%d)", i, j)
		}
		seen[f] = i
	}
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		for i := range v.NumField() {
			f, name := v.Field(i), path+v.Type().Field(i).Name
			switch f.Kind() {
			case reflect.String:
				if _, ok := seen[f.Addr().Interface().(*string)]; !ok {
					t.Errorf("%s is not a field of the fast page", name)
				}
			case reflect.Struct:
				walk(f, name+".")
			}
		}
	}
	walk(reflect.ValueOf(&p).Elem(), "")
}

// TestLongDates: a date kept reads as fr writes it out, the first time
// and the next, for a first of the month, a date fr cannot read and no
// date; past the bound, dates are still written out.
func TestLongDates(t *testing.T) {
	var d longDates
	for _, iso := range []string{"2022-11-24", "2026-12-01", "24/11/2022", "", "2022-02-30"} {
		want := fr.DateText(iso).Longue()
		for range 2 {
			if got := d.long(iso); got != want {
				t.Errorf("long(%q) = %q, want %q", iso, got, want)
			}
		}
	}
	day := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range longDatesKept + 10 {
		iso := day.AddDate(0, 0, i).Format(time.DateOnly)
		if got, want := d.long(iso), fr.DateText(iso).Longue(); got != want {
			t.Fatalf("long(%q) = %q, want %q", iso, got, want)
		}
	}
	if len(d.m) != longDatesKept {
		t.Errorf("%d dates kept, want %d", len(d.m), longDatesKept)
	}
}
