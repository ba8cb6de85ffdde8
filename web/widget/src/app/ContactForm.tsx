// The two forms shown before a conversation exists. Pre-chat asks the questions the inbox
// configured, then opens the chat. Offline (no agent available) asks how to reach the visitor —
// an e-mail or a phone, at least one — and their message, which becomes a conversation the team
// answers later.

import { useState } from 'preact/hooks';
import type { PreChatField } from '../core/types';
import { useController } from './context';
import { awayMessage, backAgain } from './texts';

type Kind = 'prechat' | 'offline';
const OFFLINE_FIELDS: PreChatField[] = [
  { name: 'name', required: false },
  { name: 'email', required: false },
  { name: 'phone', required: false },
];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function ContactForm({ kind }: { kind: Kind }) {
  const c = useController();
  const { client, t } = c;
  const contact = client.session?.contact;
  const fields = kind === 'offline' ? OFFLINE_FIELDS : client.settings.pre_chat.fields;
  const [values, setValues] = useState<Record<string, string>>({ name: contact?.name ?? '', email: contact?.email ?? '', phone: contact?.phone ?? '' });
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = validate(fields, values, kind, t);
    if (problem) return setError(problem);
    setBusy(true);
    setError('');
    try {
      const { inquiry_type, message, ...profile } = values;
      await client.updateContact({ ...profile, ...(inquiry_type ? { attributes: { inquiry_type } } : {}) });
      if (inquiry_type) client.inquiryType = inquiry_type; // the conversation the visitor starts carries it for routing
      client.kv.set(client.key(`prechat:${client.session?.contact.id}`), '1');
      if (kind === 'offline') client.send(message.trim());
      c.changed();
    } catch {
      setError(t('failedLoad'));
    } finally {
      setBusy(false);
    }
  };

  const set = (name: string) => (e: Event) => setValues({ ...values, [name]: (e.target as HTMLInputElement).value });
  return (
    <form class="kefu-form" onSubmit={submit} noValidate data-testid={`${kind}-form`}>
      <p>{kind === 'offline' ? awayMessage(c, 'offlineIntro') : t('prechatIntro')}</p>
      {kind === 'offline' && backAgain(c) ? <p data-testid="back-at">{backAgain(c)}</p> : null}
      {fields.map((f) => (
        <Field key={f.name} field={f} value={values[f.name] ?? ''} onInput={set(f.name)} />
      ))}
      {kind === 'offline' ? (
        <label class="kefu-field">
          <span>{t('message')} *</span>
          <textarea name="message" required rows={4} value={values.message ?? ''} onInput={set('message')} />
        </label>
      ) : null}
      {error ? (
        <p class="kefu-errors" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" class="kefu-send" disabled={busy}>
        {kind === 'offline' ? t('leaveMessage') : t('start')}
      </button>
    </form>
  );
}

function Field({ field, value, onInput }: { field: PreChatField; value: string; onInput: (e: Event) => void }) {
  const { t } = useController();
  const label = `${t(field.name)}${field.required ? ' *' : ''}`;
  if (field.name === 'inquiry_type') {
    return (
      <label class="kefu-field">
        <span>{label}</span>
        <select name={field.name} required={field.required} value={value} onChange={onInput}>
          <option value="">{t('choose')}</option>
          {(field.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    );
  }
  const type = field.name === 'email' ? 'email' : field.name === 'phone' ? 'tel' : 'text';
  const auto = field.name === 'phone' ? 'tel' : field.name;
  return (
    <label class="kefu-field">
      <span>{label}</span>
      <input name={field.name} type={type as 'text'} autocomplete={auto} required={field.required} value={value} onInput={onInput} maxLength={200} />
    </label>
  );
}

function validate(fields: PreChatField[], v: Record<string, string>, kind: Kind, t: ReturnType<typeof useController>['t']): string {
  for (const f of fields) if (f.required && !(v[f.name] ?? '').trim()) return t('required', { field: t(f.name) });
  if ((v.email ?? '').trim() && !EMAIL.test(v.email.trim())) return t('invalidEmail');
  if (kind === 'offline' && !(v.email ?? '').trim() && !(v.phone ?? '').trim()) return t('needContact');
  if (kind === 'offline' && !(v.message ?? '').trim()) return t('required', { field: t('message') });
  return '';
}
