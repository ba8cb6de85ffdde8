// The create/edit dialog and confirmed delete that settings pages share: one place decides when
// the dialog closes, what is confirmed and which toast is shown.
import { ElMessageBox } from 'element-plus';
import { ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useBusy } from '@/composables/useBusy';

/**
 * useEditDialog manages a dialog editing one T (null = creating). reload runs after every
 * successful save or delete, so the page's list shows the change.
 */
export function useEditDialog<T>(reload: () => Promise<unknown> = async () => {}) {
  const { t } = useI18n();
  const { busy, run } = useBusy();
  const open = ref(false);
  const editing = ref(null) as Ref<T | null>;

  /** show opens the dialog for item after fill has reset the form from it. */
  function show(item: T | null, fill: (item: T | null) => void) {
    editing.value = item;
    fill(item);
    open.value = true;
  }

  /** save runs write for the edited item and closes the dialog when it succeeded. */
  async function save(write: (item: T | null) => Promise<unknown>) {
    const done = await run(async () => {
      await write(editing.value);
      await reload();
    }, t('common.saved'));
    if (done) open.value = false;
  }

  /** remove asks before deleting the thing called name. */
  async function remove(name: string, del: () => Promise<unknown>) {
    const confirmed = await ElMessageBox.confirm(t('common.confirmDelete', { name }), { type: 'warning' }).catch(() => false);
    if (!confirmed) return;
    await run(async () => {
      await del();
      await reload();
    }, t('common.deleted'));
  }

  return { busy, run, open, editing, show, save, remove };
}
