package data_test

// Benchmarks of the register's search on the demo register the issue
// measures: 120,000 households, about 300,000 residents. The database is
// generated once by demo.Generate into os.TempDir(), keyed by seed and
// size, and reused by later runs (delete it to regenerate). Never part of
// plain `go test` (benchmarks only run with -bench) and skipped with
// -short.
//
//	go test ./data -run '^$' -bench 'BenchmarkSearch' -benchtime 200x
//
// Each sub-benchmark runs the first page (50 rows) of one kind of query,
// cycling through queries derived from residents spread over the register,
// and reports the median and the slowest run in milliseconds.

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"jiedao/data"
	"jiedao/data/datatest"
	"jiedao/data/demo"
)

var (
	benchHouseholds = flag.Int("registry.households", 120000, "households in the search benchmarks' demo register")
	benchSeed       = flag.Int64("registry.seed", 1, "seed of the search benchmarks' demo register")
)

var benchDB struct {
	once sync.Once
	path string
	err  error
}

// benchStore opens the benchmark register, generating it when missing.
func benchStore(b *testing.B) *data.Store {
	b.Helper()
	if testing.Short() {
		b.Skip("-short: the benchmark register takes minutes to generate")
	}
	benchDB.once.Do(func() {
		path := filepath.Join(os.TempDir(), fmt.Sprintf("jiedao-bench-%d-seed%d.db", *benchHouseholds, *benchSeed))
		benchDB.path = path
		if _, err := os.Stat(path); err == nil {
			return
		}
		tmp := path + ".tmp"
		os.Remove(tmp)
		s, err := data.Open(tmp)
		if err != nil {
			benchDB.err = err
			return
		}
		s.Now = datatest.Epoch
		start := time.Now()
		sum, err := demo.Generate(context.Background(), datatest.Bind(b, s), demo.Options{Households: *benchHouseholds, Seed: *benchSeed}, nil)
		if cerr := s.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			benchDB.err = err
			return
		}
		b.Logf("generated %s: %+v in %v", path, sum, time.Since(start).Round(time.Second))
		benchDB.err = os.Rename(tmp, path)
	})
	if benchDB.err != nil {
		b.Fatalf("benchmark register: %v", benchDB.err)
	}
	s := datatest.MustOpenPath(b, benchDB.path)
	if fi, err := os.Stat(benchDB.path); err == nil {
		b.Logf("%s: %.1f MB", benchDB.path, float64(fi.Size())/1e6)
	}
	return s
}

// sample returns n residents spread evenly over the register.
func sample(b *testing.B, s *data.Store, n int) []data.Resident {
	var maxID int64
	if err := data.StoreDB(s).Model(&data.Resident{}).Select("max(id)").Scan(&maxID).Error; err != nil {
		b.Fatal(err)
	}
	var out []data.Resident
	for i := 1; len(out) < n && i < 10*n; i++ {
		var r data.Resident
		err := data.StoreDB(s).Where("id >= ? AND status IN ?", maxID*int64(i)/int64(10*n+1), data.ActiveStatuses).Order("id").Limit(1).Find(&r).Error
		if err != nil {
			b.Fatal(err)
		}
		if r.ID != 0 && r.Phone != "" && (len(out) == 0 || out[len(out)-1].ID != r.ID) {
			out = append(out, r)
		}
	}
	return out
}

func BenchmarkSearch(b *testing.B) {
	s := benchStore(b)
	searchKinds(b, s, s, sample(b, s, 20))
}

// BenchmarkSearchScoped is BenchmarkSearch as a community worker of one
// community (the register's first, about a tenth of it), with queries made
// from residents of that community: the scope is one more condition on
// the rows each query's index yields (scope.go).
//
//	go test ./data -run '^$' -bench 'BenchmarkSearchScoped' -benchtime 200x
func BenchmarkSearchScoped(b *testing.B) {
	s := benchStore(b)
	cs, err := s.Communities(context.Background())
	if err != nil || len(cs) == 0 {
		b.Fatalf("communities: %v %v", cs, err)
	}
	community := cs[0].Community
	sq := datatest.As(b, s, "bench-sq", []string{data.RoleCommunity}, []string{community}, nil)
	var people []data.Resident
	for _, r := range sample(b, s, 400) {
		if h, err := s.Household(context.Background(), r.HouseholdID); err == nil && h.Community == community && len(people) < 20 {
			people = append(people, r)
		}
	}
	if len(people) < 5 {
		b.Fatalf("only %d sampled residents in %s", len(people), community)
	}
	b.Logf("as a community worker of %s, %d residents sampled there", community, len(people))
	searchKinds(b, s, sq, people)
}

