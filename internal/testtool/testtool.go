package testtool

import (
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// External skips the test under -short: it needs what, a program or a
// server outside Go (see the package's tiers).
func External(t testing.TB, what string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("-short: needs %s", what)
	}
}

// Need returns the path of the program name, from the Debian package pkg
// (CI installs it, .ci/run). It skips the test under -short.
func Need(t testing.TB, name, pkg string) string {
	t.Helper()
	External(t, name)
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI (apt-get install %s): %v", name, pkg, err)
		}
		t.Skipf("%s not installed (apt-get install %s)", name, pkg)
	}
	return p
}

// imports holds whether python3 imports a module, by module: asked once
// per test binary (a start of python3 and openpyxl costs 0.2 s of CPU).
var imports = struct {
	sync.Mutex
	err map[string]error
}{err: map[string]error{}}

// Python returns Debian's python3, where python3-openpyxl and python3-uno
// install, once it imports every module named (openpyxl, uno). It skips
// the test under -short, or without them outside CI.
func Python(t testing.TB, modules ...string) string {
	t.Helper()
	External(t, "python3 with "+strings.Join(modules, ", "))
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		py = Need(t, "python3", "python3")
	}
	imports.Lock()
	defer imports.Unlock()
	for _, m := range modules {
		err, asked := imports.err[m]
		if !asked {
			err = exec.Command(py, "-c", "import "+m).Run()
			imports.err[m] = err
		}
		if err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("python3-%s is required in CI: %v", m, err)
			}
			t.Skipf("python3 cannot import %s (apt-get install python3-%s)", m, m)
		}
	}
	return py
}
