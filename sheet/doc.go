// Package sheet imports and exports the household register as spreadsheets:
// the roster template clerks fill in, the import of filled-in rosters (XLSX
// or CSV), and the export of the filtered resident list.
//
// A roster has one row per resident with the household's columns repeated
// (or merged down over its members). Columns are found by their header, in
// any order, under the names clerks use (身份证号, 身份证号码, 公民身份号码…;
// see columns.go); the header may be below a title row. Real rosters are
// messy and the importer is built for that: full-width digits, lowercase x,
// apostrophes before ID numbers, blanks of every kind, merged cells, dates
// as Excel serials (1900 and 1904 systems) or as text in the usual Chinese
// forms, CSV in UTF-8 with or without BOM or in GB18030, and coded values
// written the ways people say them (妻子 for 配偶, 本科 for 大学本科). An ID
// number that a spreadsheet stored as a number has lost its last digits; its
// row is refused with a request to make the column text.
//
// Validation is the data package's (Household.Validate, Resident.Validate),
// so a row is accepted exactly when the form would accept it. An import
// is all-or-nothing: every row is checked first, and one transaction writes
// everything or nothing (unless the clerk chooses to import the valid rows).
// Row numbers in reports are the ones the spreadsheet shows.
//
// XLSX files are written with excelize (its StreamWriter for exports, which
// never holds the register in memory) and read by a small streaming reader
// of this package (xlsx.go): excelize's row iterator took four minutes for
// a 300,000-row roster, this reader takes a few seconds. Imports write
// through data.BulkInserter, which keeps GORM's semantics (schema columns,
// hooks, timestamps) at a third of its cost; see docs/BENCHMARKS.md.
// Everything read from or written to the database goes through the data
// package's store and transaction: this package holds no SQL.
//
// The package imports no Fyne: the GUI and the command line (`jiedao import
// households`, `jiedao export households`, `jiedao template households`) run
// the same code.
package sheet
