package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/kefu-dev/kefu/internal/kefu"
)

// insertInboxColumns are the columns a new inbox is inserted with; inboxColumns, read back, adds
// those of later migrations, which the insert leaves to their defaults unless set (see
// CreateInbox).
const insertInboxColumns = `id, org_id, name, channel, widget_key, allowed_origins, greeting, identity_secret,
	enforce_identity, settings, created_at, updated_at`

const inboxColumns = `id, org_id, name, channel, widget_key, allowed_origins, greeting, identity_secret,
	enforce_identity, settings, created_at, updated_at, pii_policy, channel_config, channel_secrets`

// inboxSettings is the JSON of an inbox's settings column: the widget's settings at the top
// level (as before routing existed), the routing settings under "routing" and the bot's under
// "bot".
type inboxSettings struct {
	kefu.WidgetSettings
	Routing kefu.InboxRouting `json:"routing"`
	Bot     kefu.BotSettings  `json:"bot"`
}

// settingsText encodes an inbox's settings column.
func settingsText(in *kefu.Inbox) string {
	return jsonText(inboxSettings{WidgetSettings: in.Widget, Routing: in.Routing, Bot: in.Bot})
}

// storedInbox is an inbox as read, its channel secrets still sealed until openInbox.
type storedInbox struct {
	kefu.Inbox
	sealedSecrets string
}

func scanInbox(row scanner) (*storedInbox, error) {
	var (
		in                storedInbox
		origins, settings string
		config, secrets   string
		created, updated  int64
	)
	err := row.Scan(&in.ID, &in.OrgID, &in.Name, &in.Channel, &in.WidgetKey, &origins, &in.Greeting,
		&in.IdentitySecret, &in.EnforceIdentity, &settings, &created, &updated, &in.PIIPolicy, &config, &secrets)
	if err != nil {
		return nil, dbError(err)
	}
	if err := json.Unmarshal([]byte(config), &in.Config); err != nil {
		return nil, kefu.Internal(fmt.Errorf("decode channel config: %w", err))
	}
	in.sealedSecrets = secrets
	if err := json.Unmarshal([]byte(origins), &in.AllowedOrigins); err != nil {
		return nil, kefu.Internal(fmt.Errorf("decode allowed origins: %w", err))
	}
	if in.AllowedOrigins == nil {
		in.AllowedOrigins = []string{}
	}
	stored := inboxSettings{WidgetSettings: kefu.DefaultWidgetSettings()}
	if err := json.Unmarshal([]byte(settings), &stored); err != nil {
		return nil, kefu.Internal(fmt.Errorf("decode inbox settings: %w", err))
	}
	in.Widget, in.Routing, in.Bot = stored.WidgetSettings, stored.Routing, stored.Bot
	// Lists, never null, in the API: an inbox stored before routing has none.
	in.Routing.BusinessHours.Weekly = orEmpty(in.Routing.BusinessHours.Weekly)
	in.Routing.BusinessHours.Special = orEmpty(in.Routing.BusinessHours.Special)
	if in.Widget.PreChat.Fields == nil {
		in.Widget.PreChat.Fields = []kefu.PreChatField{}
	}
	in.CreatedAt, in.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &in, nil
}

// openInbox opens in's sealed identity secret and channel secrets.
func (s *Store) openInbox(ctx context.Context, in *storedInbox) (*kefu.Inbox, error) {
	secret, err := s.openValue(ctx, inboxIdentitySecret, in.ID, in.IdentitySecret)
	if err != nil {
		return nil, err
	}
	in.IdentitySecret = secret
	secrets, err := s.openValue(ctx, inboxChannelSecrets, in.ID, in.sealedSecrets)
	if err != nil {
		return nil, err
	}
	if secrets != "" {
		if err := json.Unmarshal([]byte(secrets), &in.Secrets); err != nil {
			return nil, kefu.Internal(fmt.Errorf("decode channel secrets: %w", err))
		}
	}
	in.Config.SecretsSet = in.Secrets.Names()
	return &in.Inbox, nil
}

// channelSecretsText encodes an inbox's secrets for sealing; "" when there are none.
func channelSecretsText(in *kefu.Inbox) string {
	if in.Secrets.Empty() {
		return ""
	}
	return jsonText(in.Secrets)
}

// channelConfigText encodes an inbox's channel configuration; SecretsSet is derived, not kept.
func channelConfigText(in *kefu.Inbox) string {
	c := in.Config
	c.SecretsSet = nil
	return jsonText(c)
}

