//go:build !windows

package cli

// attachConsole has nothing to do: outside Windows a program started from
// a terminal has its standard handles.
func attachConsole() {}
