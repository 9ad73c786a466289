package main

import (
	"context"
	"net/http"
	"strings"
)

type ctxKey struct{}

type claims struct {
	Subject string
	Role    string
}

// withDispatcher lets a request through only when it carries a signed dispatcher bearer.
func withDispatcher(key []byte, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := parseBearer(r.Header.Get("Authorization"), key)
		if err != nil || c.Role != "dispatcher" {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, c)))
	}
}

func parseBearer(header string, key []byte) (claims, error) {
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		return claims{}, errMissingBearer
	}
	return verifyHS256(raw, key)
}

func verifyHS256(raw string, key []byte) (claims, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 || !validSignature(parts, key) {
		return claims{}, errBadSignature
	}
	return decodeClaims(parts[1])
}

func (c claims) Expiry() int64 { return 0 }
