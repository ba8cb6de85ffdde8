// The API channel's settings: the endpoints are shown, the secret only as "set" until an
// administrator rotates it, and then, once, the new one the server returned.
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElMessageBox } from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import ApiChannelSettings from '@/components/ApiChannelSettings.vue';
import { createAppI18n } from '@/i18n';
import { stubFetch } from './fixtures';

const inbox = { id: 'ib-1', config: { api: { callback_url: 'https://bridge.example/kefu' }, secrets_set: ['api_secret'] } };

function mountIt(locale: 'en' | 'zh-CN' = 'en') {
  setActivePinia(createPinia());
  return mount(ApiChannelSettings, { props: { inbox }, global: { plugins: [createAppI18n(locale), ElementPlus] } });
}

describe('ApiChannelSettings', () => {
  it('shows the endpoints and that a secret is set, without it', () => {
    const w = mountIt();
    expect(w.get('[data-testid="api-endpoint"]').text()).toContain('/api/v1/channels/api/ib-1/messages');
    expect(w.get('[data-testid="api-callback"]').text()).toBe('https://bridge.example/kefu');
    expect(w.get('[data-testid="api-secret-state"]').text()).toContain('Set');
    expect(w.find('[data-testid="api-secret"]').exists()).toBe(false);
  });

  it('rotates the secret after confirmation and shows the new one once', async () => {
    const seen = stubFetch({ 'POST /api/v1/inboxes/ib-1/api-secret/rotate': [200, { api_secret: 'whsec_bmV3' }] });
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    const w = mountIt('zh-CN');
    await w.get('[data-testid="api-rotate"]').trigger('click');
    await flushPromises();
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(['POST /api/v1/inboxes/ib-1/api-secret/rotate']);
    expect(w.get('[data-testid="api-secret"]').text()).toBe('whsec_bmV3');
    expect(w.text()).toContain('kefu 不会再次显示');
  });
});
