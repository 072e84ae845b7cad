package policy

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Problem is one thing wrong with a policy: the dotted key of the value and why.
type Problem struct {
	Key    string // e.g. "tiers.t3_min"
	Reason string // e.g. "must be greater than tiers.t2_min (50000.00)"
}

func (p Problem) String() string { return p.Key + ": " + p.Reason }

// Error lists every problem found in a policy, in the order of the policy's sections.
type Error struct {
	Source   string // the file or other source the policy came from; "" for an in-memory policy
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("policy")
	if e.Source != "" {
		b.WriteString(" " + e.Source)
	}
	if len(e.Problems) == 1 {
		return b.String() + ": " + e.Problems[0].String()
	}
	fmt.Fprintf(&b, ": %d problems:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n\t" + p.String())
	}
	return b.String()
}

// Load reads the policy file at path: the defaults, overlaid with the file's values, then validated.
func Load(path string) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	return Parse(data, path)
}

// Parse is Load from bytes; source names them in errors. Keys absent from data keep their defaults.
// A TOML syntax error is returned as is; otherwise every problem (an unknown key, a value of the wrong
// type or form, a value Validate refuses) is returned in one *Error.
func Parse(data []byte, source string) (*Policy, error) {
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, fmt.Errorf("policy %s: %w", source, err)
	}
	p := Default()
	var probs []Problem
	overlay(reflect.ValueOf(p).Elem(), raw, "", &probs)
	bad := make(map[string]bool, len(probs))
	for _, pr := range probs {
		bad[pr.Key] = true
	}
	for _, pr := range p.problems() {
		if !bad[pr.Key] { // a value that did not decode kept its default; do not report it twice
			probs = append(probs, pr)
		}
	}
	if len(probs) > 0 {
		return nil, &Error{Source: source, Problems: probs}
	}
	return p, nil
}

// TOML writes the effective policy as a TOML file that Parse reads back to an equal policy: money as
// yuan decimal strings, weights and star thresholds as decimal strings.
func (p *Policy) TOML() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# Steward policy (effective values); see DOMAIN.md.\n" +
		"# Money is in yuan as a decimal string, exact to the fen (\"50000.00\").\n" +
		"# Weights are star points per 100 yuan; star thresholds are star points (decimal strings).\n\n")
	enc := toml.NewEncoder(&buf)
	enc.Indent = ""
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	return buf.Bytes(), nil
}

// decoder is implemented by the policy's value types that read themselves from a TOML value; the error
// is the reason only, without the key.
type decoder interface{ decodeTOML(v any) error }

// overlay sets the fields of the struct dst from the TOML table src, recording every problem under its
// dotted key. Fields are matched by their toml tag, exactly.
func overlay(dst reflect.Value, src map[string]any, prefix string, probs *[]Problem) {
	t := dst.Type()
	known := make(map[string]bool, t.NumField())
	for i := range t.NumField() {
		name := t.Field(i).Tag.Get("toml")
		known[name] = true
		v, ok := src[name]
		if !ok {
			continue
		}
		key := prefix + name
		if err := decodeValue(dst.Field(i), v, key, probs); err != nil {
			*probs = append(*probs, Problem{key, err.Error()})
		}
	}
	var unknown []string
	for k := range src {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		*probs = append(*probs, Problem{prefix + k, "unknown key"})
	}
}

// decodeValue sets fv from the TOML value v; fv is left unchanged on error.
func decodeValue(fv reflect.Value, v any, key string, probs *[]Problem) error {
	if d, ok := fv.Addr().Interface().(decoder); ok {
		return d.decodeTOML(v)
	}
	switch fv.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("must be a table, got %s", tomlType(v))
		}
		overlay(fv, m, key+".", probs)
		return nil
	case reflect.Int:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("must be an integer, got %s", tomlType(v))
		}
		if fv.OverflowInt(n) {
			return fmt.Errorf("%d is out of range", n)
		}
		fv.SetInt(n)
		return nil
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("must be true or false, got %s", tomlType(v))
		}
		fv.SetBool(b)
		return nil
	case reflect.String:
		str, ok := v.(string)
		if !ok {
			return fmt.Errorf("must be a string, got %s", tomlType(v))
		}
		fv.SetString(str)
		return nil
	case reflect.Slice:
		if fv.Type().Elem().Kind() == reflect.String {
			arr, ok := v.([]any)
			if !ok {
				return fmt.Errorf("must be an array of strings, got %s", tomlType(v))
			}
			out := make([]string, len(arr))
			for i, e := range arr {
				str, ok := e.(string)
				if !ok {
					return fmt.Errorf("must be an array of strings, element %d is %s", i+1, tomlType(e))
				}
				out[i] = str
			}
			fv.Set(reflect.ValueOf(out))
			return nil
		}
		if fv.Type().Elem().Kind() == reflect.Int {
			arr, ok := v.([]any)
			if !ok {
				return fmt.Errorf("must be an array of integers, got %s", tomlType(v))
			}
			out := make([]int, len(arr))
			for i, e := range arr {
				n, ok := e.(int64)
				if !ok {
					return fmt.Errorf("must be an array of integers, element %d is %s", i+1, tomlType(e))
				}
				out[i] = int(n)
			}
			fv.Set(reflect.ValueOf(out))
			return nil
		}
	}
	panic(fmt.Sprintf("policy: field %s of unsupported type %s", key, fv.Type()))
}

// tomlType names the TOML type of a decoded value.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		return "float"
	case bool:
		return "boolean"
	case time.Time:
		return "datetime"
	case []any:
		return "array"
	case []map[string]any:
		return "array of tables"
	case map[string]any:
		return "table"
	}
	return fmt.Sprintf("%T", v)
}
