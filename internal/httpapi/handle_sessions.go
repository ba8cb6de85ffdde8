package httpapi

import (
	"context"
	"time"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// sessionView is a sign-in session as its agent sees it: never the token or its hash.
type sessionView struct {
	ID         string    `json:"id" doc:"Opaque session id, for signing this session out"`
	CreatedAt  time.Time `json:"created_at" doc:"When the session signed in"`
	LastSeenAt time.Time `json:"last_seen_at" doc:"Last use, recorded at most once a minute"`
	ExpiresAt  time.Time `json:"expires_at" doc:"Sliding expiry: each use extends it"`
	ClientIP   string    `json:"client_ip,omitempty" doc:"Client address at sign-in, when recorded"`
	UserAgent  string    `json:"user_agent,omitempty" doc:"Browser User-Agent at sign-in, when recorded"`
	Current    bool      `json:"current" doc:"The session making this request"`
}

type sessionsOutput struct {
	Body struct {
		Sessions []sessionView `json:"sessions"`
	}
}

type sessionIDInput struct {
	ID string `path:"id" minLength:"1" maxLength:"32" doc:"Session id from the session list"`
}

// errSessionRequired answers API tokens on the session endpoints: sessions belong to people
// signed in to the workspace, and an integration has no business ending them.
var errSessionRequired = kefu.Errorf(kefu.CodeForbidden, "only a signed-in session may manage sessions, not an API token")

// sessionActorFrom returns the signed-in agent of a session-authenticated request.
func sessionActorFrom(ctx context.Context) (kefu.Actor, error) {
	actor, err := agentFrom(ctx)
	if err == nil && actor.SessionID == "" {
		err = errSessionRequired
	}
	return actor, err
}

// listSessions answers the caller's own active sessions.
func (s *server) listSessions(ctx context.Context, _ *struct{}) (*sessionsOutput, error) {
	actor, err := sessionActorFrom(ctx)
	if err != nil {
		return nil, err
	}
	all, err := s.Auth.ListSessions(ctx, actor)
	if err != nil {
		return nil, err
	}
	out := &sessionsOutput{}
	out.Body.Sessions = make([]sessionView, len(all))
	for i, ss := range all {
		out.Body.Sessions[i] = sessionView{
			ID: ss.ID, CreatedAt: ss.CreatedAt, LastSeenAt: ss.LastSeenAt, ExpiresAt: ss.ExpiresAt,
			ClientIP: ss.ClientIP, UserAgent: ss.UserAgent, Current: ss.ID == actor.SessionID,
		}
	}
	return out, nil
}

// endSession signs one of the caller's sessions out, closing its open connections.
func (s *server) endSession(ctx context.Context, in *sessionIDInput) (*struct{}, error) {
	actor, err := sessionActorFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Auth.EndSession(ctx, actor, in.ID)
}

// endOtherSessions signs out every session of the caller but the current one.
func (s *server) endOtherSessions(ctx context.Context, _ *struct{}) (*struct{}, error) {
	actor, err := sessionActorFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Auth.EndOtherSessions(ctx, actor, callerFrom(ctx).token)
}

// endAgentSessions signs an agent of the organisation out everywhere (agents.manage).
func (s *server) endAgentSessions(ctx context.Context, in *idInput) (*struct{}, error) {
	actor, err := agentFrom(ctx)
	if err != nil {
		return nil, err
	}
	return nil, s.Admin.EndAgentSessions(ctx, actor, in.ID)
}
