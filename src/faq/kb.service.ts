import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import type { Clock } from '../lib/clock.ts';
import { AppError } from '../http/errors.ts';
import { audit } from '../console/audit.service.ts';
import { faqTopics, faqTopicVersions, type VersionStatus } from './faq.schema.ts';
import {
  bumpIndexVersion,
  dayIn,
  sixMonthsAfter,
  staffNames,
  topicRow,
  versionRow,
  versionRows,
  type TopicRow,
  type VersionRow,
} from './kb.repository.ts';
import {
  contentProblems,
  crossTopicProblems,
  validationFailure,
  type ContentContext,
} from './kb.validation.ts';
import { contentChanges, localKeysOf, type TopicContent } from './topic-content.ts';

export interface KbDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  content: ContentContext;
}

export interface KbActor {
  id: string;
  username: string;
  ip?: string | null;
}

type Staff = { id: string; displayName: string } | null;

export interface TopicVersionView {
  number: number;
  status: VersionStatus;
  content: TopicContent;
  localKeys: string[];
  note: string | null;
  createdBy: Staff;
  createdAt: Date;
  submittedBy: Staff;
  submittedAt: Date | null;
  publishedBy: Staff;
  publishedAt: Date | null;
  rejectedBy: Staff;
  rejectedAt: Date | null;
  rejectReason: string | null;
}

export async function versionView(db: Db | Tx, rows: VersionRow[]): Promise<TopicVersionView[]> {
  const names = await staffNames(
    db,
    rows.flatMap((r) => [r.createdBy, r.submittedBy, r.publishedBy, r.rejectedBy]),
  );
  const who = (id: string | null): Staff => (id ? { id, displayName: names.get(id) ?? '(đã xoá)' } : null);
  return rows.map((r) => ({
    number: r.number,
    status: r.status,
    content: r.content,
    localKeys: localKeysOf(r.content),
    note: r.note,
    createdBy: who(r.createdBy),
    createdAt: r.createdAt,
    submittedBy: who(r.submittedBy),
    submittedAt: r.submittedAt,
    publishedBy: who(r.publishedBy),
    publishedAt: r.publishedAt,
    rejectedBy: who(r.rejectedBy),
    rejectedAt: r.rejectedAt,
    rejectReason: r.rejectReason,
  }));
}

const statusLabels: Record<VersionStatus, string> = {
  draft: 'bản nháp',
  submitted: 'chờ duyệt',
  published: 'đã xuất bản',
  superseded: 'đã thay thế',
};

async function validate(deps: KbDeps, tx: Tx, id: string, content: TopicContent): Promise<void> {
  const problems = [
    ...contentProblems(id, content, deps.content),
    ...(await crossTopicProblems(tx, id, content)),
  ];
  if (problems.length) throw validationFailure(problems);
}

async function lockedTopic(tx: Tx, id: string): Promise<TopicRow> {
  const row = await topicRow(tx, id, true);
  if (!row) throw new AppError('not_found', `faq topic ${id}`, 'Không tìm thấy chủ đề hỏi đáp này.');
  return row;
}

function record(
  deps: KbDeps,
  tx: Tx,
  actor: KbActor,
  action: string,
  id: string,
  details: Record<string, unknown>,
) {
  return audit(
    { db: tx, clock: deps.clock },
    {
      action,
      staff: { id: actor.id, username: actor.username },
      ip: actor.ip ?? null,
      targetType: 'faq_topic',
      targetId: id,
      details,
    },
  );
}

/** A new topic, draft version 1. */
export async function createTopic(
  deps: KbDeps,
  actor: KbActor,
  input: { id: string; content: TopicContent; note?: string | undefined },
  tx?: Tx,
): Promise<{ topicId: string; version: VersionRow }> {
  const run = async (t: Tx) => {
    if (await topicRow(t, input.id, true))
      throw new AppError('conflict', 'topic exists', `Đã có chủ đề với mã “${input.id}”. Hãy chọn mã khác.`);
    await validate(deps, t, input.id, input.content);
    const now = deps.clock.now();
    await t.insert(faqTopics).values({
      id: input.id,
      latestVersion: 1,
      publishedVersion: null,
      lastReviewedAt: null,
      reviewBy: sixMonthsAfter(dayIn(now, deps.timeZone)),
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.id,
    });
    const [version] = await t
      .insert(faqTopicVersions)
      .values({
        topicId: input.id,
        number: 1,
        status: 'draft',
        content: input.content,
        note: input.note ?? null,
        createdBy: actor.id,
        createdAt: now,
      })
      .returning();
    await record(deps, t, actor, 'faq.topic.create', input.id, { version: 1 });
    return { topicId: input.id, version: version! };
  };
  return tx ? run(tx) : deps.db.transaction(run);
}

