import type { JobDefinition } from '../jobs/job.ts';
import { planDueBroadcast } from './planner.ts';
import { BroadcastSender } from './sender.ts';
import type { SenderDeps } from './broadcasts.deps.ts';

/**
 * One tick: plan every due broadcast (each claimed in the database), then drain deliveries. The schedule only
 * triggers; which instance plans or sends which row is decided by row locks, so many instances may tick at once.
 */
export async function broadcastTick(deps: SenderDeps, sender: BroadcastSender): Promise<void> {
  while (await planDueBroadcast(deps));
  await sender.drain();
}

/** Every minute in the app's time zone; on shutdown the sender starts no new delivery, those in flight finish. */
export function broadcastJob(deps: SenderDeps) {
  const sender = new BroadcastSender(deps);
  return {
    id: 'broadcasts',
    schedule: { cron: '* * * * *', timeZone: deps.config.TZ_APP },
    handler: () => broadcastTick(deps, sender),
    onStop: () => sender.stop(),
  } satisfies JobDefinition;
}
