// The run clock: CLOCK_MONOTONIC in µs, the same clock traced processes stamp `tm` with.

/** Absolute monotonic time in microseconds (Node's hrtime is CLOCK_MONOTONIC on Linux). */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
