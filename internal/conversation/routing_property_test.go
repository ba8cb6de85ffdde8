package conversation_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kefu-dev/kefu/internal/conversation"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/kefu/kefutest"
	"github.com/kefu-dev/kefu/internal/store"
)

// The routing property test (issue 16, "What it must show" 1): thousands of simulated
// conversations with random arrivals, priorities (rules on inquiry types), skills, teams,
// agent availability and capacity changes, against the real service and store. After every
// step of the sequential run it checks, for each conversation the step assigned to an agent X:
//
//   - no double assignment: the conversation was waiting unassigned before the step;
//   - capacity: X's open load after the step is at most X's capacity;
//   - priority and FIFO: no conversation still waiting after the step that X was eligible for
//     (team and skills of its rule's target, not a manual target) is served before it in queue
//     order — a higher priority rank, or the same rank and an earlier queue time;
//   - X was eligible for it and online.
//
// At the end every conversation is assigned, resolved, an offline message with its offline
// decision, or waiting with a recorded reason (its newest decision queued or overflowed), and no
// conversation has more assigned decisions than times it entered the queue.

// simSeed is the seed of a run, printed on failure so a failing run can be replayed.
// KEFU_ROUTING_SIM_SEED replays a run.
func simSeed(t *testing.T) uint64 {
	seed := uint64(time.Now().UnixNano())
	if n, err := strconv.ParseUint(os.Getenv("KEFU_ROUTING_SIM_SEED"), 10, 64); err == nil {
		seed = n
	}
	t.Logf("routing simulation seed %d (replay with KEFU_ROUTING_SIM_SEED=%d)", seed, seed)
	return seed
}

// simSize is how many conversations a run starts: 10,000, or 1,000 with -short, or
// KEFU_ROUTING_SIM_SIZE.
func simSize() int {
	if n, err := strconv.Atoi(os.Getenv("KEFU_ROUTING_SIM_SIZE")); err == nil && n > 0 {
		return n
	}
	if testing.Short() {
		return 1000
	}
	return 10000
}

// simPresence is the connected agents of the simulation, changed as it goes.
type simPresence struct {
	mu  sync.Mutex
	set map[string]bool
}

func (p *simPresence) put(id string, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.set[id] = on
}

func (p *simPresence) ConnectedAgents(string) map[string]bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return maps(p.set)
}

func maps(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m))
	for k, v := range m {
		if v {
			out[k] = true
		}
	}
	return out
}

// sim is one simulated organisation: agents with skills and teams, rules, contacts.
type sim struct {
	t        *testing.T
	st       *store.Store
	svcs     []*conversation.Service
	presence *simPresence
	rng      *rand.Rand
	rngMu    sync.Mutex
	org      *kefu.Org
	inbox    *kefu.Inbox
	owner    *kefu.Agent
	agents   []*kefu.Agent
	teamB    *kefu.Team
	rules    map[string]kefu.RoutingRule // by inquiry type
	contacts []*kefu.Contact

	mu       sync.Mutex
	entered  map[string]int // conversation → times it entered the queue (start, give-back)
	started  []string
	capacity map[string]int
}

var simSkills = []string{"refund", "billing", "tech"}

func newSim(t *testing.T, st *store.Store, seed uint64, stores ...*store.Store) *sim {
	t.Helper()
	ctx := context.Background()
	s := &sim{t: t, st: st, presence: &simPresence{set: map[string]bool{}}, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		entered: map[string]int{}, capacity: map[string]int{}, rules: map[string]kefu.RoutingRule{}}
	for _, x := range append([]*store.Store{st}, stores...) {
		s.svcs = append(s.svcs, conversation.New(conversation.Options{Store: x, Presence: s.presence}))
	}
	settings := kefu.DefaultOrgSettings()
	settings.AutoAssign = true
	s.org = &kefu.Org{Name: unique("sim"), Settings: settings}
	s.owner = newAgent("Owner", kefu.RoleOwner)
	s.owner.Capacity = 0
	kefutest.Must(t, st.CreateOrgWithOwner(ctx, s.org, s.owner))
	s.inbox = &kefu.Inbox{OrgID: s.org.ID, Name: "Shop", Channel: kefu.ChannelWeb, WidgetKey: unique("wk")}
	kefutest.Must(t, st.CreateInbox(ctx, s.inbox))
	s.makeAgents(ctx)
	s.makeRules(ctx)
	for i := range 100 {
		c := &kefu.Contact{OrgID: s.org.ID, Name: fmt.Sprintf("C%d", i)}
		kefutest.Must(t, st.CreateContact(ctx, c))
		s.contacts = append(s.contacts, c)
	}
	return s
}

