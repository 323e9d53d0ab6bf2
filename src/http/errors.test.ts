import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, toErrorBody } from './errors.ts';

describe(toErrorBody.name, () => {
  it('maps zod errors to 400 with every bad field', () => {
    const schema = z.object({ name: z.string(), age: z.number().int() });
    const parsed = schema.safeParse({ age: 1.5 });
    expect(parsed.success).toBe(false);
    const { status, body } = toErrorBody(parsed.error);
    expect(status).toBe(400);
    expect((body.error.fields as { path: string }[]).map((f) => f.path).sort()).toEqual(['age', 'name']);
  });

  it('uses the user message of an AppError and its status', () => {
    const { status, body } = toErrorBody(
      new AppError('forbidden', 'role editor on unit x', 'Không được phép.'),
    );
    expect(status).toBe(403);
    expect(body.error.message).toBe('Không được phép.');
    expect(JSON.stringify(body)).not.toContain('role editor');
  });

  it('hides the internal message of unknown errors behind a generic 500', () => {
    const { status, body } = toErrorBody(new Error('connection string postgres://u:p@h/db failed'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('postgres://');
  });
});

describe('library errors with a client status', () => {
  it("maps Express's param decode error (URIError, status 400) to a 400 with a Vietnamese message", () => {
    const err = Object.assign(new URIError("Failed to decode param '%C0%AE'"), { status: 400 });
    const { status, body } = toErrorBody(err);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/ký tự không hợp lệ/);
  });

  it('keeps a 404 from the static file server a 404, and ignores statuses outside 4xx', () => {
    expect(toErrorBody(Object.assign(new Error('not found'), { status: 404 })).status).toBe(404);
    expect(toErrorBody(Object.assign(new Error('boom'), { status: 502 })).status).toBe(500);
  });
});
