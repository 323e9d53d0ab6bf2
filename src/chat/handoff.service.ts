import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Db, Tx } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { followerContacts } from '../followers/followers.api.ts';
import { replyWindow, type ReplyWindow } from '../followers/followers.policy.ts';
import type { MessageKind } from '../zalo/zalo.port.ts';
import { conversations, type ConversationRow } from './chat.schema.ts';
import { enqueueReplies } from './outbox.service.ts';
import type { CoreDeps } from '../app/module.ts';

export interface HandoffDeps extends Pick<CoreDeps, 'db' | 'clock' | 'logger'> {
  config: Pick<
    Config,
    'HANDOFF_IDLE_MINUTES' | 'FREE_REPLY_WINDOW_HOURS' | 'FREE_REPLY_LIMIT' | 'CS_WINDOW_DAYS'
  >;
  /** Called after a staff reply is queued, so the outbox worker sends it without waiting for its next poll. */
  onQueued?: () => void;
}

export type HandoffStatus = ConversationRow['handoffStatus'];

/** A conversation as the staff console lists it. No phone number: the console asks the followers module if allowed. */
export interface ConversationSummary {
  id: string;
  followerId: string;
  zaloUserId: string;
  displayName: string | null;
  language: string;
  handoffStatus: HandoffStatus;
  handoffReason: string | null;
  assignedStaffId: string | null;
  handoffAt: Date | null;
  lastStaffActivityAt: Date | null;
  lastInteractionAt: Date | null;
  /** Which message type a staff reply would use now; null = no reply possible until the citizen writes again. */
  replyKind: MessageKind | null;
  /** Until when a reply is accepted (7 days) and what is left of the free allowance (8 in 48 h). */
  replyWindow: ReplyWindow;
}

const staffReplySchema = z.object({
  conversationId: z.uuid('Mã hội thoại không hợp lệ.'),
  staffId: z.string().trim().min(1, 'Thiếu mã cán bộ.').max(100),
  text: z
    .string()
    .trim()
    .min(1, 'Nội dung trả lời đang trống.')
    .max(2000, 'Nội dung trả lời dài quá 2000 ký tự.'),
});

/** Gets (or creates) the follower's conversation row. */
export async function loadConversation(q: Db | Tx, followerId: string): Promise<ConversationRow> {
  await q
    .insert(conversations)
    .values({ followerId })
    .onConflictDoNothing({ target: conversations.followerId });
  const [row] = await q.select().from(conversations).where(eq(conversations.followerId, followerId)).limit(1);
  return row!;
}

/**
 * What the bot should do with a turn in this conversation: answer normally, stay silent because a person has it,
 * or take it back because staff has been idle for HANDOFF_IDLE_MINUTES.
 */
export function botMode(conv: ConversationRow, now: Date, idleMinutes: number): 'bot' | 'silent' | 'resume' {
  if (conv.handoffStatus === 'bot') return 'bot';
  const since = conv.lastStaffActivityAt ?? conv.handoffAt;
  if (!since) return 'resume';
  return now.getTime() - since.getTime() >= idleMinutes * 60_000 ? 'resume' : 'silent';
}

/**
 * Hand-off between the bot and staff: the chat pipeline marks conversations waiting; the console (another
 * module) lists, assigns, replies and closes through this service only.
 */
export class HandoffService {
  constructor(private readonly deps: HandoffDeps) {}

  async requestHandoff(q: Db | Tx, conversationId: string, reason: string): Promise<void> {
    await q
      .update(conversations)
      .set({
        handoffStatus: 'waiting',
        handoffReason: reason.slice(0, 200),
        assignedStaffId: null,
        handoffAt: this.deps.clock.now(),
        lastStaffActivityAt: null,
        updatedAt: this.deps.clock.now(),
      })
      .where(eq(conversations.id, conversationId));
  }

  /** The bot takes the conversation back (staff idle or closed). */
  async returnToBot(q: Db | Tx, conversationId: string): Promise<void> {
    await q
      .update(conversations)
      .set({ handoffStatus: 'bot', assignedStaffId: null, updatedAt: this.deps.clock.now() })
      .where(eq(conversations.id, conversationId));
  }

  async saveState(q: Db | Tx, conversationId: string, state: Record<string, unknown>): Promise<void> {
    await q
      .update(conversations)
      .set({ state, updatedAt: this.deps.clock.now() })
      .where(eq(conversations.id, conversationId));
  }

