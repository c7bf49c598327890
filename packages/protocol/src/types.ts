// The forkscope event protocol, version 1 — the reference table of DESIGN §4, in code: one TypeBox
// schema per event type (`EVENT_FIELDS` below). The TypeScript types, the validators of events and trace
// records, and the JSON Schema a route can declare all come from this table. To add an event type, add
// its fields here (see the package README).
//
// Every event is a fact, stamped where it happened. Meaning (why a process ended, what a lane looks
// like) is derived later by the reducer. Rules: add fields and types as needed; never reuse a name
// with a new meaning; readers ignore unknown types and unknown extra fields.
//
// Browser-safe: this package imports nothing from Node (see ./tsconfig.json).

import type { Static, TLiteral, TObject, TProperties, TSchema, TUnion } from '@sinclair/typebox';
// The builders one by one (not the `Type` object of the package root), so a bundle keeps only those used.
import * as Type from '@sinclair/typebox/type';
import { MAX_PROGRAM_BYTES } from './limits.js';

export const PROTOCOL_VERSION = 1;

// ── field schemas (each `description` is what a validation message says was expected) ───────────────

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A union of string literals, described as `one of "a", "b"`. */
function oneOf<const V extends string>(values: readonly V[]): TUnion<TLiteral<V>[]> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    { description: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}` },
  );
}

/** `schema` or null, described as `<schema's description> or null`. */
export function orNull<T extends TSchema>(schema: T): TUnion<[T, ReturnType<typeof Type.Null>]> {
  return Type.Union([schema, Type.Null()], { description: `${String(schema.description)} or null` });
}

export const StringSchema = Type.String({ description: 'a string' });
export const BooleanSchema = Type.Boolean({ description: 'a boolean' });
export const IntegerSchema = Type.Integer({ minimum: -MAX_SAFE, maximum: MAX_SAFE, description: 'an integer' });
export const CountSchema = Type.Integer({ minimum: 0, maximum: MAX_SAFE, description: 'a non-negative integer' });
export const FiniteSchema = Type.Number({ description: 'a finite number' });
export const PidSchema = Type.Integer({ minimum: 0, maximum: MAX_SAFE, description: 'a pid (a non-negative integer)' });
export const PortSchema = Type.Integer({ minimum: 0, maximum: 65535, description: 'a port number (0–65535)' });
export const ObjectSchema = Type.Record(Type.String(), Type.Unknown(), { description: 'an object' });
export const StringsSchema = Type.Array(Type.String(), { description: 'an array of strings' });

/** Signal names the protocol uses for `signal` fields. */
export type SignalName = `SIG${string}`;
export const SignalNameSchema = Type.Unsafe<SignalName>(Type.String({ pattern: '^SIG[A-Z0-9+]+$', description: 'a signal name such as "SIGTERM"' }));

export const ContainmentSchema = oneOf(['cgroup', 'process-group'] as const);
export const DriverSchema = oneOf(['node', 'python'] as const);
export const RunStatusSchema = oneOf(['completed', 'cancelled', 'timeout', 'limit', 'failed'] as const);
export const KernelStateSchema = oneOf(['R', 'S', 'D', 'Z', 'T', 'I', 'X'] as const);
export const OutputStreamSchema = oneOf(['stdout', 'stderr'] as const);

/**
 * Where a fact came from, so a reader can tell a process's word from the kernel's: `process` (the process
 * reported it about itself, or about what it sent), `supervisor` (what the supervisor itself did),
 * `sampler` (the supervisor read it from /proc), `kernel` (a kernel event source: the netlink process-events
 * connector, or the `signal:signal_generate` tracepoint through bpftrace).
 */
export const FactSourceSchema = oneOf(['process', 'supervisor', 'sampler', 'kernel'] as const);
/** What the kernel did with a signal when it was generated (the tracepoint's `result`). */
export const SignalResultSchema = oneOf(['delivered', 'ignored', 'pending', 'overflow', 'lost-info'] as const);
/** How it was sent (`si_code`): kill(2) (`user`), by the kernel itself, tgkill(2), sigqueue(3), or another way. */
export const SignalCodeSchema = oneOf(['user', 'kernel', 'tkill', 'queue', 'other'] as const);
export const FdKindSchema = oneOf(['pipe', 'socket', 'file', 'tty', 'device', 'anon', 'other'] as const);
/** forkscope's own descriptors, inherited by every process of a run: not the program's. */
export const FdRoleSchema = oneOf(['trace', 'run-output'] as const);