/**
 * A new draft version on top of `baseVersion`. The topic row is locked, so of two editors saving on the same base the
 * second finds the latest moved and gets a 409: nothing of theirs is written, nothing of the first is lost.
 */
export async function saveDraft(
  deps: KbDeps,
  actor: KbActor,
  id: string,
  input: { baseVersion: number; content: TopicContent; note?: string | undefined; action?: string },
  tx?: Tx,
): Promise<VersionRow> {
  const run = async (t: Tx) => {
    const topic = await lockedTopic(t, id);
    if (topic.latestVersion !== input.baseVersion) {
      const latest = (await versionRow(t, id, topic.latestVersion))!;
      const names = await staffNames(t, [latest.createdBy]);
      const who = latest.createdBy ? (names.get(latest.createdBy) ?? 'một người khác') : 'bản nhập từ tệp';
      const at = new Intl.DateTimeFormat('vi-VN', {
        timeZone: deps.timeZone,
        hour: '2-digit',
        minute: '2-digit',
        day: '2-digit',
        month: '2-digit',
      }).format(latest.createdAt);
      throw new AppError(
        'conflict',
        `stale base ${input.baseVersion} < ${topic.latestVersion}`,
        `Chủ đề này vừa được ${who} lưu thành phiên bản ${topic.latestVersion} lúc ${at} trong khi bạn đang sửa (bạn sửa từ phiên bản ${input.baseVersion}). Nội dung của bạn chưa được lưu: hãy mở phiên bản mới nhất, so sánh và sửa lại.`,
        {
          latestVersion: topic.latestVersion,
          savedBy: latest.createdBy
            ? { id: latest.createdBy, displayName: names.get(latest.createdBy) ?? '' }
            : null,
          savedAt: latest.createdAt,
        },
      );
    }
    await validate(deps, t, id, input.content);
    const now = deps.clock.now();
    // An unpublished draft or submission this one replaces is superseded; the published version stays live.
    await t
      .update(faqTopicVersions)
      .set({ status: 'superseded' })
      .where(and(eq(faqTopicVersions.topicId, id), inArray(faqTopicVersions.status, ['draft', 'submitted'])));
    const number = topic.latestVersion + 1;
    const [version] = await t
      .insert(faqTopicVersions)
      .values({
        topicId: id,
        number,
        status: 'draft',
        content: input.content,
        note: input.note ?? null,
        createdBy: actor.id,
        createdAt: now,
      })
      .returning();
    await t
      .update(faqTopics)
      .set({ latestVersion: number, updatedAt: now, updatedBy: actor.id })
      .where(eq(faqTopics.id, id));
    await record(deps, t, actor, input.action ?? 'faq.topic.save', id, {
      version: number,
      base: input.baseVersion,
    });
    return version!;
  };
  return tx ? run(tx) : deps.db.transaction(run);
}

/** The latest version, which must be the one the person acted on and in one of the given states. */
async function latestIn(t: Tx, topic: TopicRow, version: number, states: VersionStatus[], verb: string) {
  const row = (await versionRow(t, topic.id, topic.latestVersion))!;
  if (version !== topic.latestVersion)
    throw new AppError(
      'conflict',
      `not latest ${version} ${topic.latestVersion}`,
      `Không thể ${verb} phiên bản ${version}: chủ đề đã có phiên bản mới hơn (${topic.latestVersion}). Hãy tải lại trang.`,
      { latestVersion: topic.latestVersion },
    );
  if (!states.includes(row.status))
    throw new AppError(
      'conflict',
      `bad state ${row.status}`,
      `Không thể ${verb} phiên bản đang ở trạng thái “${statusLabels[row.status]}”.`,
      { status: row.status },
    );
  return row;
}

export async function submitVersion(
  deps: KbDeps,
  actor: KbActor,
  id: string,
  version: number,
): Promise<VersionRow> {
  return deps.db.transaction(async (t) => {
    const topic = await lockedTopic(t, id);
    const row = await latestIn(t, topic, version, ['draft'], 'gửi duyệt');
    await validate(deps, t, id, row.content);
    const [updated] = await t
      .update(faqTopicVersions)
      .set({
        status: 'submitted',
        submittedBy: actor.id,
        submittedAt: deps.clock.now(),
        rejectedBy: null,
        rejectedAt: null,
        rejectReason: null,
      })
      .where(eq(faqTopicVersions.id, row.id))
      .returning();
    await record(deps, t, actor, 'faq.topic.submit', id, { version });
    return updated!;
  });
}

