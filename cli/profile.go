package cli

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"
)

// Hidden switches for measuring a start (docs/BENCHMARKS.md, "Start-up and
// memory"): JIEDAO_CPUPROFILE=FILE writes a CPU profile and
// JIEDAO_MEMPROFILE=FILE a heap profile (after a garbage collection) of
// the first JIEDAO_PROFILE_SECONDS (10 unless set) of the process, or of
// all of it when it ends sooner. They are for the developers, not the
// users, so usage does not list them.
const (
	envCPUProfile     = "JIEDAO_CPUPROFILE"
	envMemProfile     = "JIEDAO_MEMPROFILE"
	envProfileSeconds = "JIEDAO_PROFILE_SECONDS"
)

// startProfiles starts what the environment asks for and returns the
// function that ends it; it runs by itself after the profiling time and
// is safe to call again. Failures are said on stderr and never stop
// Jiedao.
func startProfiles(getenv func(string) string, stderr io.Writer) (stop func()) {
	cpuPath, memPath := getenv(envCPUProfile), getenv(envMemProfile)
	if cpuPath == "" && memPath == "" {
		return func() {}
	}
	seconds := 10.0
	if v, err := strconv.ParseFloat(getenv(envProfileSeconds), 64); err == nil && v > 0 {
		seconds = v
	}
	var cpu *os.File
	if cpuPath != "" {
		f, err := os.Create(cpuPath)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(stderr, "jiedao: cpu profile:", err)
		} else {
			cpu = f
		}
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			if cpu != nil {
				pprof.StopCPUProfile()
				_ = cpu.Close()
			}
			if memPath != "" {
				if err := writeHeapProfile(memPath); err != nil {
					fmt.Fprintln(stderr, "jiedao: heap profile:", err)
				}
			}
		})
	}
	time.AfterFunc(time.Duration(seconds*float64(time.Second)), stop)
	return stop
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC() // the heap as it is live, not garbage not yet collected
	if err := pprof.WriteHeapProfile(f); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
