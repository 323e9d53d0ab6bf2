import cron from 'node-cron';
import type { Job } from '../app.ts';
import { planDueBroadcast } from './planner.ts';
import { BroadcastSender } from './sender.ts';
import type { SenderDeps } from './broadcasts.deps.ts';

/**
 * One tick: plan every due broadcast (each claimed in the database), then drain deliveries. node-cron only
 * triggers; which instance plans or sends which row is decided by row locks, so many instances may tick at once.
 */
export async function broadcastTick(deps: SenderDeps, sender: BroadcastSender): Promise<void> {
  while (await planDueBroadcast(deps));
  await sender.drain();
}

export function broadcastJob(deps: SenderDeps): Job {
  const sender = new BroadcastSender(deps);
  let task: ReturnType<typeof cron.schedule> | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return; // the previous tick is still draining; the next one picks up what is left
    running = broadcastTick(deps, sender)
      .catch((err: unknown) => deps.logger.error({ err }, 'broadcast tick failed'))
      .finally(() => (running = undefined));
  };
  return {
    name: 'broadcasts',
    start() {
      task = cron.schedule('* * * * *', tick, { timezone: deps.config.TZ_APP });
    },
    async stop() {
      await task?.stop();
      sender.stop();
      await running;
    },
  };
}
