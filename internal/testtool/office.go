package testtool

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

//go:embed office.py
var officeScript []byte

// ConvertTimeout bounds one Convert call: past it the office is taken for
// hung, killed, and the test fails (the hundred and fifty documents of
// generator's pages test, in one call, take a minute on a loaded machine).
const ConvertTimeout = 10 * time.Minute

// Office is one LibreOffice shared by the tests of a package: the first
// test that converts starts it, the next ones reuse it, the package's
// TestMain stops it (Main). A start costs most of a second (a profile
// made, the office's libraries loaded; office.py keeps it from running
// its graphics tests); a small document converts in a tenth of that in a
// running office, which is why tests convert through Office and never run
// soffice --convert-to themselves.
//
// An office may run several LibreOffice processes (Instances): a call
// with several documents to convert shares them among the processes, a
// process converts for one call at a time, and a process starts only when
// a conversion finds every other one busy. A package whose tests convert
// hundreds of documents runs them on both cores, as its other tests end.
//
// Each process runs behind office.py, a small converter talking to it over
// UNO, in a process group of their own: Close kills the groups and checks
// that nothing of them survives, and office.py kills its group too when
// its input ends, should the test binary die before TestMain's end.
//
// The zero Office is ready to use, with one process; its methods are safe
// for concurrent use.
type Office struct {
	// Instances is how many LibreOffice processes the office may run (one
	// when 0). Set it before the first conversion.
	Instances int

	mu              sync.Mutex // guards what follows
	dir             string     // the office's directory: scripts, profiles, converted
	soffice, python string
	err             error // why the office stopped, for every later test
	procs           []*converter
	free            chan *converter // the processes started and not converting

	converted, reused int // documents converted, and copied instead
}

// converter is one LibreOffice process and its office.py.
type converter struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	pipe   string
	killed sync.Once
}

