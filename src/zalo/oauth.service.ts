import { createHash, randomBytes } from 'node:crypto';
import axios from 'axios';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { zaloOauthStates } from './platform.schema.ts';
import { interpretOAuthAnswer, type ZaloTokenService } from './token.service.ts';
import type { CoreDeps } from '../app/module.ts';

/**
 * Connecting the OA with Zalo's OAuth v4 authorization-code flow with PKCE (zalo-php-sdk
 * src/Authentication/OAuth2Client.php `getAuthorizationUrlByOA` / `getZaloTokenFromCodeByOA`, src/Util/PKCEUtil.php;
 * zalo-java-sdk PKCEUtil.java):
 * 1. the console asks for a start: we make a code verifier (32 random bytes, base64url) and its challenge
 *    (base64url of its SHA-256, no padding), keep the verifier and a random `state` server-side (the state as its
 *    hash only), single use, for 10 minutes (Zalo's authorization code lives 10 minutes);
 * 2. the admin's browser goes to `https://oauth.zaloapp.com/v4/oa/permission?app_id=…&redirect_uri=…&code_challenge=…&state=…`
 *    and Zalo sends it back to the redirect URI with `code`, `oa_id` and `state`;
 * 3. we claim the state (once), then exchange the code at `POST /v4/oa/access_token` (form: code, app_id,
 *    grant_type=authorization_code, code_verifier; header secret_key = the app secret) and store the pair.
 */
export type OAuthConfig = Pick<
  Config,
  'ZALO_APP_ID' | 'ZALO_APP_SECRET' | 'ZALO_OA_ID' | 'ZALO_OAUTH_BASE' | 'ZALO_HTTP_TIMEOUT_MS'
>;

export interface OAuthDeps extends Pick<CoreDeps, 'db' | 'clock' | 'logger'> {
  config: OAuthConfig;
  tokens: Pick<ZaloTokenService, 'storeTokenPair'>;
}

/** How long a started connection may take (Zalo's authorization code is valid for 10 minutes). */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

const base64url = (b: Buffer) => b.toString('base64url');
const sha256 = (s: string) => createHash('sha256').update(s, 'ascii').digest();

export function newCodeVerifier(): string {
  return base64url(randomBytes(32));
}

/** S256: base64url(SHA-256(ASCII(verifier))), without padding, as both SDKs compute it. */
export function codeChallengeOf(verifier: string): string {
  return base64url(sha256(verifier));
}

const stateHashOf = (state: string) => sha256(state).toString('hex');

/** Why a connection attempt failed, in words for the admin (the console shows `userMessage`). */
export class OAuthConnectError extends Error {
  constructor(
    readonly reason: 'not_configured' | 'bad_state' | 'wrong_oa' | 'rejected' | 'unavailable',
    readonly userMessage: string,
  ) {
    super(`OA connection failed: ${reason}`);
    this.name = 'OAuthConnectError';
  }
}

export async function startOAuth(
  deps: OAuthDeps,
  input: { staffId: string; redirectUri: string },
): Promise<{ url: string; expiresAt: Date }> {
  const { ZALO_APP_ID: appId, ZALO_APP_SECRET: secret } = deps.config;
  if (!appId || !secret)
    throw new OAuthConnectError(
      'not_configured',
      'Máy chủ chưa có ZALO_APP_ID và ZALO_APP_SECRET của ứng dụng Zalo.',
    );
  const now = deps.clock.now();
  const verifier = newCodeVerifier();
  const state = base64url(randomBytes(24));
  const expiresAt = new Date(now.getTime() + OAUTH_STATE_TTL_MS);
  // old, never finished attempts go: nothing to keep
  await deps.db.delete(zaloOauthStates).where(lt(zaloOauthStates.expiresAt, now));
  await deps.db.insert(zaloOauthStates).values({
    stateHash: stateHashOf(state),
    codeVerifier: verifier,
    redirectUri: input.redirectUri,
    startedBy: input.staffId,
    createdAt: now,
    expiresAt,
  });
  const params = new URLSearchParams({
    app_id: appId,
    redirect_uri: input.redirectUri,
    code_challenge: codeChallengeOf(verifier),
    state,
  });
  return { url: `${deps.config.ZALO_OAUTH_BASE.replace(/\/$/, '')}/v4/oa/permission?${params}`, expiresAt };
}

/** Claims the state once (the same staff member, not expired), exchanges the code and stores the OA's token pair. */
export async function completeOAuth(
  deps: OAuthDeps,
  input: { staffId: string; code: string; state: string; oaId?: string },
): Promise<void> {
  const { ZALO_APP_ID: appId, ZALO_APP_SECRET: secret, ZALO_OA_ID: expectedOa } = deps.config;
  if (!appId || !secret)
    throw new OAuthConnectError(
      'not_configured',
      'Máy chủ chưa có ZALO_APP_ID và ZALO_APP_SECRET của ứng dụng Zalo.',
    );
  const now = deps.clock.now();
  const [claimed] = await deps.db
    .update(zaloOauthStates)
    .set({ usedAt: now })
    .where(
      and(
        eq(zaloOauthStates.stateHash, stateHashOf(input.state)),
        eq(zaloOauthStates.startedBy, input.staffId),
        isNull(zaloOauthStates.usedAt),
        gt(zaloOauthStates.expiresAt, now),
      ),
    )
    .returning();
  if (!claimed)
    throw new OAuthConnectError(
      'bad_state',
      'Phiên kết nối không hợp lệ, đã dùng hoặc đã quá 10 phút. Hãy bấm "Kết nối OA qua Zalo" lại.',
    );
  if (expectedOa && input.oaId && input.oaId !== expectedOa)
    throw new OAuthConnectError(
      'wrong_oa',
      `Tài khoản đã cấp quyền cho OA khác (không phải OA ${expectedOa} cấu hình trên máy chủ). Hãy chọn đúng OA.`,
    );
  const answer = await exchangeCode(deps, {
    appId,
    secret,
    code: input.code,
    verifier: claimed.codeVerifier,
  });
  if (answer.kind === 'rejected') {
    deps.logger.warn({ reason: answer.reason }, 'zalo refused the authorization code');
    throw new OAuthConnectError(
      'rejected',
      'Zalo không chấp nhận mã cấp quyền (sai hoặc đã hết hạn). Hãy kết nối lại.',
    );
  }
  if (answer.kind === 'transient')
    throw new OAuthConnectError(
      'unavailable',
      'Chưa liên lạc được với Zalo để đổi mã cấp quyền. Hãy thử lại sau ít phút.',
    );
  await deps.tokens.storeTokenPair(answer);
}

async function exchangeCode(
  deps: OAuthDeps,
  p: { appId: string; secret: string; code: string; verifier: string },
): Promise<ReturnType<typeof interpretOAuthAnswer>> {
  const url = `${deps.config.ZALO_OAUTH_BASE.replace(/\/$/, '')}/v4/oa/access_token`;
  const form = new URLSearchParams({
    code: p.code,
    app_id: p.appId,
    grant_type: 'authorization_code',
    code_verifier: p.verifier,
  });
  const timeout = deps.config.ZALO_HTTP_TIMEOUT_MS;
  try {
    const res = await axios.post(url, form.toString(), {
      headers: { secret_key: p.secret, 'content-type': 'application/x-www-form-urlencoded' },
      timeout,
      signal: AbortSignal.timeout(timeout + 50),
      validateStatus: () => true,
    });
    return interpretOAuthAnswer(res.status, res.data);
  } catch (err) {
    return { kind: 'transient', reason: `network: ${(err as { code?: string }).code ?? 'error'}` };
  }
}