export type Containment = Static<typeof ContainmentSchema>;
export type FactSource = Static<typeof FactSourceSchema>;
export type SignalResult = Static<typeof SignalResultSchema>;
export type SignalCode = Static<typeof SignalCodeSchema>;
export type FdKind = Static<typeof FdKindSchema>;
export type FdRole = Static<typeof FdRoleSchema>;
/** The language a run's program is written in. */
export type Driver = Static<typeof DriverSchema>;
export type RunStatus = Static<typeof RunStatusSchema>;
export type KernelState = Static<typeof KernelStateSchema>;
export type OutputStream = Static<typeof OutputStreamSchema>;

export const RunLimitsSchema = Type.Object(
  {
    /** Wall-time limit of the run, ms. */
    wallMs: FiniteSchema,
    /** Maximum tasks (processes and threads) in the containment unit. */
    tasks: FiniteSchema,
    /** Memory limit of the whole run, bytes; null where no controller exists. */
    memoryBytes: orNull(FiniteSchema),
    /** Output bytes forwarded per run before `output.truncated`. */
    outputBytes: FiniteSchema,
    /** CPU seconds per process (RLIMIT_CPU). */
    cpuSeconds: FiniteSchema,
  },
  { description: 'run limits {wallMs, tasks, memoryBytes, outputBytes, cpuSeconds}' },
);
export type RunLimits = Static<typeof RunLimitsSchema>;

/** The program of an edited run: its text, at most MAX_PROGRAM_BYTES of UTF-8. */
export const EditedProgramSchema = Type.Object(
  { source: Type.String({ maxLength: MAX_PROGRAM_BYTES, description: `a program of at most ${MAX_PROGRAM_BYTES} bytes` }) },
  { description: 'an edited program {source}' },
);
export type EditedProgram = Static<typeof EditedProgramSchema>;

/** Most descriptors one `process.fds` lists; the rest are counted in `more`. */
export const MAX_LISTED_FDS = 64;

export const FdSchema = Type.Object(
  {
    fd: CountSchema,
    kind: FdKindSchema,
    /** What it refers to, as the kernel names it: `pipe:[1234]`, `socket:[5678]`, `/dev/pts/0`, a path (at most 200 characters). */
    name: Type.String({ maxLength: 200, description: 'a string of at most 200 characters' }),
    /** True when the parent holds a descriptor to the same inode (it was inherited, or both opened it). */
    shared: BooleanSchema,
    /** For a listening TCP socket: its port. */
    listening: Type.Optional(PortSchema),
    /** forkscope's own descriptor (the trace channel, the run's output), inherited from the run's launcher: not the program's. */
    role: Type.Optional(FdRoleSchema),
  },
  { description: 'a descriptor {fd, kind, name, shared, listening?, role?}' },
);
export type FdInfo = Static<typeof FdSchema>;

const BytesSchema = Type.Integer({ minimum: 0, maximum: MAX_SAFE, description: 'a number of bytes (a non-negative integer)' });

// ── the event types ─────────────────────────────────────────────────────────────────────────────────

/**
 * Each event type's own fields, beyond the ones every event carries (`seq`, `t`, `pid`, `type`). Optional
 * fields (`Type.Optional`) come after the required ones. The one place to add an event type.
 */
