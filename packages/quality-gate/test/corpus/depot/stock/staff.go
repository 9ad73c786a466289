package main

import (
	"net/http"
	"strings"
)

// staffOnly admits warehouse staff: their badge token is checked against the badge service's signing key.
func staffOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		badge := strings.TrimPrefix(r.Header.Get("Authorization"), "Badge ")
		if !validBadge(badge) {
			http.Error(w, "staff only", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
