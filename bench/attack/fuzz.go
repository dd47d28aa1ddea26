package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// fuzz sends n mutated sessions to random POST routes from workers
// clients at once, until the deadline.
func (a *attack) fuzz(n, workers int, seed uint64, deadline time.Time) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				rng := rand.New(rand.NewPCG(seed, uint64(i)))
				r := a.mutant(rng)
				r.group = "fuzz " + routeName(r.path)
				a.do(r)
			}
			_ = w
		}()
	}
	for i := range n {
		if time.Now().After(deadline) {
			a.fail("fuzz : temps écoulé après %d requêtes sur %d", i, n)
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

func routeName(p string) string {
	p = strings.TrimPrefix(p, "/api/v1/")
	if i := strings.IndexAny(p, "/?"); i >= 0 {
		p = p[:i]
	}
	return p
}

// mutant returns one request: a route, its query, and the example session
// changed by a few random mutations, sometimes as a multipart upload.
func (a *attack) mutant(rng *rand.Rand) req {
	nums := []string{a.numero(0), a.numero(1), a.numero(2), "9999", "", "../x", "2022-001%00"}
	num := nums[rng.IntN(len(nums))]
	formats := []string{"pdf", "docx", "pdf,docx", "odt", "", "PDF", "pdf,pdf"}
	f := formats[rng.IntN(len(formats))]
	blocs := []string{"A", "B", "c", "RNCP36128BC05", "Z", ""}
	b := blocs[rng.IntN(len(blocs))]
	paths := []string{
		"/api/v1/valider", "/api/v1/proces-verbal?format=" + f, "/api/v1/grilles/" + b + "/1?candidat=" + num + "&format=" + f,
		"/api/v1/attestations/" + b + "?candidat=" + num, "/api/v1/parchemins?candidat=" + num + "&format=" + f,
		"/api/v1/notifications?candidat=" + num + "&format=" + f, "/api/v1/dossier?format=" + f, "/api/v1/classeur",
		"/api/v1/import", "/api/v1/resultats?format=" + []string{"csv", "xlsx", "ods"}[rng.IntN(3)], "/api/v1/accrochage",
	}
	path := paths[rng.IntN(len(paths))]
	if rng.IntN(3) == 0 { // the dossier is heavy: fewer of them
		path = paths[rng.IntN(len(paths)-1)]
	}
	body := a.sess
	// One mutation most of the time, so that many sessions stay valid and
	// reach the renderers; bytes are mutated a quarter of the time.
	for range 1 + rng.IntN(4)/3 {
		if rng.IntN(4) > 0 {
			body = mutateTree(rng, body)
		} else {
			body = mutateBytes(rng, body)
		}
	}
	ct := "application/json"
	switch rng.IntN(10) {
	case 0:
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("fichier", "s.json")
		fw.Write(body)
		w.Close()
		body, ct = buf.Bytes(), w.FormDataContentType()
		if rng.IntN(3) == 0 {
			body = body[:rng.IntN(len(body)+1)]
		}
	case 1:
		ct = []string{"text/plain", "application/octet-stream", "multipart/form-data", "", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[rng.IntN(5)]
	}
	return req{method: "POST", path: path, contentType: ct, body: body}
}

// mutateBytes flips, deletes, duplicates or inserts bytes and characters
// drawn from the whole of Unicode (beyond the BMP too).
func mutateBytes(rng *rand.Rand, b []byte) []byte {
	out := bytes.Clone(b)
	if len(out) == 0 {
		return out
	}
	i := rng.IntN(len(out))
	switch rng.IntN(5) {
	case 0:
		out[i] ^= byte(1 << rng.IntN(8))
	case 1:
		j := min(len(out), i+rng.IntN(64))
		out = append(out[:i], out[j:]...)
	case 2:
		j := min(len(out), i+rng.IntN(256))
		out = append(out[:j], append(bytes.Clone(out[i:j]), out[j:]...)...)
	case 3:
		out = append(out[:i], append([]byte(string(randomRune(rng))), out[i:]...)...)
	case 4:
		out = out[:i]
	}
	return out
}

// randomRune draws from every plane: controls, the BMP, astral planes,
// non-characters; invalid UTF-8 comes from mutateBytes' bit flips.
func randomRune(rng *rand.Rand) rune {
	switch rng.IntN(6) {
	case 0:
		return rune(rng.IntN(0x20))
	case 1:
		return rune(0x80 + rng.IntN(0x780))
	case 2:
		return rune(0x800 + rng.IntN(0xF800))
	case 3:
		return rune(0x10000 + rng.IntN(0x100000))
	case 4:
		return []rune{0xfffe, 0xffff, 0xfeff, 0x202e, 0x200b, 0x1F600, 0x1D518}[rng.IntN(7)]
	}
	return rune(0x20 + rng.IntN(0x5f))
}

// mutateTree changes the decoded session: a value becomes huge, another
// type, hostile text; a field or candidate disappears or doubles.
func mutateTree(rng *rand.Rand, b []byte) []byte {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return b
	}
	var leaves, strLeaves, textLeaves []func(any)
	var walk func(x any, set func(any))
	walk = func(x any, set func(any)) {
		leaves = append(leaves, set)
		if _, ok := x.(string); ok {
			strLeaves = append(strLeaves, set)
		}
		switch t := x.(type) {
		case map[string]any:
			for k, c := range t {
				set := func(n any) {
					if n == nil && rng.IntN(2) == 0 {
						delete(t, k)
						return
					}
					t[k] = n
				}
				if _, ok := c.(string); ok && textKeys[k] {
					textLeaves = append(textLeaves, set)
				}
				walk(c, set)
			}
		case []any:
			for i, c := range t {
				walk(c, func(n any) { t[i] = n })
			}
		}
	}
	walk(v, func(n any) { v = n })
	set := leaves[rng.IntN(len(leaves))]
	switch k := rng.IntN(4); { // most often a text people type: a name, a comment
	case k < 2 && len(textLeaves) > 0:
		set = textLeaves[rng.IntN(len(textLeaves))]
	case k == 2 && len(strLeaves) > 0:
		set = strLeaves[rng.IntN(len(strLeaves))]
	}
	var s strings.Builder
	wild := rng.IntN(3) == 0 // else text as people type it, in any Latin, Greek or Cyrillic script
	for range rng.IntN(40) {
		if wild {
			s.WriteRune(randomRune(rng))
		} else {
			s.WriteRune(nice[rng.IntN(len(nice))])
		}
	}
	switch rng.IntN(11) {
	case 0:
		set(strings.Repeat("Ab-cd ", 1+rng.IntN(20000)))
	case 1, 9, 10:
		set(s.String())
	case 2:
		set(nil)
	case 3:
		set(rng.Float64() * 1e12)
	case 4:
		set([]any{s.String(), 1, nil})
	case 5:
		set(map[string]any{"x": s.String()})
	case 6:
		set("{{DOCUMENT}} {{ORGANISME}} <w:t>&amp;</w:t> ]]> =HYPERLINK(\"x\")")
	case 7:
		set(fmt.Sprintf("%d", rng.IntN(100000)-50000))
	case 8:
		set(strings.Repeat("x", 1+rng.IntN(300)))
	}
	out, err := json.Marshal(v)
	if err != nil || !utf8.Valid(out) {
		return b
	}
	return out
}

// nice are characters people type in names and comments.
var nice = []rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ  -'’éèêëàâîïôöùûüçœæÉÈÀÇŒßñãõåøłșțăâĂȘȚđĐễệướơưĩũỳΑΒΓαβγδЖжЩщЯя«»\u00a0\u202f&<>\"")

// textKeys name the fields people type freely.
var textKeys = map[string]bool{"nom_naissance": true, "nom_usage": true, "prenoms": true, "commune": true, "pays_libelle": true,
	"nom": true, "prenom": true, "organisation": true, "raison_sociale": true, "adresse": true, "ville": true, "qualite": true,
	"lieu": true, "commentaire": true, "appreciation": true, "motif": true, "preconisations": true, "identifiant": true}
