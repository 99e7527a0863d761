package cli

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"

	"jiedao/i18n"
)

// The usage lines are written once, in the command line's own syntax, with
// placeholders in capitals (MEETING-ID, FILE.pdf, PATH). What a user reads
// has them in the user's language — jiedao print minutes 会议编号 -o 文件.pdf —
// through the keys "usage.<PLACEHOLDER>" of assets/translations/*.cli.json;
// the command names and flags stay as they are typed.

// placeholder is a word of capitals and hyphens in a usage line: a flag's
// value or a positional argument. Lower-case words (command names, flags,
// zh|en) are typed as they are.
// A flag's value may have a word of its own: "usage.<flag>.<PLACEHOLDER>"
// (--community NAME is a 社区, --name NAME a 姓名) before "usage.<PLACEHOLDER>".
var placeholder = regexp.MustCompile(`(--([a-z][a-z-]*) )?\b([A-Z][A-Z-]*)\b`)

// localUsage translates the placeholders of one usage line.
func localUsage(line string) string {
	return placeholder.ReplaceAllStringFunc(line, func(m string) string {
		p := placeholder.FindStringSubmatch(m)
		flag, word := p[1], p[3]
		keys := []string{"usage." + word}
		if p[2] != "" {
			keys = append([]string{"usage." + p[2] + "." + word}, keys...)
		}
		for _, key := range keys {
			if t := i18n.L(key); t != key && t != "" {
				return flag + t
			}
		}
		return m
	})
}

// loginFree are the commands that need no account, and why (for the
// reader of the code: help prints the login note for the others).
var loginFree = map[string]string{
	"help": "prints", "version": "prints", "template": "writes a blank form, reads no register",
	"demo": "makes the accounts of a new register",
}

// helpUsage is the usage line of `jiedao help`.
const helpUsage = "jiedao help [COMMAND]"

// writeUsage writes the usage of every command, each line translated.
func writeUsage(w io.Writer) {
	fmt.Fprintln(w, i18n.L("Usage:"))
	fmt.Fprintln(w, "  "+localUsage("jiedao [--db PATH] [--lang zh|en]"))
	for _, cmd := range commands() {
		for _, line := range strings.Split(cmd.usage, "\n") {
			fmt.Fprintln(w, "  "+localUsage(strings.TrimSpace(line)))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, i18n.L("cli.usage.login"))
}

// cmdHelp is `jiedao help [COMMAND]`: the whole usage, or one command's
// with what it does, on stdout (exit 0); an unknown command is bad usage
// (exit 2), as it is without help.
func cmdHelp(_ context.Context, c *env, args []string) int {
	switch len(args) {
	case 0:
		writeUsage(c.stdout)
		return exitOK
	case 1:
	default:
		return c.usage(fmt.Errorf("%s", i18n.L("help takes at most one command")))
	}
	for _, cmd := range commands() {
		if cmd.name != args[0] {
			continue
		}
		fmt.Fprintln(c.stdout, i18n.L("Usage:"))
		for _, line := range strings.Split(cmd.usage, "\n") {
			fmt.Fprintln(c.stdout, "  "+localUsage(strings.TrimSpace(line)))
		}
		fmt.Fprintln(c.stdout)
		fmt.Fprintln(c.stdout, i18n.L("usage.about."+cmd.name))
		if loginFree[cmd.name] == "" {
			fmt.Fprintln(c.stdout, i18n.L("cli.usage.login"))
		}
		return exitOK
	}
	return c.usage(fmt.Errorf("%s: %s", i18n.L("Unknown command"), args[0]))
}
