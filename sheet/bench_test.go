package sheet

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jiedao/data"
	"jiedao/data/datatest"
)

// The benchmarks hold the targets for a 300,000-row roster: import
// ≤ 25 s with peak memory ≤ 500 MB, export ≤ 15 s. Run them with
//
//	go test ./sheet -run '^$' -bench 300k -benchtime 1x -timeout 30m
//
// The roster is made once with excelize's StreamWriter and kept in the
// system's temporary folder (jiedao-bench-roster-300000.xlsx), as is a
// database with it imported for the export benchmark.

const benchRows = 300_000

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯婷雪梅琳晨欣怡子涵梓轩")
)

// benchRoster returns the path of the cached 300,000-row roster, making it
// when it is missing: about 120,000 households of one to five members.
func benchRoster(b *testing.B) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("jiedao-bench-roster-%d.xlsx", benchRows))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	start := time.Now()
	if err := makeRoster(path+".tmp.xlsx", benchRows); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(path+".tmp.xlsx", path); err != nil {
		b.Fatal(err)
	}
	b.Logf("made %s in %v", path, time.Since(start).Round(time.Millisecond))
	return path
}

// makeRoster writes a roster of n rows in the template's layout.
func makeRoster(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	header := make([]any, nFields)
	for fl := field(0); fl < nFields; fl++ {
		header[fl] = columns[fl].header
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	err = rosterRows(n, func(row int, vals []any) error {
		ref, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(ref, vals)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// makeRosterCSV writes the roster of makeRoster as a UTF-8 CSV file.
func makeRosterCSV(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	rec := make([]string, nFields)
	for fl := field(0); fl < nFields; fl++ {
		rec[fl] = columns[fl].header
	}
	if err := w.Write(rec); err != nil {
		return err
	}
	err = rosterRows(n, func(_ int, vals []any) error {
		for i, v := range vals {
			rec[i] = ""
			if v != nil {
				rec[i] = fmt.Sprint(v)
			}
		}
		return w.Write(rec)
	})
	if err != nil {
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// rosterRows makes the n rows of the benchmarks' roster, handing each to
// emit with its row number (from 2, below the header).
func rosterRows(n int, emit func(row int, vals []any) error) error {
	rng := rand.New(rand.NewPCG(1, 2))
	communities := []string{"幸福社区", "和平社区", "光明社区", "建设社区", "团结社区", "胜利社区"}
	relations := []string{"配偶", "子", "女", "父母", "孙子", "孙女"}
	educations := data.Educations
	row, hh, seq := 2, 0, 0
	vals := make([]any, nFields)
	for row <= n+1 {
		hh++
		members := 1 + rng.IntN(4)
		if rng.IntN(10) == 0 {
			members++
		}
		community := communities[hh%len(communities)]
		estate := fmt.Sprintf("%s%d小区", community[:len(community)-len("社区")], hh%40+1)
		building, unit, room := fmt.Sprint(hh%30+1), fmt.Sprint(hh%4+1), fmt.Sprint(100*(hh%18+1)+hh%4+1)
		resType := data.ResidenceTypes[rng.IntN(len(data.ResidenceTypes))]
		housing := data.Housings[rng.IntN(len(data.Housings))]
		for m := 0; m < members && row <= n+1; m++ {
			seq++
			birth := time.Date(1935+rng.IntN(85), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
			// Unique whatever the birth date: the sequence picks the
			// region (city 01–70, county 01–) and the order code.
			r := seq / 1000
			first17 := fmt.Sprintf("11%02d%02d%s%03d", 1+r%70, 1+r/70, birth.Format("20060102"), seq%1000)
			id := idNum(first17)
			name := string(surnames[rng.IntN(len(surnames))]) + string(given[rng.IntN(len(given))])
			if rng.IntN(2) == 0 {
				name += string(given[rng.IntN(len(given))])
			}
			rel := data.RelationHead
			if m > 0 {
				rel = relations[rng.IntN(len(relations))]
			}
			tags := ""
			switch rng.IntN(12) {
			case 0:
				tags = data.TagSubsistence
			case 1:
				tags = "残疾人（肢体残疾二级）"
			case 2:
				tags = data.TagVeteran + "、" + data.TagSpecialNotice
			}
			for i := range vals {
				vals[i] = nil
			}
			vals[fNumber] = fmt.Sprintf("B%07d", hh)
			vals[fCommunity] = community
			vals[fGrid] = fmt.Sprintf("第%d网格", hh%8+1)
			vals[fEstate], vals[fBuilding], vals[fUnit], vals[fRoom] = estate, building, unit, room
			vals[fAddress] = data.ComposeAddress(estate, building, unit, room)
			vals[fKind] = data.HouseholdFamily
			vals[fResidenceType], vals[fHousing] = resType, housing
			vals[fName], vals[fID] = name, id
			vals[fBirth] = birth.Format("2006-01-02")
			vals[fEthnicity] = "汉族"
			vals[fRelation] = rel
			vals[fEducation] = educations[rng.IntN(len(educations))]
			vals[fPolitical] = "群众"
			vals[fMarital] = data.MaritalStatuses[rng.IntN(len(data.MaritalStatuses))]
			vals[fPhone] = fmt.Sprintf("13%d%08d", rng.IntN(10), seq)
			vals[fRegistered] = "北京市东城区" + estate
			vals[fStatus] = data.StatusPresent
			if tags != "" {
				vals[fTags] = tags
			}
			if err := emit(row, vals); err != nil {
				return err
			}
			row++
		}
	}
	return nil
}

// memPeak samples the Go heap while a benchmark runs (runtime.MemStats
// has no peak of its own).
type memPeak struct {
	stop chan struct{}
	wg   sync.WaitGroup
	peak atomic.Uint64
}

func startMemPeak() *memPeak {
	m := &memPeak{stop: make(chan struct{})}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if v := ms.HeapInuse + ms.StackInuse; v > m.peak.Load() {
				m.peak.Store(v)
			}
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *memPeak) done() uint64 {
	close(m.stop)
	m.wg.Wait()
	return m.peak.Load()
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// maxRSS is the process's peak resident set (getrusage), in bytes.
func maxRSS() uint64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return uint64(ru.Maxrss) * 1024 // kilobytes on Linux
}

func BenchmarkImport300k(b *testing.B) {
	if testing.Short() {
		b.Skip("300,000-row roster: not under -short")
	}
	path := benchRoster(b)
	runtime.GC()
	for b.Loop() {
		b.StopTimer()
		s := datatest.MustOpen(b)
		runtime.GC()
		peak := startMemPeak()
		b.StartTimer()
		start := time.Now()
		last, lastCPU := start, cpuTime()
		trace := func(phase string) {
			now, c := time.Now(), cpuTime()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.Logf("%-8s wall %6.2fs  cpu %6.2fs  maxrss %4d MB  heap in use %4d MB, from the OS %4d MB",
				phase, now.Sub(last).Seconds(), (c - lastCPU).Seconds(), maxRSS()>>20, ms.HeapInuse>>20, (ms.HeapSys-ms.HeapReleased)>>20)
			if p := os.Getenv("JIEDAO_HEAP_PROFILE"); p != "" && phase == "check" {
				if f, err := os.Create(p); err == nil {
					pprof.WriteHeapProfile(f)
					f.Close()
				}
			}
			last, lastCPU = now, c
		}
		rep, err := ImportHouseholds(context.Background(), s, path, ImportOptions{trace: trace})
		elapsed := time.Since(start)
		b.StopTimer()
		heap := peak.done()
		if err != nil {
			b.Fatalf("%v (%d problems, first %+v)", err, len(rep.Problems), rep.Problems[:min(3, len(rep.Problems))])
		}
		if rep.ResidentsCreated != benchRows {
			b.Fatalf("imported %d residents", rep.ResidentsCreated)
		}
		b.ReportMetric(elapsed.Seconds(), "s/import")
		b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(maxRSS())/(1<<20), "maxrss-MB")
		b.ReportMetric(float64(benchRows)/elapsed.Seconds(), "rows/s")
		b.Logf("%d households, %d residents in %v", rep.HouseholdsCreated, rep.ResidentsCreated, elapsed.Round(time.Millisecond))
		b.StartTimer()
	}
}

// BenchmarkRead300k is the reading part of the import alone (XLSX parse,
// cleaning, merge expansion).
func BenchmarkRead300k(b *testing.B) {
	if testing.Short() {
		b.Skip("300,000-row roster: not under -short")
	}
	path := benchRoster(b)
	for b.Loop() {
		t, err := readTable(context.Background(), path, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(t.records) != benchRows {
			b.Fatalf("%d records", len(t.records))
		}
	}
}

// benchDB returns a database with the roster imported, cached beside it.
func benchDB(b *testing.B) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("jiedao-bench-db-%d-v%d.db", benchRows, data.SchemaVersion()))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	roster := benchRoster(b)
	tmp := path + ".tmp"
	os.Remove(tmp)
	s, err := data.Open(tmp)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ImportHouseholds(context.Background(), s, roster, ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

func BenchmarkExport300k(b *testing.B) {
	if testing.Short() {
		b.Skip("300,000-row register: not under -short")
	}
	cached := benchDB(b)
	// Work on a copy: the export writes audit entries.
	dbPath := filepath.Join(b.TempDir(), "jiedao.db")
	if err := copyFile(cached, dbPath); err != nil {
		b.Fatal(err)
	}
	s := datatest.MustOpenPath(b, dbPath)
	out := filepath.Join(b.TempDir(), "export.xlsx")
	runtime.GC()
	for b.Loop() {
		peak := startMemPeak()
		start := time.Now()
		n, err := ExportHouseholds(context.Background(), s, out, data.ResidentFilter{}, ExportOptions{Unmasked: true, Reason: "上级核查"})
		elapsed := time.Since(start)
		heap := peak.done()
		if err != nil {
			b.Fatal(err)
		}
		if n != benchRows {
			b.Fatalf("exported %d rows", n)
		}
		st, _ := os.Stat(out)
		b.ReportMetric(elapsed.Seconds(), "s/export")
		b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkReimport300k imports the roster into the register made from it:
// every resident is matched by ID number and nothing changes.
func BenchmarkReimport300k(b *testing.B) {
	if testing.Short() {
		b.Skip("300,000-row register: not under -short")
	}
	cached := benchDB(b)
	dbPath := filepath.Join(b.TempDir(), "jiedao.db")
	if err := copyFile(cached, dbPath); err != nil {
		b.Fatal(err)
	}
	s := datatest.MustOpenPath(b, dbPath)
	roster := benchRoster(b)
	for b.Loop() {
		start := time.Now()
		last, lastCPU := start, cpuTime()
		trace := func(phase string) {
			now, c := time.Now(), cpuTime()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.Logf("%-8s wall %6.2fs  cpu %6.2fs  maxrss %4d MB  heap in use %4d MB, from the OS %4d MB",
				phase, now.Sub(last).Seconds(), (c - lastCPU).Seconds(), maxRSS()>>20, ms.HeapInuse>>20, (ms.HeapSys-ms.HeapReleased)>>20)
			if p := os.Getenv("JIEDAO_HEAP_PROFILE"); p != "" && phase == "check" {
				if f, err := os.Create(p); err == nil {
					pprof.WriteHeapProfile(f)
					f.Close()
				}
			}
			last, lastCPU = now, c
		}
		rep, err := ImportHouseholds(context.Background(), s, roster, ImportOptions{trace: trace})
		if err != nil {
			b.Fatal(err)
		}
		if rep.ResidentsUnchanged != benchRows || rep.ResidentsCreated+rep.ResidentsUpdated+rep.HouseholdsCreated+rep.HouseholdsUpdated != 0 {
			b.Fatalf("second import changed something: %+v", rep)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/import")
	}
}
