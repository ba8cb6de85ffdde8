package kefu

import (
	"math/bits"
	"slices"
)

// Permission is one thing an agent may be allowed to do. Services check permissions, never
// roles: a role is only a named set of permissions, so custom roles need no new checks.
type Permission uint8

// The permission catalogue. The numeric values are stored in permission sets (a bit each), so
// a permission keeps its number forever: append new ones, never renumber.
const (
	PermConversationsViewAll      Permission = iota // every conversation of the organisation
	PermConversationsViewTeam                       // conversations of the actor's teams' inboxes and teams
	PermConversationsViewAssigned                   // conversations assigned to the actor (and the unassigned queue they may take)
	PermConversationsReply                          // send messages and notes, change status of visible conversations
	PermConversationsAssign                         // assign or transfer conversations to other agents and teams
	PermConversationsExport                         // export conversations and transcripts
	PermContactsView                                // see contacts
	PermContactsEdit                                // edit and merge contacts
	PermContactsExport                              // export contacts, answer data access requests
	PermContactsErase                               // erase contacts (data subject requests)
	PermPIIReveal                                   // see masked personal data unmasked (audited)
	PermReportsView                                 // dashboards and reports
	PermAgentsManage                                // invite, edit, disable agents
	PermTeamsManage                                 // create teams and change membership
	PermRolesManage                                 // define custom roles and grant them
	PermInboxesManage                               // create and configure inboxes and channels
	PermLabelsManage                                // organisation labels
	PermCannedManage                                // shared canned replies
	PermTokensManage                                // API tokens
	PermWebhooksManage                              // outgoing webhooks and their delivery log
	PermSettingsManage                              // organisation settings: routing, business hours, retention
	PermSecurityManage                              // sign-in policy, 2FA enforcement, SSO, keys, legal holds
	PermAuditView                                   // read and export the audit log
	PermJobsView                                    // see background jobs (pending, failed, dead)
	PermKBManage                                    // write knowledge-base articles: create, edit, publish, import
	permCount
)

// permissionNames are the stable API names of the permissions, in catalogue order.
var permissionNames = [permCount]string{
	"conversations.view_all", "conversations.view_team", "conversations.view_assigned",
	"conversations.reply", "conversations.assign", "conversations.export",
	"contacts.view", "contacts.edit", "contacts.export", "contacts.erase",
	"pii.reveal", "reports.view",
	"agents.manage", "teams.manage", "roles.manage", "inboxes.manage", "labels.manage",
	"canned.manage", "tokens.manage", "webhooks.manage", "settings.manage", "security.manage",
	"audit.view", "jobs.view", "kb.manage",
}

// String is the permission's API name, e.g. "pii.reveal".
func (p Permission) String() string {
	if p >= permCount {
		return "unknown"
	}
	return permissionNames[p]
}

// ParsePermission returns the permission named name.
func ParsePermission(name string) (Permission, bool) {
	i := slices.Index(permissionNames[:], name)
	return Permission(i), i >= 0
}

// AllPermissions lists the catalogue in order.
func AllPermissions() []Permission {
	all := make([]Permission, permCount)
	for i := range all {
		all[i] = Permission(i)
	}
	return all
}

// PermSet is a set of permissions, one bit each: cheap to copy in every Actor.
type PermSet uint64

// Perms returns the set holding ps.
func Perms(ps ...Permission) PermSet {
	var s PermSet
	for _, p := range ps {
		s |= 1 << p
	}
	return s
}

// Has reports whether p is in the set.
func (s PermSet) Has(p Permission) bool { return p < permCount && s&(1<<p) != 0 }

// Contains reports whether every permission of o is in s: a role may only grant what its
// granter holds.
func (s PermSet) Contains(o PermSet) bool { return o&^s == 0 }

// Len is the number of permissions in the set.
func (s PermSet) Len() int { return bits.OnesCount64(uint64(s)) }

// List returns the set's permissions in catalogue order.
func (s PermSet) List() []Permission {
	var out []Permission
	for _, p := range AllPermissions() {
		if s.Has(p) {
			out = append(out, p)
		}
	}
	return out
}

// Names returns the API names of the set's permissions in catalogue order.
func (s PermSet) Names() []string {
	ps := s.List()
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
	}
	return names
}

// allPerms holds the whole catalogue.
var allPerms = PermSet(1)<<permCount - 1

// Built-in role permission sets. An agent works the conversations assigned to them and the
// queue; a supervisor sees and steers everything and may reveal masked data; an admin runs the
// organisation; the owner may also change its security settings and read the audit log.
var (
	agentPerms = Perms(PermConversationsViewAssigned, PermConversationsViewTeam, PermConversationsViewAll,
		PermConversationsReply, PermContactsView, PermContactsEdit)
	supervisorPerms = agentPerms | Perms(PermConversationsAssign, PermConversationsExport,
		PermContactsExport, PermPIIReveal, PermReportsView, PermCannedManage, PermKBManage)
	adminPerms = supervisorPerms | Perms(PermAgentsManage, PermTeamsManage, PermRolesManage,
		PermInboxesManage, PermLabelsManage, PermTokensManage, PermWebhooksManage,
		PermSettingsManage, PermAuditView, PermJobsView, PermContactsErase)
	ownerPerms = allPerms
)

// Permissions is the built-in permission set of role r; an unknown role has none.
func (r Role) Permissions() PermSet {
	switch r {
	case RoleOwner:
		return ownerPerms
	case RoleAdmin:
		return adminPerms
	case RoleSupervisor:
		return supervisorPerms
	case RoleAgent:
		return agentPerms
	}
	return 0
}
