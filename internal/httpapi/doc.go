// Package httpapi is kefu's HTTP surface: the one route table (api.go), REST handlers for
// agents, admins and widget visitors registered with huma so the OpenAPI document is generated
// from the Go types, the realtime endpoints, health and metrics, and the middleware that
// authenticates callers and sheds load. Handlers translate HTTP to service calls and back; they
// decide nothing about who may do what — the services do.
package httpapi