  /** Conversations waiting for or held by a person, oldest hand-off first. */
  async listHandoffs(filter: { status?: 'waiting' | 'staff' } = {}): Promise<ConversationSummary[]> {
    const statuses = filter.status ? [filter.status] : (['waiting', 'staff'] as const);
    const { f, columns } = followerContacts(this.deps.db);
    const rows = await this.deps.db
      .select({ c: conversations, f: columns })
      .from(conversations)
      .innerJoin(f, eq(f.id, conversations.followerId))
      .where(inArray(conversations.handoffStatus, [...statuses]))
      .orderBy(conversations.handoffAt, desc(conversations.id))
      .limit(500);
    const now = this.deps.clock.now();
    return rows.map(({ c, f }) => {
      const window = replyWindow(f, now, this.deps.config);
      return {
        id: c.id,
        followerId: f.id,
        zaloUserId: f.zaloUserId,
        displayName: f.displayName,
        language: f.language,
        handoffStatus: c.handoffStatus,
        handoffReason: c.handoffReason,
        assignedStaffId: c.assignedStaffId,
        handoffAt: c.handoffAt,
        lastStaffActivityAt: c.lastStaffActivityAt,
        lastInteractionAt: f.lastInteractionAt,
        replyKind: window.open ? ('cs' as const) : null,
        replyWindow: window,
      };
    });
  }

  /** A staff member takes the conversation; the bot stays silent while they are active. */
  async assign(conversationId: string, staffId: string): Promise<void> {
    const now = this.deps.clock.now();
    const rows = await this.deps.db
      .update(conversations)
      .set({
        handoffStatus: 'staff',
        assignedStaffId: staffId,
        handoffAt: sql`coalesce(${conversations.handoffAt}, ${now.toISOString()}::timestamptz)`,
        lastStaffActivityAt: now,
        updatedAt: now,
      })
      .where(eq(conversations.id, conversationId))
      .returning({ id: conversations.id });
    if (!rows.length)
      throw new AppError('not_found', `conversation ${conversationId}`, 'Không tìm thấy hội thoại.');
  }

  /**
   * Queues a staff member's text to the citizen as a consultation reply, accepted by Zalo while the citizen's last
   * message is within CS_WINDOW_DAYS (7). Inside the free allowance it is free; after it Zalo charges it as a paid
   * message. After the 7 days Zalo would refuse it (-230), so it is refused here with a message staff understand.
   */
  async staffReply(
    conversationId: string,
    staffId: string,
    text: string,
  ): Promise<{ outboxKey: string; kind: MessageKind }> {
    const input = staffReplySchema.parse({ conversationId, staffId, text });
    const now = this.deps.clock.now();
    const result = await this.deps.db.transaction(async (tx) => {
      const { f, columns } = followerContacts(tx);
      const [row] = await tx
        .select({ c: conversations, f: columns })
        .from(conversations)
        .innerJoin(f, eq(f.id, conversations.followerId))
        .where(eq(conversations.id, input.conversationId))
        .for('update')
        .limit(1);
      if (!row)
        throw new AppError('not_found', `conversation ${conversationId}`, 'Không tìm thấy hội thoại.');
      if (!replyWindow(row.f, now, this.deps.config).open) throw this.outsideWindow();
      const kind = 'cs' as const;
      const outboxKey = `staff:${input.conversationId}:${randomUUID()}`;
      await enqueueReplies(
        tx,
        [
          {
            idempotencyKey: outboxKey,
            followerId: row.f.id,
            zaloUserId: row.f.zaloUserId,
            kind,
            message: { type: 'text', text: input.text },
            source: 'staff',
          },
        ],
        now,
      );
      await tx
        .update(conversations)
        .set({
          handoffStatus: 'staff',
          assignedStaffId: sql`coalesce(${conversations.assignedStaffId}, ${input.staffId})`,
          lastStaffActivityAt: now,
          updatedAt: now,
        })
        .where(eq(conversations.id, input.conversationId));
      return { outboxKey, kind };
    });
    this.deps.onQueued?.();
    return result;
  }

  /** Staff ends the hand-off; the bot answers the next message. */
  async close(conversationId: string, staffId: string): Promise<void> {
    const rows = await this.deps.db
      .update(conversations)
      .set({
        handoffStatus: 'bot',
        assignedStaffId: null,
        lastStaffActivityAt: this.deps.clock.now(),
        updatedAt: this.deps.clock.now(),
      })
      .where(and(eq(conversations.id, conversationId)))
      .returning({ id: conversations.id });
    if (!rows.length)
      throw new AppError('not_found', `conversation ${conversationId}`, 'Không tìm thấy hội thoại.');
    this.deps.logger.info({ conversationId, staffId }, 'handoff closed');
  }

  private outsideWindow(): AppError {
    const days = this.deps.config.CS_WINDOW_DAYS;
    return new AppError(
      'conflict',
      'staff reply outside the consultation window',
      `Không thể gửi: đã quá ${days} ngày kể từ lần cuối công dân nhắn tin, Zalo không nhận tin tư vấn nữa. ` +
        'Tin trả lời sẽ gửi được khi công dân nhắn lại.',
    );
  }
}
