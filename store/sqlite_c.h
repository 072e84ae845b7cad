// The SQLite C code of the store (sqliterows.go, sqlitescan.go): the SQLite C API as compiled into
// github.com/mattn/go-sqlite3's amalgamation (which this package links), declared here so that no second
// copy of SQLite is built, and the loops that bind, step and read rows without a call from Go per row.
#include <stdint.h>
#include <string.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
extern int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **stmt, const char **tail);
extern int sqlite3_bind_int64(sqlite3_stmt *stmt, int i, long long v);
extern int sqlite3_bind_text(sqlite3_stmt *stmt, int i, const char *v, int n, void (*destructor)(void *));
extern int sqlite3_bind_null(sqlite3_stmt *stmt, int i);
extern int sqlite3_bind_parameter_count(sqlite3_stmt *stmt);
extern int sqlite3_step(sqlite3_stmt *stmt);
extern int sqlite3_reset(sqlite3_stmt *stmt);
extern int sqlite3_finalize(sqlite3_stmt *stmt);
extern int sqlite3_extended_errcode(sqlite3 *db);
extern const char *sqlite3_errmsg(sqlite3 *db);
extern int sqlite3_changes(sqlite3 *db);
extern const char *sqlite3_db_filename(sqlite3 *db, const char *name);
extern int sqlite3_column_count(sqlite3_stmt *stmt);
extern int sqlite3_column_type(sqlite3_stmt *stmt, int i);
extern long long sqlite3_column_int64(sqlite3_stmt *stmt, int i);
extern double sqlite3_column_double(sqlite3_stmt *stmt, int i);
extern const unsigned char *sqlite3_column_text(sqlite3_stmt *stmt, int i);
extern const void *sqlite3_column_blob(sqlite3_stmt *stmt, int i);
extern int sqlite3_column_bytes(sqlite3_stmt *stmt, int i);
typedef struct sqlite3_mutex sqlite3_mutex;
extern sqlite3_mutex *sqlite3_db_mutex(sqlite3 *db);
extern void sqlite3_mutex_enter(sqlite3_mutex *m);
extern void sqlite3_mutex_leave(sqlite3_mutex *m);

// Value tags of a packed row: per value a tag byte, then for TAG_INT 8 bytes (little-endian int64), for
// TAG_FLOAT 8 bytes (an IEEE 754 double's bits, little-endian), for TAG_TEXT and TAG_BLOB a 4-byte length
// and the bytes.
enum { TAG_NULL = 0, TAG_INT = 1, TAG_TEXT = 2, TAG_FLOAT = 3, TAG_BLOB = 4 };

// steward_bind_row binds the ncols packed values at *pp to stmt's parameters 1..ncols and advances *pp.
// Text is bound SQLITE_STATIC (the buffer must outlive the statement's use of the values, i.e. the C call)
// or, when transient is set, copied by SQLite (SQLITE_TRANSIENT) for a statement stepped over several calls.
static int steward_bind_row(sqlite3_stmt *stmt, int ncols, const unsigned char **pp, const unsigned char *end, int transient) {
	const unsigned char *p = *pp;
	int rc = 0, i;
	for (i = 1; i <= ncols; i++) {
		if (p >= end) {
			return 21; // SQLITE_MISUSE: the buffer holds fewer values than announced
		}
		unsigned char tag = *p++;
		if (tag == TAG_INT) {
			int64_t v;
			memcpy(&v, p, 8);
			p += 8;
			rc = sqlite3_bind_int64(stmt, i, (long long)v);
		} else if (tag == TAG_TEXT) {
			uint32_t n;
			memcpy(&n, p, 4);
			p += 4;
			rc = sqlite3_bind_text(stmt, i, (const char *)p, (int)n, transient ? (void (*)(void *))-1 : (void (*)(void *))0);
			p += n;
		} else {
			rc = sqlite3_bind_null(stmt, i);
		}
		if (rc != 0) {
			return rc;
		}
	}
	*pp = p;
	return 0;
}

