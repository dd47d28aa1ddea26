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
// The office runs behind office.py, a small converter talking to it over
// UNO, in a process group of their own: Close kills the group and checks
// that nothing of it survives, and office.py kills it too when its input
// ends, should the test binary die before TestMain's end.
//
// The zero Office is ready to use; its methods are safe for concurrent
// use (conversions run one at a time).
type Office struct {
	mu   sync.Mutex
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	dir  string
	pipe string
	err  error // why the office stopped, for every later test

	converted, reused int // documents converted, and copied instead
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
	o.mu.Lock()
	defer o.mu.Unlock()
	o.start(t)
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
	if len(convert) > 0 {
		o.request(t, to, outDir, convert)
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
			o.reused++
			continue
		}
		// Several outputs per document (a CSV per sheet): converted
		// each time.
		o.request(t, to, outDir, []string{abs(f)})
	}
}

// cached tells whether the office keeps a conversion under key.
func (o *Office) cached(key string) bool {
	_, err := os.Stat(filepath.Join(o.dir, "converted", key))
	return err == nil
}

// request has the converter convert files; o.mu is held.
func (o *Office) request(t testing.TB, to, outDir string, files []string) {
	t.Helper()
	req, err := json.Marshal(map[string]any{"to": to, "outdir": outDir, "files": files})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.in.Write(append(req, '\n')); err != nil {
		o.fail(fmt.Errorf("LibreOffice's converter no longer reads: %w", err))
		t.Fatal(o.err)
	}
	if msg, err := o.answer(ConvertTimeout); err != nil {
		o.fail(err)
		t.Fatal(o.err)
	} else if msg != "" {
		t.Fatalf("LibreOffice could not convert %v to %s:\n%s", files, to, msg)
	}
	o.converted += len(files)
}

// Connection returns the UNO connection string of the running office
// (starting it), for a test that drives LibreOffice through a script of
// its own ("uno:pipe,name=…;urp;StarOffice.ComponentContext"). Such a test
// must not run in parallel with conversions.
func (o *Office) Connection(t testing.TB) string {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	o.start(t)
	return "uno:pipe,name=" + o.pipe + ";urp;StarOffice.ComponentContext"
}

// start starts the office unless it runs; o.mu is held.
func (o *Office) start(t testing.TB) {
	t.Helper()
	if o.err != nil {
		t.Fatal(o.err)
	}
	if o.cmd != nil {
		return
	}
	soffice := Need(t, "soffice", "libreoffice-writer-nogui libreoffice-calc-nogui")
	py := Python(t, "uno")
	dir, err := os.MkdirTemp("", "certidoc-office-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "converted"), 0o755); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "office.py")
	if err := os.WriteFile(script, officeScript, 0o644); err != nil {
		t.Fatal(err)
	}
	o.dir, o.pipe = dir, filepath.Base(dir)
	cmd := exec.Command(py, script, soffice, filepath.Join(dir, "profil"), o.pipe)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// LibreOffice takes its locale from the environment, installed or
	// not: under a French one its CSV has decimal commas ("15,28") and
	// the tests that read numbers fail. The C locale, as CI runs.
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		t.Fatalf("start LibreOffice's converter: %v", err)
	}
	o.cmd, o.in, o.out = cmd, in, bufio.NewReader(out)
	// The first line says the office answers on its pipe.
	if msg, err := o.answer(2 * time.Minute); err != nil || msg != "" {
		o.fail(errors.Join(err, errors.New(msg)))
		t.Fatalf("LibreOffice did not start: %v", o.err)
	}
}

// answer reads the converter's next answer, within d.
func (o *Office) answer(d time.Duration) (string, error) {
	type reply struct {
		line []byte
		err  error
	}
	c := make(chan reply, 1)
	go func() {
		line, err := o.out.ReadBytes('\n')
		c <- reply{line, err}
	}()
	select {
	case r := <-c:
		if r.err != nil {
			return "", fmt.Errorf("LibreOffice's converter ended: %w", r.err)
		}
		var a struct{ Error string }
		if err := json.Unmarshal(r.line, &a); err != nil {
			return "", fmt.Errorf("LibreOffice's converter said %q: %w", r.line, err)
		}
		return a.Error, nil
	case <-time.After(d):
		o.kill() // ends the read above
		return "", fmt.Errorf("LibreOffice gave no answer within %v", d)
	}
}

// fail stops the office for good: every later test fails with err.
func (o *Office) fail(err error) {
	o.err = err
	o.kill()
}

// kill kills the office's process group and waits for its leader.
func (o *Office) kill() {
	if o.cmd == nil {
		return
	}
	syscall.Kill(-o.cmd.Process.Pid, syscall.SIGKILL)
	o.in.Close()
	o.cmd.Wait()
	o.cmd = nil
}

// Close stops the office: at the end of its input the converter asks
// LibreOffice to quit, then kills their process group; Close kills the
// group too, then checks that no process that names the office's
// directory survives.
func (o *Office) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dir == "" {
		return nil // never started
	}
	if o.cmd != nil {
		pgid := o.cmd.Process.Pid
		o.in.Close()
		done := make(chan struct{})
		go func() { o.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second): // office.py waits 20 s for LibreOffice to quit
		}
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-done
		o.cmd = nil
	}
	err := NoSurvivor(o.dir, 5*time.Second)
	os.RemoveAll(o.dir)
	o.dir = ""
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "LibreOffice: %d documents converted, %d copied from an earlier conversion\n", o.converted, o.reused)
	}
	return err
}
