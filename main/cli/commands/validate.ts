import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import {
  formatIssue,
  MAX_FILE_CHARS,
  parseTopologyText,
  type Issue,
} from '../../../shared/topology/index.js';
import { CliError } from '../errors.js';

/** Where the command writes its report. */
export interface ValidateOutput {
  /** Writes one chunk of the report (lines end with a newline). */
  write(text: string): void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const lines = (label: string, issues: readonly Issue[]) =>
  issues.map((i) => `  ${label} ${formatIssue(i)}\n`).join('');

/**
 * Validates one `*.headroom.json` file and writes a report; returns the exit code (0 valid, 1 invalid).
 * Unreadable files raise a CliError (one line, exit 1), never a stack trace.
 */
export function validateFile(path: string, out: ValidateOutput): number {
  let text: string;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new CliError(`${path} is a folder, not a .headroom.json file`);
    if (stat.size > MAX_FILE_CHARS * 4) throw new CliError(`${path} is too large (${stat.size} bytes)`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new CliError(`cannot read ${path}: ${reason}`);
  }
  const r = parseTopologyText(text);
  if (r.ok) {
    const t = r.topology;
    const scenarios = Object.keys(t.scenarios ?? {}).length;
    out.write(
      `${path}: valid: "${t.name}", ${plural(Object.keys(t.components).length, 'component')}, ` +
        `${plural(scenarios, 'scenario')}, ${plural(r.warnings.length, 'warning')}\n`,
    );
    out.write(lines('warning', r.warnings));
    return 0;
  }
  out.write(
    `${path}: invalid: ${plural(r.errors.length, 'error')}` +
      `${r.warnings.length ? `, ${plural(r.warnings.length, 'warning')}` : ''}\n`,
  );
  out.write(lines('error  ', r.errors));
  out.write(lines('warning', r.warnings));
  return 1;
}

/** Registers `headroom validate <file>`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a .headroom.json file: exit 0 if valid (warnings listed), 1 with every error if not')
    .argument('<file>', 'the topology file')
    .action((file: string) => {
      process.exitCode = validateFile(file, process.stdout);
    });
}
