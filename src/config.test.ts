import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('config', () => {
  it('has defaults for a first run', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('stops with a message naming each bad value', () => {
    expect(() => loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', DEMO: 'yes' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      const m = (e as Error).message;
      expect(m).toContain('PORT');
      expect(m).toContain('DATABASE_URL 必须以 postgres:// 或 postgresql:// 开头');
    }
  });

  it('takes a registered OCDS prefix and refuses anything else', () => {
    expect(loadConfig({ OCDS_PREFIX: 'ocds-a1b2c3' }).OCDS_PREFIX).toBe('ocds-a1b2c3');
    expect(loadConfig({}).OCDS_PREFIX).toBeUndefined();
    expect(() => loadConfig({ OCDS_PREFIX: 'ocds-ABC' })).toThrow(/OCDS_PREFIX 应为 ocds- 加 6 位小写字母或数字/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).DATABASE_URL).toBeUndefined();
  });
});
