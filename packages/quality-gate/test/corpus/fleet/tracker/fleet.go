package main

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

// fleetRegistry asks the drivers service whether a plate belongs to the fleet (traceparent propagated by otelhttp).
type fleetRegistry struct {
	client  *http.Client
	baseURL string
	key     string
}

func newFleetRegistry() *fleetRegistry {
	base := os.Getenv("DRIVERS_URL")
	if base == "" {
		base = "http://drivers:8081"
	}
	return &fleetRegistry{
		client:  &http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport), Timeout: 2 * time.Second},
		baseURL: base,
		key:     os.Getenv("DISPATCHER_KEY"),
	}
}

func (f *fleetRegistry) known(ctx context.Context, plate string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.baseURL+"/vehicles/"+url.PathEscape(plate), nil)
	if err != nil {
		return false
	}
	req.Header.Set("X-Dispatcher-Key", f.key)
	res, err := f.client.Do(req)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	return res.StatusCode == http.StatusOK
}
