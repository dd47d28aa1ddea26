//go:build unix

package registre

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"
)

// BenchmarkVerify looks up short codes from many goroutines, in a fresh
// registre holding the example session or, with
// CERTIDOC_BENCH_DONNEES=DIR, in the registre of DIR (bench/registre.sh
// with DONNEES=… fills one with 100,800 entries). Every code is looked up
// once before the timer starts, as a service that has been answering for a
// while. Besides the time, it reports the process's CPU time a lookup
// (cpu-ns/op), which depends less than the time on what else the machine
// runs.
func BenchmarkVerify(b *testing.B) {
	ctx := context.Background()
	dir, filled := os.LookupEnv("CERTIDOC_BENCH_DONNEES")
	if !filled {
		dir = b.TempDir()
	}
	r, err := Open(ctx, Config{Dir: dir}, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	if !filled {
		if _, err := r.Cloturer(ctx, ref(b), exemple(b, nil), Request{ID: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	var all []string
	rows, err := r.db.QueryContext(ctx, `SELECT code FROM documents`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			b.Fatal(err)
		}
		all = append(all, c)
	}
	rows.Close()
	if len(all) == 0 {
		b.Fatal("no entries")
	}
	for _, c := range all {
		if _, err := r.Verify(ctx, c); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime(b)
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i += 7919 // a prime: the codes in a scattered order
			if _, err := r.Verify(ctx, all[i%len(all)]); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the CPU time the process used so far, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
