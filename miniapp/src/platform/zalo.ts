/**
 * The ONE place the mini-app touches zmp-sdk. Outside the Zalo app its calls reject ("Unknown error") and can
 * throw a non-Error object nobody catches, so every call checks the environment first and, in a plain browser,
 * falls back to a development behaviour (dev login, window.open). zmp-sdk is loaded lazily, only inside Zalo.
 */

type Sdk = typeof import('zmp-sdk/apis');

declare global {
  interface Window {
    ZJSBridge?: unknown;
    ZaloJavaScriptInterface?: unknown;
  }
}

/** True inside the Zalo app's webview (its user agent says Zalo and its JS bridge is present); `?dev=1` forces the browser path. */
export function insideZalo(): boolean {
  if (new URLSearchParams(window.location.search).get('dev') === '1') return false;
  const ua = navigator.userAgent.toLowerCase();
  return (
    ua.includes('zalo') && (window.ZJSBridge !== undefined || window.ZaloJavaScriptInterface !== undefined)
  );
}

let sdkPromise: Promise<Sdk> | undefined;
function sdk(): Promise<Sdk> {
  sdkPromise ??= import('zmp-sdk/apis');
  return sdkPromise;
}

/** Runs a zmp-sdk call and turns whatever it throws (objects included) into an Error. */
async function call<T>(fn: (s: Sdk) => Promise<T>): Promise<T> {
  try {
    return await fn(await sdk());
  } catch (err) {
    const message =
      err instanceof Error ? err.message : typeof err === 'object' && err ? JSON.stringify(err) : String(err);
    throw new Error(`zmp-sdk: ${message}`);
  }
}

/** The user's Zalo access token, for the backend to verify; undefined outside Zalo (use the dev login). */
export async function getAccessToken(): Promise<string | undefined> {
  if (!insideZalo()) return undefined;
  return call((s) => s.getAccessToken());
}

/** A one-time token the backend exchanges for the phone number; undefined outside Zalo or when the user refuses. */
export async function getPhoneToken(): Promise<string | undefined> {
  if (!insideZalo()) return undefined;
  try {
    const { token } = await call((s) => s.getPhoneNumber());
    return token || undefined;
  } catch {
    return undefined;
  }
}

/** Opens the chat with the OA; in a browser, the OA's public page instead. */
export async function openOaChat(oaId: string | undefined): Promise<void> {
  if (!oaId) return;
  if (insideZalo()) {
    await call((s) => s.openChat({ type: 'oa', id: oaId }));
    return;
  }
  window.open(`https://zalo.me/${encodeURIComponent(oaId)}`, '_blank', 'noopener');
}

/** Whether phone-number and chat features can really work here (buttons are hidden otherwise). */
export const capabilities = () => ({ zalo: insideZalo() });
