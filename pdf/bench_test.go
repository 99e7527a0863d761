package pdf

import "testing"

// BenchmarkAgreement2Pages lays out and writes a two-page commissioning
// agreement (title, parties, ten articles, a table, signature block) with
// a header and page footer: the cost of one "print" in the agreements
// screen once the fonts are parsed (the first document of a process pays
// for parsing them, about 0.1 s, see docs/BENCHMARKS.md).
func BenchmarkAgreement2Pages(b *testing.B) {
	opt := Options{Footer: FooterPageOfTotal, Header: "北京市朝阳区某某街道办事处"}
	if _, err := agreement(opt).Bytes(); err != nil { // parse the fonts once
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		d := agreement(opt)
		if _, err := d.Bytes(); err != nil {
			b.Fatal(err)
		}
		if d.Pages() != 2 {
			b.Fatalf("%d pages, want 2", d.Pages())
		}
	}
}
