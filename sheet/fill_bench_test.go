package sheet

// The report form's benchmark (issue 19): filling a 200-cell form on the
// benchmark register of data's search benchmarks — 120,000 households,
// about 300,000 residents, generated once by demo.Generate into
// os.TempDir() under the same name (jiedao-bench-120000-seed1.db), so
// that either benchmark reuses what the other made. Skipped with -short.
//
//	go test -tags migrated_fynedo ./sheet -run '^$' -bench 'BenchmarkFill' -benchtime 5x
//
// The form has 200 mapped cells: every built-in indicator for the whole
// office and for each of the register's communities (6 in the demo: 140
// cells), then again on a second sheet up to 200.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
	"jiedao/data/datatest"
	"jiedao/data/demo"
)

const benchFillHouseholds, benchFillSeed = 120000, 1

// benchFillStore opens the benchmark register, generating it when missing.
func benchFillStore(b *testing.B) *data.Store {
	b.Helper()
	if testing.Short() {
		b.Skip("-short: the benchmark register takes minutes to generate")
	}
	path := filepath.Join(os.TempDir(), fmt.Sprintf("jiedao-bench-%d-seed%d.db", benchFillHouseholds, benchFillSeed))
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".tmp"
		os.Remove(tmp)
		s, err := data.Open(tmp)
		if err != nil {
			b.Fatal(err)
		}
		s.Now = datatest.Epoch
		start := time.Now()
		sum, err := demo.Generate(context.Background(), s, demo.Options{Households: benchFillHouseholds, Seed: benchFillSeed}, nil)
		if cerr := s.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("generated %s: %+v in %v", path, sum, time.Since(start).Round(time.Second))
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	return datatest.MustOpenPath(b, path)
}

// benchForm writes a 200-cell form and its mapping: one sheet, a row per
// indicator, a column per community (whole office first).
func benchForm(b *testing.B, s *data.Store, dir string) (string, []MapRow) {
	comms, err := s.Communities(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	places := []string{""}
	for _, c := range comms {
		places = append(places, c.Community)
	}
	f := excelize.NewFile()
	defer f.Close()
	if _, err := f.NewSheet("Sheet2"); err != nil {
		b.Fatal(err)
	}
	// Each (indicator, place) pair once on Sheet1, then again on Sheet2
	// (forms repeat figures) until there are 200 cells.
	var rows []MapRow
	inds := data.BuiltInIndicators()
	for len(rows) < 200 {
		n := len(rows)
		sh := "Sheet" + strconv.Itoa(1+n/(len(inds)*len(places)))
		k := n % (len(inds) * len(places))
		col, r := k/len(inds), k%len(inds)
		ref, _ := excelize.CoordinatesToCellName(col+2, r+2)
		rows = append(rows, MapRow{Line: n + 2, Sheet: sh, Cell: ref, Indicator: inds[r].Name, Community: places[col]})
	}
	path := filepath.Join(dir, "form.xlsx")
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	return path, rows
}

func BenchmarkFill(b *testing.B) {
	s := benchFillStore(b)
	dir := b.TempDir()
	tpl, rows := benchForm(b, s, dir)
	day := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	runtime.GC()
	// The thread's CPU time beside the wall clock: the SQLite driver is
	// pure Go and runs on the calling goroutine, so that is the fill's own
	// work, whatever else the shared machine is doing.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	wall := make([]time.Duration, 0, b.N)
	cpu := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c0, t0 := threadCPU(), time.Now()
		out := filepath.Join(dir, fmt.Sprintf("out%d.xlsx", i))
		if _, err := Fill(context.Background(), s, FillRequest{Template: tpl, Rows: rows, AsOf: day, Detail: true, Out: out}); err != nil {
			b.Fatal(err)
		}
		wall = append(wall, time.Since(t0))
		cpu = append(cpu, threadCPU()-c0)
	}
	b.StopTimer()
	slices.Sort(wall)
	slices.Sort(cpu)
	b.ReportMetric(float64(wall[len(wall)/2].Milliseconds()), "p50-ms")
	b.ReportMetric(float64(wall[len(wall)-1].Milliseconds()), "max-ms")
	b.ReportMetric(float64(cpu[len(cpu)/2].Milliseconds()), "cpu-p50-ms")
	b.ReportMetric(0, "ns/op")
}
