// Join codes are not guessable in practice: a wrong code costs the address that sent it. Each address may
// try `perAddress` wrong codes a minute (a bucket refilled evenly over the minute); an address out of
// tries may not join at all until it has one again (refusing only wrong codes would tell it which ones are
// right). Server-wide, `perServer` wrong codes a minute; past that, only addresses with no wrong code in
// their bucket may try. With the defaults (10 and 300) and 32 classes open, one guess finds a class with
// probability 32 / 31^6 = 3.6e-8: an address needs 5.3 years on average, the whole server's budget 64 days,
// and a class ends after its idle time.

export interface JoinLimitOptions {
  /** Wrong codes one address may try per minute. Default 10. */
  perAddress?: number;
  /** Wrong codes the whole server takes per minute. Default 300. */
  perServer?: number;
  /** Addresses remembered at most (the oldest full buckets go first). Default 10 000. */
  maxAddresses?: number;
}

export type JoinGate = { ok: true } | { ok: false; message: string };

export interface JoinLimiter {
  /** Whether `address` may try a code now. */
  check(address: string, now: number): JoinGate;
  /** `address` tried a code no open class has. */
  failed(address: string, now: number): void;
  readonly options: Required<JoinLimitOptions>;
}

const MINUTE = 60_000;

interface Bucket {
  tokens: number;
  at: number;
}

export function createJoinLimiter(options: JoinLimitOptions = {}): JoinLimiter {
  const resolved: Required<JoinLimitOptions> = { perAddress: 10, perServer: 300, maxAddresses: 10_000, ...options };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`Expected the join limit \`${name}\` to be a positive integer, got \`${value}\``);
  }
  const { perAddress, perServer, maxAddresses } = resolved;
  const addresses = new Map<string, Bucket>();
  const server: Bucket = { tokens: perServer, at: 0 };

  const refill = (b: Bucket, size: number, now: number): number => {
    b.tokens = Math.min(size, b.tokens + ((now - b.at) / MINUTE) * size);
    b.at = now;
    return b.tokens;
  };
  const bucketOf = (address: string, now: number): number => {
    const b = addresses.get(address);
    if (!b) return perAddress;
    const tokens = refill(b, perAddress, now);
    if (tokens >= perAddress) addresses.delete(address);
    return tokens;
  };

  return {
    options: resolved,
    check(address, now) {
      const mine = bucketOf(address, now);
      if (mine < 1) {
        return { ok: false, message: `Too many wrong class codes from this address: at most ${perAddress} a minute; try again in ${Math.ceil(((1 - mine) * MINUTE) / perAddress / 1000)} s` };
      }
      if (refill(server, perServer, now) < 1 && mine < perAddress) {
        return { ok: false, message: `The server has had too many wrong class codes (at most ${perServer} a minute); check the code and try again in a minute` };
      }
      return { ok: true };
    },
    failed(address, now) {
      refill(server, perServer, now);
      server.tokens = Math.max(0, server.tokens - 1);
      let b = addresses.get(address);
      if (!b) {
        if (addresses.size >= maxAddresses) {
          // Forget the first address that has refilled; failing that, the oldest.
          const first = addresses.keys().next().value as string;
          addresses.delete(first);
        }
        b = { tokens: perAddress, at: now };
        addresses.set(address, b);
      }
      refill(b, perAddress, now);
      b.tokens = Math.max(0, b.tokens - 1);
    },
  };
}
