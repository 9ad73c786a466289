package main

import (
	"bufio"
	"crypto/subtle"
	"net/http"
	"os"
	"strings"
)

type fleetKeys map[string]string

func loadFleetKeys(path string) (fleetKeys, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	keys := fleetKeys{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if device, key, ok := strings.Cut(sc.Text(), "="); ok {
			keys[device] = key
		}
	}
	return keys, sc.Err()
}

// onlyFleetDevices admits requests signed with a registered device key; the health probe stays open.
func onlyFleetDevices(keys fleetKeys, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/health" {
			next.ServeHTTP(w, r)
			return
		}
		want, known := keys[r.Header.Get("X-Device-Id")]
		got := r.Header.Get("X-Device-Key")
		if !known || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
