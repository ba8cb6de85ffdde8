// The words an administrator wrote for the inbox, in the language the widget speaks (setLocale,
// else the inbox's language, else the browser's): that language's translation when it has one,
// else the inbox's single default.

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
