// Lane order: the Process tree, depth first. Children sit under the parent that started them (not the
// one the kernel re-parented them to, so an orphan stays where it was born), siblings by spawn time,
// discovered processes (found by the kernel sampler, never reported by a parent) after their reported
// siblings. Processes whose parent is not part of the run are roots: the run's root first, then the
// rest by spawn time.

import type { ProcessModel } from './model.js';

export interface LaneTree {
  laneOrder: number[];
  /** Depth per pid, root = 0. */
  depths: Map<number, number>;
}

function bySpawn(a: ProcessModel, b: ProcessModel): number {
  if (Boolean(a.discovered) !== Boolean(b.discovered)) return a.discovered ? 1 : -1;
  return a.spawnedAt - b.spawnedAt || a.pid - b.pid;
}

export function orderLanes(processes: Readonly<Record<number, ProcessModel>>, rootPid: number | null): LaneTree {
  const all = Object.values(processes);
  const children = new Map<number, ProcessModel[]>();
  const roots: ProcessModel[] = [];
  for (const p of all) {
    const parent = p.ppid !== p.pid ? processes[p.ppid] : undefined;
    if (!parent) {
      roots.push(p);
      continue;
    }
    const list = children.get(parent.pid);
    if (list) list.push(p);
    else children.set(parent.pid, [p]);
  }
  roots.sort((a, b) => (a.pid === rootPid ? -1 : b.pid === rootPid ? 1 : bySpawn(a, b)));
  for (const list of children.values()) list.sort(bySpawn);

  const laneOrder: number[] = [];
  const depths = new Map<number, number>();
  // Iterative DFS: a 200-deep chain must not blow the stack, and a ppid cycle must not loop.
  const visit = (start: ProcessModel): void => {
    const stack: [ProcessModel, number][] = [[start, 0]];
    while (stack.length > 0) {
      const [p, depth] = stack.pop() as [ProcessModel, number];
      if (depths.has(p.pid)) continue;
      depths.set(p.pid, depth);
      laneOrder.push(p.pid);
      const kids = children.get(p.pid);
      if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i] as ProcessModel, depth + 1]);
    }
  };
  for (const root of roots) visit(root);
  // Only a ppid cycle (which real runs cannot produce) leaves anything unvisited.
  for (const p of all.sort(bySpawn)) visit(p);
  return { laneOrder, depths };
}
