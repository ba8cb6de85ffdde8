package conversation

import (
	"context"
	"sort"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// BoardStore reads what the supervisor board shows.
type BoardStore interface {
	// ListBoardConversations returns the waiting queue then the open or pending assigned
	// conversations of the organisation, each with its contact summary, at most limit.
	ListBoardConversations(ctx context.Context, orgID string, limit int) ([]kefu.Conversation, error)
}

// boardLimit bounds the rows one board read looks at: a board is for a screen, not an export.
const boardLimit = 1000

// Board is the supervisor board: the queue per routing target, and the agents with their load.
type Board struct {
	Targets     []BoardTarget `json:"targets" doc:"One per routing rule with waiting conversations, most urgent queue first"`
	Agents      []BoardAgent  `json:"agents"`
	GeneratedAt time.Time     `json:"generated_at"`
}

// BoardTarget is one routing target's (rule's) queue.
type BoardTarget struct {
	RuleID            string         `json:"rule_id" doc:"Empty: conversations routed before rules, or by the default rule"`
	RuleName          string         `json:"rule_name"`
	QueueLength       int            `json:"queue_length"`
	OldestWaitSeconds int            `json:"oldest_wait_seconds"`
	Waiting           []BoardWaiting `json:"waiting" doc:"In queue order: priority, then arrival"`
}

// BoardWaiting is one conversation in a queue.
type BoardWaiting struct {
	ID            string        `json:"id"`
	InboxID       string        `json:"inbox_id"`
	TeamID        string        `json:"team_id"`
	Contact       BoardContact  `json:"contact"`
	Priority      kefu.Priority `json:"priority"`
	WaitedSeconds int           `json:"waited_seconds"`
	RuleID        string        `json:"rule_id"`
}

// BoardContact is how the board names a contact: the name, or else the contact's number.
type BoardContact struct {
	Name   string `json:"name"`
	Number int64  `json:"number"`
}

// BoardAgent is one agent as the router sees them, with their open conversations.
type BoardAgent struct {
	ID            string              `json:"id"`
	Name          string              `json:"name"`
	Availability  kefu.Availability   `json:"availability"`
	Connected     bool                `json:"connected"`
	Load          int                 `json:"load" doc:"Open or pending conversations assigned"`
	Capacity      int                 `json:"capacity"`
	Skills        []kefu.Skill        `json:"skills"`
	Conversations []BoardConversation `json:"conversations"`
}

// BoardConversation is an agent's current conversation on the board.
type BoardConversation struct {
	ID      string       `json:"id"`
	Contact BoardContact `json:"contact"`
}

// Board returns the supervisor board. It needs conversations.assign (who moves work) or
// reports.view (who watches it); a team-scoped supervisor sees only their teams' conversations.
func (s *Service) Board(ctx context.Context, actor kefu.Actor) (*Board, error) {
	if err := requireBoardViewer(actor); err != nil {
		return nil, err
	}
	convs, err := s.store.ListBoardConversations(ctx, actor.OrgID, boardLimit)
	if err != nil {
		return nil, err
	}
	agents, err := s.boardAgents(ctx, actor.OrgID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	b := &Board{Targets: []BoardTarget{}, Agents: agents, GeneratedAt: now}
	byAgent := indexAgents(b.Agents)
	var waiting []BoardWaiting
	for i := range convs {
		c := &convs[i]
		if !actor.SeesConversation(c.Ref()) {
			continue
		}
		if c.AssigneeID == "" {
			waiting = append(waiting, boardWaiting(c, now))
		} else if a := byAgent[c.AssigneeID]; a != nil {
			a.Conversations = append(a.Conversations, BoardConversation{ID: c.ID, Contact: boardContact(c)})
		}
	}
	names, err := s.ruleNames(ctx, actor.OrgID)
	b.Targets = groupTargets(waiting, names)
	return b, err
}

// requireBoardViewer lets in holders of conversations.assign or reports.view.
func requireBoardViewer(actor kefu.Actor) error {
	if !actor.IsAgent() {
		return kefu.ErrNotFound
	}
	if !actor.Has(kefu.PermConversationsAssign) && !actor.Has(kefu.PermReportsView) {
		return kefu.Errorf(kefu.CodeForbidden, "the board needs the conversations.assign or reports.view permission")
	}
	return nil
}

// boardAgents lists the organisation's active agents with presence and load.
func (s *Service) boardAgents(ctx context.Context, orgID string) ([]BoardAgent, error) {
	agents, err := s.store.ListAgents(ctx, orgID)
	if err != nil {
		return nil, err
	}
	connected := map[string]bool{}
	if s.presence != nil {
		connected = s.presence.ConnectedAgents(orgID)
	}
	out := []BoardAgent{}
	var ids []string
	for _, a := range agents {
		if a.Disabled {
			continue
		}
		ids = append(ids, a.ID)
		out = append(out, BoardAgent{ID: a.ID, Name: a.Name, Availability: a.Availability, Connected: connected[a.ID],
			Capacity: a.Capacity, Skills: nonNilSkills(a.Skills), Conversations: []BoardConversation{}})
	}
	loads, err := s.store.AgentOpenLoads(ctx, orgID, ids)
	for i := range out {
		out[i].Load = loads[out[i].ID]
	}
	return out, err
}

func indexAgents(agents []BoardAgent) map[string]*BoardAgent {
	m := make(map[string]*BoardAgent, len(agents))
	for i := range agents {
		m[agents[i].ID] = &agents[i]
	}
	return m
}

func boardWaiting(c *kefu.Conversation, now time.Time) BoardWaiting {
	return BoardWaiting{
		ID: c.ID, InboxID: c.InboxID, TeamID: c.TeamID, Contact: boardContact(c), Priority: c.Priority,
		WaitedSeconds: waitedSeconds(c, now), RuleID: c.RoutingRuleID,
	}
}

func boardContact(c *kefu.Conversation) BoardContact {
	if c.Contact == nil {
		return BoardContact{}
	}
	return BoardContact{Name: c.Contact.Name, Number: c.Contact.Number}
}

// waitedSeconds is how long the customer has waited; never negative, whatever the clocks say.
func waitedSeconds(c *kefu.Conversation, now time.Time) int {
	if c.WaitingSince == nil || now.Before(*c.WaitingSince) {
		return 0
	}
	return int(now.Sub(*c.WaitingSince).Seconds())
}

// groupTargets puts the waiting conversations into one queue per rule, each in queue order
// (higher priority first, then longest waiting: the store's order), the longest wait first.
func groupTargets(waiting []BoardWaiting, names map[string]string) []BoardTarget {
	sort.SliceStable(waiting, func(i, j int) bool { return waiting[i].Priority.Rank() > waiting[j].Priority.Rank() })
	index := map[string]int{}
	out := []BoardTarget{}
	for _, w := range waiting {
		i, ok := index[w.RuleID]
		if !ok {
			i, index[w.RuleID] = len(out), len(out)
			out = append(out, BoardTarget{RuleID: w.RuleID, RuleName: names[w.RuleID], Waiting: []BoardWaiting{}})
		}
		t := &out[i]
		t.Waiting, t.QueueLength = append(t.Waiting, w), t.QueueLength+1
		t.OldestWaitSeconds = max(t.OldestWaitSeconds, w.WaitedSeconds)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].OldestWaitSeconds > out[j].OldestWaitSeconds })
	return out
}

func nonNilSkills(s []kefu.Skill) []kefu.Skill {
	if s == nil {
		return []kefu.Skill{}
	}
	return s
}

// ruleNames names the organisation's routing rules by id, for the board's targets; the
// built-in default rule (and conversations routed before rules) have no id.
func (s *Service) ruleNames(ctx context.Context, orgID string) (map[string]string, error) {
	rules, err := s.store.ListRoutingRules(ctx, orgID)
	names := map[string]string{"": kefu.DefaultRoutingRule(orgID).Name}
	for _, r := range rules {
		names[r.ID] = r.Name
	}
	return names, err
}
