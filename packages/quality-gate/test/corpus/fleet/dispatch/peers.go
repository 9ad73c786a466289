package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

// peers calls the other fleet services. otelhttp's transport injects the W3C traceparent of each
// request's context, so a call stays in the trace of the request that caused it.
type peers struct {
	client     *http.Client
	driversURL string
	ledgerURL  string
	ledgerKey  string
}

func newPeers(cfg config) *peers {
	return &peers{
		client:     &http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport), Timeout: 3 * time.Second},
		driversURL: cfg.DriversURL,
		ledgerURL:  cfg.LedgerURL,
		ledgerKey:  cfg.LedgerKey,
	}
}

func (p *peers) driverOnShift(ctx context.Context, driver string) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.driversURL+"/drivers/"+url.PathEscape(driver)+"/shift", nil)
	if err != nil {
		return false, err
	}
	res, err := p.client.Do(req)
	if err != nil {
		return false, err
	}
	defer res.Body.Close()
	return res.StatusCode == http.StatusOK, nil
}

func (p *peers) bookCancellationFee(ctx context.Context, job string) error {
	body := fmt.Sprintf(`{"job":%q,"kind":"cancellation_fee","amount":"15.00"}`, job)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.ledgerURL+"/entries", strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Ledger-Key", p.ledgerKey)
	res, err := p.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		return fmt.Errorf("ledger answered %d", res.StatusCode)
	}
	return nil
}