// writeChannel stores the inbox's channel configuration and sealed secrets inside t.
func (s *Store) writeChannel(t *Tx, in *kefu.Inbox) error {
	secrets, err := s.sealValue(t, inboxChannelSecrets, in.ID, channelSecretsText(in))
	if err != nil {
		return err
	}
	_, err = t.exec(`UPDATE inboxes SET channel_config = ?, channel_secrets = ? WHERE id = ?`,
		channelConfigText(in), secrets, in.ID)
	return dbError(err)
}

func inboxConflict(err error) error {
	if isUniqueViolation(err) {
		return kefu.Errorf(kefu.CodeConflict, "an inbox with this widget key already exists")
	}
	return dbError(err)
}

// piiPolicy is p, or off when unset.
func piiPolicy(p kefu.PIIPolicy) kefu.PIIPolicy {
	if p == "" {
		return kefu.PIIOff
	}
	return p
}

func origins(in *kefu.Inbox) []string {
	if in.AllowedOrigins == nil {
		return []string{}
	}
	return in.AllowedOrigins
}

// CreateInbox creates an inbox with its members. Widget keys are unique across organisations
// because the embed snippet carries nothing else.
func (s *Store) CreateInbox(ctx context.Context, in *kefu.Inbox) error {
	c := *in
	now := s.now()
	if c.ID == "" {
		c.ID = newID()
	}
	c.CreatedAt, c.UpdatedAt = orNow(c.CreatedAt, now), orNow(c.UpdatedAt, now)
	c.AllowedOrigins, c.MemberIDs, c.TeamIDs = origins(&c), uniqueIDs(c.MemberIDs), uniqueIDs(c.TeamIDs)
	c.PIIPolicy = piiPolicy(c.PIIPolicy)
	err := s.write(ctx, func(t *Tx) error {
		secret, err := s.sealValue(t, inboxIdentitySecret, c.ID, c.IdentitySecret)
		if err != nil {
			return err
		}
		// settings holds the widget configuration as JSON: it is read and written whole, and new
		// widget options need no migration.
		_, err = t.exec(`INSERT INTO inboxes (`+insertInboxColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.OrgID, c.Name, string(c.Channel), c.WidgetKey, jsonText(c.AllowedOrigins), c.Greeting,
			secret, c.EnforceIdentity, settingsText(&c), micros(c.CreatedAt), micros(c.UpdatedAt))
		if err != nil {
			return inboxConflict(err)
		}
		// Written only when set, so that a database at an older schema version (the upgrade
		// tests fill one with today's code) still takes inboxes.
		if c.PIIPolicy != kefu.PIIOff {
			if _, err := t.exec(`UPDATE inboxes SET pii_policy = ? WHERE id = ?`, string(c.PIIPolicy), c.ID); err != nil {
				return dbError(err)
			}
		}
		if c.Channel != kefu.ChannelWeb {
			if err := s.writeChannel(t, &c); err != nil {
				return err
			}
		}
		if err := replaceMembers(t, "inbox_members", "inbox_id", c.OrgID, c.ID, c.MemberIDs); err != nil {
			return err
		}
		if len(c.TeamIDs) == 0 {
			return nil // nothing to link; also keeps the upgrade tests' older schema fillable
		}
		return replaceInboxTeams(t, c.OrgID, c.ID, c.TeamIDs)
	})
	if err != nil {
		return err
	}
	*in = c
	return nil
}

// GetInbox returns an inbox of the organisation with its members.
func (s *Store) GetInbox(ctx context.Context, orgID, id string) (*kefu.Inbox, error) {
	in, err := scanInbox(s.reader().queryRow(ctx, `SELECT `+inboxColumns+` FROM inboxes WHERE org_id = ? AND id = ?`, orgID, id))
	if err != nil {
		return nil, err
	}
	return s.withInboxMembers(ctx, in)
}

// GetInboxByWidgetKey finds an inbox in any organisation by its public widget key.
func (s *Store) GetInboxByWidgetKey(ctx context.Context, key string) (*kefu.Inbox, error) {
	in, err := scanInbox(s.reader().queryRow(ctx, `SELECT `+inboxColumns+` FROM inboxes WHERE widget_key = ?`, key))
	if err != nil {
		return nil, err
	}
	return s.withInboxMembers(ctx, in)
}

func (s *Store) withInboxMembers(ctx context.Context, stored *storedInbox) (*kefu.Inbox, error) {
	in, err := s.openInbox(ctx, stored)
	if err != nil {
		return nil, err
	}
	members, err := loadMembers(ctx, s.reader(), "inbox_members", "inbox_id", in.OrgID, in.ID)
	if err != nil {
		return nil, err
	}
	in.MemberIDs = membersOf(members, in.ID)
	teams, err := loadInboxTeams(ctx, s.reader(), in.OrgID, in.ID)
	if err != nil {
		return nil, err
	}
	in.TeamIDs = membersOf(teams, in.ID)
	return in, nil
}

