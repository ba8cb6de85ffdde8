import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Api } from '../../src/core/api';
import { ChatClient } from '../../src/core/client';
import { memoryKV } from '../../src/core/storage';
import type { Message } from '../../src/core/types';
import { msg } from './fixtures';

/** HistoryApi answers the message history from a list the test controls, recording queries. */
class HistoryApi extends Api {
  queries: { before?: number; after?: number; limit?: number }[] = [];
  constructor(private readonly history: Message[]) {
    super();
  }
  override messages(_conv: string, q: { before?: number; after?: number; limit?: number }) {
    this.queries.push(q);
    const before = q.before ?? Infinity;
    const page = this.history.filter((m) => m.seq < before).slice(-(q.limit ?? 50));
    return Promise.resolve({ messages: page });
  }
}

const file = (url: string) => ({ id: 'a1', file_name: 'x.png', content_type: 'image/png', size: 3, url });

describe('refreshLinks', () => {
  beforeAll(() => vi.stubGlobal('navigator', { language: 'en', userAgent: 'vitest' })); // Node 20 has none

  it('fetches exactly the message again and shows its fresh attachment links', async () => {
    const stale = msg({ id: 'm2', seq: 2, attachments: [file('/api/v1/widget/files/a1?exp=1&sig=old')] });
    const fresh = { ...stale, attachments: [file('/api/v1/widget/files/a1?exp=9999999999&sig=new')] };
    const api = new HistoryApi([msg({ id: 'm1', seq: 1 }), fresh, msg({ id: 'm3', seq: 3 })]);
    let changes = 0;
    const client = new ChatClient('wk', memoryKV(), { changed: () => changes++, message: () => {} }, api);
    client.timeline.add(stale);

    const got = await client.refreshLinks(stale);

    expect(api.queries).toEqual([{ before: 3, limit: 1 }]);
    expect(got?.attachments[0].url).toContain('sig=new');
    expect(client.timeline.messages('c1')[0].attachments[0].url).toContain('sig=new');
    expect(changes).toBeGreaterThan(0);
  });

  it('leaves the timeline alone when the message is gone', async () => {
    const stale = msg({ id: 'm2', seq: 2, attachments: [file('/api/v1/widget/files/a1?exp=1&sig=old')] });
    const client = new ChatClient('wk', memoryKV(), { changed: () => {}, message: () => {} }, new HistoryApi([msg({ id: 'm1', seq: 1 })]));
    client.timeline.add(stale);
    expect(await client.refreshLinks(stale)).toBeNull();
    expect(client.timeline.messages('c1')[0].attachments[0].url).toContain('sig=old');
  });
});
