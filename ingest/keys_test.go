package ingest

import "testing"

// TestKeyIndexCollision gives two keys the same hash: they stay distinct.
func TestKeyIndexCollision(t *testing.T) {
	rows := []string{"A1", "A2"}
	x := newKeyIndex(4, func(row int32) string { return rows[row] })
	const h = 42
	x.insert(h, "A1", keyInfo{line: 2, row: 0})
	if _, ok := x.lookupHash(h, "A2"); ok {
		t.Fatal("A2 found under A1's hash")
	}
	x.insert(h, "A2", keyInfo{line: 3, row: 1})
	x.insert(h, "R9", keyInfo{line: 4, row: -1}) // a rejected row, colliding too
	for key, line := range map[string]int32{"A1": 2, "A2": 3, "R9": 4} {
		if ki, ok := x.lookupHash(h, key); !ok || ki.line != line {
			t.Errorf("%s: %+v %v", key, ki, ok)
		}
	}
	if _, ok := x.lookupHash(h, "A3"); ok {
		t.Error("A3 found")
	}
	// A rejected row's key is confirmed from its copy.
	y := newKeyIndex(4, func(int32) string { panic("no rows") })
	y.insert(7, "X", keyInfo{line: 2, row: -1})
	if ki, ok := y.lookupHash(7, "X"); !ok || ki.row != -1 {
		t.Errorf("rejected key: %+v %v", ki, ok)
	}
	if _, ok := y.lookupHash(7, "Y"); ok {
		t.Error("Y found")
	}
	var none *keyIndex
	if _, ok := none.get("X"); ok {
		t.Error("nil index found X")
	}
}
