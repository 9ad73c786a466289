package main

import (
	"log"
	"net/http"
	"os"
	"time"
)

func main() {
	keys, err := loadFleetKeys(os.Getenv("FLEET_KEYS_FILE"))
	if err != nil {
		log.Fatalf("fleet keys: %v", err)
	}
	h := &positions{trails: newTrailStore(), fleet: newFleetRegistry()}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"status":"ok"}`))
	})
	mux.HandleFunc("POST /positions", h.record)
	mux.HandleFunc("GET /vehicles/{plate}/trail", h.trail)
	mux.HandleFunc("DELETE /vehicles/{plate}/trail", h.forget)

	srv := &http.Server{
		Addr:              ":8090",
		Handler:           onlyFleetDevices(keys, mux),
		ReadHeaderTimeout: 5 * time.Second,
	}
	log.Printf("tracker listening on %s", srv.Addr)
	log.Fatal(srv.ListenAndServe())
}