// makeAgents creates eight agents with random skills and capacities, half of them in team B,
// all online and connected.
func (s *sim) makeAgents(ctx context.Context) {
	var bIDs []string
	for i := range 8 {
		a := newAgent(fmt.Sprintf("A%d", i), kefu.RoleAgent)
		a.OrgID, a.Capacity = s.org.ID, s.intn(4)
		for _, sk := range simSkills {
			if s.intn(2) == 0 {
				a.Skills = append(a.Skills, kefu.Skill{Name: sk, Level: 1 + s.intn(5)})
			}
		}
		kefutest.Must(s.t, s.st.CreateAgent(ctx, a))
		s.agents = append(s.agents, a)
		s.capacity[a.ID] = a.Capacity
		s.presence.put(a.ID, true)
		if i%2 == 0 {
			bIDs = append(bIDs, a.ID)
		}
	}
	s.teamB = &kefu.Team{OrgID: s.org.ID, Name: "B", MemberIDs: bIDs}
	kefutest.Must(s.t, s.st.CreateTeam(ctx, s.teamB))
}

// makeRules: vip → urgent; refund → refund ≥ 2, high; billing → team B, medium; tech → tech
// ≥ 3, least loaded, low; browse → manual. Anything else takes the default rule.
func (s *sim) makeRules(ctx context.Context) {
	defs := []kefu.RoutingRule{
		{Name: "vip", Priority: kefu.PriorityUrgent, Target: kefu.RoutingTarget{Policy: kefu.PolicyRoundRobin}},
		{Name: "refund", Priority: kefu.PriorityHigh, Target: kefu.RoutingTarget{Policy: kefu.PolicyRoundRobin, Skills: []kefu.SkillRequirement{{Name: "refund", MinLevel: 2}}}},
		{Name: "billing", Priority: kefu.PriorityMedium, Target: kefu.RoutingTarget{Policy: kefu.PolicyRoundRobin, TeamID: s.teamB.ID}},
		{Name: "tech", Priority: kefu.PriorityLow, Target: kefu.RoutingTarget{Policy: kefu.PolicyLeastLoaded, Skills: []kefu.SkillRequirement{{Name: "tech", MinLevel: 3}}}},
		{Name: "browse", Priority: kefu.PriorityNone, Target: kefu.RoutingTarget{Policy: kefu.PolicyManual}},
	}
	for i, r := range defs {
		r.OrgID, r.Position, r.Enabled = s.org.ID, i, true
		r.Conditions.InquiryTypes = []string{r.Name}
		kefutest.Must(s.t, s.st.CreateRoutingRule(ctx, &r))
		s.rules[r.Name] = r
	}
	rules, err := s.st.ListRoutingRules(ctx, s.org.ID)
	kefutest.Must(s.t, err)
	for _, r := range rules {
		if !r.IsDefault {
			s.rules[r.Name] = r // with the ids the store gave
		}
	}
}

func (s *sim) intn(n int) int {
	s.rngMu.Lock()
	defer s.rngMu.Unlock()
	return s.rng.IntN(n)
}

func (s *sim) svc() *conversation.Service { return s.svcs[s.intn(len(s.svcs))] }

// ruleOf is the simulation's own idea of which rule a conversation matched; nil: the default.
func (s *sim) targetOf(c *kefu.Conversation) kefu.RoutingTarget {
	if r, ok := s.rules[c.InquiryType]; ok {
		return r.Target
	}
	return kefu.RoutingTarget{Policy: kefu.PolicyRoundRobin}
}

// eligible reports whether agent a may take conversations of target t.
func (s *sim) eligible(a *kefu.Agent, t kefu.RoutingTarget) bool {
	if t.TeamID != "" && !slices.Contains(s.teamB.MemberIDs, a.ID) {
		return false
	}
	for _, req := range t.Skills {
		if !slices.ContainsFunc(a.Skills, func(sk kefu.Skill) bool { return sk.Name == req.Name && sk.Level >= req.MinLevel }) {
			return false
		}
	}
	return true
}

var simInquiries = []string{"vip", "refund", "billing", "tech", "browse", "other", ""}

