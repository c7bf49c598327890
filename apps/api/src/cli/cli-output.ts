// Where the CLI writes: stdout for what was asked for, stderr for diagnostics. A seam for tests.
import { colorEnabled } from './render/colors.js';

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
  /** Whether stdout may carry colour. */
  color: boolean;
}

export const processOutput: CliOutput = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
  color: colorEnabled(process.stdout),
};
