import { readFile, stat } from 'node:fs/promises';
import { MAX_TOPOLOGY_CHARS } from '../../shared/api/contract.js';
import { ApiError } from './api-error.js';

/** Reads a topology file's text for the renderer, which parses it; refuses what is not one. */
export async function readTopologyFile(path: string): Promise<{ path: string; text: string }> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ApiError(`${path} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(
      `cannot open ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      'not-found',
    );
  }
  if (size > MAX_TOPOLOGY_CHARS * 4)
    throw new ApiError(`${path} is ${size} bytes: larger than any topology Headroom opens`);
  const text = await readFile(path, 'utf8');
  if (text.length > MAX_TOPOLOGY_CHARS)
    throw new ApiError(`${path} has ${text.length} characters (the limit is ${MAX_TOPOLOGY_CHARS})`);
  return { path, text };
}
