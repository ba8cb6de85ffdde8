// The workspace's channel pieces: the inbox channel form (write-only secrets, only the inbox's
// own channel config, the server's field errors under their fields), the composer's channel
// limits, and the delivery state of replies with its Retry.
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Inbox, Message } from '@/api/types';
import ChannelInboxEditor from '@/components/ChannelInboxEditor.vue';
import Composer from '@/components/Composer.vue';
import DeliveryState from '@/components/DeliveryState.vue';
import SecretInput from '@/components/SecretInput.vue';
import WeChatSetupPanel from '@/components/WeChatSetupPanel.vue';
import { createAppI18n } from '@/i18n';
import { attachable, repliesLeft, replyWindow, textBytes } from '@/lib/channelLimits';
import { blankModel, callbackURL, configBody, generatedSecret, generatedSecrets, modelOf, secretsBody } from '@/lib/channelForm';
import { useAuthStore } from '@/stores/auth';
import { useDirectoryStore } from '@/stores/directory';
import { useMessagesStore } from '@/stores/messages';
import { message, stubFetch } from './fixtures';

function plugins(locale: 'en' | 'zh-CN' = 'en') {
  const pinia = createPinia();
  setActivePinia(pinia);
  return { global: { plugins: [pinia, createAppI18n(locale), ElementPlus] } };
}

function inbox(over: Partial<Inbox> = {}): Inbox {
  return {
    id: 'i1', org_id: 'o1', name: 'Mail', channel: 'email', widget_key: '', allowed_origins: [], greeting: '', enforce_identity: false,
    member_ids: [], team_ids: [], pii_policy: 'off', capabilities: null as never, config: {},
    widget: { color: '', away_message: '', locale: '', pre_chat: { enabled: false, fields: [] } },
    routing: {} as never, created_at: '', updated_at: '', ...over,
  } as Inbox;
}

describe('channel form', () => {
  it('sends only the inbox channel’s config, without read-only fields', () => {
    const m = blankModel();
    m.email.address = ' help@shop.example ';
    m.telegram.bot_username = 'shop_bot';
    expect(Object.keys(configBody('email', m) ?? {})).toEqual(['email']);
    expect(configBody('email', m)?.email?.address).toBe('help@shop.example');
    expect(configBody('telegram', m)).toEqual({ telegram: { mode: 'webhook' } });
    expect(configBody('web', m)).toBeUndefined();
  });

  it('sends only typed secrets of the inbox’s channel, so empty ones keep the stored values', () => {
    const m = blankModel();
    expect(secretsBody('email', m)).toBeUndefined();
    m.secrets.smtp_password = 's3cret';
    m.secrets.bot_token = 'not-email';
    expect(secretsBody('email', m)).toEqual({ smtp_password: 's3cret' });
    expect(secretsBody('api', m)).toBeUndefined(); // the API secret is generated, never typed
  });

  it('never fills a secret from a stored config', () => {
    const m = modelOf({ telegram: { mode: 'polling', bot_username: 'shop_bot' }, secrets_set: ['bot_token'] });
    expect(m.telegram).toEqual({ mode: 'polling', bot_username: 'shop_bot' });
    expect(Object.values(m.secrets).every((v) => v === '')).toBe(true);
  });

  it('reads the secret the server generated, shown once', () => {
    expect(generatedSecret({ generated_secrets: { api_secret: 'whsec_a' } })).toBe('whsec_a');
    expect(generatedSecret({})).toBe('');
    expect(generatedSecrets({ generated_secrets: { callback_token: 'tok', encoding_aes_key: 'k'.repeat(43) } })).toEqual({ callback_token: 'tok', encoding_aes_key: 'k'.repeat(43) });
    expect(generatedSecrets({})).toEqual({});
  });

  it('sends each WeChat platform’s own config and its typed credentials', () => {
    const m = blankModel();
    m.wechat.app_id = ' wx0123456789abcdef ';
    m.wecom = { corp_id: ' ww0123456789abcdef', open_kfid: 'wkAbCdEf0123456789 ' };
    m.miniprogram.app_id = 'wxfedcba9876543210';
    m.miniprogram.data_format = 'xml';
    expect(configBody('wechat', m)).toEqual({ wechat: { app_id: 'wx0123456789abcdef', encryption: 'safe' } });
    expect(configBody('wecom', m)).toEqual({ wecom: { corp_id: 'ww0123456789abcdef', open_kfid: 'wkAbCdEf0123456789' } });
    expect(configBody('miniprogram', m)).toEqual({ miniprogram: { app_id: 'wxfedcba9876543210', encryption: 'safe', data_format: 'xml' } });
    expect(secretsBody('wechat', m)).toBeUndefined(); // token and key left empty: kefu generates them
    m.secrets.app_secret = 'secret';
    m.secrets.bot_token = 'not-wechat';
    expect(secretsBody('wecom', m)).toEqual({ app_secret: 'secret' });
    const stored = modelOf({ miniprogram: { app_id: 'wxfedcba9876543210', encryption: 'plaintext', data_format: 'xml' }, secrets_set: ['app_secret'] });
    expect(stored.miniprogram).toEqual({ app_id: 'wxfedcba9876543210', encryption: 'plaintext', data_format: 'xml' });
    expect(stored.secrets.app_secret).toBe('');
    expect(callbackURL('https://kefu.shop.example/', 'in-1')).toBe('https://kefu.shop.example/hooks/in-1');
  });
});

