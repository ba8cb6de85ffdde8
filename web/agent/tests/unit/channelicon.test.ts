// ChannelIcon: every channel kefu knows has its own mark and a name in both languages; a
// channel added later still shows a neutral mark with a name, never nothing.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ChannelIcon from '@/components/ChannelIcon.vue';
import { createAppI18n } from '@/i18n';

const render = (channel: string, locale: 'en' | 'zh-CN' = 'en') => mount(ChannelIcon, { props: { channel }, global: { plugins: [createAppI18n(locale)] } });

describe('ChannelIcon', () => {
  it('draws a distinct mark per known channel', () => {
    const marks = ['web', 'email', 'telegram', 'api', 'wechat', 'wecom', 'miniprogram'].map((ch) => {
      const w = render(ch);
      expect(w.attributes('data-channel')).toBe(ch);
      return w.find('svg').html();
    });
    expect(new Set(marks).size).toBe(marks.length);
  });

  it('names the channel for screen readers in the UI language', () => {
    expect(render('email').attributes('aria-label')).toBe('Email');
    expect(render('wechat', 'zh-CN').attributes('aria-label')).toBe('微信');
    expect(render('wecom', 'zh-CN').attributes('aria-label')).toBe('企业微信');
    expect(render('miniprogram').attributes('aria-label')).toBe('Mini program');
  });

  it('shows an unknown channel as another channel', () => {
    const w = render('whatsapp');
    expect(w.attributes('data-channel')).toBe('other');
    expect(w.attributes('aria-label')).toBe('Other channel');
  });
});
