package classeur

import (
	"bytes"
	"testing"

	"certidoc/generator"
)

// The workbook of the example session written, then read back: what the
// page's "classeur pré-rempli" and its import cost, per workbook.
func BenchmarkWrite(b *testing.B) {
	r, s := ref(b), exemple(b)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, r, s, now); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/workbook")
}

func BenchmarkRead(b *testing.B) {
	r := ref(b)
	data := workbook(b, exemple(b))
	for b.Loop() {
		if _, _, err := Read(data, r, generator.Font(), DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}
