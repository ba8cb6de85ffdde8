// The channel part of an inbox as the settings form holds it, and the request bodies made from
// it. The server's contract is kefu.ChannelConfig (non-secret, returned as stored) and
// kefu.ChannelSecrets (write-only: the form sends only the secrets an administrator typed, so an
// empty field keeps the stored value, and never receives one back).
import type { components } from '@/api/schema';

type S = components['schemas'];
export type ChannelConfig = S['ChannelConfig'];

/** One mail server as the form edits it: every field present (the API's are optional). */
export interface MailServer {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  username: string;
}

/** An email inbox's config as the form edits it (kefu.EmailChannel). */
export interface EmailChannel {
  address: string;
  from_name: string;
  receive: 'imap' | 'forward';
  imap: MailServer;
  mailbox: string;
  smtp: MailServer;
  trust_senders: boolean;
}

/** The channel types an inbox can be created with, in the order the picker shows them. */
export const channelKinds = ['web', 'email', 'telegram', 'api'] as const;
export type ChannelKind = (typeof channelKinds)[number];

/** The secrets an administrator types per channel; the API channel's secret is generated. */
export const secretNames = {
  web: [], email: ['imap_password', 'smtp_password'], telegram: ['bot_token'], api: [],
} as const satisfies Record<ChannelKind, readonly string[]>;
export type SecretName = 'imap_password' | 'smtp_password' | 'bot_token';

/** The editable part of every channel's config, whichever the inbox is. */
export interface ChannelModel {
  email: EmailChannel;
  telegram: { mode: 'webhook' | 'polling'; bot_username: string };
  api: { callback_url: string };
  secrets: Record<SecretName, string>;
}

const server = (host: string, port: number): MailServer => ({ host, port, security: 'tls', username: '' });

/** blankModel is a new inbox's channel form: the usual implicit-TLS ports, polling-free webhook. */
export function blankModel(): ChannelModel {
  return {
    email: { address: '', from_name: '', receive: 'imap', imap: server('', 993), mailbox: '', smtp: server('', 465), trust_senders: false },
    telegram: { mode: 'webhook', bot_username: '' },
    api: { callback_url: '' },
    secrets: { imap_password: '', smtp_password: '', bot_token: '' },
  };
}

/** modelOf fills a form from a stored config; secrets stay empty (the server never sends them). */
export function modelOf(c: ChannelConfig | undefined): ChannelModel {
  const m = blankModel();
  if (c?.email) m.email = { ...m.email, ...c.email, imap: { ...m.email.imap, ...c.email.imap }, smtp: { ...m.email.smtp, ...c.email.smtp } };
  if (c?.telegram) m.telegram = { mode: c.telegram.mode ?? 'webhook', bot_username: c.telegram.bot_username ?? '' };
  if (c?.api) m.api = { callback_url: c.api.callback_url };
  return m;
}

/** configBody is the config of kind only: the server refuses another channel's member, and
 * read-only fields (bot_username, secrets_set) are the server's to fill. */
export function configBody(kind: ChannelKind, m: ChannelModel): ChannelConfig | undefined {
  if (kind === 'email') return { email: { ...m.email, address: m.email.address.trim(), imap: trimServer(m.email.imap), smtp: trimServer(m.email.smtp) } };
  if (kind === 'telegram') return { telegram: { mode: m.telegram.mode } };
  if (kind === 'api') return { api: { callback_url: m.api.callback_url.trim() } };
  return undefined;
}

function trimServer(s: MailServer): MailServer {
  return { ...s, host: s.host.trim(), username: s.username.trim(), port: Number(s.port) || 0 };
}

/** secretsBody holds only the secrets of kind that were typed; undefined when none was, so an
 * update keeps every stored secret. */
export function secretsBody(kind: ChannelKind, m: ChannelModel): Record<string, string> | undefined {
  const typed = secretNames[kind].filter((n) => m.secrets[n] !== '');
  return typed.length ? Object.fromEntries(typed.map((n) => [n, m.secrets[n]])) : undefined;
}

/** generatedSecret is the secret the server made and returns once in a create answer
 * (generated_secrets: the API channel's signing secret); "" when it made none. */
export function generatedSecret(answer: { generated_secrets?: { api_secret?: string } }): string {
  return answer.generated_secrets?.api_secret ?? '';
}

/** isChannelKind narrows a stored inbox's channel to the kinds the form knows. */
export function isChannelKind(s: string | undefined): s is ChannelKind {
  return (channelKinds as readonly string[]).includes(s ?? '');
}
