package screens

import (
	"fmt"
	"os"
	"sync"
)

// benchOn: with JIEDAO_BENCH=1 in the environment, benchMark tells
// build/bench-start.sh when the first screen is filled. Users never set it.
var benchOn = os.Getenv("JIEDAO_BENCH") == "1"

var benchOnce sync.Once

// benchMark prints "jiedao-bench: <what>" on stderr, the first time only.
func benchMark(what string) {
	if !benchOn {
		return
	}
	benchOnce.Do(func() { fmt.Fprintln(os.Stderr, "jiedao-bench: "+what) })
}
