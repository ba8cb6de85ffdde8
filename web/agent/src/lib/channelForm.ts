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
export const channelKinds = ['web', 'wechat', 'wecom', 'miniprogram', 'email', 'telegram', 'api'] as const;
export type ChannelKind = (typeof channelKinds)[number];

/** The WeChat platforms: their inboxes share the callback credentials and the setup panel. */
export const weChatKinds = ['wechat', 'wecom', 'miniprogram'] as const;
export type WeChatKind = (typeof weChatKinds)[number];

/** isWeChatKind says whether kind is one of the WeChat platforms. */
export function isWeChatKind(kind: string): kind is WeChatKind {
  return (weChatKinds as readonly string[]).includes(kind);
}

const weChatSecrets = ['app_secret', 'callback_token', 'encoding_aes_key'] as const;

/** The secrets an administrator types per channel; the API channel's secret is generated, and
 * a WeChat inbox's callback token and EncodingAESKey are generated when left empty. */
export const secretNames = {
  web: [], email: ['imap_password', 'smtp_password'], telegram: ['bot_token'], api: [],
  wechat: weChatSecrets, wecom: weChatSecrets, miniprogram: weChatSecrets,
} as const satisfies Record<ChannelKind, readonly string[]>;
export type SecretName = 'imap_password' | 'smtp_password' | 'bot_token' | 'app_secret' | 'callback_token' | 'encoding_aes_key';

/** A WeChat callback's encryption mode (消息加解密方式) as the console names it. */
export type Encryption = 'safe' | 'compatible' | 'plaintext';

/** The editable part of every channel's config, whichever the inbox is. */
export interface ChannelModel {
  email: EmailChannel;
  telegram: { mode: 'webhook' | 'polling'; bot_username: string };
  api: { callback_url: string };
  wechat: { app_id: string; encryption: Encryption };
  wecom: { corp_id: string; open_kfid: string };
  miniprogram: { app_id: string; encryption: Encryption; data_format: 'json' | 'xml' };
  secrets: Record<SecretName, string>;
}

const server = (host: string, port: number): MailServer => ({ host, port, security: 'tls', username: '' });

/** blankModel is a new inbox's channel form: the usual implicit-TLS ports, polling-free webhook. */
export function blankModel(): ChannelModel {
  return {
    email: { address: '', from_name: '', receive: 'imap', imap: server('', 993), mailbox: '', smtp: server('', 465), trust_senders: false },
    telegram: { mode: 'webhook', bot_username: '' },
    api: { callback_url: '' },
    wechat: { app_id: '', encryption: 'safe' },
    wecom: { corp_id: '', open_kfid: '' },
    miniprogram: { app_id: '', encryption: 'safe', data_format: 'json' },
    secrets: { imap_password: '', smtp_password: '', bot_token: '', app_secret: '', callback_token: '', encoding_aes_key: '' },
  };
}

/** modelOf fills a form from a stored config; secrets stay empty (the server never sends them). */
export function modelOf(c: ChannelConfig | undefined): ChannelModel {
  const m = blankModel();
  if (c?.email) m.email = { ...m.email, ...c.email, imap: { ...m.email.imap, ...c.email.imap }, smtp: { ...m.email.smtp, ...c.email.smtp } };
  if (c?.telegram) m.telegram = { mode: c.telegram.mode ?? 'webhook', bot_username: c.telegram.bot_username ?? '' };
  if (c?.api) m.api = { callback_url: c.api.callback_url };
  if (c?.wechat) m.wechat = { app_id: c.wechat.app_id, encryption: c.wechat.encryption ?? 'safe' };
  if (c?.wecom) m.wecom = { corp_id: c.wecom.corp_id, open_kfid: c.wecom.open_kfid };
  if (c?.miniprogram) m.miniprogram = { app_id: c.miniprogram.app_id, encryption: c.miniprogram.encryption ?? 'safe', data_format: c.miniprogram.data_format ?? 'json' };
  return m;
}

/** configBody is the config of kind only: the server refuses another channel's member, and
 * read-only fields (bot_username, secrets_set) are the server's to fill. */
export function configBody(kind: ChannelKind, m: ChannelModel): ChannelConfig | undefined {
  if (kind === 'email') return { email: { ...m.email, address: m.email.address.trim(), imap: trimServer(m.email.imap), smtp: trimServer(m.email.smtp) } };
  if (kind === 'telegram') return { telegram: { mode: m.telegram.mode } };
  if (kind === 'api') return { api: { callback_url: m.api.callback_url.trim() } };
  if (kind === 'wechat') return { wechat: { ...m.wechat, app_id: m.wechat.app_id.trim() } };
  if (kind === 'wecom') return { wecom: { corp_id: m.wecom.corp_id.trim(), open_kfid: m.wecom.open_kfid.trim() } };
  if (kind === 'miniprogram') return { miniprogram: { ...m.miniprogram, app_id: m.miniprogram.app_id.trim() } };
  return undefined;
}

function trimServer(s: MailServer): MailServer {
  return { ...s, host: s.host.trim(), username: s.username.trim(), port: Number(s.port) || 0 };
}

/** secretsBody holds only the secrets of kind that were typed; undefined when none was, so an
 * update keeps every stored secret. */
export function secretsBody(kind: ChannelKind, m: ChannelModel): Record<string, string> | undefined {
  const typed = (secretNames[kind] as readonly SecretName[]).filter((n) => m.secrets[n] !== '');
  return typed.length ? Object.fromEntries(typed.map((n) => [n, m.secrets[n]])) : undefined;
}

/** The secrets the server made, returned once in the answer of the change that made them. */
export interface Generated {
  api_secret?: string;
  callback_token?: string;
  encoding_aes_key?: string;
}

/** generatedSecrets picks from an answer the secrets the server made and shows only once (the
 * API channel's signing secret; a WeChat inbox's callback token and EncodingAESKey). */
export function generatedSecrets(answer: { generated_secrets?: Generated }): Generated {
  const g = answer.generated_secrets ?? {};
  const out: Generated = {};
  for (const k of ['api_secret', 'callback_token', 'encoding_aes_key'] as const) if (g[k]) out[k] = g[k];
  return out;
}

/** generatedSecret is the API channel's signing secret the server made; "" when it made none. */
export function generatedSecret(answer: { generated_secrets?: Generated }): string {
  return answer.generated_secrets?.api_secret ?? '';
}

/** callbackURL is a WeChat inbox's server URL (服务器地址) for the platform's console: kefu's
 * base URL + /hooks/ + the inbox id. */
export function callbackURL(origin: string, inboxId: string): string {
  return `${origin.replace(/\/+$/, '')}/hooks/${inboxId}`;
}

/** isChannelKind narrows a stored inbox's channel to the kinds the form knows. */
export function isChannelKind(s: string | undefined): s is ChannelKind {
  return (channelKinds as readonly string[]).includes(s ?? '');
}
