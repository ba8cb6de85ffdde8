// The words an administrator wrote for the inbox, in the language the widget speaks (setLocale,
// else the inbox's language, else the browser's): that language's translation when it has one,
// else the inbox's single default.

import { backAt } from '../core/availability';
import type { Key } from '../core/i18n';
import type { Controller } from './controller';

/** greeting is the inbox's greeting for the visitor's language ('' for none). */
export function greeting(c: Controller): string {
  return c.client.settings.translations?.[c.locale]?.greeting || c.client.session?.inbox.greeting || '';
}

/** awayMessage is what the widget says when nobody is available; fallback when none is set. */
export function awayMessage(c: Controller, fallback: Key = 'away'): string {
  return c.client.settings.translations?.[c.locale]?.away_message || c.client.settings.away_message || c.t(fallback);
}

/** backAgain says when the team is back ("We're back at 09:00 (Mon)."), in the visitor's
 * language and time zone; '' while open or when the inbox never opens again. */
export function backAgain(c: Controller): string {
  const b = backAt(c.client.nextOpenAt, c.locale);
  if (!b) return '';
  return b.day ? c.t('backAt', b) : c.t('backAtToday', b);
}
