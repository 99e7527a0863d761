//go:build !windows

package app

import "time"

// systemIdle: only Windows says how long the desk has had no input; the
// window's own signs of activity are used elsewhere.
func systemIdle() (time.Duration, bool) { return 0, false }