// steward_bind_buf binds one row of ncols packed values (buf, len bytes) to stmt's parameters, text
// copied: buf is Go memory, which C must not keep after the call returns.
static int steward_bind_buf(sqlite3_stmt *stmt, int ncols, const unsigned char *buf, long long len) {
	const unsigned char *p = buf;
	return steward_bind_row(stmt, ncols, &p, buf + len, 1);
}

// steward_exec_rows prepares sql once and runs it for each of nrows rows of ncols packed values in buf.
// It stops at the first row that fails, leaving its index in *fail_row (-1 when the statement itself
// fails), and returns SQLite's extended result code (SQLITE_OK, 0, when every row ran). *changes is the
// number of rows the statement changed over all rows. The statement is finalized before returning.
static int steward_exec_rows(sqlite3 *db, const char *sql, int sql_len, int ncols, const unsigned char *buf,
		long long buf_len, int nrows, int *fail_row, long long *changes) {
	sqlite3_stmt *stmt = 0;
	const unsigned char *p = buf, *end = buf + buf_len;
	int rc, r;
	*fail_row = -1;
	*changes = 0;
	rc = sqlite3_prepare_v2(db, sql, sql_len, &stmt, 0);
	if (rc != 0) {
		return sqlite3_extended_errcode(db);
	}
	if (sqlite3_bind_parameter_count(stmt) != ncols) {
		sqlite3_finalize(stmt);
		return 25; // SQLITE_RANGE: the statement does not take ncols values
	}
	for (r = 0; r < nrows; r++) {
		rc = steward_bind_row(stmt, ncols, &p, end, 0);
		if (rc != 0) {
			goto fail;
		}
		rc = sqlite3_step(stmt);
		if (rc != 101) { // SQLITE_DONE
			goto fail;
		}
		*changes += sqlite3_changes(db);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return 0;
fail:
	*fail_row = r;
	rc = sqlite3_extended_errcode(db);
	if (rc == 0 || rc == 100) {
		rc = 21;
	}
	sqlite3_finalize(stmt);
	return rc;
}

// steward_fill_rows steps stmt and packs its rows (every column, as tagged values) into buf, up to cap
// bytes. *pending is 1 when the statement's current row has been stepped but not yet packed, on entry and
// on return. It returns 101 (SQLITE_DONE) when the statement has no more rows, 0 when buf is full (the row
// that did not fit is pending; if no row was packed, *used is at least the size that row needs), or
// SQLite's extended error code. *nrows and *used say how many rows and bytes were packed.
static int steward_fill_rows_locked(sqlite3 *db, sqlite3_stmt *stmt, unsigned char *buf, long long cap, int *pending,
		int *nrows, long long *used) {
	int ncols = sqlite3_column_count(stmt), n = 0, i, rc;
	unsigned char *p = buf, *end = buf + cap;
	*nrows = 0;
	*used = 0;
	for (;;) {
		if (!*pending) {
			rc = sqlite3_step(stmt);
			if (rc == 101) {
				*nrows = n;
				*used = p - buf;
				return 101;
			}
			if (rc != 100) { // SQLITE_ROW
				*nrows = n;
				*used = p - buf;
				rc = sqlite3_extended_errcode(db);
				return rc == 0 ? 21 : rc;
			}
			*pending = 1;
		}
		// The row is written in one pass; if it does not fit, it is dropped and stays pending.
		unsigned char *row = p;
		long long need = 0;
		for (i = 0; i < ncols; i++) {
			int t = sqlite3_column_type(stmt, i);
			if (t == 1 || t == 2) { // SQLITE_INTEGER, SQLITE_FLOAT
				need += 9;
				if (need > end - row) {
					continue;
				}
				if (t == 1) {
					int64_t v = (int64_t)sqlite3_column_int64(stmt, i);
					*p++ = TAG_INT;
					memcpy(p, &v, 8);
				} else {
					double v = sqlite3_column_double(stmt, i);
					*p++ = TAG_FLOAT;
					memcpy(p, &v, 8);
				}
				p += 8;
			} else if (t == 3 || t == 4) { // SQLITE_TEXT, SQLITE_BLOB
				const void *v = t == 3 ? (const void *)sqlite3_column_text(stmt, i) : sqlite3_column_blob(stmt, i);
				uint32_t len = (uint32_t)sqlite3_column_bytes(stmt, i);
				need += 5 + (long long)len;
				if (need > end - row) {
					continue;
				}
				*p++ = t == 3 ? TAG_TEXT : TAG_BLOB;
				memcpy(p, &len, 4);
				p += 4;
				if (len > 0) {
					memcpy(p, v, len);
				}
				p += len;
			} else {
				need += 1;
				if (need > end - row) {
					continue;
				}
				*p++ = TAG_NULL;
			}
		}
		if (need > end - row) {
			*nrows = n;
			*used = n == 0 ? need : row - buf;
			return 0;
		}
		n++;
		*pending = 0;
	}
}

// steward_fill_rows is steward_fill_rows_locked with the connection's mutex held throughout (NULL, a
// no-op, when the connection has none): SQLite's mutexes are recursive, so each call of the column API
// inside re-enters the held mutex instead of locking and unlocking it per value.
static int steward_fill_rows(sqlite3 *db, sqlite3_stmt *stmt, unsigned char *buf, long long cap, int *pending,
		int *nrows, long long *used) {
	sqlite3_mutex *m = sqlite3_db_mutex(db);
	if (m) {
		sqlite3_mutex_enter(m);
	}
	int rc = steward_fill_rows_locked(db, stmt, buf, cap, pending, nrows, used);
	if (m) {
		sqlite3_mutex_leave(m);
	}
	return rc;
}

// steward_fill_keyed runs stmt once per key, packing the rows of every key into buf as steward_fill_rows
// does: stmt takes k parameters, and keys holds nkeys keys of k packed values each. *key is the key being
// read and *at the offset of its values in keys; *bound says the key's values are bound (copied: keys is Go
// memory) and *pending that a stepped row is not yet packed. All four carry the state from one call to the
// next. It returns 101 (SQLITE_DONE) when every key has been read, 0 when buf is full, or SQLite's extended
// error code. One prepared statement stepped per key spares a large IN list its parse and its temporary
// index of the keys.
static int steward_fill_keyed(sqlite3 *db, sqlite3_stmt *stmt, int k, const unsigned char *keys, long long keys_len,
		int nkeys, int *key, long long *at, int *bound, unsigned char *buf, long long cap, int *pending, int *nrows,
		long long *used) {
	sqlite3_mutex *m = sqlite3_db_mutex(db);
	int rc = 101, n = 0, got;
	long long off = 0, u;
	if (m) {
		sqlite3_mutex_enter(m);
	}
	*nrows = 0;
	*used = 0;
	while (*key < nkeys) {
		if (!*bound) {
			const unsigned char *p = keys + *at;
			sqlite3_reset(stmt);
			rc = steward_bind_row(stmt, k, &p, keys + keys_len, 1);
			if (rc != 0) {
				break;
			}
			*at = p - keys;
			*bound = 1;
		}
		rc = steward_fill_rows_locked(db, stmt, buf + off, cap - off, pending, &got, &u);
		n += got;
		if (rc != 101) {
			if (rc == 0 && n > 0 && got == 0) {
				u = 0; // the pending row needs the next call's empty buffer
			}
			off += u;
			break;
		}
		off += u;
		*bound = 0;
		(*key)++;
	}
	if (*key == nkeys && rc == 101) {
		sqlite3_reset(stmt);
	}
	*nrows = n;
	*used = n == 0 && rc == 0 ? u : off;
	if (m) {
		sqlite3_mutex_leave(m);
	}
	return rc;
}
