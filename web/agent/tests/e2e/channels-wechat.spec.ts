// A WeChat Official Account in the workspace: an administrator creates the inbox in the settings
// UI (safe mode; kefu generates the callback Token and EncodingAESKey and shows them once with
// the server URL), WeChat's callbacks (signed and AES-encrypted here as the platform does) bring
// a text and an image, and the agent sees the conversation with the WeChat icon, the image in
// the thread, the composer's 48-hour window and the replies left, and answers: the fake WeChat
// API (tests/e2e/fakes.ts) receives the reply through message/custom/send. Then the same in
// zh-CN. Other files share the server: conversations are opened by their address.
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import type { WeChatState } from './fakes';
import { AgentAPI, env, rowOf, shot, signIn } from './kefu';

const run = randomUUID().slice(0, 6);

/** An Official Account as WeChat's servers know it. */
interface Account {
  appId: string;
  token: string;
  aesKey: string;
  original: string; // the account's original id (原始ID), the messages' ToUserName
}

const sha1 = (parts: string[]) => createHash('sha1').update([...parts].sort().join('')).digest('hex');

// encrypt seals a message as WeChat's safe mode does: 16 random bytes, the message's length
// (4 bytes, big-endian), the message and the AppID, padded PKCS#7-style to 32 bytes, AES-256-CBC
// with the EncodingAESKey's 32 bytes as key and their first 16 as IV; base64.
function encrypt(a: Account, xml: string): string {
  const key = Buffer.from(`${a.aesKey}=`, 'base64');
  const msg = Buffer.from(xml);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const plain = Buffer.concat([randomBytes(16), len, msg, Buffer.from(a.appId)]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

// callback posts one message to the inbox's server URL as WeChat does in safe mode: the
// envelope's Encrypt signed with msg_signature, the query signed with signature.
async function callback(url: string, a: Account, openId: string, fields: string): Promise<Response> {
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(6).toString('hex');
  const inner = `<xml><ToUserName><![CDATA[${a.original}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName>`
    + `<CreateTime>${ts}</CreateTime>${fields}</xml>`;
  const sealed = encrypt(a, inner);
  const q = new URLSearchParams({
    signature: sha1([a.token, ts, nonce]), timestamp: ts, nonce, openid: openId, encrypt_type: 'aes',
    msg_signature: sha1([a.token, ts, nonce, sealed]),
  });
  return fetch(`${url}?${q}`, {
    method: 'POST', headers: { 'content-type': 'text/xml' },
    body: `<xml><ToUserName><![CDATA[${a.original}]]></ToUserName><Encrypt><![CDATA[${sealed}]]></Encrypt></xml>`,
  });
}

const text = (content: string, msgId: number) => `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId>`;
const image = (mediaId: string, msgId: number) => `<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://mmbiz.example/${mediaId}]]></PicUrl><MediaId><![CDATA[${mediaId}]]></MediaId><MsgId>${msgId}</MsgId>`;

async function wechatState(): Promise<WeChatState> {
  return (await (await fetch(`${env().channels.wechat}/_state`)).json()) as WeChatState;
}

const newAppId = () => `wx${randomBytes(8).toString('hex')}`;
const newOpenId = () => `o6_bmjrPTlm6_2sgVt7hMZ${randomBytes(4).toString('hex')}`;

// conversationOf waits for the inbox's one conversation and returns its id.
async function conversationOf(admin: AgentAPI, inboxId: string): Promise<string> {
  let id = '';
  await expect.poll(async () => {
    const list = await admin.call<{ conversations: { id: string }[] }>('GET', `/api/v1/conversations?inbox_id=${inboxId}`);
    id = list.conversations[0]?.id ?? '';
    return id;
  }).not.toBe('');
  return id;
}

async function openConversation(page: Page, id: string) {
  await page.goto(`${env().base}/conversations/${id}`);
  await page.getByTestId('view-all').click();
  await expect(rowOf(page, id)).toBeVisible();
}

test('an Official Account inbox made in the settings, a customer’s text and image, and the agent’s reply through custom/send', async ({ page }) => {
  const e = env();
  const admin = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const name = `Lotus OA ${run}`;
  const appId = newAppId();
  await signIn(page, e.owner);
  await page.goto(`${e.base}/settings/inboxes`);
  await page.getByTestId('inbox-create').click();
  await page.getByTestId('channel-pick-wechat').click();
  await page.getByTestId('inbox-name').fill(name);
  await page.getByTestId('config.wechat.app_id').fill(appId);
  await page.getByTestId('secret-input-app_secret').fill(`app-secret-${run}`);
  const greeting = `欢迎关注莲心茶馆！有问题直接在这里留言。(${run})`;
  await page.getByTestId('inbox-greeting').fill(greeting);
  await expect(page.getByTestId('config.wechat.encryption').getByRole('radio', { name: /Safe mode/ })).toBeChecked();
  await shot(page, 'channels-wechat-form');
  await page.getByTestId('inbox-save').click();

  // The panel says what goes into the console: the URL, the generated Token and key, once.
  const setup = page.getByTestId('wechat-setup');
  await expect(setup.getByTestId('wechat-setup-url')).toHaveText(new RegExp(`^${e.base}/hooks/[0-9a-f-]{36}$`));
  await expect(setup.getByTestId('wechat-setup-token')).toHaveText(/^[A-Za-z0-9]{3,32}$/);
  await expect(setup.getByTestId('wechat-setup-key')).toHaveText(/^[A-Za-z0-9]{43}$/);
  await expect(setup.getByTestId('wechat-setup-once')).toContainText('not shown again');
  await expect(setup.getByTestId('wechat-setup-ip')).toContainText('IP白名单');
  await expect(page.getByTestId(`inbox-${name}`).locator('[data-channel="wechat"]')).toBeVisible();
  await expect(page.getByTestId('secret-app_secret').getByTestId('secret-set')).toHaveText('Set');
  await shot(page, 'channels-wechat-setup');
  const url = (await setup.getByTestId('wechat-setup-url').textContent()) ?? '';
  const account: Account = {
    appId, original: `gh_${run}`, token: (await setup.getByTestId('wechat-setup-token').textContent()) ?? '',
    aesKey: (await setup.getByTestId('wechat-setup-key').textContent()) ?? '',
  };
  expect((await wechatState()).tokens).toContain(appId); // the AppSecret was checked on saving

  // Once another inbox was opened, the Token and key are gone from the page for good.
  await page.getByTestId(`inbox-${e.inboxes.live.name}`).click();
  await page.getByTestId(`inbox-${name}`).click();
  await expect(page.getByTestId('wechat-setup-kept')).toBeVisible();
  await expect(page.locator('body')).not.toContainText(account.aesKey);

  // A new follower gets the greeting typed in the form, through the customer-service API.
  const follower = newOpenId();
  const followed = await callback(url, account, follower, '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>');
  expect([followed.status, await followed.text()]).toEqual([200, 'success']);
  await expect.poll(async () => (await wechatState()).sends.find((m) => m.touser === follower)?.text?.content).toBe(greeting);

  // A follower writes, then sends a photo.
  const openId = newOpenId();
  const mediaId = `media-${run}`;
  const first = await callback(url, account, openId, text('你好，请问龙井还有货吗？', 7_000_001));
  expect([first.status, await first.text()]).toEqual([200, 'success']);
  const second = await callback(url, account, openId, image(mediaId, 7_000_002));
  expect([second.status, await second.text()]).toEqual([200, 'success']);
  const inboxId = url.split('/hooks/')[1];
  const id = await conversationOf(admin, inboxId);

  await openConversation(page, id);
  await expect(rowOf(page, id).getByTestId('row-channel')).toHaveAttribute('data-channel', 'wechat');
  await rowOf(page, id).click();
  await expect(page.getByTestId('conversation-inbox').locator('[data-channel="wechat"]')).toBeVisible();
  await expect(page.getByTestId('thread')).toContainText('你好，请问龙井还有货吗？');
  const photo = page.getByTestId('thread').locator('img[alt="image.jpg"]');
  await expect(photo).toBeVisible();
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(24);
  expect((await wechatState()).mediaGets).toContain(mediaId);
  await expect(page.getByTestId('composer-window')).toHaveText(/Reply window: 4[78] h/);
  await expect(page.getByTestId('composer-replies')).toHaveText('5 of 5 replies left until the customer writes again');

  const answer = `您好，龙井有货，今天下单明天发货。(${run})`;
  await page.getByTestId('composer-input').fill(answer);
  await page.getByTestId('composer-input').press('Enter');
  const sent = page.getByTestId('message').filter({ hasText: answer });
  await expect(sent.getByTestId('delivery-state')).toHaveAttribute('data-status', 'sent');
  await expect(page.getByTestId('composer-replies')).toHaveText('4 of 5 replies left until the customer writes again');
  await shot(page, 'channels-wechat-conversation');
  const sends = (await wechatState()).sends.filter((s) => s.touser === openId);
  expect(sends).toEqual([{ touser: openId, msgtype: 'text', text: { content: answer } }]);
});

test('a WeChat conversation in zh-CN: the channel, the window and the replies left', async ({ page }) => {
  const e = env();
  const admin = await AgentAPI.login(e.base, e.owner.email, e.owner.password);
  const appId = newAppId();
  const created = await admin.call<{ id: string; generated_secrets: { callback_token: string; encoding_aes_key: string } }>('POST', '/api/v1/inboxes', {
    name: `茶馆公众号 ${run}`, channel: 'wechat', config: { wechat: { app_id: appId } }, secrets: { app_secret: `app-secret-zh-${run}` },
  });
  const account: Account = { appId, original: `gh_zh${run}`, token: created.generated_secrets.callback_token, aesKey: created.generated_secrets.encoding_aes_key };
  const openId = newOpenId();
  const res = await callback(`${e.base}/hooks/${created.id}`, account, openId, text('在吗？', 7_100_001));
  expect(res.status).toBe(200);
  const id = await conversationOf(admin, created.id);

  await page.addInitScript(() => localStorage.setItem('kefu.locale', 'zh-CN'));
  await signIn(page, e.owner);
  await openConversation(page, id);
  await rowOf(page, id).click();
  await expect(page.getByTestId('conversation-inbox').locator('[data-channel="wechat"]')).toHaveAttribute('aria-label', '微信');
  await expect(page.getByTestId('composer-window')).toHaveText(/回复时限：还剩 4[78] 小时/);
  await expect(page.getByTestId('composer-replies')).toHaveText('还可回复 5 条（每条客户消息最多 5 条）');
  await page.goto(`${e.base}/settings/inboxes`);
  await page.getByTestId(`inbox-茶馆公众号 ${run}`).click();
  await expect(page.getByTestId('wechat-form')).toContainText('消息加解密方式');
  await expect(page.getByTestId('wechat-setup')).toContainText('服务器地址（URL）');
});