describe('SecretInput', () => {
  it('shows a stored secret as “Set” with Change, never a value', async () => {
    const w = mount(SecretInput, { props: { set: true, name: 'bot_token', label: 'Bot token', modelValue: '' }, ...plugins() });
    expect(w.get('[data-testid="secret-set"]').text()).toBe('Set');
    expect(w.find('input').exists()).toBe(false);
    await w.get('[data-testid="secret-change"]').trigger('click');
    expect((w.get('input').element as HTMLInputElement).type).toBe('password');
    expect((w.get('input').element as HTMLInputElement).value).toBe('');
  });
});

describe('ChannelInboxEditor', () => {
  it('creates an email inbox with its channel, config and typed secrets', async () => {
    const seen = stubFetch({ 'POST /api/v1/inboxes': [201, { id: 'new' }], 'GET /api/v1/inboxes': [200, { inboxes: [] }] });
    const w = mount(ChannelInboxEditor, { props: { inboxId: null, channel: 'email' }, ...plugins() });
    await w.get('input[data-testid="inbox-name"]').setValue('Support mail');
    await w.get('input[data-testid="email-address"]').setValue('help@shop.example');
    await w.get('input[data-testid="config.email.imap.host"]').setValue('imap.exmail.qq.com');
    await w.get('input[data-testid="secret-input-imap_password"]').setValue('auth-code');
    await w.get('form').trigger('submit');
    await flushPromises();
    const post = seen.find((s) => s.method === 'POST');
    expect(post?.body).toMatchObject({ name: 'Support mail', channel: 'email', secrets: { imap_password: 'auth-code' } });
    expect((post?.body as { config: object }).config).toEqual({ email: expect.objectContaining({ address: 'help@shop.example', imap: expect.objectContaining({ host: 'imap.exmail.qq.com', port: 993 }) }) });
    expect(w.emitted('saved')?.[0]).toEqual(['new', {}]);
  });

  it('shows the server’s field errors under their fields', async () => {
    stubFetch({
      'POST /api/v1/inboxes': [422, { code: 'invalid_input', detail: 'invalid', errors: [{ location: 'body.config.email.imap.host', message: 'the IMAP host is required' }] }],
    });
    const w = mount(ChannelInboxEditor, { props: { inboxId: null, channel: 'email' }, ...plugins() });
    await w.get('input[data-testid="inbox-name"]').setValue('Support mail');
    await w.get('form').trigger('submit');
    await flushPromises();
    // Element Plus draws the message of a form item's error prop under the field (animated, so
    // not in this DOM): the item of the IMAP host holds it and is marked as in error.
    const failed = w.findAllComponents({ name: 'ElFormItem' }).filter((c) => c.props('error'));
    expect(failed.map((c) => c.props('error'))).toEqual(['the IMAP host is required']);
    expect(failed[0].find('input[data-testid="config.email.imap.host"]').exists()).toBe(true);
    expect(failed[0].classes()).toContain('is-error');
  });

  it('edits a Telegram inbox: the token shows as set and is not sent unless changed', async () => {
    const stored = inbox({ id: 'tg', channel: 'telegram', name: 'Bot', config: { telegram: { mode: 'webhook', bot_username: 'shop_bot' }, secrets_set: ['bot_token', 'webhook_secret'] } });
    const seen = stubFetch({ 'GET /api/v1/inboxes/tg': [200, stored], 'PATCH /api/v1/inboxes/tg': [200, stored], 'GET /api/v1/inboxes': [200, { inboxes: [stored] }] });
    const w = mount(ChannelInboxEditor, { props: { inboxId: 'tg', channel: 'telegram' }, ...plugins() });
    await flushPromises();
    expect(w.get('[data-testid="telegram-bot"]').text()).toBe('@shop_bot');
    expect(w.get('[data-testid="secret-bot_token"]').text()).toContain('Set');
    await w.get('form').trigger('submit');
    await flushPromises();
    const patch = seen.find((s) => s.method === 'PATCH')?.body as Record<string, unknown>;
    expect(patch.config).toEqual({ telegram: { mode: 'webhook' } });
    expect(patch.secrets).toBeUndefined();
    expect(patch.pii_policy).toBe('off'); // business hours and the personal-data policy are saved with it
    expect(patch.routing).toMatchObject({ max_queue: 0 });
  });

  it('creates an Official Account inbox and hands up the token and key kefu generated', async () => {
    const generated = { callback_token: 'Tok3n', encoding_aes_key: 'a'.repeat(43) };
    const seen = stubFetch({ 'POST /api/v1/inboxes': [201, { id: 'oa', generated_secrets: generated }], 'GET /api/v1/inboxes': [200, { inboxes: [] }] });
    const w = mount(ChannelInboxEditor, { props: { inboxId: null, channel: 'wechat' }, ...plugins() });
    await w.get('input[data-testid="inbox-name"]').setValue('公众号');
    await w.get('input[data-testid="config.wechat.app_id"]').setValue('wx0123456789abcdef');
    await w.get('input[data-testid="secret-input-app_secret"]').setValue('app-secret');
    expect(w.text()).toContain('leave Token and EncodingAESKey empty and kefu generates them');
    await w.get('form').trigger('submit');
    await flushPromises();
    const post = seen.find((s) => s.method === 'POST');
    expect(post?.body).toMatchObject({ channel: 'wechat', config: { wechat: { app_id: 'wx0123456789abcdef', encryption: 'safe' } }, secrets: { app_secret: 'app-secret' } });
    expect(w.emitted('saved')?.[0]).toEqual(['oa', generated]);
  });

  it('shows a WeCom field error from the server at its field', async () => {
    stubFetch({
      'POST /api/v1/inboxes': [422, { code: 'invalid_input', detail: 'invalid', errors: [{ location: 'body.config.wecom.open_kfid', message: 'must start with wk' }] }],
    });
    const w = mount(ChannelInboxEditor, { props: { inboxId: null, channel: 'wecom' }, ...plugins() });
    await w.get('input[data-testid="inbox-name"]').setValue('微信客服');
    await w.get('form').trigger('submit');
    await flushPromises();
    const failed = w.findAllComponents({ name: 'ElFormItem' }).filter((c) => c.props('error'));
    expect(failed.map((c) => c.props('error'))).toEqual(['must start with wk']);
    expect(failed[0].find('input[data-testid="config.wecom.open_kfid"]').exists()).toBe(true);
  });

  it('renders the mini program form in zh-CN', () => {
    stubFetch({});
    const w = mount(ChannelInboxEditor, { props: { inboxId: null, channel: 'miniprogram' }, ...plugins('zh-CN') });
    expect(w.text()).toContain('消息加解密方式');
    expect(w.text()).toContain('数据格式');
    expect(w.text()).toContain('AppSecret(小程序密钥)');
  });

  it('renders the email form in zh-CN', async () => {
    stubFetch({});
    const w = mount(ChannelInboxEditor, { props: { inboxId: null, channel: 'email' }, ...plugins('zh-CN') });
    expect(w.text()).toContain('收信服务器（IMAP）');
    expect(w.text()).toContain('QQ 企业邮箱');
  });
});

