// The fake's Graph API the mini-app backend calls: /v2.0/me and the phone exchange /v2.0/me/info.
import type { IncomingMessage } from 'node:http';
import { fail, header, ok, type Answer, type FakeZaloState } from './fake-zalo.state.ts';

export function graphMe(s: FakeZaloState, req: IncomingMessage): Answer {
  const user = s.opts.graphUsers?.[header(req, 'access_token') ?? ''];
  if (!user) return { status: 200, body: fail(-216, 'Access token is invalid') };
  const picture = { data: { url: user.picture ?? `https://example.invalid/avatar/${user.id}.jpg` } };
  return { status: 200, body: { id: user.id, name: user.name, picture, error: 0, message: 'Success' } };
}

/** Phone exchange: user token + one-time code + the app's secret_key. */
export function graphPhone(s: FakeZaloState, req: IncomingMessage): Answer {
  const user = s.opts.graphUsers?.[header(req, 'access_token') ?? ''];
  const code = header(req, 'code');
  const secret = header(req, 'secret_key');
  if (!user) return { status: 200, body: fail(-216, 'Access token is invalid') };
  if (!secret || (s.opts.appSecret !== undefined && secret !== s.opts.appSecret)) {
    return { status: 200, body: fail(-201, 'Invalid secret_key') };
  }
  if (!code || s.usedPhoneCodes.has(code) || !user.phone) {
    return { status: 200, body: fail(-201, 'Invalid or used code') };
  }
  s.usedPhoneCodes.add(code);
  return { status: 200, body: ok({ number: user.phone }) };
}
