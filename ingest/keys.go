package ingest

import (
	"hash/maphash"
	"strings"
)

// keyInfo locates the first row with a key: its line, and its index in the Batch's slice (-1 when the row
// was rejected, so that references to it are neither reported as missing nor checked further).
type keyInfo struct {
	line int32
	row  int32
}

// keyIndex maps the keys of one data file (account_id, txn_id …) to their first row. Its table is keyed
// by a 64-bit hash of the key: half the size of a table of strings and free of pointers, so it is quicker
// to probe and the garbage collector never scans it. Every hit is confirmed against the key itself (the
// row's key, or a copy kept for rejected rows), so two keys with the same hash are still told apart.
type keyIndex struct {
	seed     maphash.Seed
	byHash   map[uint64]keyInfo
	rejected map[uint64]string  // the keys of rejected rows, to confirm hits on them
	other    map[string]keyInfo // keys whose hash is already taken by another key (practically never)
	keyOf    func(row int32) string
}

func newKeyIndex(size int, keyOf func(row int32) string) *keyIndex {
	return &keyIndex{seed: maphash.MakeSeed(), byHash: make(map[uint64]keyInfo, size), keyOf: keyOf}
}

// lookup returns the first row with key, and the key's hash for insert.
func (x *keyIndex) lookup(key string) (uint64, keyInfo, bool) {
	h := maphash.String(x.seed, key)
	ki, ok := x.lookupHash(h, key)
	return h, ki, ok
}

func (x *keyIndex) lookupHash(h uint64, key string) (keyInfo, bool) {
	ki, ok := x.byHash[h]
	if !ok {
		return keyInfo{}, false
	}
	if x.text(h, ki) == key {
		return ki, true
	}
	ki, ok = x.other[key]
	return ki, ok
}

// get returns the first row with key.
func (x *keyIndex) get(key string) (keyInfo, bool) {
	if x == nil {
		return keyInfo{}, false
	}
	_, ki, ok := x.lookup(key)
	return ki, ok
}

// insert records a key that lookup did not find, with the hash lookup returned.
func (x *keyIndex) insert(h uint64, key string, ki keyInfo) {
	if old, taken := x.byHash[h]; taken && x.text(h, old) != key {
		if x.other == nil {
			x.other = map[string]keyInfo{}
		}
		x.other[strings.Clone(key)] = ki
		return
	}
	x.byHash[h] = ki
	if ki.row < 0 {
		if x.rejected == nil {
			x.rejected = map[uint64]string{}
		}
		x.rejected[h] = strings.Clone(key)
	}
}

func (x *keyIndex) text(h uint64, ki keyInfo) string {
	if ki.row < 0 {
		return x.rejected[h]
	}
	return x.keyOf(ki.row)
}
