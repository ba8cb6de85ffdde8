import { describe, expect, it } from 'vitest';
import { linkify } from '../../src/core/linkify';
import { pickLocale, translator } from '../../src/core/i18n';
import { hostOriginOf } from '../../src/app/bridge';
import { checkFile } from '../../src/core/files';

describe('linkify', () => {
  const cases: { name: string; in: string; want: { text: string; href?: string }[] }[] = [
    { name: 'plain text', in: 'hello', want: [{ text: 'hello' }] },
    { name: 'https link with trailing dot', in: 'see https://a.example/x.', want: [{ text: 'see ' }, { text: 'https://a.example/x', href: 'https://a.example/x' }, { text: '.' }] },
    { name: 'CJK punctuation ends the link', in: '看这里http://a.example/p。', want: [{ text: '看这里' }, { text: 'http://a.example/p', href: 'http://a.example/p' }, { text: '。' }] },
    { name: 'javascript: stays text', in: 'javascript:alert(1)', want: [{ text: 'javascript:alert(1)' }] },
    { name: 'HTML stays text', in: '<img src=x onerror="alert(1)">', want: [{ text: '<img src=x onerror="alert(1)">' }] },
    { name: 'quote ends the link', in: 'http://a.example/"onmouseover=x', want: [{ text: 'http://a.example/', href: 'http://a.example/' }, { text: '"onmouseover=x' }] },
  ];
  for (const c of cases) it(c.name, () => expect(linkify(c.in)).toEqual(c.want));
});

describe('locale', () => {
  it('prefers the explicit choice, then the browser, then English', () => {
    expect(pickLocale('', ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLocale('en', ['zh-CN'])).toBe('en');
    expect(pickLocale('', ['fr-FR'])).toBe('en');
  });
  it('fills in variables', () => {
    expect(translator('zh-CN')('queue', { n: 3 })).toBe('您当前排在第 3 位');
    expect(translator('en')('typing', { name: 'Li Lei' })).toBe('Li Lei is typing…');
  });
});

describe('hostOriginOf', () => {
  it('accepts the origin the loader passed when the browser agrees', () => {
    expect(hostOriginOf('?key=k&origin=https%3A%2F%2Fshop.example', ['https://shop.example'])).toBe('https://shop.example');
    expect(hostOriginOf('?key=k&origin=https%3A%2F%2Fshop.example', undefined)).toBe('https://shop.example');
  });
  it('refuses a claimed origin the browser contradicts, or none', () => {
    expect(hostOriginOf('?origin=https%3A%2F%2Fshop.example', ['https://evil.example'])).toBeNull();
    expect(hostOriginOf('?key=k', undefined)).toBeNull();
    expect(hostOriginOf('?origin=not-a-url', undefined)).toBeNull();
  });
});

describe('checkFile', () => {
  it('refuses big and unsupported files before uploading', () => {
    expect(checkFile({ name: 'a.png', type: 'image/png', size: 10 })).toBeNull();
    expect(checkFile({ name: 'a.png', type: 'image/png', size: 21 << 20 })).toBe('tooBig');
    expect(checkFile({ name: 'a.html', type: 'text/html', size: 10 })).toBe('badType');
    expect(checkFile({ name: 'a.svg', type: 'image/svg+xml', size: 10 })).toBe('badType');
    expect(checkFile({ name: 'report.docx', type: '', size: 10 })).toBeNull();
  });
});
