package generator

import (
	"crypto/sha256"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// readOutputs holds what pdftotext and pdftoppm printed for a file, by
// program, arguments and the file's bytes: the same document rendered by
// several tests (or twice in one, as in a dossier and its préparatoire
// variant) is read once. The programs are deterministic; every check still
// runs on each document's output.
var readOutputs sync.Map // string → *readOutput

type readOutput struct {
	once sync.Once
	out  []byte
	err  error
}

// cachedOutput runs bin with args, one of which is path, and returns its
// standard output, once per distinct content of the file.
func cachedOutput(path, bin string, args ...string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	key := []string{bin, string(sum[:])}
	for _, a := range args {
		if a == path {
			a = "\x00file"
		}
		key = append(key, a)
	}
	v, _ := readOutputs.LoadOrStore(strings.Join(key, "\x00"), &readOutput{})
	r := v.(*readOutput)
	r.once.Do(func() {
		r.out, r.err = exec.Command(bin, args...).Output()
	})
	return r.out, r.err
}
