package kefu

import "time"

// Limits of an organisation's synonym groups, checked by the knowledge-base service (the
// number of groups also by the store, in the writing transaction).
const (
	MinSynonymTerms  = 2   // terms per group: one term alone links nothing
	MaxSynonymTerms  = 20  // terms per group
	MaxSynonymTerm   = 40  // characters per term, after trimming
	MaxSynonymGroups = 200 // groups per organisation: every search's index holds them all
)

// SynonymGroup is words or phrases that mean one thing to an organisation (a product name, its
// jargon: 月月有茶 / tea of the month / subscription box). Knowledge-base search treats a word of
// the group in a question or an article as every other word of it.
type SynonymGroup struct {
	ID        string    `json:"id"`
	OrgID     string    `json:"org_id"`
	Terms     []string  `json:"terms"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}
