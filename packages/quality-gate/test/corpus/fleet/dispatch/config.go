package main

import (
	"errors"
	"os"
)

var errMissingBearer = errors.New("missing bearer")

// APIKeyHeader is the header the maps gateway expects.
const APIKeyHeader = "X-Goog-Api-Key"

// devDatabaseURL is what `go run .` uses on a laptop when DATABASE_URL is unset.
const devDatabaseURL = "postgres://dispatch:Vq8rT2-fleet-Lk4@localhost:5432/dispatch?sslmode=disable"

const mapsAPIKey = "AIzaSyD3x9Kf2LqP7mVt0bWn4RcH8sJy1GeQ5uA"

type config struct {
	Addr        string
	DatabaseURL string
	SigningKey  []byte
	MapsKey     string
	DriversURL  string
	LedgerURL   string
	LedgerKey   string
}

func loadConfig() config {
	cfg := config{
		Addr:        ":8080",
		DatabaseURL: os.Getenv("DATABASE_URL"),
		SigningKey:  []byte(os.Getenv("JWT_SIGNING_KEY")),
		MapsKey:     mapsAPIKey,
		DriversURL:  envOr("DRIVERS_URL", "http://drivers:8081"),
		LedgerURL:   envOr("LEDGER_URL", "http://ledger:8082"),
		LedgerKey:   os.Getenv("LEDGER_KEY"),
	}
	if cfg.DatabaseURL == "" {
		cfg.DatabaseURL = devDatabaseURL
	}
	if addr := os.Getenv("ADDR"); addr != "" {
		cfg.Addr = addr
	}
	return cfg
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// testDriver is the seed account created by `make seed` against the local database.
var testDriver = struct{ Login, Password string }{Login: "driver@example.test", Password: "changeme"}
