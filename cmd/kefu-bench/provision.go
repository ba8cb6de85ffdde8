package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// agentCred is a signed-in agent.
type agentCred struct {
	ID    string
	Token string
}

// visitorCred is a widget visitor with one conversation.
type visitorCred struct {
	Token   string
	ConvID  string
	Started time.Time // when the start-conversation request was sent
}

// provision is what the bench created on the server: an owner, an inbox, agents, visitors.
type provision struct {
	api       *api
	run       string // unique per bench run, in emails and client message ids
	owner     string // owner's bearer token
	widgetKey string
	capacity  int

	mu       sync.Mutex
	agents   []agentCred
	visitors []visitorCred
	assigned map[string]string // conversation id → agent id, by assignRoundRobin
}

const benchPassword = "kefu-bench password 0123456789"

// newProvision signs in (first-run setup on a fresh server) and creates the bench inbox.
func newProvision(ctx context.Context, a *api, email, password string, capacity int) (*provision, error) {
	p := &provision{api: a, run: strings.ToLower(rand.Text()[:8]), capacity: capacity, assigned: map[string]string{}}
	if email == "" {
		var st struct {
			NeedsSetup bool `json:"needs_setup"`
		}
		if err := a.do(ctx, "GET", "/api/v1/setup", "", nil, &st); err != nil {
			return nil, fmt.Errorf("setup status: %w", err)
		}
		if !st.NeedsSetup {
			return nil, fmt.Errorf("the server is already set up: give --email and --password of an admin")
		}
		email, password = "owner@bench.kefu.invalid", benchPassword
		in := map[string]string{"org_name": "kefu-bench", "name": "Bench Owner", "email": email, "password": password}
		if err := a.do(ctx, "POST", "/api/v1/setup", "", in, nil); err != nil {
			return nil, fmt.Errorf("setup: %w", err)
		}
	}
	tok, _, err := p.login(ctx, email, password)
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	p.owner = tok
	var inbox struct {
		WidgetKey string `json:"widget_key"`
	}
	if err := a.do(ctx, "POST", "/api/v1/inboxes", tok, map[string]string{"name": "bench " + p.run}, &inbox); err != nil {
		return nil, fmt.Errorf("create inbox: %w", err)
	}
	p.widgetKey = inbox.WidgetKey
	return p, nil
}

func (p *provision) login(ctx context.Context, email, password string) (token, agentID string, err error) {
	var out struct {
		Token string `json:"token"`
		Agent struct {
			ID string `json:"id"`
		} `json:"agent"`
	}
	err = p.api.do(ctx, "POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": password}, &out)
	return out.Token, out.Agent.ID, err
}

