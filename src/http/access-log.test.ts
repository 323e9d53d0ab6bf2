import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { accessLog } from './access-log.ts';

function appLoggingAt(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const app = express();
  app.use(accessLog(createLogger(level, sink)));
  app.get('/ok', (_req, res) => res.json({ ok: true }));
  app.get('/missing', (_req, res) => res.status(404).json({}));
  app.get('/broken', (_req, res) => res.status(500).json({}));
  return { app, lines };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('accessLog', () => {
  it('logs 4xx as warn and 5xx as error, with the path but never the query', async () => {
    const { app, lines } = appLoggingAt('info');
    await request(app).get('/ok?phone=0912345678');
    await request(app).get('/missing?phone=0912345678');
    await request(app).get('/broken');
    await settle();
    expect(
      lines.map((l) => [
        l.level,
        (l.req as { url: string }).url,
        (l.res as { statusCode: number }).statusCode,
      ]),
    ).toEqual([
      [40, '/missing', 404],
      [50, '/broken', 500],
    ]);
    expect(JSON.stringify(lines)).not.toContain('0912345678');
  });

  it('logs successful requests only at debug', async () => {
    const { app, lines } = appLoggingAt('debug');
    await request(app).get('/ok');
    await settle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 20, msg: 'request completed', res: { statusCode: 200 } });
    expect(typeof lines[0]!.responseTime).toBe('number');
  });
});