// ListInboxes returns the organisation's inboxes ordered by name, with members.
func (s *Store) ListInboxes(ctx context.Context, orgID string) ([]kefu.Inbox, error) {
	rows, err := s.reader().query(ctx, `SELECT `+inboxColumns+` FROM inboxes WHERE org_id = ? ORDER BY name, id`, orgID)
	if err != nil {
		return nil, kefu.Internal(err)
	}
	defer rows.Close()
	inboxes := []kefu.Inbox{}
	for rows.Next() {
		stored, err := scanInbox(rows)
		if err != nil {
			return nil, err
		}
		in, err := s.openInbox(ctx, stored)
		if err != nil {
			return nil, err
		}
		inboxes = append(inboxes, *in)
	}
	if err := rows.Err(); err != nil {
		return nil, kefu.Internal(err)
	}
	members, err := loadMembers(ctx, s.reader(), "inbox_members", "inbox_id", orgID, "")
	if err != nil {
		return nil, err
	}
	teams, err := loadInboxTeams(ctx, s.reader(), orgID, "")
	if err != nil {
		return nil, err
	}
	for i := range inboxes {
		inboxes[i].MemberIDs = membersOf(members, inboxes[i].ID)
		inboxes[i].TeamIDs = membersOf(teams, inboxes[i].ID)
	}
	return inboxes, nil
}

// UpdateInbox saves an inbox's settings and replaces its members. The channel is fixed at creation.
func (s *Store) UpdateInbox(ctx context.Context, in *kefu.Inbox) error {
	now := s.now()
	ids, teamIDs, allowed := uniqueIDs(in.MemberIDs), uniqueIDs(in.TeamIDs), origins(in)
	err := s.write(ctx, func(t *Tx) error {
		secret, err := s.sealValue(t, inboxIdentitySecret, in.ID, in.IdentitySecret)
		if err != nil {
			return err
		}
		res, err := t.exec(`UPDATE inboxes SET name = ?, widget_key = ?, allowed_origins = ?, greeting = ?,
			identity_secret = ?, enforce_identity = ?, settings = ?, pii_policy = ?, updated_at = ?
			WHERE org_id = ? AND id = ?`,
			in.Name, in.WidgetKey, jsonText(allowed), in.Greeting, secret, in.EnforceIdentity,
			settingsText(in), string(piiPolicy(in.PIIPolicy)), micros(now), in.OrgID, in.ID)
		if err != nil {
			return inboxConflict(err)
		}
		if err := mustAffect(res, nil); err != nil {
			return err
		}
		if err := s.writeChannel(t, in); err != nil {
			return err
		}
		if err := replaceMembers(t, "inbox_members", "inbox_id", in.OrgID, in.ID, ids); err != nil {
			return err
		}
		return replaceInboxTeams(t, in.OrgID, in.ID, teamIDs)
	})
	if err != nil {
		return err
	}
	in.MemberIDs, in.TeamIDs, in.AllowedOrigins, in.UpdatedAt = ids, teamIDs, allowed, now
	return nil
}

// DeleteInbox deletes an inbox together with its conversations, messages and attachments rows.
// A large inbox is deleted over many writes of at most deleteChunk rows each (its messages,
// then its conversations, then the inbox), so that it never holds the single writer, and with
// it every other write, for longer than an ordinary batch. Should it stop half-way (a crash, a
// cancelled request), the inbox is still there with part of its history gone, and deleting it
// again finishes the job.
func (s *Store) DeleteInbox(ctx context.Context, orgID, id string) error {
	return s.deleteInbox(ctx, orgID, id, deleteChunk)
}

func (s *Store) deleteInbox(ctx context.Context, orgID, id string, chunk int) error {
	if _, err := s.deleteInChunks(ctx, chunk, `DELETE FROM messages WHERE (conversation_id, seq) IN
		(SELECT m.conversation_id, m.seq FROM messages m JOIN conversations c ON c.id = m.conversation_id
		WHERE c.org_id = ? AND c.inbox_id = ? LIMIT ?)`, orgID, id); err != nil {
		return err
	}
	// Each conversation takes its labels, read markers and attachments rows with it, and any message written
	// since its messages were deleted.
	if _, err := s.deleteInChunks(ctx, chunk, `DELETE FROM conversations WHERE id IN
		(SELECT id FROM conversations WHERE org_id = ? AND inbox_id = ? LIMIT ?)`, orgID, id); err != nil {
		return err
	}
	return s.write(ctx, func(t *Tx) error {
		return mustAffect(t.exec(`DELETE FROM inboxes WHERE org_id = ? AND id = ?`, orgID, id))
	})
}
