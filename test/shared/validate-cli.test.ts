import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerValidate, validateFile } from '../../main/cli/commands/validate.js';
import { CliError } from '../../main/cli/errors.js';
import { repoPath } from './helpers.js';

const run = (path: string) => {
  let text = '';
  const code = validateFile(path, { write: (s) => (text += s) });
  return { code, text };
};

describe('headroom validate', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('exits 0 with a one-line summary for a valid file', () => {
    const file = repoPath('shared/templates/three-tier-web.headroom.json');
    const { code, text } = run(file);
    expect(code).toBe(0);
    expect(text).toBe(
      `${file}: valid: "3-tier web app with cache and read replicas", 5 components, 4 scenarios, 0 warnings\n`,
    );
  });

  it('lists warnings of a valid file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-validate-'));
    try {
      const file = join(dir, 'w.headroom.json');
      writeFileSync(
        file,
        JSON.stringify({
          schemaVersion: 1,
          name: 'W',
          components: {
            lonely: { kind: 'external', name: 'L', latencyMs: { type: 'constant', valueMs: 1 } },
          },
        }),
      );
      const { code, text } = run(file);
      expect(code).toBe(0);
      expect(text).toBe(
        `${file}: valid: "W", 1 component, 0 scenarios, 1 warning\n  warning components: there is no source component: no traffic enters this topology\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 with every error', () => {
    const file = repoPath('test/fixtures/topology/invalid/bad-values.headroom.json');
    const { code, text } = run(file);
    expect(code).toBe(1);
    expect(text).toBe(
      `${file}: invalid: 3 errors, 1 warning\n` +
        '  error   components.api.workers: must be an integer >= 1, got 0\n' +
        '  error   components.api.handlers.*.calls[0].to: refers to unknown component "dbb" (did you mean "db"?)\n' +
        '  error   components.cart.handlers.*.calls[0].to: synchronous call cycle api → cart → api: a request would wait on itself; make a call async or remove it\n' +
        '  warning components.db: is unreachable: no source sends traffic to it\n',
    );
  });

  it('the bin (built dist/) exits 1 with every error and no stack trace', () => {
    const file = repoPath('test/fixtures/topology/invalid/bad-values.headroom.json');
    const r = spawnSync(process.execPath, [repoPath('bin/headroom.js'), 'validate', file], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${file}: invalid: 3 errors, 1 warning`);
    expect(lines.filter((l) => l.startsWith('  error '))).toHaveLength(3);
    expect(r.stdout).toContain('components.api.workers: must be an integer >= 1, got 0');
    expect(r.stdout).toContain('refers to unknown component "dbb"');
    expect(r.stdout).toContain('synchronous call cycle api → cart → api');
  });

  it('reports bad JSON with line and column', () => {
    const file = repoPath('test/fixtures/topology/invalid/bad-json.headroom.json');
    const { code, text } = run(file);
    expect(code).toBe(1);
    expect(text).toContain('error   invalid JSON at line 4, column 1: trailing comma before }');
  });

  it('unreadable paths raise a one-line CliError', () => {
    expect(() => run('/nonexistent/x.headroom.json')).toThrow(
      new CliError('cannot read /nonexistent/x.headroom.json: no such file'),
    );
    expect(() => run(repoPath('shared/templates'))).toThrow(/is a folder/);
  });

  it('is registered as a command that sets the exit code', async () => {
    const program = new Command('headroom').exitOverride();
    registerValidate(program);
    const writes: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => {
      writes.push(s);
      return true;
    }) as typeof process.stdout.write;
    try {
      await program.parseAsync(
        ['validate', repoPath('test/fixtures/topology/invalid/bad-values.headroom.json')],
        {
          from: 'user',
        },
      );
    } finally {
      process.stdout.write = original;
    }
    expect(process.exitCode).toBe(1);
    expect(writes.join('')).toContain('invalid: 3 errors, 1 warning');
  });
});
