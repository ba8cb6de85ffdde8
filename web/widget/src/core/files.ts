// What the widget checks before uploading, so the visitor gets a clear message at once instead
// of after a long upload. The server sniffs the bytes and has the final word (413, 415).

/** MAX_UPLOAD_BYTES matches kefu's default max_upload_bytes. */
export const MAX_UPLOAD_BYTES = 20 << 20;

const TYPES = new Set([
  'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'application/zip', 'text/plain',
  'audio/mpeg', 'video/mp4', 'application/msword', 'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
]);
const EXTENSIONS = /\.(png|jpe?g|gif|webp|pdf|zip|txt|mp3|mp4|docx?|xlsx?|pptx)$/i;

/** ACCEPT is the file input's accept attribute. */
export const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,.pdf,.zip,.txt,.mp3,.mp4,.doc,.docx,.xls,.xlsx,.pptx';

/** checkFile says why a file cannot be sent, or null when it may be uploaded. */
export function checkFile(f: { name: string; type: string; size: number }, max = MAX_UPLOAD_BYTES): 'tooBig' | 'badType' | null {
  if (f.size > max) return 'tooBig';
  if (!TYPES.has(f.type) && !EXTENSIONS.test(f.name)) return 'badType';
  return null;
}

/** FILE_PATH is where kefu serves a visitor's signed attachment links. */
export const FILE_PATH = '/api/v1/widget/files/';

/** linkExpired says whether a signed attachment link has expired (or will within margin ms):
 * links carry their expiry as exp, in Unix seconds (file_link_ttl on the server). */
export function linkExpired(url: string, now = Date.now(), margin = 5000): boolean {
  const exp = Number(new URL(url, 'http://x').searchParams.get('exp'));
  return !exp || exp * 1000 <= now + margin;
}

/**
 * formatSize shows a file's stored size as the agent workspace does (AttachmentView.vue): bytes
 * under 1 KB, whole KB under 1 MB, then MB with one decimal. A 193-byte file is "193 B", never
 * rounded up to "1 KB".
 */
export function formatSize(bytes: number): string {
  const b = Math.max(0, Math.floor(Number(bytes)) || 0);
  if (b < 1024) return `${b} B`;
  if (b < 1 << 20) return `${(b / 1024).toFixed(0)} KB`;
  return `${(b / (1 << 20)).toFixed(1)} MB`;
}
