import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Bytes written per write() call; small enough that a crash can land mid-file. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Writes a file so that a crash at any moment leaves either the old file or the new one, never a
 * mix: write a temporary file beside it, fsync it, rename it over the target, fsync the folder.
 */
export function atomicWriteFile(
  path: string,
  text: string | Uint8Array,
  hooks: { afterChunk?: (written: number) => void } = {},
): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  const fd = openSync(temp, 'w', 0o644);
  try {
    for (let offset = 0; offset < data.length; offset += CHUNK_BYTES) {
      writeSync(fd, data, offset, Math.min(CHUNK_BYTES, data.length - offset));
      hooks.afterChunk?.(offset + CHUNK_BYTES);
    }
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, path);
  try {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Some platforms (Windows) cannot open a folder for fsync; the rename is still atomic there.
  }
}
