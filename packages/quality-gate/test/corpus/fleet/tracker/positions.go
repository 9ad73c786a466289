package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"sync"
	"time"
)

type position struct {
	Plate string    `json:"plate"`
	Lat   float64   `json:"lat"`
	Lng   float64   `json:"lng"`
	At    time.Time `json:"at"`
}

type trailStore struct {
	mu     sync.Mutex
	trails map[string][]position
}

func newTrailStore() *trailStore { return &trailStore{trails: map[string][]position{}} }

type positions struct {
	trails *trailStore
	fleet  *fleetRegistry
}

func (p *positions) record(w http.ResponseWriter, r *http.Request) {
	var pos position
	if err := json.NewDecoder(r.Body).Decode(&pos); err != nil {
		http.Error(w, "bad position", http.StatusBadRequest)
		return
	}
	if !p.fleet.known(r.Context(), pos.Plate) {
		http.Error(w, "unknown vehicle", http.StatusNotFound)
		return
	}
	fmt.Printf("position %s %.5f,%.5f\n", pos.Plate, pos.Lat, pos.Lng)
	p.trails.mu.Lock()
	p.trails.trails[pos.Plate] = append(p.trails.trails[pos.Plate], pos)
	p.trails.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}

func (p *positions) trail(w http.ResponseWriter, r *http.Request) {
	plate := r.PathValue("plate")
	p.trails.mu.Lock()
	points := append([]position(nil), p.trails.trails[plate]...)
	p.trails.mu.Unlock()
	log.Printf("trail for %s: %d points", plate, len(points))
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(points)
}

func (p *positions) forget(w http.ResponseWriter, r *http.Request) {
	plate := r.PathValue("plate")
	p.trails.mu.Lock()
	delete(p.trails.trails, plate)
	p.trails.mu.Unlock()
	fmt.Fprintf(w, `{"forgotten":%q}`, plate)
}