export async function rejectVersion(
  deps: KbDeps,
  actor: KbActor,
  id: string,
  version: number,
  reason: string,
): Promise<VersionRow> {
  return deps.db.transaction(async (t) => {
    const topic = await lockedTopic(t, id);
    const row = await latestIn(t, topic, version, ['submitted'], 'từ chối');
    const [updated] = await t
      .update(faqTopicVersions)
      .set({ status: 'draft', rejectedBy: actor.id, rejectedAt: deps.clock.now(), rejectReason: reason })
      .where(eq(faqTopicVersions.id, row.id))
      .returning();
    await record(deps, t, actor, 'faq.topic.reject', id, { version, reason });
    return updated!;
  });
}

/**
 * Publishing needs a second person: whoever wrote or submitted the version may not publish it (the broadcasts'
 * four-eyes rule). The index version moves in the same transaction, so every instance rebuilds.
 */
export async function publishVersion(
  deps: KbDeps,
  actor: KbActor,
  id: string,
  version: number,
): Promise<VersionRow> {
  return deps.db.transaction(async (t) => {
    const topic = await lockedTopic(t, id);
    const row = await latestIn(t, topic, version, ['submitted'], 'xuất bản');
    if (row.createdBy === actor.id || row.submittedBy === actor.id)
      throw new AppError(
        'forbidden',
        'own version',
        'Bạn không thể tự duyệt phiên bản do mình soạn hoặc gửi duyệt.',
      );
    await validate(deps, t, id, row.content);
    const now = deps.clock.now();
    await t
      .update(faqTopicVersions)
      .set({ status: 'superseded' })
      .where(and(eq(faqTopicVersions.topicId, id), eq(faqTopicVersions.status, 'published')));
    const [updated] = await t
      .update(faqTopicVersions)
      .set({ status: 'published', publishedBy: actor.id, publishedAt: now })
      .where(eq(faqTopicVersions.id, row.id))
      .returning();
    await t.update(faqTopics).set({ publishedVersion: version, updatedAt: now }).where(eq(faqTopics.id, id));
    const indexVersion = await bumpIndexVersion(t, now);
    await record(deps, t, actor, 'faq.topic.publish', id, { version, indexVersion });
    return updated!;
  });
}

/** An old version's content as a new draft (same checks as a save: a variant taken since is refused). */
export async function restoreVersion(
  deps: KbDeps,
  actor: KbActor,
  id: string,
  number: number,
  baseVersion: number,
): Promise<VersionRow> {
  return deps.db.transaction(async (t) => {
    const old = await versionRow(t, id, number);
    if (!old) throw new AppError('not_found', 'no version', `Chủ đề không có phiên bản ${number}.`);
    return saveDraft(
      deps,
      actor,
      id,
      {
        baseVersion,
        content: old.content,
        note: `Khôi phục phiên bản ${number}`,
        action: 'faq.topic.restore',
      },
      t,
    );
  });
}

/** A person's review: reviewed today, next review in six months. Never called by an import. */
export async function reviewTopic(deps: KbDeps, actor: KbActor, id: string): Promise<TopicRow> {
  return deps.db.transaction(async (t) => {
    await lockedTopic(t, id);
    const now = deps.clock.now();
    const today = dayIn(now, deps.timeZone);
    const [row] = await t
      .update(faqTopics)
      .set({ lastReviewedAt: today, lastReviewedBy: actor.id, reviewBy: sixMonthsAfter(today) })
      .where(eq(faqTopics.id, id))
      .returning();
    await record(deps, t, actor, 'faq.topic.review', id, { reviewedAt: today, reviewBy: row!.reviewBy });
    return row!;
  });
}

/** Every version, newest first, each with its changes against the one before. */
export async function topicVersions(deps: KbDeps, id: string) {
  if (!(await topicRow(deps.db, id)))
    throw new AppError('not_found', `faq topic ${id}`, 'Không tìm thấy chủ đề hỏi đáp này.');
  const rows = await versionRows(deps.db, id);
  const views = await versionView(deps.db, rows);
  return views
    .map((v, i) => ({ ...v, changes: contentChanges(rows[i - 1]?.content, rows[i]!.content) }))
    .reverse();
}
