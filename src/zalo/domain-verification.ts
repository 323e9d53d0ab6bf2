import { Router } from 'express';
import type { Config } from '../config.ts';

/**
 * Zalo's domain verification (developers.zalo.me → the app → "Xác thực domain"), needed before a webhook or OAuth
 * callback URL on the domain is accepted. Zalo offers two ways, both served here from configuration:
 * - an HTML file `zalo_verifier<code>.html` at the site root (ZALO_DOMAIN_VERIFY_FILE, with the downloaded file's
 *   text in ZALO_DOMAIN_VERIFY_CONTENT; without it we serve the file's usual content, the meta tag below);
 * - a `<meta name="zalo-platform-site-verification" content="<code>">` tag on the home page (ZALO_SITE_VERIFICATION).
 */
export type DomainVerificationConfig = Pick<
  Config,
  'ZALO_DOMAIN_VERIFY_FILE' | 'ZALO_DOMAIN_VERIFY_CONTENT' | 'ZALO_SITE_VERIFICATION'
>;

const escapeAttr = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function verificationMeta(code: string): string {
  return `<meta name="zalo-platform-site-verification" content="${escapeAttr(code)}" />`;
}

/** The code Zalo puts in the verification file's name: zalo_verifier<code>.html. */
export function codeFromFileName(fileName: string): string {
  return fileName.replace(/^zalo_verifier/, '').replace(/\.html$/, '');
}

export function domainVerificationRoutes(config: DomainVerificationConfig): Router {
  const router = Router();
  const file = config.ZALO_DOMAIN_VERIFY_FILE;
  if (file) {
    const body =
      config.ZALO_DOMAIN_VERIFY_CONTENT ??
      `<html><head>${verificationMeta(codeFromFileName(file))}</head><body></body></html>`;
    router.get(`/${file}`, (_req, res) => {
      res.status(200).type('html').send(body);
    });
  }
  const meta = config.ZALO_SITE_VERIFICATION;
  if (meta) {
    // The home page usually redirects to the console; Zalo's checker reads the page itself, so it gets the tag
    // and browsers are sent on to /admin.
    router.get('/', (_req, res) => {
      res
        .status(200)
        .type('html')
        .send(
          `<!doctype html><html><head><meta charset="utf-8">${verificationMeta(meta)}` +
            `<meta http-equiv="refresh" content="0;url=/admin"><title>CCHC</title></head>` +
            `<body><a href="/admin">/admin</a></body></html>`,
        );
    });
  }
  return router;
}
