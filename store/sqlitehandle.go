package store

import (
	"fmt"
	"reflect"
	"unsafe"

	"github.com/mattn/go-sqlite3"
)

// sqliteHandle returns the sqlite3* connection handle inside a driver connection of
// github.com/mattn/go-sqlite3 (the dc of (*sql.Conn).Raw), so that the import can bind and step whole chunks
// of rows in C against the connection its transaction runs on. The driver keeps the handle in the unexported
// field `db *C.sqlite3` of *sqlite3.SQLiteConn and offers no accessor; the field is read by name, checked to be
// a pointer, and TestSQLiteHandleLayout fails loudly if the pinned driver version (go.mod) changes it.
//
// The handle may only be used inside the Raw callback that handed over dc: database/sql then holds the
// connection's lock, so no statement of the transaction runs beside the C code.
func sqliteHandle(dc any) (unsafe.Pointer, error) {
	c, ok := dc.(*sqlite3.SQLiteConn)
	if !ok {
		return nil, fmt.Errorf("sqlite handle: driver connection is %T, want *sqlite3.SQLiteConn", dc)
	}
	f := reflect.ValueOf(c).Elem().FieldByName("db")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.Type().Elem().Name() != "_Ctype_struct_sqlite3" {
		return nil, fmt.Errorf("sqlite handle: *sqlite3.SQLiteConn has no field db *C.sqlite3 (driver version changed; see store/sqlitehandle.go)")
	}
	p := *(*unsafe.Pointer)(unsafe.Pointer(f.UnsafeAddr()))
	if p == nil {
		return nil, fmt.Errorf("sqlite handle: the connection is closed")
	}
	return p, nil
}
