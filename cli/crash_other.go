//go:build !windows

package cli

// showCrash has nothing to add outside Windows: the message went to
// stderr, which a terminal or the desktop's session log keeps.
func showCrash(title, msg string) {}
