import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { z } from 'zod';
import type { ChatPipeline } from './chat.pipeline.ts';
import type { Clock } from '../lib/clock.ts';
import { jsonBodyGuard } from '../http/input.ts';

const pageDir = fileURLToPath(new URL('./simulator-page', import.meta.url));

const messageSchema = z.object({
  userId: z
    .string({ error: 'Thiếu userId (mã người dùng giả lập).' })
    .trim()
    .min(1, 'userId không được để trống.')
    .max(64, 'userId dài quá 64 ký tự.'),
  text: z
    .string({ error: 'Thiếu text (nội dung tin nhắn).' })
    .max(10_000, 'Tin nhắn dài quá 10.000 ký tự.')
    .default(''),
  /** `follow` simulates the user following the OA (greeting and first questions); default a text message. */
  event: z
    .enum(['message', 'follow'], { error: 'event phải là "message" hoặc "follow".' })
    .default('message'),
});

/**
 * Development chat: `POST /dev/simulator/messages` runs a turn through the same pipeline as the webhook, but the
 * replies are recorded and returned instead of queued for Zalo. `/dev/chat` is a small page to chat with the bot.
 */
export function simulatorRoutes(deps: { pipeline: ChatPipeline; clock: Clock; bodyLimit: string }): Router {
  const router = Router();
  router.post(
    '/dev/simulator/messages',
    express.json({ limit: deps.bodyLimit }),
    jsonBodyGuard({ clean: true }),
    async (req, res) => {
      const input = messageSchema.parse(req.body ?? {});
      const base = { eventId: `sim:${randomUUID()}`, zaloUserId: input.userId, at: deps.clock.now() };
      const outcome =
        input.event !== 'message'
          ? await deps.pipeline.handleFollow({ ...base, following: input.event === 'follow' })
          : await deps.pipeline.handleText({ ...base, text: input.text });
      res.json({ replies: outcome.replies, mode: outcome.mode });
    },
  );
  router.get('/dev/chat', (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(path.join(pageDir, 'chat.html'));
  });
  router.use('/dev/chat', express.static(pageDir, { index: false }));
  return router;
}
