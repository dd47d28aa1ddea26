package session

import (
	"os"
	"testing"

	"certidoc/internal/testtool"
)

func TestMain(m *testing.M) { os.Exit(testtool.Main(m)) }
