import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.ts';
import { activeCommune, areaNameSql, isActiveCommuneSql } from '../areas/areas.api.ts';
import { currentAreaSql, searchCommunes } from '../areas/areas.service.ts';
import { normaliseCommand } from '../chat/command-text.ts';
import type { ChatContext, ChatFeature } from '../chat/chat.types.ts';
import type { MessageButton } from '../zalo/zalo.port.ts';
import { followers } from './followers.schema.ts';
import { markCommuneAsked, setCommune } from './followers.service.ts';

/**
 * The follower's commune in chat: asked once after a follow (quick replies with the communes most followers gave,
 * and "Bỏ qua"), typed by name with or without diacritics ("phu loi" → Phường Phú Lợi), changed any time with
 * "đổi xã". Nothing is guessed: a follower who skips or is never matched keeps no commune (shown as "chưa rõ").
 * The step lives in the conversation state (`ctx.state.commune`), so it survives between turns.
 */

interface CommuneState {
  step: 'ask' | 'pick';
  candidates?: string[];
  /** Replies that matched no commune; after two the question is dropped and the text goes on (e.g. "khảo sát"). */
  misses?: number;
}

const CHANGE = new Set(['doi xa', 'doi phuong', 'doi xa phuong', 'cap nhat xa', '#xa', 'change commune']);
const SKIP = new Set(['bo qua', 'skip', '#xa bo qua', 'khong', 'thoi']);
/** Quick replies besides "Bỏ qua": Zalo shows a few buttons well; the rest is typed. */
const SUGGESTIONS = 4;
/** A reply longer than this while the question is open is a question of its own, not a commune name. */
const MAX_NAME_WORDS = 6;
const SELECT = /^#xa\s+([a-z0-9-]+)$/;

const button = (title: string, payload: string): MessageButton => ({ title, type: 'oa.query.hide', payload });

export function communeChat(deps: { db: Db }): {
  feature: ChatFeature;
  /** Runs after the follow greeting: asks the commune once, if the follower has none. */
  onFollow(ctx: ChatContext): Promise<void>;
} {
  const { db } = deps;

  async function ask(ctx: ChatContext, key: 'ask' | 'askAgain'): Promise<void> {
    ctx.state.commune = { step: 'ask' } satisfies CommuneState;
    const top = await commonCommunes(db, SUGGESTIONS);
    ctx.reply({
      type: 'text',
      text: ctx.t(`commune.${key}`),
      buttons: [
        ...top.map((c) => button(c.name, `#xa ${c.code}`)),
        button(ctx.t('commune.skipButton'), '#xa bo qua'),
      ],
    });
  }

  async function choose(ctx: ChatContext, c: { code: string; name: string }): Promise<void> {
    delete ctx.state.commune;
    await setCommune(db, ctx.follower.id, c.code);
    ctx.follower.areaCode = c.code;
    ctx.reply({ type: 'text', text: ctx.t('commune.saved', { name: c.name }) });
  }

  async function onAnswer(ctx: ChatContext, st: CommuneState, cmd: string, next: () => Promise<void>) {
    if (SKIP.has(cmd) || cmd === normaliseCommand(ctx.t('commune.skipButton'))) {
      delete ctx.state.commune;
      ctx.reply({ type: 'text', text: ctx.t('commune.skipped') });
      return;
    }
    if (st.step === 'pick' && /^\d+$/.test(cmd)) {
      const code = st.candidates?.[Number(cmd) - 1];
      const found = code ? await activeCommune(db, code) : undefined;
      if (found) return choose(ctx, found);
    }
    const matches = await searchCommunes(db, ctx.text);
    if (matches.length === 1) return choose(ctx, matches[0]!);
    if (matches.length === 0) {
      // Not a commune and long enough to be a question: leave the question open and let the other features answer.
      if (cmd.split(' ').length > MAX_NAME_WORDS) return next();
      // A second miss in a row: the citizen is doing something else; stop asking (they can type "đổi xã" later).
      if ((st.misses ?? 0) >= 1) {
        delete ctx.state.commune;
        return next();
      }
      ctx.state.commune = { ...st, misses: (st.misses ?? 0) + 1 } satisfies CommuneState;
      ctx.reply({
        type: 'text',
        text: ctx.t('commune.notFound', { text: ctx.text.slice(0, 60) }),
        buttons: [button(ctx.t('commune.skipButton'), '#xa bo qua')],
      });
      return;
    }
    const shown = matches.slice(0, 9);
    ctx.state.commune = { step: 'pick', candidates: shown.map((m) => m.code) } satisfies CommuneState;
    ctx.reply({
      type: 'text',
      text: `${ctx.t('commune.pick')}\n${shown.map((m, i) => `${i + 1}. ${m.name}`).join('\n')}`,
    });
  }

  const feature: ChatFeature = {
    name: 'follower-commune',
    async handle(ctx, next) {
      const cmd = normaliseCommand(ctx.text);
      const selected = SELECT.exec(cmd);
      if (selected && selected[1] !== 'bo') {
        const found = await activeCommune(db, selected[1]!);
        if (found) return choose(ctx, found);
        return ask(ctx, 'askAgain');
      }
      if (CHANGE.has(cmd)) return ask(ctx, 'askAgain');
      const st = ctx.state.commune as CommuneState | undefined;
      if (!st && cmd !== '#xa bo qua') return next();
      return onAnswer(ctx, st ?? { step: 'ask' }, cmd, next);
    },
  };

  return {
    feature,
    async onFollow(ctx) {
      if (ctx.follower.areaCode) return;
      if (!(await markCommuneAsked(db, ctx.follower.id, ctx.now))) return;
      await ask(ctx, 'ask');
    },
  };
}

/** The current communes most followers gave (old codes counted under their successor); none when nobody gave one. */
export async function commonCommunes(db: Db, limit: number): Promise<{ code: string; name: string }[]> {
  // Counted per stored code first, so the areas lookups run once per code rather than once per follower.
  const rows = await db.execute(sql`
    select c.code, ${areaNameSql(sql`c.code`)} as name from (
      select ${currentAreaSql(sql`g.area_code`)} as code, sum(g.n) as n
      from (select f.area_code, count(*) as n from ${followers} f where f.area_code is not null group by 1) g
      group by 1) c
    where ${isActiveCommuneSql(sql`c.code`)}
    order by c.n desc, name
    limit ${limit}`);
  return rowsOf<{ code: string; name: string }>(rows).map((r) => ({ code: r.code, name: r.name }));
}
