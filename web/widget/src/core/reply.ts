// How the team will answer a message left while nobody was online: by the e-mail or phone the
// visitor gave, else here in the chat. Derived from the contact every time, so the notice is the
// same after a reload and follows a corrected address.

import type { Key } from './i18n';
import type { Contact } from './types';

/** replyNotice returns the phrase and its values for the contact's best reply channel. */
export function replyNotice(contact: Pick<Contact, 'email' | 'phone'> | undefined): { key: Key; vars: Record<string, string> } {
  const email = contact?.email?.trim();
  if (email) return { key: 'replyByEmail', vars: { email } };
  const phone = contact?.phone?.trim();
  if (phone) return { key: 'replyByPhone', vars: { phone } };
  return { key: 'replyHere', vars: {} };
}
