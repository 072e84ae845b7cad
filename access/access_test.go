package access

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"testing"
)

// TestAllCapabilities keeps AllCapabilities the list of every Capability constant declared in the package,
// in their order, so that a capability added is reported by the API (/me) and documented.
func TestAllCapabilities(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "access.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []Capability
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "Capability" {
				continue
			}
			for i, n := range v.Names {
				lit, ok := v.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Fatalf("%s: want a string literal", n.Name)
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				declared = append(declared, Capability(s))
			}
		}
	}
	if len(declared) < 9 {
		t.Fatalf("found only %d Capability constants in access.go: %v", len(declared), declared)
	}
	if !slices.Equal(AllCapabilities, declared) {
		t.Errorf("AllCapabilities = %v, want every declared capability in order: %v", AllCapabilities, declared)
	}
	seen := map[Capability]bool{}
	for _, c := range AllCapabilities {
		if c == "" || seen[c] {
			t.Errorf("capability %q is empty or listed twice", c)
		}
		seen[c] = true
	}
}
