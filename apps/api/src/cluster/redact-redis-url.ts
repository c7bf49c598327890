/** A Redis URL as it may be shown: without its password. (No client library here: `serve` without Redis loads none.) */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}
