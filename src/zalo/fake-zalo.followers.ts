// The fake's follower API: getlist (with its paging quirks), user detail and tags.
import { fail, ok, parseJson, type Answer, type FakeZaloState } from './fake-zalo.state.ts';

/** getlist: everyone who interacted, or only followers when `is_follower: true` is in `data`. */
export function followerList(s: FakeZaloState, url: URL): Answer {
  const q = parseJson(Buffer.from(url.searchParams.get('data') ?? '{}')) as {
    offset?: unknown;
    count?: unknown;
    is_follower?: unknown;
  };
  const offset = Number(q?.offset ?? 0);
  const count = Number(q?.count ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(count) || count < 1 || count > 50) {
    return { status: 200, body: fail(-201, 'Invalid parameters: offset/count') };
  }
  const list = q?.is_follower === true || q?.is_follower === 'true' ? s.followers : s.interacted;
  const b = s.behaviour;
  const from = b.listQuirk === 'repeat' ? 0 : offset;
  const stopped = b.listQuirk === 'stop' && offset >= b.listStopAt;
  const users = stopped ? [] : list.slice(from, from + count).map((user_id) => ({ user_id }));
  return { status: 200, body: ok({ total: list.length, count: users.length, offset, users }) };
}

export function userDetail(s: FakeZaloState, url: URL): Answer {
  const q = parseJson(Buffer.from(url.searchParams.get('data') ?? '{}')) as { user_id?: unknown };
  const id = typeof q?.user_id === 'string' ? q.user_id : '';
  const follows = s.followerSet.has(id);
  if (!follows && !s.interacted.includes(id))
    return { status: 200, body: fail(-213, 'User has not followed the OA') };
  const n = s.interacted.indexOf(id) + 1;
  return {
    status: 200,
    body: ok({
      user_id: id,
      user_id_by_app: `app-${id}`,
      display_name: `Người dùng ${follows ? s.followers.indexOf(id) + 1 : n}`,
      avatar: `https://example.invalid/avatar/${n}.jpg`,
      user_is_follower: follows,
      user_last_interaction_date: '02/06/2025',
      tags_and_notes_info: { tag_names: [...(s.tags.get(id) ?? [])], notes: [] },
      shared_info: null,
    }),
  };
}

export function tag(s: FakeZaloState, raw: Buffer, add: boolean): Answer {
  const b = parseJson(raw) as { user_id?: unknown; tag_name?: unknown } | undefined;
  if (typeof b?.user_id !== 'string' || typeof b.tag_name !== 'string' || !b.user_id || !b.tag_name) {
    return { status: 200, body: fail(-201, 'Invalid parameters: user_id/tag_name') };
  }
  const set = s.tags.get(b.user_id) ?? new Set<string>();
  if (add) set.add(b.tag_name);
  else set.delete(b.tag_name);
  s.tags.set(b.user_id, set);
  return { status: 200, body: ok({}) };
}
