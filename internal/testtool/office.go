package testtool

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

//go:embed office.py
var officeScript []byte

// ConvertTimeout bounds one Convert call: past it the office is taken for
// hung, killed, and the test fails (a hundred documents take about a
// minute on a loaded machine under -race).
const ConvertTimeout = 5 * time.Minute

// Office is one LibreOffice shared by the tests of a package: the first
// test that converts starts it, the next ones reuse it, the package's
// TestMain stops it (Main). A start costs seconds (a profile made, the
// office's libraries loaded); a small document converts in a fraction of
// that in a running office, which is why tests convert through Office and
// never run soffice --convert-to themselves.
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
}

// Convert converts files as `soffice --convert-to to --outdir outDir files`
// would: to is EXT[:FILTER[:OPTIONS]] ("pdf", "xlsx:Calc MS Excel 2007 XML");
// each file lands in outDir under its base name with the new extension.
// Skips under -short; a failure fails the test.
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
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = abs(f)
	}
	req, err := json.Marshal(map[string]any{"to": to, "outdir": abs(outDir), "files": paths})
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
	script := filepath.Join(dir, "office.py")
	if err := os.WriteFile(script, officeScript, 0o644); err != nil {
		t.Fatal(err)
	}
	o.dir, o.pipe = dir, filepath.Base(dir)
	cmd := exec.Command(py, script, soffice, filepath.Join(dir, "profil"), o.pipe)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
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
	return err
}
