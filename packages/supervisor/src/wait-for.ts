// Polls a condition until it holds or a deadline passes — the supervisor's only way of waiting on the kernel.

/** Resolves true as soon as `condition()` holds, false once `timeoutMs` passed without it. */
export async function waitFor(condition: () => boolean, timeoutMs: number, intervalMs = 5): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
