package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"jiedao/data"
	"jiedao/i18n"
)

func cmdBackup(ctx context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	to := fs.String("to", "", "folder for the backup (default: the backups folder next to the database)")
	pos, err := c.parse(fs, args)
	if err != nil || len(pos) > 0 {
		return c.usage(err)
	}
	return c.withStore(ctx, func(s *data.Store) (string, error) { return s.Backup(ctx, *to) })
}

func cmdRestore(ctx context.Context, c *env, args []string) int {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	pos, err := c.parse(fs, args)
	if err != nil || len(pos) != 1 {
		if err == nil {
			err = errors.New(i18n.L("restore needs exactly one FILE"))
		}
		return c.usage(err)
	}
	path, err := c.dbPath()
	if err != nil {
		return c.fail(err)
	}
	// Replacing a register takes an administrator of it; where there is
	// none yet (the file is gone: the disaster a backup is for) there is
	// no one to ask, and nothing to lose.
	var safety string
	if _, statErr := os.Stat(path); statErr == nil {
		safety, err = c.restoreAs(ctx, pos[0])
	} else {
		safety, err = data.RestoreFile(ctx, path, pos[0], time.Now())
	}
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "%s %s\n", i18n.L("Restored; the previous database was saved to"), safety)
	return exitOK
}

// restoreAs restores backup over the register c names as its account:
// the permit (an administrator's) is taken while the store is open, and
// the restore, made after it closes, is recorded under that account.
func (c *env) restoreAs(ctx context.Context, backup string) (string, error) {
	s, err := c.open(ctx)
	if err != nil {
		return "", err
	}
	permit, err := s.RestorePermit()
	s.Close()
	if err != nil {
		return "", err
	}
	return data.RestoreFileAs(ctx, permit, backup, time.Now())
}
