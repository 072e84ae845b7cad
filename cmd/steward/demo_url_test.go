package main

import "testing"

// The demo prints the address to open in the browser, whatever form --addr takes.
func TestBrowseURL(t *testing.T) {
	for addr, want := range map[string]string{
		":8080":           "http://localhost:8080",
		"127.0.0.1:18282": "http://127.0.0.1:18282",
		"0.0.0.0:8080":    "http://localhost:8080",
		"[::]:8080":       "http://localhost:8080",
		"[::1]:8080":      "http://[::1]:8080",
		"localhost:9000":  "http://localhost:9000",
	} {
		if got := browseURL(addr); got != want {
			t.Errorf("browseURL(%q) = %q, want %q", addr, got, want)
		}
	}
}