// Convert converts files as `soffice --convert-to to --outdir outDir files`
// would: to is EXT[:FILTER[:OPTIONS]] ("pdf", "xlsx:Calc MS Excel 2007 XML");
// each file lands in outDir under its base name with the new extension.
// A file with the same bytes as one this office already converted to the
// same format (in this call or an earlier one) is not converted again: the
// earlier result is copied, the office being deterministic for what the
// tests read. Skips under -short; a failure fails the test.
func (o *Office) Convert(t testing.TB, to, outDir string, files ...string) {
	t.Helper()
	if err := o.prepare(t); err != nil {
		t.Fatal(err)
	}
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	outDir = abs(outDir)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	ext, _, _ := strings.Cut(to, ":")
	output := func(f string) string {
		return filepath.Join(outDir, strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))+"."+ext)
	}
	keys := make([]string, len(files))
	var convert []string
	first := map[string]bool{}
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(append(data, "\x00"+to...))
		keys[i] = hex.EncodeToString(sum[:])
		if !o.cached(keys[i]) && !first[keys[i]] {
			first[keys[i]] = true
			convert = append(convert, abs(f))
		}
	}
	if err := o.share(to, outDir, convert); err != nil {
		t.Fatal(err)
	}
	// Keep what was converted (a format that writes one file per
	// document), then copy it for every file not converted.
	for i, f := range files {
		if first[keys[i]] {
			delete(first, keys[i])
			if data, err := os.ReadFile(output(f)); err == nil {
				if err := os.WriteFile(filepath.Join(o.dir, "converted", keys[i]), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			continue
		}
		if data, err := os.ReadFile(filepath.Join(o.dir, "converted", keys[i])); err == nil {
			if err := os.WriteFile(output(f), data, 0o644); err != nil {
				t.Fatal(err)
			}
			o.mu.Lock()
			o.reused++
			o.mu.Unlock()
			continue
		}
		// Several outputs per document (a CSV per sheet): converted
		// each time.
		if err := o.share(to, outDir, []string{abs(f)}); err != nil {
			t.Fatal(err)
		}
	}
}

// cached tells whether the office keeps a conversion under key.
func (o *Office) cached(key string) bool {
	_, err := os.Stat(filepath.Join(o.dir, "converted", key))
	return err == nil
}

// share converts files, shared in contiguous parts among as many processes
// as there are files, at most Instances, each part converted by a process
// that no other call uses meanwhile.
func (o *Office) share(to, outDir string, files []string) error {
	n := min(max(o.Instances, 1), len(files))
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		part := files[i*len(files)/n : (i+1)*len(files)/n]
		wg.Go(func() {
			c, err := o.acquire()
			if err != nil {
				errs[i] = err
				return
			}
			errs[i] = o.request(c, to, outDir, part)
			o.free <- c
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// acquire returns a process that converts for no one: a free one, a new
// one if the office may start one more, else the first one freed.
func (o *Office) acquire() (*converter, error) {
	o.mu.Lock()
	if o.err != nil {
		defer o.mu.Unlock()
		return nil, o.err
	}
	select {
	case c := <-o.free:
		o.mu.Unlock()
		return c, nil
	default:
	}
	if len(o.procs) < max(o.Instances, 1) {
		defer o.mu.Unlock()
		return o.start()
	}
	o.mu.Unlock()
	c := <-o.free
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil { // the office failed meanwhile
		o.free <- c // for the next one waiting, who learns it too
		return nil, o.err
	}
	return c, nil
}

// request has the converter c convert files.
func (o *Office) request(c *converter, to, outDir string, files []string) error {
	req, err := json.Marshal(map[string]any{"to": to, "outdir": outDir, "files": files})
	if err != nil {
		return err
	}
	if _, err := c.in.Write(append(req, '\n')); err != nil {
		return o.fail(fmt.Errorf("LibreOffice's converter no longer reads: %w", err))
	}
	msg, err := c.answer(ConvertTimeout)
	if err != nil {
		return o.fail(err)
	}
	if msg != "" {
		return fmt.Errorf("LibreOffice could not convert %v to %s:\n%s", files, to, msg)
	}
	o.mu.Lock()
	o.converted += len(files)
	o.mu.Unlock()
	return nil
}

// Connection returns the UNO connection string of the office's first
// process (starting it), for a test that drives LibreOffice through a
// script of its own ("uno:pipe,name=…;urp;StarOffice.ComponentContext").
// Such a test must not run in parallel with conversions.
func (o *Office) Connection(t testing.TB) string {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := o.setup(t); err != nil {
		t.Fatal(err)
	}
	if len(o.procs) == 0 {
		c, err := o.start()
		if err != nil {
			t.Fatal(err)
		}
		o.free <- c
	}
	return "uno:pipe,name=" + o.procs[0].pipe + ";urp;StarOffice.ComponentContext"
}

// prepare is setup, o.mu taken.
func (o *Office) prepare(t testing.TB) error {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock() // setup may skip the test
	return o.setup(t)
}

// setup makes the office's directory and checks that LibreOffice and
// python3's uno are installed (skipping the test if not); o.mu is held.
func (o *Office) setup(t testing.TB) error {
	t.Helper()
	if o.err != nil {
		return o.err
	}
	if o.dir != "" {
		return nil
	}
	soffice := Need(t, "soffice", "libreoffice-writer-nogui libreoffice-calc-nogui")
	python := Python(t, "uno")
	dir, err := os.MkdirTemp("", "certidoc-office-")
	if err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(dir, "converted"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "office.py"), officeScript, 0o644); err != nil {
		return err
	}
	o.dir, o.soffice, o.python = dir, soffice, python
	o.free = make(chan *converter, max(o.Instances, 1))
	return nil
}

// start starts one more process; o.mu is held, setup done.
func (o *Office) start() (*converter, error) {
	n := len(o.procs)
	c := &converter{pipe: fmt.Sprintf("%s-%d", filepath.Base(o.dir), n)}
	cmd := exec.Command(o.python, filepath.Join(o.dir, "office.py"), o.soffice, filepath.Join(o.dir, fmt.Sprintf("profil-%d", n)), c.pipe)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// LibreOffice takes its locale from the environment, installed or
	// not: under a French one its CSV has decimal commas ("15,28") and
	// the tests that read numbers fail. The C locale, as CI runs.
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start LibreOffice's converter: %w", err)
	}
	c.cmd, c.in, c.out = cmd, in, bufio.NewReader(out)
	o.procs = append(o.procs, c)
	// The first line says the office answers on its pipe.
	if msg, err := c.answer(2 * time.Minute); err != nil || msg != "" {
		o.err = fmt.Errorf("LibreOffice did not start: %w", errors.Join(err, errors.New(msg)))
		o.killAll()
		return nil, o.err
	}
	return c, nil
}

// answer reads the converter's next answer, within d.
func (c *converter) answer(d time.Duration) (string, error) {
	type reply struct {
		line []byte
		err  error
	}
	ch := make(chan reply, 1)
	go func() {
		line, err := c.out.ReadBytes('\n')
		ch <- reply{line, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			return "", fmt.Errorf("LibreOffice's converter ended: %w", r.err)
		}
		var a struct{ Error string }
		if err := json.Unmarshal(r.line, &a); err != nil {
			return "", fmt.Errorf("LibreOffice's converter said %q: %w", r.line, err)
		}
		return a.Error, nil
	case <-time.After(d):
		c.kill() // ends the read above
		return "", fmt.Errorf("LibreOffice gave no answer within %v", d)
	}
}

// fail stops the office for good: every later test fails with err, which
// it returns.
func (o *Office) fail(err error) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err == nil {
		o.err = err
	}
	o.killAll()
	return err
}

// killAll kills every process of the office; o.mu is held.
func (o *Office) killAll() {
	for _, c := range o.procs {
		c.kill()
	}
}

// kill kills the converter's process group and waits for its leader,
// once.
func (c *converter) kill() {
	c.killed.Do(func() {
		syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
		c.in.Close()
		c.cmd.Wait()
	})
}

// Close stops the office: at the end of its input each converter asks
// LibreOffice to quit, then kills their process group; Close kills the
// groups too, then checks that no process that names the office's
// directory survives.
func (o *Office) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dir == "" {
		return nil // never started
	}
	var wg sync.WaitGroup
	for _, c := range o.procs {
		wg.Go(func() {
			c.killed.Do(func() {
				pgid := c.cmd.Process.Pid
				c.in.Close()
				done := make(chan struct{})
				go func() { c.cmd.Wait(); close(done) }()
				select {
				case <-done:
				case <-time.After(30 * time.Second): // office.py waits 20 s for LibreOffice to quit
				}
				syscall.Kill(-pgid, syscall.SIGKILL)
				<-done
			})
		})
	}
	wg.Wait()
	o.procs, o.free = nil, nil
	err := NoSurvivor(o.dir, 5*time.Second)
	os.RemoveAll(o.dir)
	o.dir = ""
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "LibreOffice: %d documents converted, %d copied from an earlier conversion\n", o.converted, o.reused)
	}
	return err
}
