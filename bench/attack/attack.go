package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"certidoc/fr"
)

// hang is how long a request may go unanswered.
const hang = 10 * time.Second

// attack holds the service's address and what was seen.
type attack struct {
	base, token string
	sess        []byte
	xsd         string
	ceiling     float64 // the service's --verifier-plafond
	keep        string  // a folder where the hostile workbooks are written, or ""
	client      *http.Client

	mu       sync.Mutex
	counts   map[string]map[string]int // group → status → count
	failures []string
	total    int
}

func newAttack(base, token string, sess []byte, xsd string) *attack {
	return &attack{base: base, token: token, sess: sess, xsd: xsd,
		client: &http.Client{Timeout: hang, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		counts: map[string]map[string]int{}}
}

// answer is one exchange: status ("hang", "abort" when none) and body.
type answer struct {
	status int
	code   string
	header http.Header
	body   []byte
	dur    time.Duration
}

// req describes one request.
type req struct {
	group, method, path, contentType string
	body                             []byte
	header                           map[string]string
	noToken                          bool
}

// do sends r, counts its status under its group, checks that the answer
// is well formed, and returns it.
func (a *attack) do(r req) answer {
	ctx, cancel := context.WithTimeout(context.Background(), hang)
	defer cancel()
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	hr, err := http.NewRequestWithContext(ctx, r.method, a.base+r.path, body)
	if err != nil {
		a.fail("%s %s : requête impossible : %v", r.method, r.path, err)
		return answer{code: "erreur"}
	}
	if r.contentType != "" {
		hr.Header.Set("Content-Type", r.contentType)
	}
	if a.token != "" && !r.noToken {
		hr.Header.Set("Authorization", "Bearer "+a.token)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	start := time.Now()
	res, err := a.client.Do(hr)
	var ans answer
	if err == nil {
		ans.body, err = io.ReadAll(res.Body)
		res.Body.Close()
		ans.status, ans.header = res.StatusCode, res.Header
	}
	ans.dur = time.Since(start)
	switch {
	case err != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded)):
		ans.code = "hang"
		a.fail("%s %s [%s] : pas de réponse complète après %s", r.method, short(r.path), r.group, hang)
	case err != nil:
		ans.code = "abort"
		a.fail("%s %s [%s] : connexion coupée : %v", r.method, short(r.path), r.group, err)
	default:
		ans.code = fmt.Sprint(ans.status)
		if os.Getenv("ATTACK_DEBUG") != "" && ans.status == 422 {
			fmt.Fprintf(os.Stderr, "%s %s: %.600s\n", r.method, short(r.path), strings.Join(strings.Fields(string(ans.body)), " "))
		}
		if ans.status >= 500 && ans.status != 503 && ans.status != 501 {
			a.fail("%s %s [%s] : %d %.200s", r.method, short(r.path), r.group, ans.status, ans.body)
		}
		if r.method != http.MethodHead {
			if msg := a.malformed(ans); msg != "" {
				a.fail("%s %s [%s] : réponse %d mal formée : %s", r.method, short(r.path), r.group, ans.status, msg)
			}
		}
	}
	a.mu.Lock()
	if a.counts[r.group] == nil {
		a.counts[r.group] = map[string]int{}
	}
	a.counts[r.group][ans.code]++
	a.total++
	a.mu.Unlock()
	return ans
}

func (a *attack) fail(format string, args ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.failures = append(a.failures, fmt.Sprintf(format, args...))
}

// expect records a failure unless ans has one of the statuses.
func (a *attack) expect(what string, ans answer, statuses ...int) {
	for _, s := range statuses {
		if ans.status == s {
			return
		}
	}
	a.fail("%s : statut %s, attendu %v (%.200s)", what, ans.code, statuses, ans.body)
}

func short(p string) string {
	if len(p) > 70 {
		return p[:70] + "…"
	}
	return p
}

// report prints the table of statuses and every failure; it tells whether
// the run is clean.
func (a *attack) report(w io.Writer, d time.Duration) bool {
	codes := map[string]bool{}
	var groups []string
	for g, m := range a.counts {
		groups = append(groups, g)
		for c := range m {
			codes[c] = true
		}
	}
	sort.Strings(groups)
	var cols []string
	for c := range codes {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	fmt.Fprintf(w, "%-34s", "groupe")
	for _, c := range cols {
		fmt.Fprintf(w, " %6s", c)
	}
	fmt.Fprintf(w, " %7s\n", "total")
	sum := map[string]int{}
	for _, g := range groups {
		fmt.Fprintf(w, "%-34s", g)
		n := 0
		for _, c := range cols {
			fmt.Fprintf(w, " %6d", a.counts[g][c])
			n += a.counts[g][c]
			sum[c] += a.counts[g][c]
		}
		fmt.Fprintf(w, " %7d\n", n)
	}
	fmt.Fprintf(w, "%-34s", "TOTAL")
	for _, c := range cols {
		fmt.Fprintf(w, " %6d", sum[c])
	}
	fmt.Fprintf(w, " %7d\n", a.total)
	fmt.Fprintf(w, "\n%s en %s\u202f; %s\n", fr.Nombre(a.total, "requête", "requêtes"), d.Round(time.Millisecond), fr.Nombre(len(a.failures), "défaut", "défauts"))
	for i, f := range a.failures {
		if i == 40 {
			fmt.Fprintf(w, "  … et %d autres\n", len(a.failures)-40)
			break
		}
		fmt.Fprintln(w, "  DÉFAUT –", strings.ReplaceAll(f, "\n", " "))
	}
	return len(a.failures) == 0
}
