module github.com/fleetops/tracker

go 1.22

require go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp v0.56.0
