package generator

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"certidoc/documents"
	"certidoc/internal/testtool"
	"certidoc/session"
)

type exempleT struct {
	sess  *session.Session
	rep   *session.Report
	delib *session.Resultats
}

func loadExemple(t testing.TB, edit func(string) string) exempleT {
	t.Helper()
	return loadSession(t, "../testdata/session-exemple.json", edit)
}

// loadSession reads a session file, edited by edit when not nil, and
// deliberates it.
func loadSession(t testing.TB, file string, edit func(string) string) exempleT {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		data = []byte(edit(string(data)))
	}
	r := embedded(t)
	s, rep, err := session.Parse(data, r, Font())
	if err != nil {
		t.Fatal(err)
	}
	return exempleT{s, rep, session.Deliberer(r, s)}
}

// dossierFiles renders the example's dossier and unpacks it in a folder.
func dossierFiles(t *testing.T, ex exempleT) (string, []documents.Entry) {
	t.Helper()
	entries := slices.Collect(documents.Dossier(embedded(t), ex.sess, ex.delib, ex.rep.Avertissements, nil, nil))
	var buf bytes.Buffer
	if err := Zip(context.Background(), &buf, slices.Values(entries), []Format{FormatPDF}, fixed, 0, nil); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range zr.File {
		if strings.Contains(f.Name, "..") || strings.HasPrefix(f.Name, "/") {
			t.Fatalf("unsafe name in the ZIP: %s", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, entries
}

func TestDossierOfTheExample(t *testing.T) {
	t.Parallel()
	ex := loadExemple(t, nil)
	dir, entries := dossierFiles(t, ex)
	qpdf := testtool.Need(t, "qpdf", "qpdf")

	// Every file is a sound PDF.
	var attestations, parchemins []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == documents.AvertissementsName {
			return nil
		}
		if out, err := exec.Command(qpdf, "--check", p).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check %s: %v\n%s", p, err, out)
		}
		switch {
		case strings.Contains(rel, "/attestation-"):
			attestations = append(attestations, rel)
		case strings.HasSuffix(rel, "/parchemin.pdf"):
			parchemins = append(parchemins, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 63 || documents.DossierCount(embedded(t), ex.sess, ex.delib) != 62 {
		t.Errorf("%d entries, want AVERTISSEMENTS.txt and 62 documents", len(entries))
	}
	// The référentiel's unverified decision date is said at the root.
	txt, err := os.ReadFile(filepath.Join(dir, documents.AvertissementsName))
	if err != nil || !strings.Contains(string(txt), "certification.date_decision_france_competences") || !strings.Contains(string(txt), "26/01/2022") {
		t.Errorf("AVERTISSEMENTS.txt: %v\n%s", err, txt)
	}

	// As many attestations as blocs validated this session.
	validated := 0
	for i := range ex.delib.Candidats {
		validated += len(ex.delib.Candidats[i].Valides())
	}
	if len(attestations) != validated || validated != 14 {
		t.Errorf("%d attestations for %d blocs validated (want 14)", len(attestations), validated)
	}
	// Parchemins exactly for those who hold all 5 blocs.
	want := []string{"candidats/2022-001-lefevre-oeuvray-elodie-marie/parchemin.pdf", "candidats/2022-002-de-la-roche-vidal-anselme/parchemin.pdf"}
	if strings.Join(parchemins, ",") != strings.Join(want, ",") {
		t.Errorf("parchemins: got %v, want %v", parchemins, want)
	}
}

func TestPVText(t *testing.T) {
	ex := loadExemple(t, nil)
	d := documents.PV(embedded(t), ex.sess, ex.delib, nil)
	text := normalize(pdftotext(t, renderPDF(t, d), "-raw"))
	for _, c := range ex.sess.Candidats {
		if !strings.Contains(text, normalize(c.NomComplet())) {
			t.Errorf("PV lacks candidate %q", c.NomComplet())
		}
		// each birth date, so that homonyms are told apart
		if !strings.Contains(text, c.Naissance.Date.Courte()) {
			t.Errorf("PV lacks the birth date of %s (%s)", c.Numero, c.Naissance.Date.Courte())
		}
	}
	// the birth name beside the usage name, agreed by sex
	if !strings.Contains(text, "Inès GOULARD née BAPTISTE le 29/02/1988") {
		t.Error("PV lacks « Inès GOULARD née BAPTISTE le 29/02/1988 »")
	}
	for _, m := range ex.sess.Jury {
		if !strings.Contains(text, strings.ToUpper(m.Nom)) || !strings.Contains(text, m.Organisation) {
			t.Errorf("PV lacks jury member %s %s", m.Prenom, m.Nom)
		}
	}
	for _, want := range []string{"Procès-verbal de délibération du jury", "RNCP36128", "CISP-2022-02", "24 novembre 2022 à 14 h 30",
		"Certification totale", "Validation partielle", "Non admission", "Absente", "Décision : VALIDÉ *",
		"Le jury estime que la soutenance", "Préconisations du jury", "coupure d’électricité", "2 certifications totales",
		"Paraphe de la présidente du jury", "la présidente signe en dernier", "Présidente du jury"} {
		if !strings.Contains(text, normalize(want)) {
			t.Errorf("PV lacks %q", want)
		}
	}
	if strings.Contains(text, "préparatoire") {
		t.Error("a PV with every decision says it is preparatory")
	}
	// The président signs last: her block comes after every other member's.
	last := strings.LastIndex(text, "Membre du jury –")
	if pres := strings.LastIndex(text, "Présidente du jury –"); pres < last {
		t.Error("the président does not sign last")
	}
}

func TestPVPreparatoire(t *testing.T) {
	ex := loadExemple(t, func(s string) string {
		// The jury has not decided yet: no decisions at all.
		return strings.NewReplacer(`"decision": "valide"`, `"decision": ""`, `"decision": "non_valide"`, `"decision": ""`, `"decision": "absent"`, `"decision": ""`).Replace(s)
	})
	d := documents.PV(embedded(t), ex.sess, ex.delib, nil)
	text := normalize(pdftotext(t, renderPDF(t, d), "-raw"))
	for _, want := range []string{"document préparatoire", "Proposé : validé Décision :", "Proposé : certification totale", "Proposé : à établir"} {
		if !strings.Contains(text, want) {
			t.Errorf("preparatory PV lacks %q", want)
		}
	}
	for e := range documents.Dossier(embedded(t), ex.sess, ex.delib, nil, nil, nil) {
		if strings.HasPrefix(e.Doc.Name, "attestation") || e.Doc.Name == "parchemin" || e.Doc.Name == "notification" {
			t.Errorf("%s/%s made before the jury decided", e.Dir, e.Doc.Name)
		}
	}
}

func TestParcheminMentions(t *testing.T) {
	ex := loadExemple(t, nil)
	r := embedded(t)
	c := &ex.sess.Candidats[0]
	path := renderPDF(t, documents.Parchemin(r, ex.sess, c, nil, nil))
	text := normalize(pdftotext(t, path, "-raw"))
	for _, want := range []string{
		"enregistrée au Répertoire national des certifications professionnelles sous le numéro RNCP36128",
		"par décision du directeur général de France compétences en date du 26 janvier 2022",
		"CENTRE RESSOURCES AROBASE",
		"Coordinateur(trice) de parcours d’insertion sociale et professionnelle",
		"de niveau 5 dans la nomenclature nationale des niveaux de qualification",
		"niveau 5 du cadre européen des certifications",
		"code NSF 332t",
		"Madame Élodie Marie LEFÈVRE-ŒUVRAY",
		"née le 17 avril 1991 à Villeurbanne (69)",
		"Fait à Lyon, le 24 novembre 2022",
		"Danièle Marchand-Royer",
		"Directrice",
	} {
		if !strings.Contains(strings.ToLower(text), strings.ToLower(normalize(want))) {
			t.Errorf("parchemin lacks %q", want)
		}
	}
	for _, banned := range []string{"sous réserve", "en cours"} {
		if strings.Contains(strings.ToLower(text), banned) {
			t.Errorf("parchemin says %q, which France compétences forbids", banned)
		}
	}
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte("/Subtype /Image")) {
		t.Error("parchemin carries an image (no logo is allowed)")
	}
}

func TestAttestationText(t *testing.T) {
	ex := loadExemple(t, nil)
	r := embedded(t)
	b, _ := r.Bloc("B")
	c := &ex.sess.Candidats[3] // Théo N’Guessan, born abroad
	text := normalize(pdftotext(t, renderPDF(t, documents.Attestation(r, ex.sess, b, c, nil, nil)), "-raw"))
	for _, want := range []string{"Attestation de validation d’un bloc de compétences", "Bloc B – RNCP36128BC02",
		"Cette attestation porte sur ce seul bloc", "Monsieur Théo N’GUESSAN", "né le 14 juillet 2000 à Abidjan (Côte d’Ivoire)",
		"par décision du jury de certification du 24 novembre 2022", "en date du 26 janvier 2022", "acquis à vie", "Compétences attestées"} {
		if !strings.Contains(text, normalize(want)) {
			t.Errorf("attestation lacks %q", want)
		}
	}
	for _, a := range b.Activites {
		for _, comp := range a.Competences {
			if !strings.Contains(text, normalize(comp.Code+" – "+comp.Intitule)) {
				t.Errorf("attestation lacks compétence %s", comp.Code)
			}
		}
	}
}

func TestNotificationText(t *testing.T) {
	ex := loadExemple(t, nil)
	r := embedded(t)
	rc := &ex.delib.Candidats[2] // Nadia L’Hermitte: partial
	text := normalize(pdftotext(t, renderPDF(t, documents.Notification(r, ex.sess, rc, nil)), "-raw"))
	for _, want := range []string{"Madame Nadia L’HERMITTE", "Objet : résultats de la session CISP-2022-02", "Validé", "Non validé",
		"Vous avez validé les blocs A, B et C", "acquis à vie", "il vous reste à valider les blocs D et E",
		"Préconisations du jury", "reprendre l’analyse APST"} {
		if !strings.Contains(text, normalize(want)) {
			t.Errorf("notification lacks %q", want)
		}
	}
}

func TestGrilleRemplieText(t *testing.T) {
	ex := loadExemple(t, nil)
	r := embedded(t)
	b, _ := r.Bloc("E")
	e, _ := b.Epreuve(1)
	c := &ex.sess.Candidats[2]
	text := normalize(pdftotext(t, renderPDF(t, documents.GrilleRemplie(r, b, e, c)), "-raw"))
	for _, want := range []string{"Nadia L’HERMITTE (n° 2022-003)", "08/11/2022", "Mémoire < 25 pages & sans fil conducteur : à reprendre.",
		"Le mémoire ne rend pas compte de la mission réalisée.", "Karim BENALI-DUFOUR", "Julien CARADEC", "Candidate – nom et prénom"} {
		if !strings.Contains(text, normalize(want)) {
			t.Errorf("completed grid lacks %q", want)
		}
	}
}

func TestZipDeterministicAndStoppable(t *testing.T) {
	ex := loadExemple(t, nil)
	// AVERTISSEMENTS.txt and 3 documents: progress counts the documents.
	entries := slices.Values(slices.Collect(documents.Dossier(embedded(t), ex.sess, ex.delib, nil, nil, nil))[:4])
	var a, b bytes.Buffer
	if err := Zip(context.Background(), &a, entries, []Format{FormatPDF}, fixed, 1, nil); err != nil {
		t.Fatal(err)
	}
	calls := 0
	if err := Zip(context.Background(), &b, entries, []Format{FormatPDF}, fixed, 4, func(done int) { calls++ }); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same dossier gave different bytes")
	}
	if calls != 3 {
		t.Errorf("progress called %d times, want 3", calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Zip(ctx, &bytes.Buffer{}, entries, []Format{FormatPDF}, fixed, 2, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
	if err := Zip(context.Background(), &failingWriter{room: 1000}, entries, []Format{FormatPDF}, fixed, 2, nil); err == nil {
		t.Error("failing writer: no error")
	}
}

// BenchmarkDossierWorkers makes the example's dossier (62 PDF) with one
// worker and with two, reporting documents per second: on a 2-core
// machine, two workers should come close to twice one.
func BenchmarkDossierWorkers(b *testing.B) {
	ex := loadExemple(b, nil)
	entries := documents.Dossier(embedded(b), ex.sess, ex.delib, nil, nil, nil)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			docs := 0
			for b.Loop() {
				if err := Zip(context.Background(), io.Discard, entries, []Format{FormatPDF}, fixed, workers, func(n int) { docs++ }); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

func BenchmarkDossierExemple(b *testing.B) {
	ex := loadExemple(b, nil)
	entries := documents.Dossier(embedded(b), ex.sess, ex.delib, nil, nil, nil)
	b.ReportAllocs()
	for b.Loop() {
		if err := Zip(context.Background(), io.Discard, entries, []Format{FormatPDF}, fixed, 0, nil); err != nil {
			b.Fatal(err)
		}
	}
}
