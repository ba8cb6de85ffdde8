import { describe, expect, it } from 'vitest';
import { remoteImages, showImages } from '@/lib/emailOriginal';

describe('email original', () => {
  const mail = '<p>Hi</p><img data-kefu-src="https://tracker.example/p.gif" alt="x"><img data-kefu-src="">';

  it('counts the images waiting to load', () => {
    expect(remoteImages(mail)).toBe(2);
    expect(remoteImages('<p>no images</p>')).toBe(0);
  });

  it('loads http(s) images only when asked, dropping the rest', () => {
    const shown = showImages(mail);
    expect(shown).toContain('src="https://tracker.example/p.gif"');
    expect(shown).not.toContain('data-kefu-src');
    expect(shown.match(/src=/g)?.length).toBe(1);
  });

  it('never turns a javascript: address into a src', () => {
    expect(showImages('<img data-kefu-src="javascript:alert(1)">')).not.toContain('javascript:');
  });
});
