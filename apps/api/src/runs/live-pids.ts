// Which of a run's processes may take input: announced and not yet exited. Both run managers keep this set
// from the run's events.
import type { ForkscopeEvent } from '@forkscope/protocol';

export function trackLivePids(pids: Set<number>, event: ForkscopeEvent): void {
  switch (event.type) {
    case 'process.spawned':
    case 'process.running':
      pids.add(event.pid);
      break;
    case 'run.started':
      if (event.pid > 0) pids.add(event.pid);
      break;
    case 'process.exited':
      pids.delete(event.pid);
      break;
    case 'run.ended':
      pids.clear();
      break;
  }
}
