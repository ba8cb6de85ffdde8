import { describe, expect, it } from 'vitest';
import { replyNotice } from '../../src/core/reply';
import { translator } from '../../src/core/i18n';

describe('replyNotice', () => {
  const cases = [
    { name: 'e-mail first', contact: { email: 'a@b.example', phone: '+86 1' }, en: "We're away right now. We'll reply by email to a@b.example.", zh: '我们暂时不在线，会通过邮件 a@b.example 回复您。' },
    { name: 'phone only', contact: { email: ' ', phone: '+86 138' }, en: "We're away right now. We'll get back to you by phone at +86 138.", zh: '我们暂时不在线，会通过电话 +86 138 联系您。' },
    { name: 'nothing: the reply waits here', contact: { email: '', phone: '' }, en: "We're away right now. Our reply will appear here the next time you visit.", zh: '我们暂时不在线，回复会显示在这里，您下次访问时即可看到。' },
    { name: 'no session yet', contact: undefined, en: "We're away right now. Our reply will appear here the next time you visit.", zh: '我们暂时不在线，回复会显示在这里，您下次访问时即可看到。' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { key, vars } = replyNotice(c.contact);
      expect(translator('en')(key, vars)).toBe(c.en);
      expect(translator('zh-CN')(key, vars)).toBe(c.zh);
    });
  }
});
