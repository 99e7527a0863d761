// Package reliability is the crash campaign of issue 13 as tests: it
// kills jiedao (this package's test binary, started again as the command
// line) with kill -9 at random moments of an import, a backup and a
// restore, then opens the database as the next start would and checks
// that nothing was lost or damaged: SQLite's integrity check, row counts
// that are all or nothing, every file named as a backup a good backup,
// and no leftover of the killed job; and of an export, which must leave
// no half workbook. It also runs every subcommand beside another process
// that holds the database's write lock.
//
// CI runs it small (go test ./...); the long campaign is
//
//	go test ./internal/reliability -trials 200 -timeout 60m
//
// with -trials kills of each kind. docs/RELIABILITY.md has what is
// tested and the figures measured. The package has no code of its own.
package reliability