// start opens a conversation for a random contact with a random inquiry type.
func (s *sim) start(ctx context.Context) error {
	c := s.contacts[s.intn(len(s.contacts))]
	actor := kefu.Actor{Kind: kefu.ActorVisitor, OrgID: s.org.ID, ContactID: c.ID, InboxID: s.inbox.ID}
	st, err := s.svc().StartForVisitor(ctx, actor, conversation.StartRequest{
		First:       &kefu.SendRequest{ClientMsgID: unique("m"), Content: "hello"},
		InquiryType: simInquiries[s.intn(len(simInquiries))],
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.started = append(s.started, st.Conversation.ID)
	if !st.Conversation.FollowUp {
		s.entered[st.Conversation.ID]++
	}
	return nil
}

// resolve resolves a random assigned conversation, as its agent would.
func (s *sim) resolve(ctx context.Context) error {
	c, err := s.randomAssigned(ctx)
	if err != nil || c == nil {
		return err
	}
	_, err = s.svc().SetStatus(ctx, kefutest.AgentActor(s.owner), c.ID, kefu.StatusResolved, nil)
	if err != nil {
		return err
	}
	_, err = s.svc().DrainQueue(ctx, s.org.ID)
	return err
}

// giveBack unassigns a random assigned conversation: it re-enters the queue.
func (s *sim) giveBack(ctx context.Context) error {
	c, err := s.randomAssigned(ctx)
	if err != nil || c == nil {
		return err
	}
	s.mu.Lock()
	s.entered[c.ID]++
	s.mu.Unlock()
	_, err = s.svc().Assign(ctx, kefutest.AgentActor(s.owner), c.ID, conversation.AssignRequest{AssigneeID: ptr("")})
	if err != nil {
		return err
	}
	_, err = s.svc().DrainQueue(ctx, s.org.ID)
	return err
}

// abandon resolves a random waiting conversation: the customer gave up (and manual-policy
// conversations, which nobody in the simulation takes, do not pile up).
func (s *sim) abandon(ctx context.Context) error {
	q, err := s.st.ListQueue(ctx, s.org.ID, 0, 200)
	if err != nil || len(q) == 0 {
		return err
	}
	_, err = s.svc().SetStatus(ctx, kefutest.AgentActor(s.owner), q[s.intn(len(q))].ID, kefu.StatusResolved, nil)
	return err
}

func (s *sim) randomAssigned(ctx context.Context) (*kefu.Conversation, error) {
	a := s.agents[s.intn(len(s.agents))]
	page, _, err := s.st.ListConversations(ctx, s.org.ID, kefu.ConversationFilter{AssigneeID: a.ID, Statuses: []kefu.Status{kefu.StatusOpen}, Limit: 20})
	if err != nil || len(page) == 0 {
		return nil, err
	}
	return &page[s.intn(len(page))], nil
}

// toggle connects or disconnects a random agent; raise changes a random agent's capacity
// (only upwards when lower is false).
func (s *sim) toggle(ctx context.Context) error {
	a := s.agents[s.intn(len(s.agents))]
	s.presence.put(a.ID, s.intn(3) > 0)
	_, err := s.svc().DrainQueue(ctx, s.org.ID)
	return err
}

func (s *sim) setCapacity(ctx context.Context, lower bool) error {
	a := s.agents[s.intn(len(s.agents))]
	s.mu.Lock()
	next := s.capacity[a.ID] + 1
	if lower || next > 4 {
		next = s.intn(5)
	}
	if !lower {
		next = max(next, s.capacity[a.ID])
	}
	s.capacity[a.ID] = next
	s.mu.Unlock()
	got, err := s.st.GetAgent(ctx, s.org.ID, a.ID)
	if err != nil {
		return err
	}
	got.Capacity = next
	if err := s.st.UpdateAgent(ctx, got); err != nil {
		return err
	}
	_, err = s.svc().DrainQueue(ctx, s.org.ID)
	return err
}

// simQueueCap is the queue length past which arrivals turn into abandonments. Conversations
// of the manual target and of skills nobody online has only leave the queue when their customer
// gives up, so without a cap the queue would grow with the run and every step (which reads it)
// would cost more than the last: the run would be quadratic. A real queue is bounded the same
// way (max_queue, customers leaving).
const simQueueCap = 60

// step runs one random operation; lower allows capacity decreases (not in the concurrent run,
// where a decrease would make a correct load look like an overflow).
func (s *sim) step(ctx context.Context, lower bool) error {
	switch r := s.intn(100); {
	case r < 40:
		if n, err := s.st.QueueLength(ctx, s.org.ID, s.inbox.ID); err != nil || n >= simQueueCap {
			return errors.Join(err, s.abandon(ctx))
		}
		return s.start(ctx)
	case r < 70:
		return s.resolve(ctx)
	case r < 80:
		return s.abandon(ctx)
	case r < 87:
		return s.giveBack(ctx)
	case r < 94:
		return s.toggle(ctx)
	default:
		return s.setCapacity(ctx, lower)
	}
}

func (s *sim) startedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.started)
}
