// Run times for people: µs since the run started, as seconds.

/** µs → seconds with `digits` decimals: 142000 → "0.142". */
export function formatSeconds(us: number, digits = 3): string {
  return (us / 1e6).toFixed(digits);
}