describe('WeChatSetupPanel', () => {
  it('shows the server URL, the generated token and key once, and the IP allow-list', () => {
    const w = mount(WeChatSetupPanel, { props: { kind: 'wechat', inboxId: 'in-1', fresh: { callback_token: 'Tok3n', encoding_aes_key: 'k'.repeat(43) }, encryption: 'safe' }, ...plugins() });
    expect(w.get('[data-testid="wechat-setup-url"]').text()).toBe(`${location.origin}/hooks/in-1`);
    expect(w.get('[data-testid="wechat-setup-token"]').text()).toBe('Tok3n');
    expect(w.get('[data-testid="wechat-setup-key"]').text()).toBe('k'.repeat(43));
    expect(w.find('[data-testid="wechat-setup-once"]').exists()).toBe(true);
    expect(w.get('[data-testid="wechat-setup-ip"]').text()).toContain('IP白名单');
    expect(w.text()).toContain('Safe mode');
  });

  it('without fresh values shows only the URL and says the stored ones are not shown again', () => {
    const w = mount(WeChatSetupPanel, { props: { kind: 'wecom', inboxId: 'in-2', fresh: {} }, ...plugins('zh-CN') });
    expect(w.find('[data-testid="wechat-setup-token"]').exists()).toBe(false);
    expect(w.get('[data-testid="wechat-setup-kept"]').text()).toContain('不会再显示');
    expect(w.get('[data-testid="wechat-setup-ip"]').text()).toContain('企业可信IP');
    expect(w.text()).toContain('回调配置');
  });
});

