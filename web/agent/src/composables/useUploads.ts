// Files attached in the composer: each uploads at once (POST …/attachments, field "file") so the
// message can be sent with their ids as soon as the agent is done typing.
import { ref } from 'vue';
import { api, ok } from '@/api';
import type { Attachment } from '@/api/types';
import { uuid } from '@/lib/uuid';

export interface Upload {
  key: string;
  file_name: string;
  size: number;
  done?: Attachment;
  error?: unknown;
}

export function useUploads(conversationId: () => string) {
  const uploads = ref<Upload[]>([]);

  async function add(files: Iterable<File>) {
    await Promise.all([...files].map(upload));
  }

  async function upload(file: File) {
    const u: Upload = { key: uuid(), file_name: file.name || 'pasted', size: file.size };
    uploads.value.push(u);
    const form = new FormData();
    form.append('file', file, u.file_name);
    try {
      const done = await ok(
        api.POST('/api/v1/conversations/{id}/attachments', {
          params: { path: { id: conversationId() } },
          body: { file: '' },
          bodySerializer: () => form,
        }),
      );
      patch(u.key, { done });
    } catch (error) {
      patch(u.key, { error });
    }
  }

  function patch(key: string, p: Partial<Upload>) {
    const i = uploads.value.findIndex((x) => x.key === key);
    if (i >= 0) uploads.value[i] = { ...uploads.value[i], ...p };
  }

  function remove(key: string) {
    uploads.value = uploads.value.filter((x) => x.key !== key);
  }

  /** take returns the finished attachments and clears the tray. */
  function take(): Attachment[] {
    const done = uploads.value.flatMap((u) => (u.done ? [u.done] : []));
    uploads.value = [];
    return done;
  }

  const busy = () => uploads.value.some((u) => !u.done && !u.error);

  return { uploads, add, remove, take, busy };
}
