package kefu

import "time"

// Visitor events, ephemeral like typing: a live visitor arrived or changed page
// (EventVisitorUpdated) or left (EventVisitorLeft). They reach the agents who may see the
// visitor's inbox (Actor.SeesVisitors), never a visitor.
const (
	EventVisitorUpdated EventType = "visitor.updated"
	EventVisitorLeft    EventType = "visitor.left"
)

// VisitAbsence is how long a visitor must have been away for their next page view to start a
// new visit, the 30 minutes web analytics use.
const VisitAbsence = 30 * time.Minute

// VisitKey names the visits of one contact through one inbox's widget.
type VisitKey struct {
	OrgID     string
	ContactID string
	InboxID   string
}

// PageView is one page the widget reported: the loader sends the URL and title of every page
// and SPA route change.
type PageView struct {
	VisitKey
	URL      string
	Title    string
	Referrer string // the page that linked here; kept only as the first of a visit
	Language string
	At       time.Time
}

// Visit is what kefu remembers of a contact's visits through an inbox: persisted, one row per
// contact and inbox, updated once per page view.
type Visit struct {
	VisitKey
	Visits     int       // visits so far, this one included
	PageViews  int       // page views of the current visit
	StartedAt  time.Time // the current visit's first page view: time on site counts from it
	LastSeenAt time.Time
	PageURL    string
	PageTitle  string
	Referrer   string // the current visit's referrer
	Language   string
}

// Next is the visit after pv: the same visit when the visitor was away less than VisitAbsence,
// else a new one (counted) that starts at pv.
func (v *Visit) Next(pv PageView) Visit {
	n := Visit{VisitKey: pv.VisitKey, PageURL: pv.URL, PageTitle: pv.Title, Language: pv.Language, LastSeenAt: pv.At}
	if v != nil && pv.At.Sub(v.LastSeenAt) < VisitAbsence {
		n.Visits, n.PageViews, n.StartedAt, n.Referrer = v.Visits, v.PageViews+1, v.StartedAt, v.Referrer
		if n.Language == "" {
			n.Language = v.Language
		}
		return n
	}
	n.Visits, n.PageViews, n.StartedAt, n.Referrer = 1, 1, pv.At, pv.Referrer
	if v != nil {
		n.Visits = v.Visits + 1
	}
	return n
}

// LiveVisitor is a visitor on the site now, as agents see them in the visitor list. It names
// the contact and carries no personal data of its own: the workspace shows the contact's name,
// browser and location through the contacts API, which masks them as the inbox's policy says.
type LiveVisitor struct {
	ContactID  string    `json:"contact_id"`
	InboxID    string    `json:"inbox_id"`
	PageURL    string    `json:"page_url"`
	PageTitle  string    `json:"page_title"`
	Referrer   string    `json:"referrer"`
	Language   string    `json:"language"`
	Visits     int       `json:"visits"`
	PageViews  int       `json:"page_views"`
	StartedAt  time.Time `json:"started_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	Connected  bool      `json:"connected"`                 // false during the grace period after the last connection closed
	OpenConvID string    `json:"conversation_id,omitempty"` // the visitor's open conversation in the inbox, if any
}

// SeesVisitors reports whether an agent may see the live visitors of an inbox: those who may
// see contacts and the unassigned conversations of the inbox, which is what a visitor becomes.
func (a Actor) SeesVisitors(inboxID string) bool {
	return a.Has(PermContactsView) && a.SeesConversation(ConversationRef{InboxID: inboxID})
}

// MayStartChat reports whether an agent may start a conversation with a visitor of an inbox:
// they must see the visitor and may reply.
func (a Actor) MayStartChat(inboxID string) bool {
	return a.SeesVisitors(inboxID) && a.Has(PermConversationsReply)
}
