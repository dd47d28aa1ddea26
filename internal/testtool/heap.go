package testtool

import (
	"runtime"
	"runtime/metrics"
)

// LiveHeap is the heap in use after two full collections: the second
// frees what pools (flate's writers, for one) kept through the first.
func LiveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
