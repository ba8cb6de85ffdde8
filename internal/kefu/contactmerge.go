package kefu

import (
	"strings"
	"time"
)

// Identity kinds that are not inbox channels: what a contact is known by everywhere. A signed
// setUser e-mail or phone becomes a verified identity of these kinds; an e-mail inbox's senders
// use ChannelEmail with the lowercased address, so both meet on the same key.
const (
	IdentityPhone ChannelType = "phone"
	// IdentityWeChatUnion is a WeChat UnionID: one person across the Official Accounts, mini
	// programs and WeCom of one WeChat Open Platform account, so the same UnionID seen by two
	// of an organisation's WeChat inboxes is one contact.
	IdentityWeChatUnion ChannelType = "wechat_unionid"
)

// ContactMerge is one merge of a contact (Merged) into another (Kept), and what it moved, so
// that undoing it restores both contacts exactly.
type ContactMerge struct {
	ID        string     `json:"id"`
	OrgID     string     `json:"org_id"`
	KeptID    string     `json:"kept_id"`
	MergedID  string     `json:"merged_id"`
	Moved     MergeMoved `json:"moved"`
	MergedBy  string     `json:"merged_by"`
	CreatedAt time.Time  `json:"created_at"`
	UndoneAt  *time.Time `json:"undone_at"`
	UndoneBy  string     `json:"undone_by,omitempty"`
	// MergedName is the merged contact's display name, for "merged from …" (filled when listed).
	MergedName string `json:"merged_name"`
}

// MergeMoved records what a merge moved into the kept contact.
type MergeMoved struct {
	IdentityIDs     []string `json:"identity_ids"`
	ConversationIDs []string `json:"conversation_ids"`
	// Channels are the identity kinds the merged contact had and the kept one did not: a
	// conversation started between merge and unmerge in an inbox of such a channel came in
	// through the merged contact's identity and goes back with it.
	Channels []ChannelType `json:"channels"`
	// Filled are the kept contact's profile fields the merge filled from the merged one
	// (name, email, phone, level, avatar_url, attr:<key>) and the values it put there; unmerge
	// empties each again unless an agent changed it since.
	Filled map[string]string `json:"filled"`
}

// Reasons a merge suggestion gives.
const (
	SuggestSameEmail    = "same_email"
	SuggestSamePhone    = "same_phone"
	SuggestSameIdentity = "same_identity"
)

// MergeCandidate is another contact that shares an identifier with a contact: the store's
// answer, which the contact service turns into MergeSuggestions for agents.
type MergeCandidate struct {
	ContactID string
	Reason    string
	Value     string
}

// MergeSuggestion says that another contact is likely the same customer, and why.
type MergeSuggestion struct {
	Contact Contact `json:"contact"`
	Reason  string  `json:"reason" enum:"same_email,same_phone,same_identity"`
	Value   string  `json:"value"` // the shared address or number
}

// profileFields are the contact fields a merge fills, by the names MergeMoved.Filled uses.
func profileFields(c *Contact) map[string]*string {
	return map[string]*string{"name": &c.Name, "email": &c.Email, "phone": &c.Phone, "level": &c.Level, "avatar_url": &c.AvatarURL}
}

// attrPrefix marks an attribute in MergeMoved.Filled.
const attrPrefix = "attr:"

// FillFrom fills kept's empty profile fields and absent attributes from merged: where both
// have a value, the kept contact's wins. It returns what it filled, for Unfill.
func FillFrom(kept *Contact, merged *Contact) map[string]string {
	filled := map[string]string{}
	theirs := profileFields(merged)
	for name, mine := range profileFields(kept) {
		if *mine == "" && *theirs[name] != "" {
			*mine, filled[name] = *theirs[name], *theirs[name]
		}
	}
	if kept.Attributes == nil {
		kept.Attributes = map[string]string{}
	}
	for k, v := range merged.Attributes {
		if _, ok := kept.Attributes[k]; !ok {
			kept.Attributes[k], filled[attrPrefix+k] = v, v
		}
	}
	return filled
}

// Unfill empties what FillFrom filled, except values an agent changed since: the kept contact
// gets back its profile from before the merge without losing later edits.
func Unfill(kept *Contact, filled map[string]string) {
	fields := profileFields(kept)
	for name, v := range filled {
		if f, ok := fields[name]; ok && *f == v {
			*f = ""
		}
		if k, ok := strings.CutPrefix(name, attrPrefix); ok && kept.Attributes[k] == v {
			delete(kept.Attributes, k)
		}
	}
}
