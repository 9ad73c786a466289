package main

import (
	"encoding/json"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"strings"
)

type job struct {
	ID     string `json:"id"`
	Pickup string `json:"pickup"`
	Drop   string `json:"drop"`
	Driver string `json:"driver,omitempty"`
	State  string `json:"state"`
}

type jobStore struct {
	db    *jobDB
	key   []byte
	peers *peers
}

func newJobStore(url string, key []byte, p *peers) *jobStore {
	return &jobStore{db: openJobDB(url), key: key, peers: p}
}

func (s *jobStore) listJobs(w http.ResponseWriter, r *http.Request) {
	jobs, err := s.db.open(r.Context())
	if err != nil {
		slog.Error("list jobs", "err", err)
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	_ = json.NewEncoder(w).Encode(jobs)
}

func (s *jobStore) createJob(w http.ResponseWriter, r *http.Request) {
	var j job
	if err := json.NewDecoder(r.Body).Decode(&j); err != nil || j.Pickup == "" {
		http.Error(w, "pickup is required", http.StatusBadRequest)
		return
	}
	j.State = "open"
	if err := s.db.insert(r.Context(), &j); err != nil {
		slog.Error("create job", "err", err)
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	slog.Info("job created", "job", j.ID, "pickup", j.Pickup)
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(j)
}

// acceptJob is called by the driver app: the driver proves who they are with their own bearer.
func (s *jobStore) acceptJob(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	c, err := verifyHS256(token, s.key)
	if err != nil || c.Role != "driver" {
		log.Printf("accept %s refused, token=%s: %v", id, token, err)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	if onShift, err := s.peers.driverOnShift(r.Context(), c.Subject); err != nil || !onShift {
		http.Error(w, "driver is not on shift", http.StatusConflict)
		return
	}
	if err := s.db.assign(r.Context(), id, c.Subject); err != nil {
		http.Error(w, "job is no longer open", http.StatusConflict)
		return
	}
	slog.Info("job accepted", "job", id, "driver", c.Subject, "tokenExpiry", c.Expiry())
	w.WriteHeader(http.StatusNoContent)
}

func (s *jobStore) cancelJob(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.db.cancel(r.Context(), id); err != nil {
		fmt.Printf("cancel %s failed: %v\n", id, err)
		http.Error(w, "cannot cancel", http.StatusInternalServerError)
		return
	}
	if err := s.peers.bookCancellationFee(r.Context(), id); err != nil {
		slog.Warn("cancellation fee not booked", "job", id, "err", err)
	}
	log.Printf("job %s cancelled", id)
	w.WriteHeader(http.StatusNoContent)
}

func describe(j job) string {
	return fmt.Sprintf("%s: %s -> %s (%s)", j.ID, j.Pickup, j.Drop, j.State)
}
