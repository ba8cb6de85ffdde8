// Where the visitor writes: multi-line text (Enter sends, Shift+Enter breaks the line), a few
// emoji, and files — checked first, uploaded with progress, previewed, then sent with the text.

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../core/api';
import { ACCEPT, MAX_UPLOAD_BYTES, checkFile } from '../core/files';
import type { Attachment } from '../core/types';
import { useController } from './context';
import { EmojiPicker } from './EmojiPicker';

interface Upload {
  id: number;
  file: File;
  preview: string | null; // blob: URL of an image
  progress: number;
  done: Attachment | null;
}

let uploadSeq = 0;

export function Composer() {
  const c = useController();
  const { client, t } = c;
  const [text, setText] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [emoji, setEmoji] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => area.current?.focus(), []);
  useEffect(() => () => uploads.forEach((u) => u.preview && URL.revokeObjectURL(u.preview)), []);

  const busy = uploads.some((u) => !u.done);
  const canSend = !busy && (text.trim() !== '' || uploads.length > 0);

  const send = () => {
    if (!canSend) return;
    client.send(text, uploads.map((u) => u.done as Attachment));
    uploads.forEach((u) => u.preview && URL.revokeObjectURL(u.preview));
    setText('');
    setUploads([]);
    setErrors([]);
    area.current?.focus();
  };

  const patch = (id: number, p: Partial<Upload>) => setUploads((us) => us.map((u) => (u.id === id ? { ...u, ...p } : u)));
  const remove = (id: number) => setUploads((us) => us.filter((u) => (u.id === id && u.preview && URL.revokeObjectURL(u.preview), u.id !== id)));

  const pick = (files: FileList | null) => {
    const errs: string[] = [];
    for (const file of Array.from(files ?? [])) {
      const why = checkFile(file);
      if (why) {
        errs.push(t(why, { file: file.name, max: MAX_UPLOAD_BYTES >> 20 }));
        continue;
      }
      const u: Upload = { id: ++uploadSeq, file, progress: 0, done: null, preview: file.type.startsWith('image/') ? URL.createObjectURL(file) : null };
      setUploads((us) => [...us, u]);
      client
        .upload(file, (p) => patch(u.id, { progress: p }))
        .then((a) => patch(u.id, { done: a, progress: 1 }))
        .catch((e: unknown) => {
          remove(u.id);
          const code = e instanceof ApiError ? e.code : '';
          const key = code === 'payload_too_large' ? 'tooBig' : code === 'unsupported_media_type' ? 'badType' : 'uploadFailed';
          setErrors((es) => [...es, t(key, { file: file.name, max: MAX_UPLOAD_BYTES >> 20 })]);
        });
    }
    setErrors(errs);
    if (fileInput.current) fileInput.current.value = '';
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  };
  const onInput = (e: Event) => {
    const v = (e.target as HTMLTextAreaElement).value;
    setText(v);
    if (v) client.typing();
    else client.stopTyping();
  };
  const insert = (s: string) => {
    const el = area.current;
    const at = el?.selectionStart ?? text.length;
    setText(text.slice(0, at) + s + text.slice(el?.selectionEnd ?? at));
    setEmoji(false);
    el?.focus();
  };

  return (
    <div class="kefu-composer">
      {errors.length ? (
        <ul class="kefu-errors" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      {uploads.length ? (
        <ul class="kefu-uploads">
          {uploads.map((u) => (
            <li key={u.id} class="kefu-upload">
              {u.preview ? <img src={u.preview} alt="" /> : <span aria-hidden="true">📎</span>}
              <span class="kefu-upload-name">{u.file.name}</span>
              {!u.done ? <progress max={1} value={u.progress} aria-label={t('uploading', { file: u.file.name, p: Math.round(u.progress * 100) })} /> : null}
              <button type="button" class="kefu-icon-btn" aria-label={`${t('removeFile')}: ${u.file.name}`} onClick={() => remove(u.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {emoji ? <EmojiPicker onPick={insert} onClose={() => setEmoji(false)} /> : null}
      <div class="kefu-input">
        <textarea ref={area} rows={1} value={text} placeholder={t('placeholder')} aria-label={t('placeholder')} onInput={onInput} onKeyDown={onKey} onBlur={() => client.stopTyping()} maxLength={16000} />
        <button type="button" class="kefu-icon-btn" aria-label={t('emoji')} aria-expanded={emoji} onClick={() => setEmoji(!emoji)}>
          😊
        </button>
        <button type="button" class="kefu-icon-btn" aria-label={t('attach')} onClick={() => fileInput.current?.click()}>
          📎
        </button>
        <input ref={fileInput} type="file" multiple accept={ACCEPT} class="kefu-hidden" tabIndex={-1} aria-hidden="true" onChange={(e) => pick((e.target as HTMLInputElement).files)} />
        <button type="button" class="kefu-send" disabled={!canSend} onClick={send}>
          {t('send')}
        </button>
      </div>
    </div>
  );
}
