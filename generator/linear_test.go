package generator

import (
	"io"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"certidoc/documents"
)

// longTextDocument holds n characters of text in each place text is laid
// out: running text, a word longer than a line, a hyphenated name, a table
// cell and a list item.
func longTextDocument(n int) documents.Document {
	words := strings.Repeat("évaluation ", n/11+1)[:n]
	long := strings.Repeat("x", n)
	hyphens := strings.Repeat("ab-", n/3+1)[:n]
	return documents.Document{Name: "long", Title: "Long", Blocks: []documents.Block{
		documents.Paragraph{Text: words, Align: documents.Justify},
		documents.Paragraph{Text: long},
		documents.Paragraph{Text: hyphens},
		documents.List{Items: []string{words}},
		documents.Table{Columns: []documents.Column{{Header: "Texte", Width: 80}, {Header: "Nom", Width: 20}},
			Rows: []documents.Row{{Cells: []documents.Cell{{Text: words}, {Text: long}}}}},
	}}
}

// rusageThread is Linux's RUSAGE_THREAD: the resources of the calling
// thread only.
const rusageThread = 1

func benchmarkLongText(b *testing.B, n int) {
	d := longTextDocument(n)
	for b.Loop() {
		if err := PDF(io.Discard, d, fixed); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLongText20k and BenchmarkLongText200k show that laying out text
// is linear: ten times the text costs about ten times the time.
func BenchmarkLongText20k(b *testing.B)  { benchmarkLongText(b, 20_000) }
func BenchmarkLongText200k(b *testing.B) { benchmarkLongText(b, 200_000) }

// Layout is linear in the text's length: 10× the text costs at most 16×
// the time (a 200,000-character word used to be cut in quadratic time:
// 51×). What is compared is the CPU time of the thread doing the layout,
// the best of five runs of each size, the sizes taking turns, so that
// other processes on a busy machine do not count: the wall clock made
// this test fail under load, and so did, once, three runs of the small
// text before three of the large (ratio 18.8 while the machine ran slow).
func TestLayoutIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	threadCPU := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(rusageThread, &ru); err != nil {
			t.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	// run is the CPU time of one layout, over reps layouts: the small text
	// is laid out ten times a run, so that a few milliseconds are not at
	// the mercy of one collection or one clock tick.
	smallDoc, largeDoc := longTextDocument(20_000), longTextDocument(200_000)
	run := func(d documents.Document, reps int) time.Duration {
		start := threadCPU()
		for range reps {
			if err := PDF(io.Discard, d, fixed); err != nil {
				t.Fatal(err)
			}
		}
		return (threadCPU() - start) / time.Duration(reps)
	}
	var small, large time.Duration
	for i := range 5 {
		s, l := run(smallDoc, 10), run(largeDoc, 1)
		if i == 0 || s < small {
			small = s
		}
		if i == 0 || l < large {
			large = l
		}
	}
	ratio := float64(large) / float64(small)
	t.Logf("20,000 characters: %s; 200,000: %s; ratio %.1f", small, large, ratio)
	// Under the race detector (CI) allocation costs more the larger the
	// heap: the bound is looser there, still far below the quadratic
	// cutting of long words (51× without the race detector).
	limit := 16.0
	if raceEnabled {
		limit = 25
	}
	if ratio > limit {
		t.Errorf("10× the text took %.1f× the time, want ≤ %g×", ratio, limit)
	}
}