describe('channel limits', () => {
  it('reads what may be attached from the kinds a channel sends', () => {
    const caps = (sends: string[]) => ({ sends, max_text_bytes: 0, max_attachment_bytes: 0, reply_window_seconds: 0, max_replies_per_window: 0, realtime: false, idempotent_sends: false });
    expect(attachable(null)).toBe('any');
    expect(attachable(caps(['text']))).toBe('none');
    expect(attachable(caps(['text', 'image']))).toBe('images');
    expect(attachable(caps(['text', 'image', 'file']))).toBe('any');
  });

  it('counts UTF-8 bytes and the reply window', () => {
    expect(textBytes('你好a')).toBe(7);
    const c = { sends: ['text'], max_text_bytes: 0, max_attachment_bytes: 0, reply_window_seconds: 3600, max_replies_per_window: 0, realtime: false, idempotent_sends: false };
    const at = '2026-01-01T00:00:00Z';
    expect(replyWindow(c, at, Date.parse(at) + 600_000)).toEqual({ state: 'open', left: 3000 });
    expect(replyWindow(c, at, Date.parse(at) + 3_600_000)).toEqual({ state: 'closed' });
    expect(replyWindow(c, undefined, 0)).toEqual({ state: 'unknown' });
    expect(replyWindow({ ...c, reply_window_seconds: 0 }, at, 0)).toEqual({ state: 'none' });
  });

  it('counts the replies since the customer’s last message as the server does', () => {
    const c = { sends: ['text'], max_text_bytes: 0, max_attachment_bytes: 0, reply_window_seconds: 0, max_replies_per_window: 5, realtime: false, idempotent_sends: false };
    const agent = (over: Partial<Message> = {}) => message({ sender_type: 'agent', ...over });
    const thread = [
      agent(), agent(), agent(), // before the customer's last message: not counted
      message({ sender_type: 'contact' }),
      agent(), message({ sender_type: 'bot' }),
      agent({ kind: 'note' }), message({ sender_type: 'system', kind: 'event' }),
      agent({ delivery: { status: 'failed', attempts: 3, updated_at: '' } }),
    ];
    expect(repliesLeft(c, thread)).toEqual({ state: 'left', left: 3, max: 5 });
    const pending = [{ kind: 'text' as const, state: 'sending' as const }, { kind: 'text' as const, state: 'failed' as const }, { kind: 'note' as const, state: 'sending' as const }];
    expect(repliesLeft(c, thread, pending)).toEqual({ state: 'left', left: 2, max: 5 });
    expect(repliesLeft(c, [...thread, agent(), agent(), agent(), agent()])).toEqual({ state: 'left', left: 0, max: 5 });
    expect(repliesLeft({ ...c, max_replies_per_window: 0 }, thread)).toEqual({ state: 'none' });
    expect(repliesLeft(null, thread)).toEqual({ state: 'none' });
  });
});

