// Package data is Jiedao's record: the domain types and GORM models, the
// store that reads and writes them, validation, the audit trail, the
// recycle bin and backups.
//
// On one desk everything is kept in one SQLite file (pure Go, no cgo, via
// glebarez' driver); desks that share a register keep it on the office's
// PostgreSQL server (gorm.io/driver/postgres over pgx), named by a URL
// where a path went (location.go). Open chooses the engine's dialect
// (dialect.go lists what differs and the answer on each). The file is checked before anything writes to
// it: a file from a newer release, another program's database, a file that
// is not a database or a damaged one is refused and left byte for byte as
// it was. A file from an earlier release is backed up and then upgraded by
// the versioned migrations in migrate.go.
//
// Every write goes through Store.Tx (or Create, Update, Delete, which use
// it) and leaves an AuditEntry in the same transaction: who, when, what,
// and the record as JSON before and after. Deleting moves a record to the
// recycle bin (GORM's DeletedAt); Purge removes it for good.
//
// Errors the user is meant to read are *Error values whose Key is a
// translation key listed in Messages. SQL stays portable (plain
// PostgreSQL 12 SQL and SQLite's); what cannot be is behind the dialect or
// isSQLite, beside the query.
//
// The package imports no Fyne, so the command-line subcommands and the
// tests use exactly the code the GUI uses.
package data
