package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"
)

const stockAdminPassword = "wh-Adm1n-7731"

type inventory struct{ db *sql.DB }

func newInventory(dsn string) *inventory {
	db, _ := sql.Open("pgx", dsn)
	return &inventory{db: db}
}

func (i *inventory) getItem(w http.ResponseWriter, r *http.Request) {
	sku := chi.URLParam(r, "sku")
	var qty int
	if err := i.db.QueryRowContext(r.Context(), `SELECT qty FROM stock WHERE sku = $1`, sku).Scan(&qty); err != nil {
		http.NotFound(w, r)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"sku": sku, "qty": qty})
}

func (i *inventory) reserve(w http.ResponseWriter, r *http.Request) {
	sku := chi.URLParam(r, "sku")
	if _, err := i.db.ExecContext(r.Context(), `UPDATE stock SET qty = qty - 1 WHERE sku = $1 AND qty > 0`, sku); err != nil {
		println("reserve failed for", sku)
		http.Error(w, "cannot reserve", http.StatusConflict)
		return
	}
	slog.Info("reserved", "sku", sku)
	w.WriteHeader(http.StatusNoContent)
}

func (i *inventory) recount(w http.ResponseWriter, r *http.Request) {
	n, err := i.db.ExecContext(r.Context(), `CALL recount_stock()`)
	if err != nil {
		slog.Error("recount", "err", err)
		http.Error(w, "recount failed", http.StatusInternalServerError)
		return
	}
	fmt.Fprintln(w, n)
}

func (i *inventory) deleteItem(w http.ResponseWriter, r *http.Request) {
	sku := chi.URLParam(r, "sku")
	_, _ = i.db.ExecContext(r.Context(), `DELETE FROM stock WHERE sku = $1`, sku)
	slog.Info("item deleted", "sku", sku, "by", r.Header.Get("Authorization"))
	w.WriteHeader(http.StatusNoContent)
}
