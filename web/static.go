package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// staticFiles serves the embedded static files. Text files (scripts, style sheets, SVG, JSON) are sent
// gzip-compressed to a browser that accepts it: ECharts alone is 1.1 MB as it is and a third of that
// compressed, which counts on a branch's thin line. Each file is compressed once, on its first request, and
// kept; every answer carries Vary: Accept-Encoding, and an ETag of the file's content that differs between
// the plain and the compressed bytes (…-gz), so that a cache never hands one for the other and a
// revalidation (If-None-Match) gets 304. Ranges and HEAD are http.ServeContent's.
type staticFiles struct {
	fsys  fs.FS
	mu    sync.Mutex
	files map[string]*staticFile
}

// staticFile is one file's bytes, compressed bytes and ETags, computed once.
type staticFile struct {
	once         sync.Once
	plain, gz    []byte
	etag, gzEtag string
	ctype        string
	err          error
	compressible bool
}

// compressible are the extensions worth compressing (images other than SVG are compressed already).
var compressible = map[string]bool{".js": true, ".css": true, ".svg": true, ".json": true, ".map": true, ".txt": true}

func newStaticFiles(fsys fs.FS) *staticFiles {
	return &staticFiles{fsys: fsys, files: map[string]*staticFile{}}
}

func (sf *staticFiles) file(name string) *staticFile {
	sf.mu.Lock()
	f, ok := sf.files[name]
	if !ok {
		f = &staticFile{}
		sf.files[name] = f
	}
	sf.mu.Unlock()
	f.once.Do(func() {
		if f.plain, f.err = fs.ReadFile(sf.fsys, name); f.err != nil {
			return
		}
		sum := sha256.Sum256(f.plain)
		f.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
		ext := path.Ext(name)
		f.ctype = mime.TypeByExtension(ext)
		if f.ctype == "" {
			f.ctype = http.DetectContentType(f.plain)
		}
		if !compressible[ext] || len(f.plain) < 512 {
			return
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(f.plain)
		if zw.Close() == nil && buf.Len() < len(f.plain) {
			f.gz, f.gzEtag, f.compressible = buf.Bytes(), strings.TrimSuffix(f.etag, `"`)+`-gz"`, true
		}
	})
	return f
}

func (sf *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Path
	if name == "" || strings.HasSuffix(name, "/") || !fs.ValidPath(name) {
		http.NotFound(w, r)
		return
	}
	if st, err := fs.Stat(sf.fsys, name); err != nil || st.IsDir() {
		http.NotFound(w, r)
		return
	}
	f := sf.file(name)
	if f.err != nil {
		http.Error(w, "cannot read "+name, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	body, etag := f.plain, f.etag
	if f.compressible {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body, etag = f.gz, f.gzEtag
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reads an Accept-Encoding header: gzip (or x-gzip, or *) with a quality above zero, and not
// refused by gzip;q=0.
func acceptsGzip(h string) bool {
	star, gz, gzSeen := false, false, false
	for _, part := range strings.Split(h, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		ok := true
		if v, found := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); found {
			if q, err := strconv.ParseFloat(v, 64); err == nil && q <= 0 {
				ok = false
			}
		}
		switch coding {
		case "gzip", "x-gzip":
			gz, gzSeen = gz || ok, true
		case "*":
			star = ok
		}
	}
	return gz || (star && !gzSeen)
}
