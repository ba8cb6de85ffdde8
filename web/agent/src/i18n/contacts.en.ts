// English texts of channels in the contact sidebar: the channel icon's names and merging,
// suggesting and unmerging contacts. A file of its own so channel work stays in one place;
// contacts.zh-CN.ts has the same keys.
export default {
  channelIcon: { web: 'Website chat', email: 'Email', telegram: 'Telegram', api: 'API', wechat: 'WeChat', wecom: 'WeCom', miniprogram: 'Mini program', other: 'Other channel' },
  contactMerge: {
    conversations: 'Conversations on every channel', noConversations: 'No conversations yet', current: 'this one', mergeWith: 'Merge with another contact…',
    suggestions: 'Possibly the same customer', merge: 'Merge', dismiss: 'Not the same', dismissed: 'Suggestion dismissed',
    confirmTitle: 'Merge contacts', confirm: 'Merge “{other}” into “{name}”? Its identities and conversations move here; where both have a value, this contact’s value is kept. You can undo this.',
    merged: 'Contacts merged', mergedFrom: 'Merged from {name}', undo: 'Undo', unmerged: 'Contacts separated again',
    confirmUndo: 'Separate “{other}” from this contact again? Both get back their identities and conversations as before the merge.',
    reasons: { same_email: 'Same email', same_phone: 'Same phone', same_identity: 'Same identity on another channel' },
  },
};
