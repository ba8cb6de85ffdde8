// Package blob stores attachment bytes. Files live on local disk under the data directory,
// named by a random key so a path never carries a client-chosen name or extension; an
// S3-compatible backend can implement the same Store later.
package blob
