// Short names for the generated schema types the workspace uses everywhere.
import type { components } from './schema';

type S = components['schemas'];

export type Agent = S['Agent'];
export type APIToken = S['APIToken'];
export type AuditEntry = S['AuditEntry'];
export type Attachment = S['Attachment'];
export type Contact = S['Contact'];
export type ContactPrivacy = S['ContactPrivacy'];
export type RetentionPolicy = S['RetentionPolicy'];
export type Conversation = S['Conversation'];
export type Inbox = S['InboxView'];
export type Invitation = S['InvitationItem'];
export type InboxWithSnippet = S['InboxWithSnippet'];
export type Label = S['Label'];
export type Message = S['Message'];
export type Org = S['Org'];
export type PreChatField = S['PreChatField'];
export type Trigger = S['Trigger'];
export type PatternSpec = S['PatternSpec'];
export type PIIPolicy = S['InboxView']['pii_policy'];
export type Rating = S['Rating'];
export type Session = S['SessionView'];
export type Team = S['Team'];
export type WidgetSettings = S['WidgetSettings'];
export type Counts = S['CountsOutputBody'];

export type Role = 'owner' | 'admin' | 'supervisor' | 'agent' | 'custom';
export type BuiltinRole = Exclude<Role, 'custom'>;
export type CustomRole = S['RoleBody'];
export type PermissionInfo = S['PermissionBody'];
export type Availability = 'online' | 'away' | 'offline';
export type Status = 'open' | 'pending' | 'snoozed' | 'resolved';
export type Priority = 'none' | 'low' | 'medium' | 'high' | 'urgent';
export type MessageKind = 'text' | 'note';
export type CannedReply = S['CannedView'];
export type Webhook = S['Webhook'];
export type WebhookDelivery = S['DeliveryView'];
export type WebhookAttempt = S['WebhookAttempt'];
export type Job = S['Job'];
export type LiveVisitor = S['LiveVisitor'];
export type Board = S['Board'];
export type BoardTarget = S['BoardTarget'];
export type BoardAgent = S['BoardAgent'];
export type BoardWaiting = S['BoardWaiting'];
export type RoutingDecision = S['RoutingDecision'];
