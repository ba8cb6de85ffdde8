package realtime

import (
	"context"
	"fmt"
	"testing"

	"github.com/kefu-dev/kefu/internal/kefu"
)

func revokedEvent(orgID string, rev kefu.Revocation) []kefu.Event {
	return []kefu.Event{{OrgID: orgID, Type: kefu.EventRevoked, Revocation: &rev}}
}

// closeCode is c's close code, 0 while it is open.
func closeCode(c *conn) int {
	if !c.closed() {
		return 0
	}
	return c.code
}

func TestHubRevokeClosesOnlyTheNamedConnections(t *testing.T) {
	agent := func(org, id, session, token string) kefu.Actor {
		return kefu.Actor{Kind: kefu.ActorAgent, OrgID: org, AgentID: id, Role: kefu.RoleAgent, SessionID: session, TokenID: token}
	}
	for _, tc := range []struct {
		name string
		rev  kefu.Revocation
		want [6]int // s1, s2, token, other agent, other org's s1, visitor
	}{
		{"one session", kefu.Revocation{Reason: kefu.RevokeSignedOut, AgentID: "a", SessionID: "s1"}, [6]int{4003}},
		{"other sessions", kefu.Revocation{Reason: kefu.RevokeSignedOut, AgentID: "a", SessionsOnly: true, ExceptSessionID: "s2"}, [6]int{4003}},
		{"all sessions", kefu.Revocation{Reason: kefu.RevokeSignedOut, AgentID: "a", SessionsOnly: true}, [6]int{4003, 4003}},
		{"token", kefu.Revocation{Reason: kefu.RevokeSignedOut, TokenID: "t1"}, [6]int{0, 0, 4003}},
		{"agent", kefu.Revocation{Reason: kefu.RevokeSignedOut, AgentID: "a"}, [6]int{4003, 4003, 4003}},
		{"permissions", kefu.Revocation{Reason: kefu.RevokePermissionsChanged, AgentID: "a"}, [6]int{4004, 4004, 4004}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHub(HubOptions{})
			conns := []*conn{
				registered(t, h, agent("o1", "a", "s1", "")),
				registered(t, h, agent("o1", "a", "s2", "")),
				registered(t, h, agent("o1", "a", "", "t1")),
				registered(t, h, agent("o1", "b", "s3", "")),
				registered(t, h, agent("o2", "a", "s1", "")),
				registered(t, h, kefu.Actor{Kind: kefu.ActorVisitor, OrgID: "o1", InboxID: "i1", ContactID: "c1"}),
			}
			for _, c := range conns {
				drain(c) // presence
			}
			h.Publish(revokedEvent("o1", tc.rev))
			var got [6]int
			for i, c := range conns {
				got[i] = closeCode(c)
				if n := len(drain(c)); n > 0 {
					t.Errorf("connection %d got %d frames, want none: the revocation is no frame", i, n)
				}
			}
			if got != tc.want {
				t.Fatalf("close codes %v, want %v", got, tc.want)
			}
		})
	}
}

// TestHubRevokeReachesConnectionsInTheirHello: a connection admitted before a revocation and
// registered after it (it authenticated just before the credential ended) is closed as it
// registers; one admitted after it is not.
func TestHubRevokeReachesConnectionsInTheirHello(t *testing.T) {
	h := NewHub(HubOptions{})
	actor := kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o1", AgentID: "a", Role: kefu.RoleAgent, SessionID: "s1"}
	early := newConn(context.Background(), h, kefu.ActorAgent)
	if err := h.admit(early); err != nil {
		t.Fatal(err)
	}
	h.Publish(revokedEvent("o1", kefu.Revocation{Reason: kefu.RevokeSignedOut, SessionID: "s1"}))
	early.actor = actor
	h.register(early)
	late := registered(t, h, actor)
	if closeCode(early) != CloseRevoked || closeCode(late) != 0 {
		t.Fatalf("early closed with %d, late with %d; want %d and open", closeCode(early), closeCode(late), CloseRevoked)
	}
}

// TestHubRevokeForgottenMakesHelloReconnect: when more revocations came during a hello than the
// hub remembers, the connection is closed to reconnect (4004) rather than trusted.
func TestHubRevokeForgottenMakesHelloReconnect(t *testing.T) {
	h := NewHub(HubOptions{})
	c := newConn(context.Background(), h, kefu.ActorAgent)
	if err := h.admit(c); err != nil {
		t.Fatal(err)
	}
	for i := range keptRevocations + 1 {
		h.Publish(revokedEvent("o1", kefu.Revocation{Reason: kefu.RevokeSignedOut, SessionID: fmt.Sprint("other", i)}))
	}
	c.actor = kefu.Actor{Kind: kefu.ActorAgent, OrgID: "o1", AgentID: "a", Role: kefu.RoleAgent, SessionID: "s1"}
	h.register(c)
	if closeCode(c) != ClosePermissionsChanged {
		t.Fatalf("closed with %d, want %d", closeCode(c), ClosePermissionsChanged)
	}
	if len(h.revocations) != keptRevocations {
		t.Fatalf("hub remembers %d revocations, want at most %d", len(h.revocations), keptRevocations)
	}
}
