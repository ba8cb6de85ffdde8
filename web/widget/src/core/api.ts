// The visitor REST API (docs/api.md). The widget runs on kefu's own origin, so paths are
// relative; the visitor token travels in the Authorization header, never in a cookie.

import type { Attachment, Contact, Conversation, Message, QueueInfo, Session, StartAttributes, User, WidgetConfig } from './types';

/** ApiError is a refused or failed request, with kefu's stable error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number, // 0: no answer (network)
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** retriable says whether sending the same request again may succeed. */
  get retriable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500 || this.code === 'unauthenticated';
  }
}

/** Api calls the visitor endpoints with the current token. */
export class Api {
  token = '';

  constructor(
    private readonly base = '',
    private readonly fetchFn: typeof fetch = (...a) => globalThis.fetch(...a),
  ) {}

  session(body: { widget_key: string; visitor_key?: string; user?: User; attributes?: Record<string, string> }): Promise<Session> {
    return this.call('POST', '/api/v1/widget/sessions', body);
  }

  config(widgetKey: string): Promise<WidgetConfig> {
    return this.call('GET', `/api/v1/widget/config?widget_key=${encodeURIComponent(widgetKey)}`);
  }

  /** pageView tells kefu which page the visitor is on (the live visitor list). */
  pageView(body: { url: string; title: string; referrer: string; language: string }): Promise<void> {
    return this.call('POST', '/api/v1/widget/page-views', body);
  }

  conversations(): Promise<{ conversations: Conversation[] }> {
    return this.call('GET', '/api/v1/widget/conversations');
  }

  start(
    message: { content: string; client_msg_id: string; attachment_ids?: string[] } | null,
    opener?: { trigger_id: string; locale: string },
    attrs: StartAttributes = {},
  ): Promise<{ conversation: Conversation; message?: Message }> {
    return this.call('POST', '/api/v1/widget/conversations', { ...(message ? { message } : {}), ...(opener ?? {}), ...attrs });
  }

  messages(conversationID: string, q: { before?: number; after?: number; limit?: number }): Promise<{ messages: Message[] }> {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v) p.set(k, String(v));
    return this.call('GET', `${this.conv(conversationID)}/messages?${p}`);
  }

  send(conversationID: string, body: { client_msg_id: string; content: string; attachment_ids?: string[] }): Promise<{ message: Message; duplicate: boolean }> {
    return this.call('POST', `${this.conv(conversationID)}/messages`, body);
  }

  read(conversationID: string, seq: number): Promise<void> {
    return this.call('POST', `${this.conv(conversationID)}/read`, { seq });
  }

  typing(conversationID: string, typing: boolean): Promise<void> {
    return this.call('POST', `${this.conv(conversationID)}/typing`, { typing });
  }

  queue(conversationID: string): Promise<QueueInfo> {
    return this.call('GET', `${this.conv(conversationID)}/queue`);
  }

  rate(conversationID: string, score: number, comment: string): Promise<{ rating?: unknown }> {
    return this.call('POST', `${this.conv(conversationID)}/rating`, { score, comment });
  }

  /** botFeedback answers an answer card's "did this help?"; false hands over to a person. */
  botFeedback(conversationID: string, messageID: string, helpful: boolean): Promise<Conversation> {
    return this.call('POST', `${this.conv(conversationID)}/bot/feedback`, { message_id: messageID, helpful });
  }

  /** botHandoff is the "talk to a person" button: the bot hands the conversation over. */
  botHandoff(conversationID: string): Promise<Conversation> {
    return this.call('POST', `${this.conv(conversationID)}/bot/handoff`);
  }

  updateContact(body: { name?: string; email?: string; phone?: string; attributes?: Record<string, string> }): Promise<Contact> {
    return this.call('PATCH', '/api/v1/widget/contact', body);
  }

  /** upload sends a file with progress (fetch cannot report upload progress; XHR can). */
  upload(conversationID: string, file: File, onProgress: (fraction: number) => void): Promise<Attachment> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${this.base}${this.conv(conversationID)}/attachments`);
      xhr.setRequestHeader('Authorization', `Bearer ${this.token}`);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
      xhr.onload = () => {
        const body = parse(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) resolve(body as Attachment);
        else reject(problem(xhr.status, body));
      };
      const form = new FormData();
      form.append('file', file, file.name);
      xhr.send(form);
    });
  }

  private conv(id: string): string {
    return `/api/v1/widget/conversations/${encodeURIComponent(id)}`;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchFn(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'network', 'network error');
    }
    const text = await res.text().catch(() => '');
    const data = parse(text);
    if (!res.ok) throw problem(res.status, data);
    return data as T;
  }
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function problem(status: number, body: unknown): ApiError {
  const b = (body ?? {}) as { code?: string; detail?: string };
  return new ApiError(status, b.code ?? `http_${status}`, b.detail ?? `HTTP ${status}`);
}
