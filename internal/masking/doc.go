// Package masking holds the organisation's PII settings as the message path uses them: each
// inbox's masking policy and the organisation's own patterns, compiled once and cached per
// organisation, and the use cases that read, change and try out the patterns.
package masking