describe('Composer with channel limits', () => {
  beforeEach(() => stubFetch({}));

  function composer(capabilities: Inbox['capabilities'], locale: 'en' | 'zh-CN' = 'en', thread: Message[] = []) {
    const options = plugins(locale);
    useAuthStore().permissions = ['conversations.reply'];
    useDirectoryStore().inboxes = [inbox({ capabilities })];
    useMessagesStore().add('c1', thread);
    return mount(Composer, { props: { conversationId: 'c1', inboxId: 'i1' }, ...options });
  }

  it('disables attaching and says so where the channel cannot receive files', () => {
    const w = composer({ sends: ['text'], max_text_bytes: 0, max_attachment_bytes: 0, reply_window_seconds: 0, max_replies_per_window: 0, realtime: false, idempotent_sends: false });
    expect((w.get('[data-testid="attach"]').element as HTMLButtonElement).disabled).toBe(true);
    expect(w.get('[data-testid="composer-no-files"]').text()).toBe('This channel cannot receive files');
    const zh = composer({ sends: ['text'], max_text_bytes: 0, max_attachment_bytes: 0, reply_window_seconds: 0, max_replies_per_window: 0, realtime: false, idempotent_sends: false }, 'zh-CN');
    expect(zh.get('[data-testid="composer-no-files"]').text()).toBe('此渠道无法接收文件');
  });

  it('counts text against the channel’s limit and refuses to send past it', async () => {
    const w = composer({ sends: ['text', 'file'], max_text_bytes: 6, max_attachment_bytes: 0, reply_window_seconds: 0, max_replies_per_window: 0, realtime: false, idempotent_sends: false });
    await w.get('textarea').setValue('你好');
    expect(w.get('[data-testid="composer-bytes"]').text()).toBe('6 / 6 bytes');
    expect((w.get('[data-testid="send"]').element as HTMLButtonElement).disabled).toBe(false);
    await w.get('textarea').setValue('你好!');
    expect(w.find('[data-testid="composer-too-long"]').exists()).toBe(true);
    expect((w.get('[data-testid="send"]').element as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the reply window’s time left, and why sending is blocked once it closed', async () => {
    const caps = { sends: ['text'], max_text_bytes: 0, max_attachment_bytes: 0, reply_window_seconds: 48 * 3600, max_replies_per_window: 0, realtime: false, idempotent_sends: false };
    const recent = message({ conversation_id: 'c1', sender_type: 'contact', created_at: new Date(Date.now() - 3600_000).toISOString() });
    const open = composer(caps, 'en', [recent]);
    expect(open.get('[data-testid="composer-window"]').text()).toMatch(/Reply window: (46|47) h left/);
    const old = message({ conversation_id: 'c1', sender_type: 'contact', created_at: new Date(Date.now() - 49 * 3600_000).toISOString() });
    const closed = composer(caps, 'en', [old]);
    await closed.get('textarea').setValue('hello');
    expect(closed.get('[data-testid="composer-window"]').text()).toContain('The reply window closed');
    expect((closed.get('[data-testid="send"]').element as HTMLButtonElement).disabled).toBe(true);
    await closed.get('[data-testid="mode-note"]').trigger('click'); // a note never reaches the channel
    expect((closed.get('[data-testid="send"]').element as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows the replies left and why sending is blocked once they are used, in both languages', async () => {
    const caps = { sends: ['text'], max_text_bytes: 0, max_attachment_bytes: 0, reply_window_seconds: 48 * 3600, max_replies_per_window: 2, realtime: false, idempotent_sends: false };
    const asked = message({ conversation_id: 'c1', seq: 1, sender_type: 'contact', created_at: new Date(Date.now() - 60_000).toISOString() });
    const reply = (seq: number) => message({ conversation_id: 'c1', seq, sender_type: 'agent' });
    const one = composer(caps, 'en', [asked, reply(2)]);
    expect(one.get('[data-testid="composer-replies"]').text()).toBe('1 of 2 replies left until the customer writes again');
    const used = composer(caps, 'en', [asked, reply(2), reply(3)]);
    await used.get('textarea').setValue('one more');
    expect(used.get('[data-testid="composer-replies"]').text()).toContain('this channel takes at most 2 replies per customer message');
    expect((used.get('[data-testid="send"]').element as HTMLButtonElement).disabled).toBe(true);
    await used.get('[data-testid="mode-note"]').trigger('click');
    expect((used.get('[data-testid="send"]').element as HTMLButtonElement).disabled).toBe(false);
    const zh = composer(caps, 'zh-CN', [asked, reply(2)]);
    expect(zh.get('[data-testid="composer-replies"]').text()).toBe('还可回复 1 条（每条客户消息最多 2 条）');
    const none = composer({ ...caps, max_replies_per_window: 0 }, 'en', [asked]);
    expect(none.find('[data-testid="composer-replies"]').exists()).toBe(false);
  });
});

describe('DeliveryState', () => {
  const at = '2026-01-01T00:00:00Z';

  it('shows sending and sent', () => {
    const sending = mount(DeliveryState, { props: { message: message({ sender_type: 'agent', delivery: { status: 'sending', attempts: 0, updated_at: at } }) }, ...plugins() });
    expect(sending.get('[data-testid="delivery-text"]').text()).toBe('Sending');
    const sent = mount(DeliveryState, { props: { message: message({ sender_type: 'agent', delivery: { status: 'sent', attempts: 1, updated_at: at } }) }, ...plugins() });
    expect(sent.get('[data-testid="delivery-state"]').attributes('data-status')).toBe('sent');
    expect(sent.find('[data-testid="delivery-retry"]').exists()).toBe(false);
  });

  it('shows a failure with the platform’s reason, and Retry asks the server again', async () => {
    const m = message({ id: 'm9', conversation_id: 'c1', seq: 2, sender_type: 'agent', delivery: { status: 'failed', error: 'bot was blocked by the user', attempts: 3, updated_at: at } });
    const seen = stubFetch({ 'POST /api/v1/conversations/c1/messages/m9/retry': [200, { message: { ...m, delivery: { status: 'sending', attempts: 3, updated_at: at } } }] });
    const w = mount(DeliveryState, { props: { message: m }, ...plugins() });
    useAuthStore().csrf = 'tok';
    expect(w.get('[data-testid="delivery-text"]').text()).toBe('Failed: bot was blocked by the user');
    await w.get('[data-testid="delivery-retry"]').trigger('click');
    await flushPromises();
    expect(seen).toMatchObject([{ method: 'POST', path: '/api/v1/conversations/c1/messages/m9/retry', csrf: 'tok' }]);
    expect(useMessagesStore().thread('c1').messages[0].delivery?.status).toBe('sending');
  });

  it('is updated in place by a realtime message.updated', () => {
    plugins();
    const store = useMessagesStore();
    const m = message({ id: 'm1', conversation_id: 'c1', seq: 1, sender_type: 'agent', delivery: { status: 'sending', attempts: 0, updated_at: at } });
    store.add('c1', [m]);
    store.thread('c1').loaded = true;
    store.apply({ type: 'message.updated', conversation_id: 'c1', message: { ...m, delivery: { status: 'sent', attempts: 1, updated_at: at } } });
    expect(store.thread('c1').messages).toHaveLength(1);
    expect(store.thread('c1').messages[0].delivery?.status).toBe('sent');
  });

  it('keeps a newer state when an older one arrives late (a send’s answer after message.updated)', () => {
    plugins();
    const store = useMessagesStore();
    const m = message({ id: 'm2', conversation_id: 'c2', seq: 1, sender_type: 'agent' });
    store.add('c2', [{ ...m, delivery: { status: 'sent', attempts: 1, updated_at: '2026-01-01T00:00:01Z' } }]);
    store.add('c2', [{ ...m, delivery: { status: 'sending', attempts: 0, updated_at: '2026-01-01T00:00:00Z' } }]);
    expect(store.thread('c2').messages[0].delivery?.status).toBe('sent');
    store.add('c2', [{ ...m, delivery: { status: 'failed', error: 'x', attempts: 2, updated_at: '2026-01-01T00:00:02Z' } }]);
    expect(store.thread('c2').messages[0].delivery?.status).toBe('failed');
  });
});
