// Package jsonenc writes the JSON of the few values encoded once or more for every message (the
// stored event, the agent's and the visitor's frames, the ack) by appending to a byte slice,
// byte for byte as encoding/json's Marshal writes them, without its reflection and allocations.
//
// Everything else in kefu uses encoding/json. The tests compare every encoder here with
// encoding/json over randomly filled values, every field set, so a field added to a domain type
// and not here fails them.
package jsonenc
