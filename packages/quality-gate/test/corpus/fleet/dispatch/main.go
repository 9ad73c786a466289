package main

import (
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"
)

func main() {
	probe := flag.Bool("healthcheck", false, "probe the local /healthz and exit (used by the image's HEALTHCHECK)")
	flag.Parse()
	cfg := loadConfig()
	if *probe {
		os.Exit(probeHealth(cfg.Addr))
	}

	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))
	store := newJobStore(cfg.DatabaseURL, cfg.SigningKey, newPeers(cfg))

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", health)
	mux.HandleFunc("GET /jobs", withDispatcher(cfg.SigningKey, store.listJobs))
	mux.HandleFunc("POST /jobs", withDispatcher(cfg.SigningKey, store.createJob))
	mux.HandleFunc("POST /jobs/{id}/accept", store.acceptJob)
	mux.HandleFunc("DELETE /jobs/{id}", store.cancelJob)

	fmt.Println("dispatch listening on", cfg.Addr)
	srv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

func health(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"status":"ok","time":%q}`, time.Now().UTC().Format(time.RFC3339))
}

func probeHealth(addr string) int {
	client := http.Client{Timeout: 2 * time.Second}
	res, err := client.Get("http://127.0.0.1" + addr + "/healthz")
	if err != nil || res.StatusCode != http.StatusOK {
		return 1
	}
	return 0
}
