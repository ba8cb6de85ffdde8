// English texts of channel inboxes in the workspace: choosing a channel for a new inbox, the
// email, Telegram and API forms with their write-only secrets, the composer's channel limits,
// delivery states under agents' replies, and the agent's email signature. A file of its own so
// channel work stays in one place; channels.zh-CN.ts has the same keys.
export default {
  channels: {
    pick: 'Choose a channel',
    pickHint: 'The channel is fixed once the inbox exists.',
    kinds: {
      web: { name: 'Website chat', hint: 'The chat widget on your site' },
      email: { name: 'Email', hint: 'A mailbox, over IMAP and SMTP or by forwarding' },
      telegram: { name: 'Telegram', hint: 'A Telegram bot' },
      api: { name: 'API', hint: 'Anything else, through your own integration' },
    },
    create: { web: 'New web inbox', email: 'New email inbox', telegram: 'New Telegram inbox', api: 'New API inbox' },
    secret: {
      set: 'Set', notSet: 'Not set', change: 'Change', keep: 'Keep the current value',
      writeOnly: 'Stored encrypted. kefu never shows it again, to you or anyone.',
    },
    email: {
      title: 'Mailbox', address: 'Email address', addressHint: 'Customers write here, and replies are sent from it.',
      fromName: 'Sender name', fromNameHint: 'Shown as the From name of replies, e.g. “ACME Support”.',
      receive: 'How mail reaches kefu', receiveImap: 'kefu fetches it (IMAP)', receiveForward: 'The mail server forwards it to kefu',
      forwardHint: 'Forward the mailbox to kefu’s own SMTP listener, set up by your operator (smtp_listen).',
      imap: 'Incoming mail (IMAP)', smtp: 'Outgoing mail (SMTP)', host: 'Server', port: 'Port', security: 'Security',
      securities: { tls: 'SSL/TLS', starttls: 'STARTTLS', none: 'None (local relay only)' },
      username: 'Username', password: 'Password', folder: 'Folder', folderHint: 'Empty means INBOX.',
      passwordHint: 'Many providers need an app password rather than the account password: QQ 企业邮箱 (imap.exmail.qq.com:993, smtp.exmail.qq.com:465) wants an authorisation code; 163 (imap.163.com:993, smtp.163.com:465) a client authorisation password; Gmail an app password.',
      trust: 'Trust the sender addresses of this mailbox',
      trustHint: 'Only when your mail server checks SPF, DKIM and DMARC: a sender then joins the contact with the same verified email instead of being suggested as a merge.',
    },
    telegram: {
      title: 'Bot', token: 'Bot token', tokenHint: "From {'@'}BotFather: /newbot, then copy the token (123456:ABC-…).",
      mode: 'How updates reach kefu', modeWebhook: 'Webhook (kefu has a public https URL)', modePolling: 'Long polling (no public URL)',
      bot: 'Bot', botUnknown: 'Shown once the token is saved',
    },
    api: {
      title: 'Integration', callback: 'Callback URL', callbackHint: 'kefu posts agents’ replies here, signed with the inbox’s secret (Standard Webhooks). Private and internal addresses are refused.',
      inbound: 'Inbound endpoint', inboundHint: 'Post customer messages here, signed with the same secret.',
      secret: 'Signing secret', secretOnce: 'Copy this secret now: it will not be shown again. Your integration signs its requests with it and checks kefu’s.',
      rotate: 'Rotate secret', confirmRotate: 'Make a new signing secret? The current one stops working at once: your integration must switch to the new one.',
      rotated: 'A new secret was made',
      dedupe: 'Every reply carries the kefu message id as webhook-id, the same on retries: your integration should skip ids it has already handled.',
    },
    composer: {
      noFiles: 'This channel cannot receive files',
      imagesOnly: 'This channel receives images only, no other files',
      textLimit: '{used} / {max} bytes',
      tooLong: 'Too long for this channel: at most {max} bytes.',
      fileTooBig: '{name} is larger than this channel accepts ({max}).',
      window: 'Reply window: {left} left',
      windowClosed: 'The reply window closed: the channel accepts replies only within {window} of the customer’s last message. You can send once the customer writes again.',
      windowUnknown: 'The reply window starts with the customer’s first message.',
      repliesLeft: '{left} of {max} replies left until the customer writes again',
      repliesUsed: 'All {max} replies sent: this channel takes at most {max} replies per customer message. You can send again once the customer writes.',
    },
    delivery: {
      sending: 'Sending', sent: 'Delivered to the channel', failed: 'Failed: {reason}', failedNoReason: 'Failed',
      nextAttempt: 'retrying {at}', attempts: '{n} attempts', retry: 'Retry', retried: 'Sending again',
    },
    signature: { label: 'Email signature', hint: 'Added below your replies on email inboxes.', saved: 'Signature saved' },
  },
};