// ensureAgents creates and signs in agents until there are n, and returns the first n.
func (p *provision) ensureAgents(ctx context.Context, n int) ([]agentCred, error) {
	p.mu.Lock()
	have := len(p.agents)
	p.mu.Unlock()
	if have < n {
		made := make([]agentCred, n-have)
		err := parallel(ctx, n-have, 4, func(i int) error {
			email := fmt.Sprintf("agent-%s-%d@bench.kefu.invalid", p.run, have+i)
			in := map[string]any{"email": email, "name": fmt.Sprintf("Agent %d", have+i), "password": benchPassword, "role": "agent", "capacity": p.capacity}
			// Creating an agent hashes a password: kefu sheds those past its limit with 429.
			err := withRetry(ctx, func() error { return p.api.do(ctx, "POST", "/api/v1/agents", p.owner, in, nil) })
			if err != nil {
				return fmt.Errorf("create agent: %w", err)
			}
			var tok, id string
			err = withRetry(ctx, func() (err error) { tok, id, err = p.login(ctx, email, benchPassword); return err })
			made[i] = agentCred{ID: id, Token: tok}
			return err
		})
		if err != nil {
			return nil, err
		}
		p.mu.Lock()
		p.agents = append(p.agents, made...)
		p.mu.Unlock()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.agents[:n], nil
}

// ensureVisitors opens widget sessions with one conversation each until there are n.
func (p *provision) ensureVisitors(ctx context.Context, n int) ([]visitorCred, time.Duration, error) {
	p.mu.Lock()
	have := len(p.visitors)
	p.mu.Unlock()
	start := time.Now()
	if have < n {
		made := make([]visitorCred, n-have)
		err := parallel(ctx, n-have, 64, func(i int) error {
			v, err := p.newVisitor(ctx, nil)
			made[i] = v
			return err
		})
		if err != nil {
			return nil, 0, err
		}
		p.mu.Lock()
		p.visitors = append(p.visitors, made...)
		p.mu.Unlock()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.visitors[:n], time.Since(start), nil
}

// newVisitor opens a widget session and starts a conversation, with first as its first message
// when not nil.
func (p *provision) newVisitor(ctx context.Context, first map[string]string) (visitorCred, error) {
	tok, err := p.newSession(ctx)
	if err != nil {
		return visitorCred{}, err
	}
	return p.startConversation(ctx, tok, first)
}

// newSession opens a widget session and returns its visitor token.
func (p *provision) newSession(ctx context.Context) (string, error) {
	var sess struct {
		Token string `json:"token"`
	}
	err := withRetry(ctx, func() error {
		return p.api.do(ctx, "POST", "/api/v1/widget/sessions", "", map[string]string{"widget_key": p.widgetKey}, &sess)
	})
	if err != nil {
		return "", fmt.Errorf("widget session: %w", err)
	}
	return sess.Token, nil
}

// startConversation starts the session's conversation, with first as its first message when
// not nil.
func (p *provision) startConversation(ctx context.Context, token string, first map[string]string) (visitorCred, error) {
	var conv struct {
		Conversation wireConversation `json:"conversation"`
	}
	in := map[string]any{}
	if first != nil {
		in["message"] = first
	}
	started := time.Now()
	err := withRetry(ctx, func() error {
		return p.api.do(ctx, "POST", "/api/v1/widget/conversations", token, in, &conv)
	})
	if err != nil {
		return visitorCred{}, fmt.Errorf("start conversation: %w", err)
	}
	return visitorCred{Token: token, ConvID: conv.Conversation.ID, Started: started}, nil
}

// parallel runs f(0..n-1) on workers goroutines and returns the first error.
func parallel(ctx context.Context, n, workers int, f func(i int) error) error {
	var next atomic.Int64
	var first atomic.Pointer[error]
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || first.Load() != nil || ctx.Err() != nil {
					return
				}
				if err := f(i); err != nil {
					first.CompareAndSwap(nil, &err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if e := first.Load(); e != nil {
		return *e
	}
	return ctx.Err()
}

// assignRoundRobin assigns visitor i's conversation to agent i mod len(agents) (the chat
// scenario's responsible agent), skipping those already assigned so. It is setup, not load:
// kefu's own routing assigns to whoever is online when a conversation starts, which during
// provisioning is nobody.
func (p *provision) assignRoundRobin(ctx context.Context, vs []visitorCred, agents []agentCred) error {
	return parallel(ctx, len(vs), 16, func(i int) error {
		want := agents[i%len(agents)].ID
		p.mu.Lock()
		done := p.assigned[vs[i].ConvID] == want
		p.mu.Unlock()
		if done {
			return nil
		}
		in := map[string]string{"assignee_id": want}
		err := withRetry(ctx, func() error {
			return p.api.do(ctx, "POST", "/api/v1/conversations/"+vs[i].ConvID+"/assign", p.owner, in, nil)
		})
		if err != nil {
			return fmt.Errorf("assign conversation: %w", err)
		}
		p.mu.Lock()
		p.assigned[vs[i].ConvID] = want
		p.mu.Unlock()
		return nil
	})
}
