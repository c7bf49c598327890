// The `forkscope` command: a table of subcommands, each `(argv, output) → exit status`.
import { CliError } from './cli-error.js';
import type { CliOutput } from './cli-output.js';
import { terminalText } from './render/terminal-text.js';

type Command = (argv: readonly string[], io: CliOutput) => Promise<number>;

/** Subcommands load on demand, so `list` does not pay for the supervisor or the server. */
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  list: { summary: 'the scenarios, with seed sections and titles', load: async () => (await import('./commands/list-command.js')).listCommand },
  run: { summary: 'run a scenario and watch its processes live', load: async () => (await import('./commands/run-command.js')).runCommand },
  replay: { summary: 'print a recording as run would have', load: async () => (await import('./commands/replay-command.js')).replayCommand },
  // The server's entry (its options are the server's own; see server/serve-options.ts).
  serve: { summary: 'start the web playground', load: async () => (await import('./commands/serve-command.js')).serveCommand },
  recordings: { summary: 'list or prune the server\'s recordings', load: async () => (await import('./commands/recordings-command.js')).recordingsCommand },
  worker: { summary: 'run lessons for servers started with --redis', load: async () => (await import('./commands/worker-command.js')).workerCommand },
};

export const USAGE = `Usage: forkscope <command> [options]
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(8)}${c.summary}`)
  .join('\n')}
Run \`forkscope <command> --help\` for a command's options.`;

export async function runCli(argv: readonly string[], io: CliOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) {
      io.err(USAGE);
      return 2;
    }
    io.out(USAGE);
    return 0;
  }
  try {
    const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!command) throw new CliError('ERR_UNKNOWN_COMMAND', `Command "${name}" does not exist. Use one of: ${Object.keys(commands).join(', ')}`);
    if (rest.includes('--help') || rest.includes('-h')) return await helpFor(name, io);
    return await (await command.load())(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      // One line, whatever the message quotes (a file name, a recording's text).
      io.err(`forkscope: ${terminalText(error.message)}`);
      return error.exitCode;
    }
    io.err(`forkscope: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

async function helpFor(name: string, io: CliOutput): Promise<number> {
  const usage: Record<string, () => Promise<string>> = {
    list: async () => (await import('./commands/list-command.js')).LIST_USAGE,
    run: async () => (await import('./commands/run-options.js')).RUN_USAGE,
    replay: async () => (await import('./commands/replay-command.js')).REPLAY_USAGE,
    serve: async () => (await import('../server/serve-options.js')).SERVE_USAGE,
    recordings: async () => (await import('./commands/recordings-command.js')).RECORDINGS_USAGE,
    worker: async () => (await import('../server/worker-options.js')).WORKER_USAGE,
  };
  io.out(await usage[name]!());
  return 0;
}
