// Which drivers the server can run (GET /api/drivers): the seed's own language, Python, comes first
// wherever CPython is there.
import { useEffect, useState } from 'react';
import type { Driver } from '@forkscope/protocol';
import { listDrivers } from '../net/rest-client.js';

/** The drivers the server has, or null until it answered (or if it could not). */
export function useAvailableDrivers(): ReadonlySet<Driver> | null {
  const [drivers, setDrivers] = useState<ReadonlySet<Driver> | null>(null);
  useEffect(() => {
    let cancelled = false;
    listDrivers().then(
      (list) => !cancelled && setDrivers(new Set(list.filter((d) => d.available).map((d) => d.id))),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return drivers;
}

/** The driver a scenario opens with: python when the server has it and the scenario has a python program. */
export function preferredDriver(drivers: readonly Driver[], available: ReadonlySet<Driver> | null): Driver {
  if (available?.has('python') && drivers.includes('python')) return 'python';
  return drivers.find((d) => d !== 'python') ?? drivers[0] ?? 'node';
}
