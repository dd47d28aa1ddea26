package classeur

import (
	"encoding/json"
	"errors"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"certidoc/generator"
	"certidoc/session"
)

// peakHeap runs f and returns how far the heap's objects grew above what
// they were before, sampled every millisecond.
func peakHeap(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	runtime.GC()
	base := read()
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	return max(peak, read()) - base
}

// Every cell of Candidats (300 rows × 21 columns, 6,300 cells) points to
// one shared string of 40,000 characters: a 365 KB workbook. The import
// answers every problem at once, but the report lists MaxProblemes of
// them and counts the others, quotes each value by an excerpt, and the
// shared string is not copied for each cell: time and memory stay small.
func TestSharedStringAmplification(t *testing.T) {
	long := strings.Repeat("Lefèvre ", 5000)
	data := edit(t, func(x *excelize.File) {
		for row := firstDataRow; row <= lastCandRow(); row++ {
			for col := 1; col <= 21; col++ {
				cell, _ := excelize.CoordinatesToCellName(col, row)
				set(t, x, sheetCandidats, cell, long)
			}
		}
	})
	t.Logf("workbook: %d KB", len(data)>>10)
	var err error
	start := time.Now()
	grown := peakHeap(func() { _, _, err = Read(data, ref(t), generator.Font(), DefaultLimits()) })
	d := time.Since(start)
	t.Logf("import: %s, heap grown by %d MB at most", d.Round(time.Millisecond), grown>>20)
	var rep *session.Report
	if !errors.As(err, &rep) {
		t.Fatalf("got %v, want a report", err)
	}
	if rep.Total() < 6000 {
		t.Errorf("%d problems found, want one per cell or so", rep.Total())
	}
	if len(rep.Problemes) > session.MaxProblemes+1 {
		t.Errorf("%d problems listed, want at most %d and a line counting the others", len(rep.Problemes), session.MaxProblemes)
	}
	for _, p := range rep.Problemes {
		if n := utf8.RuneCountInString(p.Message); n > 400 {
			t.Fatalf("a message of %d characters: %.200s…", n, p)
		}
	}
	if out, _ := json.Marshal(rep); len(out) > 300<<10 {
		t.Errorf("the report is %d bytes of JSON", len(out))
	}
	if grown > 160<<20 {
		t.Errorf("the import held %d MB at once: the shared string is copied per cell", grown>>20)
	}
}
