package testtool

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Main runs a package's tests, then closes what they shared (an Office, a
// browser), and returns the exit code for os.Exit: a failure to close, a
// process left behind, fails the run as a test would.
//
// The tests collect garbage less often than a program would (GOGC=400,
// unless GOGC is set): the workbook tests spent much of their CPU in the
// collector (bench/RESULTS.md), to spare memory the machine has. A test that
// measures memory collects before it reads (LiveHeap, or runtime.GC and
// TotalAlloc), which the setting does not change.
//
//	func TestMain(m *testing.M) { os.Exit(testtool.Main(m, &office)) }
func Main(m *testing.M, shared ...interface{ Close() error }) int {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	code := m.Run()
	for _, s := range shared {
		if err := s.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL:", err)
			code = 1
		}
	}
	return code
}

// MoreParallel lets perCore parallel tests per core run at once, unless
// -test.parallel is given (it is GOMAXPROCS by default): for a package whose
// parallel tests mostly wait — on LibreOffice, which converts for one test
// at a time, on poppler, on a relay's latency — each holding a slot without
// using a core. Tests that measure time or memory stay out of the parallel
// ones, and run before them. Call it from TestMain, before m.Run.
func MoreParallel(perCore int) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", strconv.Itoa(perCore*runtime.GOMAXPROCS(0)))
	}
}

// NoSurvivor waits up to d for every process whose command line holds mark
// (a profile or user-data directory of the tests' own) to end; it names
// those still running after d. Zombies, dead but not yet reaped, are not
// running. Linux only: elsewhere it finds nothing.
func NoSurvivor(mark string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		left := Running(mark)
		if len(left) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("processes left running by the tests (%s):\n%s", mark, strings.Join(left, "\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Running lists the processes (pid and command line) whose command line
// holds mark, except this one and zombies.
func Running(mark string) []string {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	self := os.Getpid()
	var out []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		cmdline, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err != nil || !bytes.Contains(cmdline, []byte(mark)) {
			continue
		}
		if stat, err := os.ReadFile("/proc/" + e.Name() + "/stat"); err == nil {
			// pid (comm) STATE …: comm may hold spaces and parentheses.
			if i := bytes.LastIndexByte(stat, ')'); i > 0 && i+2 < len(stat) && stat[i+2] == 'Z' {
				continue
			}
		}
		out = append(out, fmt.Sprintf("%d %s", pid, bytes.ReplaceAll(bytes.TrimRight(cmdline, "\x00"), []byte{0}, []byte{' '})))
	}
	return out
}
