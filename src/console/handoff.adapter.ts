import type { HandoffConversation, HandoffInbox } from './console.integrations.ts';

/** The part of the chat module's HandoffService (src/chat/handoff.service.ts) the console uses. */
export interface HandoffServiceLike {
  listHandoffs(filter?: { status?: 'waiting' | 'staff' }): Promise<
    {
      id: string;
      followerId: string;
      displayName: string | null;
      handoffStatus: string;
      handoffReason: string | null;
      assignedStaffId: string | null;
      handoffAt: Date | null;
      lastInteractionAt: Date | null;
      replyKind: string | null;
      replyWindow?: { windowEndsAt: Date | null; freeRepliesLeft: number; freeUntil: Date | null };
    }[]
  >;
  assign(conversationId: string, staffId: string): Promise<void>;
  staffReply(conversationId: string, staffId: string, text: string): Promise<unknown>;
  close(conversationId: string, staffId: string): Promise<void>;
}

/**
 * Adapts the chat module's handoff service to the console inbox. `areaOf` gives a follower's commune for unit
 * scoping; without it conversations have no area, so only province-wide agents see them (the safe default).
 */
export function handoffInboxFrom(
  service: HandoffServiceLike,
  areaOf: (followerId: string) => Promise<string | null> = async () => null,
): HandoffInbox {
  const toConversation = async (
    c: Awaited<ReturnType<HandoffServiceLike['listHandoffs']>>[number],
  ): Promise<HandoffConversation> => ({
    id: c.id,
    followerId: c.followerId,
    followerName: c.displayName,
    areaCode: await areaOf(c.followerId),
    reason: c.handoffReason,
    status: c.handoffStatus === 'waiting' ? 'waiting' : 'assigned',
    assignedTo: c.assignedStaffId,
    waitingSince: c.handoffAt ?? new Date(0),
    lastMessage: null,
    canReply: c.replyKind !== null,
    ...(c.replyWindow
      ? {
          replyWindowEndsAt: c.replyWindow.windowEndsAt,
          freeRepliesLeft: c.replyWindow.freeRepliesLeft,
          freeUntil: c.replyWindow.freeUntil,
        }
      : {}),
  });
  const all = async () => Promise.all((await service.listHandoffs()).map(toConversation));
  return {
    async list(filter) {
      if (filter.status === 'closed') return []; // closed conversations are back with the bot, not in the inbox
      const items = await all();
      return items.filter(
        (c) =>
          (!filter.status || c.status === filter.status) &&
          (filter.areaCodes === null || (c.areaCode !== null && filter.areaCodes.includes(c.areaCode))),
      );
    },
    get: async (id) => (await all()).find((c) => c.id === id),
    assign: (id, staffId) => service.assign(id, staffId),
    reply: async (id, staffId, text) => void (await service.staffReply(id, staffId, text)),
    close: (id, staffId) => service.close(id, staffId),
  };
}
