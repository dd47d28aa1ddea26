package registre

import (
	"os"
	"testing"

	"certidoc/internal/testtool"
)

func TestMain(m *testing.M) {
	testtool.MoreParallel(4) // the timed tests wait on a relay's latency or a lock
	os.Exit(testtool.Main(m))
}
