// The bot section of both inbox editors (web and external channels): the draft, its problems
// in the UI's language (ours once a save was tried, the server's always), and the bot part of
// the update, which is left out when the bot was not changed.
import { computed, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { BotSettings } from '@/api/bot';
import { botDraftOf, botPatch, botProblems } from '@/lib/botSettings';

/** useBotSettings holds an inbox's bot draft; tried and server are the editor's own. */
export function useBotSettings(tried: Ref<boolean>, server: Ref<Record<string, string>>) {
  const { t } = useI18n();
  const draft = ref(botDraftOf());
  let saved: BotSettings | undefined;
  const problems = computed(() => botProblems(draft.value));
  const errors = computed<Record<string, string>>(() => {
    const mine = tried.value ? Object.fromEntries(Object.entries(problems.value).map(([k, v]) => [k, t(`bot.problems.${v}`)])) : {};
    return { ...mine, ...server.value };
  });

  /** reset shows the inbox's stored settings (none: a new inbox, bot off). */
  function reset(s?: BotSettings) {
    saved = s;
    draft.value = botDraftOf(s);
  }

  const patch = () => botPatch(saved, draft.value);
  const hasProblems = () => Object.keys(problems.value).length > 0;
  return { draft, errors, reset, patch, hasProblems };
}
