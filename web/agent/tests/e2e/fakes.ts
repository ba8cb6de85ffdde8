// Fakes of the platforms kefu talks to in the browser tests, started by global setup beside
// kefu: a Telegram Bot API (getMe, setWebhook, deleteWebhook, sendMessage, sendPhoto,
// sendDocument), an SMTP server receiving kefu's outgoing mail, and the WeChat Official Account
// API (cgi-bin/token, media/get serving a PNG, media/upload, message/custom/send, user/info).
// Tests in other processes read what they received, and tell the Bot API to refuse a chat,
// over /_state and /_refuse of the Bot API's fake and /_state of WeChat's.
import { createServer as createHTTP, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTCP, Socket, type AddressInfo } from 'node:net';

/** A call kefu made to the fake Bot API. */
export interface BotCall {
  token: string;
  method: string;
  chat_id?: string;
  text?: string;
  /** The multipart body's size, for sendPhoto and sendDocument. */
  bytes?: number;
}

/** One mail the fake SMTP server took from kefu. */
export interface SentMail {
  from: string;
  to: string[];
  data: string;
}

/** What the fakes hold, as /_state returns it. */
export interface FakeState {
  calls: BotCall[];
  /** The webhook secret kefu registered per bot token: what Telegram would send back. */
  webhooks: Record<string, { url: string; secret_token: string }>;
  mails: SentMail[];
}

/** Running fakes: the Bot API's and WeChat API's base URLs, the SMTP server's port, and how to
 * stop them all. */
export interface Fakes {
  telegram: string;
  wechat: string;
  smtpPort: number;
  stop(): void;
}

/** startFakes starts the fakes on free ports of 127.0.0.1. */
export async function startFakes(): Promise<Fakes> {
  const state: FakeState = { calls: [], webhooks: {}, mails: [] };
  const refused = new Map<string, string>(); // chat id → Telegram's description of the refusal
  const http = createHTTP((req, res) => void botAPI(req, res, state, refused));
  const wx: WeChatState = { tokens: [], sends: [], uploads: 0, mediaGets: [] };
  const wechat = createHTTP((req, res) => void weChatAPI(req, res, wx));
  const smtp = createTCP((s) => smtpSession(s, state));
  await Promise.all([listen(http), listen(wechat), listen(smtp)]);
  return {
    telegram: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    wechat: `http://127.0.0.1:${(wechat.address() as AddressInfo).port}`,
    smtpPort: (smtp.address() as AddressInfo).port,
    stop: () => {
      for (const h of [http, wechat]) {
        h.closeAllConnections();
        h.close();
      }
      smtp.close();
    },
  };
}

function listen(s: { listen(port: number, host: string, cb: () => void): unknown; once(e: 'error', cb: (e: Error) => void): unknown }) {
  return new Promise<void>((ok, fail) => {
    s.once('error', fail);
    s.listen(0, '127.0.0.1', ok);
  });
}

/** freePort finds a port of 127.0.0.1 nobody listens on, for a server started after. */
export async function freePort(): Promise<number> {
  const s = createTCP();
  await listen(s);
  const port = (s.address() as AddressInfo).port;
  await new Promise((ok) => s.close(ok));
  return port;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function reply(res: ServerResponse, status: number, v: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(v));
}

let nextMessageId = 1000;

// botAPI answers /bot<token>/<method> as Telegram does ({ok, result} or {ok: false,
// error_code, description}), plus the tests' /_state and /_refuse?chat_id=…&description=….
async function botAPI(req: IncomingMessage, res: ServerResponse, state: FakeState, refused: Map<string, string>) {
  const url = new URL(req.url ?? '/', 'http://fake');
  if (url.pathname === '/_state') return reply(res, 200, state);
  if (url.pathname === '/_refuse') {
    const chat = url.searchParams.get('chat_id') ?? '';
    const why = url.searchParams.get('description');
    if (why) refused.set(chat, why);
    else refused.delete(chat);
    return reply(res, 200, { ok: true });
  }
  const m = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
  if (!m) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
  const [, token, method] = m;
  const raw = await body(req);
  const json = (req.headers['content-type'] ?? '').includes('application/json') && raw.length ? JSON.parse(raw.toString()) : {};
  const chat = json.chat_id ?? /name="chat_id"\r\n\r\n([^\r]*)/.exec(raw.toString('latin1'))?.[1];
  if (token.startsWith('bad')) return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
  switch (method) {
    case 'getMe':
      return reply(res, 200, { ok: true, result: { id: 777, is_bot: true, first_name: 'Lotus Tea', username: `lotus_${token.split(':')[0]}_bot` } });
    case 'setWebhook':
      state.webhooks[token] = { url: json.url, secret_token: json.secret_token };
      return reply(res, 200, { ok: true, result: true });
    case 'deleteWebhook':
      delete state.webhooks[token];
      return reply(res, 200, { ok: true, result: true });
    case 'sendMessage':
    case 'sendPhoto':
    case 'sendDocument': {
      const why = refused.get(String(chat));
      if (why) return reply(res, 403, { ok: false, error_code: 403, description: why });
      state.calls.push({ token, method, chat_id: String(chat), text: json.text, bytes: method === 'sendMessage' ? undefined : raw.length });
      return reply(res, 200, { ok: true, result: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(chat), type: 'private' } } });
    }
    default:
      return reply(res, 404, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
  }
}

