package main

import (
	"log/slog"
	"net/http"
	"os"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

func main() {
	inv := newInventory(os.Getenv("STOCK_DSN"))
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(middleware.Recoverer)

	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	r.Get("/items/{sku}", inv.getItem)
	r.Post("/items/{sku}/reserve", inv.reserve)

	r.Route("/admin", func(r chi.Router) {
		r.Use(staffOnly)
		r.Post("/recount", inv.recount)
		r.Delete("/items/{sku}", inv.deleteItem)
	})

	slog.Info("stock listening", "addr", ":8070")
	if err := http.ListenAndServe(":8070", r); err != nil {
		slog.Error("stopped", "err", err)
	}
}
