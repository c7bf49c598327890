// What `window.__forkscope` offers end-to-end tests. Types only and no imports, so tests/e2e can import
// them without pulling the app into its program.

export interface ForkscopeInspection {
  source: string;
  runId: string | null;
  scenario: string | null;
  status: string;
  applied: number;
  events: number;
  lanes: { pid: number; name: string; ppid: number; depth: number; daemon: boolean; exitCode: number | null; signal: string | null; cause: string | null; badge: string | null }[];
  pids: number[];
  exitBadges: Record<number, string>;
  expectations: { id: string; status: string; seq?: number }[];
  consoleLines: number;
  selectedSeq: number | null;
  breaks: { start: number; end: number }[];
  clock: number;
  frames: number;
  lanesDrawn: number;
  /** The viewport of the last frame drawn. */
  scale: { pxPerUs: number; originPx: number; breaks: number } | null;
}

export interface ForkscopeTestHook {
  idle(): Promise<void>;
  inspect(): ForkscopeInspection;
  /** Where the marker of event `seq` is drawn, in viewport coordinates, or null if it is not on screen. */
  locate(seq: number): { x: number; y: number } | null;
  dropConnection(): void;
}
