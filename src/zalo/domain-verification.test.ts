import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { domainVerificationRoutes } from './domain-verification.ts';

const appWith = (env: Record<string, string>) => {
  const app = express();
  app.use(domainVerificationRoutes(loadConfig(env)));
  app.get('/', (_req, res) => res.redirect('/admin'));
  return app;
};

describe(domainVerificationRoutes.name, () => {
  it('serves the configured zalo_verifier file with its content', async () => {
    const app = appWith({
      ZALO_DOMAIN_VERIFY_FILE: 'zalo_verifierAbC-12_x.html',
      ZALO_DOMAIN_VERIFY_CONTENT: '<html>as downloaded</html>',
    });
    const res = await request(app).get('/zalo_verifierAbC-12_x.html');
    expect(res.status).toBe(200);
    expect(res.text).toBe('<html>as downloaded</html>');
    expect((await request(app).get('/zalo_verifierOther.html')).status).toBe(404);
  });

  it("defaults the file's content to the verification meta tag with the code from its name", async () => {
    const res = await request(appWith({ ZALO_DOMAIN_VERIFY_FILE: 'zalo_verifierK9.html' })).get(
      '/zalo_verifierK9.html',
    );
    expect(res.text).toContain('<meta name="zalo-platform-site-verification" content="K9" />');
  });

  it('puts the meta tag on the home page only when configured', async () => {
    const withMeta = await request(appWith({ ZALO_SITE_VERIFICATION: 'Code_1-x' })).get('/');
    expect(withMeta.status).toBe(200);
    expect(withMeta.text).toContain('<meta name="zalo-platform-site-verification" content="Code_1-x" />');
    const plain = await request(appWith({})).get('/');
    expect(plain.status).toBe(302);
  });

  it('refuses file names and codes that are not Zalo-shaped at start-up', () => {
    expect(() => loadConfig({ ZALO_DOMAIN_VERIFY_FILE: '../etc/passwd' })).toThrow(/ZALO_DOMAIN_VERIFY_FILE/);
    expect(() => loadConfig({ ZALO_SITE_VERIFICATION: '"><script>' })).toThrow(/ZALO_SITE_VERIFICATION/);
  });
});
