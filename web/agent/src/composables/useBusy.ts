// Runs an action with a busy flag and reports failure in the UI's language, so settings pages
// need no try/catch of their own.
import { ElMessage } from 'element-plus';
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { errorText } from '@/lib/errorText';

export function useBusy() {
  const { t } = useI18n();
  const busy = ref(false);

  /** run returns true when the action succeeded; done, if given, is shown as a success toast. */
  async function run(f: () => Promise<unknown>, done?: string): Promise<boolean> {
    busy.value = true;
    try {
      await f();
      if (done) ElMessage.success(done);
      return true;
    } catch (e) {
      ElMessage.error(errorText(t, e));
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { busy, run };
}