export const EVENT_FIELDS = {
  'run.started': {
    runId: StringSchema,
    scenario: orNull(StringSchema),
    params: ObjectSchema,
    driver: DriverSchema,
    containment: ContainmentSchema,
    limits: RunLimitsSchema,
    /** Human-readable caveats, e.g. that setsid escapees are possible under `process-group`. */
    warnings: StringsSchema,
    /**
     * Set when the run is a learner's own version of the lesson: the program text that ran (in a sandbox, so
     * pids are those of the sandbox's own pid namespace, where the run's reaper is pid 1).
     */
    edit: Type.Optional(EditedProgramSchema),
  },
  'process.spawned': {
    ppid: PidSchema,
    name: StringSchema,
    daemon: BooleanSchema,
    /** The target's name (function or class), or null. */
    target: orNull(StringSchema),
    /** True when the kernel sampler found the process without it reporting itself. */
    discovered: Type.Optional(BooleanSchema),
    /** Command line, for discovered processes. */
    command: Type.Optional(StringSchema),
  },
  /**
   * A node-driver process started a spare child ahead of time (a standby: a Node runtime that has loaded the
   * program, waiting for a target), so that a later `start()` runs its child at once instead of after a Node
   * start-up. It is not yet a process of the story: it becomes one at the `process.spawned` its parent emits
   * when a `start()` hands it a target, and an unused one exits quietly when its parent's own code ends.
   * Readers that draw the timeline ignore it; `t` is when the OS process was created.
   */
  'process.standby': { ppid: PidSchema },
  'process.running': { ppid: PidSchema, name: StringSchema },
  'process.output': {
    stream: OutputStreamSchema,
    text: StringSchema,
    /** True when the text came from the run's raw stdout/stderr rather than from the process's own tracer. */
    untraced: Type.Optional(BooleanSchema),
    /** True when several writes were merged because a reader fell behind. */
    coalesced: Type.Optional(BooleanSchema),
  },
  'process.joining': {
    /** pid of the process being waited for. */
    target: PidSchema,
    timeoutMs: orNull(FiniteSchema),
  },
  'process.joined': { target: PidSchema, timedOut: BooleanSchema },
  'process.terminating': { target: PidSchema, signal: SignalNameSchema },
  'process.alive-checked': { target: PidSchema, alive: BooleanSchema },
  'process.main-ended': {},
  'process.daemon-killed': {
    /** pid of the parent that sent SIGTERM at the end of its own code. */
    by: PidSchema,
  },
  'process.error': {
    errorType: StringSchema,
    message: StringSchema,
    stack: StringSchema,
    /** Stable error code, when the error is one of forkscope's own. */
    code: Type.Optional(StringSchema),
  },
  'process.exited': {
    /** Python-style exit code: 0, 1, N, or −N for signal N; null if nobody could observe it. */
    exitCode: orNull(IntegerSchema),
    /** Name of the signal that ended it, or null. */
    signal: orNull(SignalNameSchema),
    /**
     * pid of the process that reaped it: its parent, or the run's reaper (for the root, and for an orphan
     * re-parented to the reaper); the supervisor's pid for a root it started itself (no reaper); 0 when only
     * the kernel sampler saw it go (init reaped it, the code is unknown).
     */
    reapedBy: PidSchema,
  },
  'process.state': { state: KernelStateSchema, ppid: PidSchema },
  'process.reparented': {
    from: PidSchema,
    to: PidSchema,
    /**
     * True when `to` is the run's own reaper: a child subreaper (PR_SET_CHILD_SUBREAPER) that is the root's
     * parent, so an orphan of the run goes to it rather than to init, and its exit status is collected.
     */
    reaper: Type.Optional(BooleanSchema),
  },
  'process.var': { name: StringSchema, value: Type.Unknown({ description: 'present' }) },
  'process.input': {
    /** A line a user sent to the process's stdin. */
    text: StringSchema,
  },
  'net.listening': { port: PortSchema },
  'net.accepted': {
    port: PortSchema,
    /** Peer address as `host:port`. */
    peer: StringSchema,
  },
  'net.connected': { port: PortSchema, peer: StringSchema },
  'net.closed': { port: PortSchema, peer: StringSchema },
  'output.truncated': { droppedBytes: CountSchema },
  /**
   * Which kernel sources this run's facts come from, as the machine offered them when the run started. `pid`
   * is 0. Signals: `kernel` (the `signal:signal_generate` tracepoint through bpftrace) or `report` (only the
   * senders' own reports). Exits: `kernel` (the netlink process-events connector) or `sampler` (/proc only).
   */
  'run.sources': {
    signals: oneOf(['kernel', 'report'] as const),
    exits: oneOf(['kernel', 'sampler'] as const),
    /** One sentence per source that is off, saying why (not installed, no privilege, …). */
    notes: StringsSchema,
  },
  /**
   * A signal was sent to `pid` (the target). From the kernel (`source: "kernel"`, the signal_generate
   * tracepoint: every signal, who sent it and what became of it) or from the supervisor's own report of the
   * signals it sends when it ends a run (`source: "supervisor"`). A process's own report of what it sends is
   * `process.terminating` / `process.daemon-killed`.
   */
  'process.signalled': {
    /** pid of the sender: a process of the run, the supervisor, or another process; 0 when the kernel sent it on its own. */
    by: PidSchema,
    signal: SignalNameSchema,
    source: FactSourceSchema,
    /** For the supervisor's signals: why it sent it (the run's end reason: `cancel`, `wall`, `tasks`…). */
    reason: Type.Optional(StringSchema),
    /** What the kernel did with it (kernel source only). */
    result: Type.Optional(SignalResultSchema),
    /** How it was sent (kernel source only). */
    code: Type.Optional(SignalCodeSchema),
    /** The sender's command name as the kernel knows it (kernel source only). */
    byName: Type.Optional(StringSchema),
  },
  /**
   * The process ended (the kernel's exit event): from here until its parent reaps it (`process.exited`), it is
   * a zombie. Its status is final: `exitCode` Python-style, as its reaper will see it.
   */
  'process.died': {
    exitCode: orNull(IntegerSchema),
    signal: orNull(SignalNameSchema),
    /** Its parent when it died: the process that must reap it. */
    ppid: PidSchema,
    source: FactSourceSchema,
  },
  /**
   * The process's open descriptors, read from /proc/<pid>/fd soon after it started running, each compared with
   * its parent's (same inode: `shared`).
   */
  'process.fds': {
    fds: Type.Array(FdSchema, { maxItems: MAX_LISTED_FDS, description: `an array of at most ${MAX_LISTED_FDS} descriptors` }),
    /** The parent compared with. */
    ppid: PidSchema,
    source: FactSourceSchema,
    /** Descriptors past the listed ones. */
    more: Type.Optional(CountSchema),
  },
  /**
   * The process's memory from /proc/<pid>/smaps_rollup, in bytes. After a fork, parent and child share every
   * page (`shared*`) until one of them writes it: the writer gets its own copy (`privateDirty` grows).
   * `source`: `sampler` (read from outside), or `process` (the process read its own, at a moment that matters:
   * its first instruction, a watched variable's change).
   */
  'process.memory': {
    rss: BytesSchema,
    pss: BytesSchema,
    privateDirty: BytesSchema,
    privateClean: BytesSchema,
    sharedDirty: BytesSchema,
    sharedClean: BytesSchema,
    swap: BytesSchema,
    source: FactSourceSchema,
  },
  'run.ended': {
    status: RunStatusSchema,
    /** Which limit or failure ended the run (`tasks`, `memory`, `wall`, `output`, …), or null. */
    reason: orNull(StringSchema),
    /** Python-style exit code of the run's root process, or null. */
    exitCode: orNull(IntegerSchema),
    /** Processes of the run still alive after it was ended (must be 0). */
    leftovers: CountSchema,
    /** Why a program never started, in words, when it is the program's fault (`reason: 'program'`: a TypeScript error). */
    message: Type.Optional(StringSchema),
  },
} satisfies Record<string, TProperties>;

