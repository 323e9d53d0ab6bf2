import axios, { type AxiosInstance } from 'axios';
import { AppError } from '../http/errors.ts';
import type { MiniappUser, SessionSigner } from './miniapp.session.ts';
import type { CoreDeps } from '../app/module.ts';

export interface MiniappDeps extends Pick<CoreDeps, 'logger' | 'config'> {
  signer: SessionSigner;
  /** Injected so tests and benchmarks can point it anywhere; defaults to axios with the configured timeout. */
  http?: AxiosInstance;
}

interface GraphMe {
  id?: string;
  name?: string;
  error?: number;
  message?: string;
}

function graph(deps: MiniappDeps): AxiosInstance {
  return (
    deps.http ??
    axios.create({
      baseURL: deps.config.ZALO_GRAPH_BASE,
      timeout: deps.config.ZALO_HTTP_TIMEOUT_MS,
      validateStatus: () => true,
    })
  );
}

const zaloUnavailable = () =>
  new AppError('unavailable', 'zalo graph unreachable', 'Không kết nối được với Zalo. Vui lòng thử lại sau.');

/**
 * Exchanges the mini-app's Zalo access token for our own session: the token is checked against Zalo's Graph API
 * (`/v2.0/me`), so the user id in the session is the one Zalo vouches for, never one the client claims.
 */
export async function createZaloSession(deps: MiniappDeps, accessToken: string) {
  let me: GraphMe;
  try {
    const res = await graph(deps).get<GraphMe>('/v2.0/me', {
      headers: { access_token: accessToken },
      params: { fields: 'id,name' },
    });
    if (res.status >= 500) throw zaloUnavailable();
    me = res.data ?? {};
  } catch (err) {
    if (err instanceof AppError) throw err;
    deps.logger.warn({ reason: (err as Error).message }, 'zalo graph /me failed');
    throw zaloUnavailable();
  }
  if ((me.error !== undefined && me.error !== 0) || typeof me.id !== 'string' || !me.id) {
    deps.logger.info({ zaloError: me.error }, 'mini-app token refused by zalo');
    throw new AppError(
      'unauthorized',
      'zalo token refused',
      'Zalo không xác nhận được tài khoản. Vui lòng mở lại mini-app.',
    );
  }
  return issue(deps, { zaloUserId: me.id, name: me.name ?? '', kind: 'zalo' });
}

/** Development-only login by name, so the mini-app runs in a plain browser; refused in production. */
/**
 * Development login (MINIAPP_DEV_LOGIN=1, never in production). The identity is the browser's random dev id, not
 * the typed name: typing someone else's name does not make you them, and one browser stays one person.
 */
export function createDevSession(deps: MiniappDeps, name: string, browserDevId: string) {
  if (!deps.config.MINIAPP_DEV_LOGIN || deps.config.NODE_ENV === 'production') {
    throw new AppError('not_found', 'dev login disabled', 'Không tìm thấy địa chỉ này.');
  }
  return issue(deps, { zaloUserId: `dev-${browserDevId}`, name: name.normalize('NFC'), kind: 'dev' });
}

function issue(deps: MiniappDeps, user: MiniappUser) {
  const { token, expiresAt } = deps.signer.sign(user);
  return { token, expiresAt: expiresAt.toISOString(), user };
}

/**
 * Exchanges zmp-sdk getPhoneNumber's one-time token for the number at `/v2.0/me/info`. Needs the app's secret key,
 * so it only ever happens here on the server. The number is returned to its owner and never logged.
 */
export async function exchangePhoneToken(deps: MiniappDeps, userAccessToken: string, code: string) {
  if (!deps.config.ZALO_APP_SECRET) {
    throw new AppError(
      'unavailable',
      'ZALO_APP_SECRET missing',
      'Chức năng lấy số điện thoại chưa được cấu hình.',
    );
  }
  let body: { error?: number; data?: { number?: string } };
  try {
    const res = await graph(deps).get('/v2.0/me/info', {
      headers: { access_token: userAccessToken, code, secret_key: deps.config.ZALO_APP_SECRET },
    });
    if (res.status >= 500) throw zaloUnavailable();
    body = res.data ?? {};
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw zaloUnavailable();
  }
  const number = body.data?.number;
  if ((body.error !== undefined && body.error !== 0) || !number) {
    throw new AppError(
      'bad_request',
      'phone token refused',
      'Không lấy được số điện thoại từ Zalo. Bạn có thể nhập tay.',
    );
  }
  return { phone: normalisePhone(number) };
}

/** Zalo returns 84xxxxxxxxx; people read and type 0xxxxxxxxx. */
export function normalisePhone(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  return digits.startsWith('84') && digits.length === 11 ? `0${digits.slice(2)}` : digits;
}
