// Package wxtoken keeps the WeChat platforms' access tokens, shared by every kefu process.
//
// An access_token is valid for about two hours, and fetching a new one invalidates the old
// one after a short grace, so processes that each fetched their own would knock each other's
// tokens out. The token therefore lives in the database: one process at a time holds a
// refresh lease and calls the platform, the others read what it saved. A token is refreshed
// a little before it expires, and at once when the platform answers with a token error.
package wxtoken
