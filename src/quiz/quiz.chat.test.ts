import { describe, expect, it } from 'vitest';
import { miniappUrl } from './quiz.chat.ts';

describe(miniappUrl.name, () => {
  const base = {
    ZALO_MINIAPP_ID: undefined,
    PUBLIC_BASE_URL: undefined,
    PORT: 3000,
    NODE_ENV: 'development',
  } as const;

  it('links to Zalo when a mini-app id is set, whatever else is configured', () => {
    expect(
      miniappUrl({ ...base, ZALO_MINIAPP_ID: '123 45', PUBLIC_BASE_URL: 'https://cchc.example.vn' }),
    ).toBe('https://zalo.me/s/123%2045/');
  });

  it('links to the served web build on the public address when there is no mini-app id', () => {
    expect(miniappUrl({ ...base, PUBLIC_BASE_URL: 'https://cchc.example.vn/' })).toBe(
      'https://cchc.example.vn/miniapp/',
    );
  });

  it('links to localhost on the configured port on a first run (no id, no public address)', () => {
    expect(miniappUrl({ ...base, PORT: 8123 })).toBe('http://localhost:8123/miniapp/');
    expect(miniappUrl({ ...base, NODE_ENV: 'test' })).toBe('http://localhost:3000/miniapp/');
  });

  it('has no link in production without an id or a public address (the chat then explains)', () => {
    expect(miniappUrl({ ...base, NODE_ENV: 'production' })).toBeUndefined();
  });
});