export type EventType = keyof typeof EVENT_FIELDS;

/** Fields every event carries once the run's collector has accepted it. */
export const EVENT_BASE_FIELDS = {
  /** Gapless arrival order within the run, from 0. */
  seq: CountSchema,
  /** Microseconds since the run started, on the system-wide monotonic clock, taken where it happened. */
  t: FiniteSchema,
  /**
   * The process the event is about or came from. Run-level events (`run.*`) use the pid of the run's
   * root process, or 0 before it exists.
   */
  pid: PidSchema,
};

/** What a process writes on the trace channel instead of `seq` and `t` (see TraceRecord). */
export const TRACE_RECORD_BASE_FIELDS = {
  /** Absolute CLOCK_MONOTONIC time in µs at the moment it happened. */
  tm: Type.Number({ minimum: 0, description: 'a non-negative number of microseconds' }),
  pid: PidSchema,
};

/**
 * Event types a process may not write on the trace channel: only the supervisor starts and ends a run, and
 * only it reads the kernel (signals, exits, descriptors). A process may report its own memory.
 */
export const SUPERVISOR_ONLY_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'run.started',
  'run.ended',
  'run.sources',
  'process.signalled',
  'process.died',
  'process.fds',
]);

type SupervisorOnlyEventType = 'run.started' | 'run.ended' | 'run.sources' | 'process.signalled' | 'process.died' | 'process.fds';

type FieldsOf<K extends EventType> = Extract<(typeof EVENT_FIELDS)[K], TProperties>;
type EventSchemaOf<K extends EventType> = TObject<typeof EVENT_BASE_FIELDS & { type: TLiteral<K> } & FieldsOf<K>>;
type TraceRecordSchemaOf<K extends EventType> = TObject<typeof TRACE_RECORD_BASE_FIELDS & { type: TLiteral<K> } & FieldsOf<K>>;

