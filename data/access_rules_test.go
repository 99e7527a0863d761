package data

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestEveryMethodHasARule lists the exported methods of *Store by
// reflection: each must have a rule in methodRules, and each rule must
// name a method that exists.
func TestEveryMethodHasARule(t *testing.T) {
	typ := reflect.TypeOf(&Store{})
	have := map[string]bool{}
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		have[m.Name] = true
		if _, ok := methodRules[m.Name]; !ok {
			t.Errorf("Store.%s has no rule in methodRules (access_rules.go): say which permission it needs", m.Name)
		}
	}
	for name := range methodRules {
		if !have[name] {
			t.Errorf("methodRules names %s, which is not a method of *Store", name)
		}
	}
}

// TestEveryMethodChecksItsRule reads data's source: every exported method
// of *Store whose rule needs an account must call s.can with its own name.
// Methods promoted from the engine (none are exported) are not in play.
func TestEveryMethodChecksItsRule(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := map[string]bool{}
	declared := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() || !isStoreRecv(fn.Recv) {
				continue
			}
			declared[fn.Name.Name] = true
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 1 {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				lit, isLit := call.Args[0].(*ast.BasicLit)
				if ok && isLit && sel.Sel.Name == "can" {
					if name, err := strconv.Unquote(lit.Value); err == nil && name == fn.Name.Name {
						checked[fn.Name.Name] = true
					}
				}
				return true
			})
		}
	}
	for name := range declared {
		if r := methodRules[name]; r.need != permNone && !checked[name] {
			t.Errorf("Store.%s needs %q but never calls s.can(%q)", name, r.need, name)
		}
	}
}

func isStoreRecv(fl *ast.FieldList) bool {
	if len(fl.List) != 1 {
		return false
	}
	star, ok := fl.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	id, ok := star.X.(*ast.Ident)
	return ok && id.Name == "Store"
}

// TestRolePermsKnown: the matrix names only roles and permissions that
// exist, and every permission has its message.
func TestRolePermsKnown(t *testing.T) {
	for role, perms := range rolePerms {
		if _, ok := LookupMessage("role." + role); !ok {
			t.Errorf("role %s has no message", role)
		}
		for _, p := range perms {
			if _, ok := LookupMessage("perm." + string(p)); !ok {
				t.Errorf("permission %s (of %s) has no message", p, role)
			}
		}
	}
	for _, r := range Roles() {
		if _, ok := rolePerms[r]; !ok {
			t.Errorf("role %s is not in rolePerms", r)
		}
	}
}
