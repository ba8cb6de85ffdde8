// English texts of the API channel's inbox settings (ApiChannelSettings.vue);
// apichannel.zh-CN.ts has the same keys.
export default {
  apiChannel: {
    title: 'API channel',
    intro: 'Your integration posts customers’ messages to kefu and receives agents’ replies at its callback URL. Both are signed with this inbox’s secret (Standard Webhooks); see docs/channels.md.',
    endpoint: 'Inbound endpoint',
    callback: 'Callback URL',
    noCallback: 'Not set: replies cannot be delivered',
    secret: 'Signing secret',
    secretSet: 'Set (shown only when created or rotated)',
    secretMissing: 'Not set',
    rotate: 'Rotate secret',
    rotateConfirm: 'Make a new signing secret? Requests signed with the current one are refused from now on, and callbacks are signed with the new one: update your integration at once.',
    shownOnce: 'Copy the secret now: kefu will not show it again.',
    dedupe: 'Every reply carries the kefu message id as webhook-id, the same on retries: your integration should skip ids it has already sent.',
  },
};
