// What `window.__forkscope` offers end-to-end tests. Types only and no imports, so tests/e2e can import
// them without pulling the app into its program.

export interface ForkscopeInspection {
  source: string;
  runId: string | null;
  scenario: string | null;
  /** The model's run status at the playhead (`running` before its end). */
  status: string;
  /** What the run is (store/run-state.ts): phase, its status word, role and the connection. */
  run: { phase: string; status: string; role: string; connection: string; since: number | null; serverPid: number | null };
  applied: number;
  events: number;
  lanes: { pid: number; name: string; ppid: number; depth: number; daemon: boolean; exitCode: number | null; signal: string | null; cause: string | null; badge: string | null }[];
  pids: number[];
  exitBadges: Record<number, string>;
  expectations: { id: string; status: string; seq?: number; detail?: { zh: string; en: string } }[];
  consoleLines: number;
  selectedSeq: number | null;
  breaks: { start: number; end: number }[];
  clock: number;
  duration: number;
  playing: boolean;
  frames: number;
  lanesDrawn: number;
  /** The viewport of the last frame drawn. */
  scale: { pxPerUs: number; originPx: number; breaks: number } | null;
  /** Time (µs) at the plot's left and right edges in the last frame. */
  visible: { from: number; to: number } | null;
}

export interface ForkscopeTestHook {
  idle(): Promise<void>;
  inspect(): ForkscopeInspection;
  /** Where the marker of event `seq` is drawn, in viewport coordinates, or null if it is not on screen. */
  locate(seq: number): { x: number; y: number } | null;
  /** The canvas's labels and badges of the last frame, in viewport coordinates. */
  labelBoxes(): { x: number; y: number; w: number; h: number; what: string }[];
  dropConnection(): void;
  /** The class this page is in (class pages only). */
  classroom?(): ClassInspection;
  /** Sends a message on the page's connection as is (class pages only): what the page never offers, tried. */
  send?(message: unknown): boolean;
}

export interface ClassInspection {
  phase: string;
  code: string | null;
  role: string | null;
  students: number;
  following: boolean;
  answer: string | null;
  question: { id: string; phase: string; answered: number; tallies: Record<string, number> | null; result: { choice: string | null; seq?: number } | null } | null;
  view: { scenario: string | null; runId: string | null; playhead: number | null; selectedSeq: number | null; window: { from: number; to: number } | null } | null;
  ended: string | null;
}
