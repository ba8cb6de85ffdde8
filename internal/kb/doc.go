// Package kb is the knowledge base: articles with alternative questions, their permissions,
// audit records, Markdown rendering, import and export, and search.
//
// Search runs on an in-process retrieve.Index per organisation, built from the organisation's
// published articles on its first search. Every article change bumps a version stored in the
// same transaction; each search reads that version (one primary-key read) and rebuilds the
// index when it moved, so several kefu processes on one database stay current without a
// message bus between them.
package kb