function schemasOf<B extends TProperties>(base: B, types: readonly EventType[]): Record<string, TObject> {
  const out: Record<string, TObject> = {};
  for (const type of types) out[type] = Type.Object({ ...base, type: Type.Literal(type), ...EVENT_FIELDS[type] }) as TObject;
  return out;
}

const EVENT_TYPES = Object.keys(EVENT_FIELDS) as EventType[];

/** The schema of each event type, as the collector emits it. Extra fields are allowed: the protocol grows by adding fields. */
export const EVENT_SCHEMAS = schemasOf(EVENT_BASE_FIELDS, EVENT_TYPES) as { [K in EventType]: EventSchemaOf<K> };

/** The schema of each record type a process may write on the trace channel. */
export const TRACE_RECORD_SCHEMAS = schemasOf(
  TRACE_RECORD_BASE_FIELDS,
  EVENT_TYPES.filter((type) => !SUPERVISOR_ONLY_EVENT_TYPES.has(type)),
) as { [K in Exclude<EventType, SupervisorOnlyEventType>]: TraceRecordSchemaOf<K> };

type EventByType = { [K in EventType]: Static<EventSchemaOf<K>> };

/** The event of a given type (of each, for a union of types). */
export type EventOf<T extends EventType> = EventByType[T];

export type ForkscopeEvent = EventByType[EventType];

/** Any event (JSON Schema `anyOf` the event schemas), e.g. for a route that returns events. */
export const ForkscopeEventSchema = Type.Unsafe<ForkscopeEvent>(Type.Union(EVENT_TYPES.map((type) => EVENT_SCHEMAS[type])));

export type EventBase = Static<TObject<typeof EVENT_BASE_FIELDS>>;
export type RunStartedEvent = EventOf<'run.started'>;
export type ProcessSpawnedEvent = EventOf<'process.spawned'>;
export type ProcessStandbyEvent = EventOf<'process.standby'>;
export type ProcessRunningEvent = EventOf<'process.running'>;
export type ProcessOutputEvent = EventOf<'process.output'>;
export type ProcessJoiningEvent = EventOf<'process.joining'>;
export type ProcessJoinedEvent = EventOf<'process.joined'>;
export type ProcessTerminatingEvent = EventOf<'process.terminating'>;
export type ProcessAliveCheckedEvent = EventOf<'process.alive-checked'>;
export type ProcessMainEndedEvent = EventOf<'process.main-ended'>;
export type ProcessDaemonKilledEvent = EventOf<'process.daemon-killed'>;
export type ProcessErrorEvent = EventOf<'process.error'>;
export type ProcessExitedEvent = EventOf<'process.exited'>;
export type ProcessStateEvent = EventOf<'process.state'>;
export type ProcessReparentedEvent = EventOf<'process.reparented'>;
export type ProcessVarEvent = EventOf<'process.var'>;
export type ProcessInputEvent = EventOf<'process.input'>;
export type NetListeningEvent = EventOf<'net.listening'>;
export type NetAcceptedEvent = EventOf<'net.accepted'>;
export type NetConnectedEvent = EventOf<'net.connected'>;
export type NetClosedEvent = EventOf<'net.closed'>;
export type OutputTruncatedEvent = EventOf<'output.truncated'>;
export type RunEndedEvent = EventOf<'run.ended'>;
export type RunSourcesEvent = EventOf<'run.sources'>;
export type ProcessSignalledEvent = EventOf<'process.signalled'>;
export type ProcessDiedEvent = EventOf<'process.died'>;
export type ProcessFdsEvent = EventOf<'process.fds'>;
export type ProcessMemoryEvent = EventOf<'process.memory'>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before the collector numbered it (tests and fixtures build streams from these). */
export type UnsequencedEvent = DistributiveOmit<ForkscopeEvent, 'seq'>;

/**
 * What a traced process writes to the run's trace channel: one JSON object per line, an event without
 * `seq` and `t`, carrying `tm` instead — the absolute CLOCK_MONOTONIC time in microseconds at the moment
 * it happened. The collector turns `tm` into `t` and assigns `seq`.
 */
export type TraceRecord = DistributiveOmit<ForkscopeEvent, 'seq' | 't'> & { tm: number };