// searchKinds runs every kind of query as q, made from people (looked up
// through s).
func searchKinds(b *testing.B, s, q *data.Store, people []data.Resident) {
	ctx := context.Background()
	addr := func(r data.Resident) string {
		h, err := s.Household(ctx, r.HouseholdID)
		if err != nil {
			b.Fatal(err)
		}
		return h.Address
	}
	runes := func(s string, n int) string { return string([]rune(s)[:min(n, len([]rune(s)))]) }
	kinds := []struct {
		name string
		q    func(r data.Resident) data.ResidentFilter
	}{
		{"list", func(data.Resident) data.ResidentFilter { return data.ResidentFilter{} }},
		{"name-1char", func(r data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: runes(r.Name, 1)} }},
		{"name-whole", func(r data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: r.Name} }},
		{"name-nonBMP", func(data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: "𠮷"} }},
		{"pinyin-initials", func(r data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: r.NameInitials} }},
		{"pinyin-1letter", func(r data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: r.NameInitials[:1]} }},
		{"pinyin-full", func(r data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: r.NamePinyin} }},
		{"pinyin-prefix", func(r data.Resident) data.ResidentFilter {
			return data.ResidentFilter{Query: r.NamePinyin[:min(6, len(r.NamePinyin))]}
		}},
		{"heteronym-shan", func(data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: "shan"} }},
		{"id-whole", func(r data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: r.IDNumber} }},
		{"id-last4", func(r data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: r.IDNumber[14:]} }},
		{"id-last6", func(r data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: r.IDNumber[12:]} }},
		{"phone-whole", func(r data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: r.Phone} }},
		{"phone-last4", func(r data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: r.Phone[len(r.Phone)-4:]} }},
		{"address-1char", func(r data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: runes(addr(r), 1)} }},
		{"address-2chars", func(r data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: runes(addr(r), 2)} }},
		{"address-whole", func(r data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: addr(r)} }},
		{"address-inside", func(r data.Resident) data.ResidentFilter {
			a := []rune(addr(r))
			return data.ResidentFilter{Query: string(a[len(a)/2:])}
		}},
		{"nothing-found", func(data.Resident) data.ResidentFilter { return data.ResidentFilter{Query: "qqqqq"} }},
		{"filter-community", func(r data.Resident) data.ResidentFilter {
			h, _ := s.Household(ctx, r.HouseholdID)
			return data.ResidentFilter{Community: h.Community}
		}},
		{"filter-tag", func(data.Resident) data.ResidentFilter { return data.ResidentFilter{Tag: data.TagDisabled} }},
		{"filter-80plus", func(data.Resident) data.ResidentFilter { return data.ResidentFilter{Tag: data.TagVeryOld} }},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			filters := make([]data.ResidentFilter, len(people))
			for i, r := range people {
				filters[i] = k.q(r)
			}
			for _, f := range filters { // warm the cache as a session would be
				if _, err := q.SearchResidents(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
			timeRuns(b, func(i int) error {
				_, err := q.SearchResidents(ctx, filters[i%len(filters)])
				return err
			})
		})
	}
	b.Run("households-address", func(b *testing.B) {
		qs := make([]string, len(people))
		for i, r := range people {
			qs[i] = strings.Join(strings.Fields(addr(r)), "")
		}
		timeRuns(b, func(i int) error {
			_, err := q.SearchHouseholds(ctx, data.HouseholdFilter{Query: runes(qs[i%len(qs)], 4)})
			return err
		})
	})
	b.Run("page-100", func(b *testing.B) {
		// The 100th page of a long list costs what the first does.
		f := data.ResidentFilter{Query: "王"} // the commonest surname
		for p := 0; p < 99; p++ {
			page, err := q.SearchResidents(ctx, f)
			if err != nil || page.Next == "" {
				b.Skipf("fewer than 100 pages of %q", f.Query)
			}
			f.After = page.Next
		}
		timeRuns(b, func(int) error {
			_, err := q.SearchResidents(ctx, f)
			return err
		})
	})
}

func BenchmarkStats(b *testing.B) {
	s := benchStore(b)
	for i := 0; i < b.N; i++ {
		if _, err := s.Stats(context.Background(), ""); err != nil {
			b.Fatal(err)
		}
	}
}

// timeRuns runs run b.N times and reports the median and the slowest
// wall-clock time in milliseconds, and the median CPU time of the thread
// that ran it (the SQLite driver is pure Go, so that is the query's own
// work): on a machine shared with other jobs the wall-clock maximum
// measures the scheduler as much as the query.
func timeRuns(b *testing.B, run func(i int) error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	wall := make([]time.Duration, 0, b.N)
	cpu := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c0, t0 := threadCPU(), time.Now()
		if err := run(i); err != nil {
			b.Fatal(err)
		}
		wall = append(wall, time.Since(t0))
		cpu = append(cpu, threadCPU()-c0)
	}
	b.StopTimer()
	slices.Sort(wall)
	slices.Sort(cpu)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(wall[len(wall)/2]), "p50-ms")
	b.ReportMetric(ms(wall[len(wall)-1]), "max-ms")
	b.ReportMetric(ms(wall[len(wall)*99/100]), "p99-ms")
	b.ReportMetric(ms(cpu[len(cpu)/2]), "cpu-p50-ms")
	b.ReportMetric(0, "ns/op")
}
