// The fake's OAuth v4: the OA permission page, code exchange with PKCE, and rotating refresh tokens.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { fail, header, type Answer, type FakeZaloState } from './fake-zalo.state.ts';

/**
 * The OA permission page as if the admin agreed at once: a 302 to `redirect_uri` with a single-use `code`, the
 * `oa_id` and the `state`, remembering the PKCE challenge the code must be redeemed with.
 */
export function permission(s: FakeZaloState, url: URL): Answer {
  const q = url.searchParams;
  const redirect = q.get('redirect_uri');
  const challenge = q.get('code_challenge');
  if (!q.get('app_id') || !redirect || !challenge || !q.get('state'))
    return { status: 400, body: fail(-201, 'app_id, redirect_uri, code_challenge and state are required') };
  const code = `fake-code-${++s.codeSeq}`;
  s.authCodes.set(code, { challenge, appId: q.get('app_id')! });
  const back = new URL(redirect);
  back.searchParams.set('code', code);
  back.searchParams.set('oa_id', s.opts.oaId ?? 'fake-oa');
  back.searchParams.set('state', q.get('state')!);
  return { status: 302, body: undefined, location: back.toString() };
}

export function refresh(s: FakeZaloState, req: IncomingMessage, raw: Buffer): Answer {
  const form = new URLSearchParams(raw.toString('utf8'));
  if (form.get('grant_type') === 'authorization_code') return exchangeCode(s, req, form);
  const appOk =
    form.get('app_id') === (s.opts.appId ?? form.get('app_id')) &&
    header(req, 'secret_key') === (s.opts.appSecret ?? header(req, 'secret_key')) &&
    Boolean(header(req, 'secret_key'));
  if (!appOk || form.get('grant_type') !== 'refresh_token') {
    s.stats.refreshesRejected++;
    return {
      status: 200,
      body: { error_name: 'Invalid app', error_description: 'app_id or secret_key is wrong' },
    };
  }
  if (form.get('refresh_token') !== s.refreshToken) {
    s.stats.refreshesRejected++;
    return {
      status: 200,
      body: { error_name: 'Invalid refresh token', error_description: 'Refresh token is invalid or used' },
    };
  }
  s.generation++;
  s.accessToken = `fake-access-${s.generation}`;
  s.refreshToken = `fake-refresh-${s.generation}`;
  s.validAccessTokens.add(s.accessToken);
  s.stats.refreshes++;
  return {
    status: 200,
    body: {
      access_token: s.accessToken,
      refresh_token: s.refreshToken,
      expires_in: String(s.opts.expiresInSec ?? 90_000),
    },
  };
}

/** code + code_verifier (S256 of it must be the challenge the code was issued for), once. */
export function exchangeCode(s: FakeZaloState, req: IncomingMessage, form: URLSearchParams): Answer {
  const issued = s.authCodes.get(form.get('code') ?? '');
  const verifier = form.get('code_verifier') ?? '';
  const secret = header(req, 'secret_key');
  const secretOk = Boolean(secret) && (s.opts.appSecret === undefined || secret === s.opts.appSecret);
  const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
  if (!issued || !secretOk || issued.appId !== form.get('app_id') || issued.challenge !== challenge) {
    s.stats.refreshesRejected++;
    return {
      status: 200,
      body: { error_name: 'Invalid code', error_description: 'code or verifier is wrong' },
    };
  }
  s.authCodes.delete(form.get('code')!);
  s.generation++;
  s.accessToken = `fake-access-${s.generation}`;
  s.refreshToken = `fake-refresh-${s.generation}`;
  s.validAccessTokens.add(s.accessToken);
  return {
    status: 200,
    body: {
      access_token: s.accessToken,
      refresh_token: s.refreshToken,
      expires_in: String(s.opts.expiresInSec ?? 90_000),
    },
  };
}
