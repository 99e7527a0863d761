// Package layers checks that Jiedao's packages import each other only
// along the arrows of docs/ARCHITECTURE.md:
//
//	main → {cli, app}; app → screens; screens, cli → {docx, pdf, sheet} → data → assets
//
// with Fyne only in app, screens and i18n, and the database (GORM, the
// SQLite driver, database/sql and SQL text) only in data. The rules are
// read from the code itself — every .go file's import list and string
// literals, parsed with go/parser, whatever its build constraints, so a
// Windows-only file is checked on Linux too — and the test in this
// package fails naming each file and import that breaks one.
package layers

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Imports lists, for each of the module's packages (by its folder, "" for
// the module root), the module's packages it may import. A package that is
// not listed is itself a violation: a new package gets its place in the
// arrows on purpose, here and in docs/ARCHITECTURE.md.
var Imports = map[string][]string{
	"":                {"cli", "app"},
	"cli":             {"docx", "pdf", "sheet", "data", "data/demo", "i18n", "assets"},
	"app":             {"screens", "i18n", "data", "assets"},
	"screens":         {"docx", "pdf", "sheet", "data", "data/demo", "i18n", "assets"},
	"i18n":            {"data", "assets"},
	"docx":            {"data", "assets"},
	"pdf":             {"data", "assets"},
	"sheet":           {"data", "assets"},
	"data":            {"assets"},
	"data/demo":       {"data"},
	"data/datatest":   {"data"},
	"assets":          {},
	"internal/layers": {},
	// The crash campaign: tests only, of the whole program (cli) and
	// the files it leaves (data, data/datatest).
	"internal/reliability": {},
}

// An External is a family of outside imports that only some packages may
// use.
type External struct {
	Name     string   // what the message calls it
	Prefixes []string // import paths, or their prefixes ending in "/"
	Allowed  []string // the packages that may import it
	Tests    bool     // whether the rule holds in _test.go files too
}

// Externals are the outside imports with a place: Fyne draws the window,
// so it stays out of everything that must run without one (the command
// line, documents, import and export); the database is data's alone, so
// that an account's scope and the SQL dialect are decided in one place.
var Externals = []External{
	{
		Name:     "Fyne",
		Prefixes: []string{"fyne.io/"},
		Allowed:  []string{"app", "screens", "i18n"},
	},
	{
		Name: "the database (GORM, a driver, database/sql)",
		Prefixes: []string{"gorm.io/", "github.com/glebarez/", "modernc.org/sqlite", "github.com/go-gormigrate/",
			"github.com/jackc/", "github.com/lib/pq", "database/sql"},
		Allowed: []string{"data", "data/datatest"},
		Tests:   true,
	},
}

// SQLAllowed are the packages whose code may hold SQL text.
var SQLAllowed = []string{"data", "data/datatest"}

// sqlText matches a string literal that is an SQL statement or clause:
// the upper-case keywords of a statement followed by what makes it one
// (Jiedao writes SQL in upper case), so prose ("Select a file from the
// list", "insert into %s: %w") does not match.
var sqlText = regexp.MustCompile(`^\s*(SELECT\s.+\sFROM\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+["\w]+\s+SET\s|DELETE\s+FROM\s|PRAGMA\s|CREATE\s+(UNIQUE\s+)?(TABLE|INDEX|TRIGGER|VIEW)\s|DROP\s+(TABLE|INDEX|TRIGGER)\s|ALTER\s+TABLE\s)` +
	`|\s(WHERE|ORDER\s+BY|GROUP\s+BY|JOIN)\s.*(\?|=|\bIN\b|\bIS\b|\bASC\b|\bDESC\b)`)

// A Violation is one import (or string) that breaks a rule.
type Violation struct {
	File   string // relative to the module root, with forward slashes
	Line   int
	Import string // the import path, or the SQL text
	Rule   string
}

func (v Violation) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", v.File, v.Line, v.Import, v.Rule)
}

// Skipped are folders that are not the project's own packages.
var Skipped = []string{"third_party", "testdata", "dist", "build", "node_modules"}

// Check reads every .go file of the module at root and returns what breaks
// the rules, in file order.
func Check(root string) ([]Violation, error) {
	module, err := modulePath(root)
	if err != nil {
		return nil, err
	}
	var out []Violation
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || slices.Contains(Skipped, d.Name())) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") {
			return nil
		}
		vs, err := checkFile(root, rel, module)
		out = append(out, vs...)
		return err
	})
	return out, err
}

// checkFile checks one file against the rules of its package.
func checkFile(root, rel, module string) ([]Violation, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(root, filepath.FromSlash(rel)), nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("layers: %w", err)
	}
	pkg := path.Dir(rel)
	if pkg == "." {
		pkg = ""
	}
	test := strings.HasSuffix(rel, "_test.go")
	allowed, known := Imports[pkg]
	if !known {
		return []Violation{{File: rel, Line: 1, Import: "package " + displayName(pkg),
			Rule: "a package without a place in the arrows: add it to layers.Imports and docs/ARCHITECTURE.md"}}, nil
	}
	var out []Violation
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		line := fset.Position(imp.Pos()).Line
		if own, ok := strings.CutPrefix(p, module+"/"); ok || p == module {
			if !test && !slices.Contains(allowed, own) {
				out = append(out, Violation{rel, line, p, fmt.Sprintf("%s may import only %s", displayName(pkg), list(allowed))})
			}
			continue
		}
		for _, e := range Externals {
			if (test && !e.Tests) || slices.Contains(e.Allowed, pkg) || !matches(p, e.Prefixes) {
				continue
			}
			out = append(out, Violation{rel, line, p, fmt.Sprintf("%s only in %s", e.Name, list(e.Allowed))})
		}
	}
	if !test && !slices.Contains(SQLAllowed, pkg) {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && sqlText.MatchString(s) {
				out = append(out, Violation{rel, fset.Position(lit.Pos()).Line, clip(s), "SQL text only in " + list(SQLAllowed)})
			}
			return true
		})
	}
	return out, nil
}

func matches(p string, prefixes []string) bool {
	for _, pre := range prefixes {
		if p == strings.TrimSuffix(pre, "/") || strings.HasSuffix(pre, "/") && strings.HasPrefix(p, pre) {
			return true
		}
	}
	return false
}

func displayName(pkg string) string {
	if pkg == "" {
		return "main"
	}
	return pkg
}

func list(pkgs []string) string {
	if len(pkgs) == 0 {
		return "nothing of the module"
	}
	names := make([]string, len(pkgs))
	for i, p := range pkgs {
		names[i] = displayName(p)
	}
	return strings.Join(names, ", ")
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// modulePath reads the module line of root/go.mod.
func modulePath(root string) (string, error) {
	f, err := os.Open(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("layers: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(m), `"`), nil
		}
	}
	return "", fmt.Errorf("layers: %s/go.mod has no module line", root)
}

// MaxLines is the most lines a source file may have: a file longer than
// that holds more than one thing, and a newcomer cannot tell from its name
// what is in it.
const MaxLines = 800

// LongFiles lists the module's .go files (tests included, third_party and
// the other Skipped folders not) over MaxLines lines, with their length.
func LongFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || slices.Contains(Skipped, d.Name())) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if n := strings.Count(string(b), "\n"); n > MaxLines {
			out = append(out, fmt.Sprintf("%s: %d lines", filepath.ToSlash(rel), n))
		}
		return nil
	})
	return out, err
}