/** What the WeChat fake received, as its /_state returns it. */
export interface WeChatState {
  /** The AppIDs kefu fetched access tokens for, one entry per fetch. */
  tokens: string[];
  /** The bodies of message/custom/send, as kefu posted them. */
  sends: { touser: string; msgtype: string; text?: { content: string }; image?: { media_id: string } }[];
  uploads: number;
  /** The media ids kefu downloaded with media/get. */
  mediaGets: string[];
}

/** A 24×24 WeChat-green PNG: what media/get serves for any media id. */
export const wechatPNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAH0lEQVR4nGNgP5hAFcQwatCoQaMGjRo0atCoQQNvEAC8EpofoMWAIgAAAABJRU5ErkJggg==',
  'base64',
);

let nextWeChat = 1;

// weChatAPI answers the Official Account API's paths kefu calls as WeChat does: JSON with
// errcode/errmsg on failure (an AppSecret starting with "bad" is refused with 40125, an access
// token this fake did not issue with 40001), the medium's bytes for media/get.
async function weChatAPI(req: IncomingMessage, res: ServerResponse, wx: WeChatState) {
  const url = new URL(req.url ?? '/', 'http://fake');
  const q = url.searchParams;
  if (url.pathname === '/_state') return reply(res, 200, wx);
  if (url.pathname === '/cgi-bin/token') {
    if ((q.get('secret') ?? '').startsWith('bad')) return reply(res, 200, { errcode: 40125, errmsg: 'invalid appsecret' });
    wx.tokens.push(q.get('appid') ?? '');
    return reply(res, 200, { access_token: `fake-token-${q.get('appid')}`, expires_in: 7200 });
  }
  if (!(q.get('access_token') ?? '').startsWith('fake-token-')) return reply(res, 200, { errcode: 40001, errmsg: 'invalid credential' });
  const raw = await body(req);
  switch (url.pathname) {
    case '/cgi-bin/media/get':
      wx.mediaGets.push(q.get('media_id') ?? '');
      res.writeHead(200, { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="photo.png"' });
      return void res.end(wechatPNG);
    case '/cgi-bin/media/upload':
      wx.uploads++;
      return reply(res, 200, { type: q.get('type'), media_id: `fake-media-${nextWeChat++}`, created_at: Math.floor(Date.now() / 1000) });
    case '/cgi-bin/message/custom/send':
      wx.sends.push(JSON.parse(raw.toString()));
      return reply(res, 200, { errcode: 0, errmsg: 'ok' });
    case '/cgi-bin/user/info':
      return reply(res, 200, { subscribe: 1, openid: q.get('openid'), language: 'zh_CN', subscribe_time: Math.floor(Date.now() / 1000) });
    default:
      return reply(res, 404, { errcode: 404, errmsg: `no such path ${url.pathname}` });
  }
}

// smtpSession speaks just enough SMTP (RFC 5321) to take kefu's mail: no TLS, no auth.
function smtpSession(s: Socket, state: FakeState) {
  let buf = '';
  let mail: SentMail = { from: '', to: [], data: '' };
  let inData = false;
  const say = (line: string) => s.write(`${line}\r\n`);
  say('220 fake-smtp ESMTP ready');
  s.on('data', (chunk) => {
    buf += chunk.toString('latin1');
    for (;;) {
      if (inData) {
        const end = buf.indexOf('\r\n.\r\n');
        if (end < 0) return;
        mail.data = buf.slice(0, end).replace(/^\.\./gm, '.');
        state.mails.push(mail);
        mail = { from: '', to: [], data: '' };
        buf = buf.slice(end + 5);
        inData = false;
        say('250 2.0.0 queued');
        continue;
      }
      const nl = buf.indexOf('\r\n');
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') s.write('250-fake-smtp\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
      else if (verb === 'HELO') say('250 fake-smtp');
      else if (verb === 'MAIL') (mail.from = /<([^>]*)>/.exec(line)?.[1] ?? ''), say('250 2.1.0 ok');
      else if (verb === 'RCPT') mail.to.push(/<([^>]*)>/.exec(line)?.[1] ?? ''), say('250 2.1.5 ok');
      else if (verb === 'DATA') (inData = true), say('354 end with <CRLF>.<CRLF>');
      else if (verb === 'RSET') (mail = { from: '', to: [], data: '' }), say('250 ok');
      else if (verb === 'NOOP') say('250 ok');
      else if (verb === 'QUIT') return void (say('221 bye'), s.end());
      else say('502 5.5.2 not implemented');
    }
  });
  s.on('error', () => undefined);
}

/** smtpSend hands one mail to an SMTP server (kefu's listener) as a mail server forwarding it
 * would, and resolves once the server accepted it (250 after DATA), or fails with its answer. */
export function smtpSend(port: number, from: string, to: string, message: string): Promise<void> {
  const steps = [`EHLO mx.example.net`, `MAIL FROM:<${from}>`, `RCPT TO:<${to}>`, 'DATA', `${message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..')}\r\n.`, 'QUIT'];
  return new Promise((ok, fail) => {
    const s = new Socket();
    let buf = '';
    let step = -1;
    s.on('data', (chunk) => {
      buf += chunk.toString();
      // A reply is complete at a line "NNN text" (not "NNN-text", a continuation).
      const m = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n$/.exec(buf);
      if (!m) return;
      const code = Number(m[1]);
      buf = '';
      if (code >= 400) return void (s.destroy(), fail(new Error(`SMTP step ${steps[step] ?? 'greeting'}: ${code}`)));
      step++;
      if (step < steps.length) s.write(`${steps[step]}\r\n`);
      if (steps[step] === 'QUIT') (s.end(), ok());
    });
    s.on('error', fail);
    s.connect(port, '127.0.0.1');
  });
}
