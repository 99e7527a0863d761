package cli

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/term"

	"jiedao/i18n"
)

// Passwords come from the environment (a script's) or are typed on the
// terminal without echo; a new one is typed twice. A script without the
// variable is told which one to set rather than left waiting for a
// terminal it has not got.

// terminal is where a password is typed: the process's own, or a test's.
type terminal interface {
	// interactive reports whether a person can be asked.
	interactive() bool
	// readPassword shows prompt and reads a line without echo.
	readPassword(prompt string) (string, error)
}

// stdinTerminal is standard input, when it is a terminal; the prompt goes
// to standard error, so that a job's output stays what it prints.
type stdinTerminal struct{ c *env }

func (t stdinTerminal) interactive() bool { return term.IsTerminal(int(os.Stdin.Fd())) }

func (t stdinTerminal) readPassword(prompt string) (string, error) {
	fmt.Fprint(t.c.stderr, prompt)
	b, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(t.c.stderr)
	return string(b), err
}

func (c *env) terminal() terminal {
	if c.term != nil {
		return c.term
	}
	return stdinTerminal{c}
}

// password is the environment variable key's value, else typed once after
// prompt (twice when twice is set, and the two must agree). key "" is no
// variable: the password can only be typed.
func (c *env) password(key, prompt string, twice bool) (string, error) {
	if v := c.getenv(key); key != "" && v != "" {
		return v, nil
	}
	t := c.terminal()
	if !t.interactive() && key == "" {
		return "", errors.New(i18n.L("cli.password.typed_only"))
	}
	if !t.interactive() {
		return "", errors.New(i18n.L("cli.password.no_terminal", map[string]any{"Env": key}))
	}
	pw, err := t.readPassword(prompt)
	if err != nil || !twice {
		return pw, err
	}
	again, err := t.readPassword(i18n.L("cli.password.again"))
	if err != nil {
		return "", err
	}
	if again != pw {
		return "", errors.New(i18n.L("cli.password.mismatch"))
	}
	return pw, nil
}

// newPassword is a new password for login: from the variable key when it
// is set, else typed twice.
func (c *env) newPassword(key, login string) (string, error) {
	return c.password(key, i18n.L("cli.password.new", map[string]any{"Login": login}), true)
}

// say writes a note for the person at the terminal (standard error: a
// script's output stays the job's).
func (c *env) say(line string) { fmt.Fprintln(c.stderr, line) }

// out writes a line of the job's output.
func (c *env) out(line string) { fmt.Fprintln(c.stdout, line) }
