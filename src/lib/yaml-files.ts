import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';

/** Raised when a content file does not match its schema; names the file and each bad field. */
export class ContentFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ContentFileError';
  }
}

/** Reads and parses one YAML file, unvalidated; a syntax error is a ContentFileError naming the file. */
export async function readYamlData(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return parse(text) as unknown;
  } catch (err) {
    throw new ContentFileError(file, [`YAML không đọc được: ${(err as Error).message}`]);
  }
}

/** Reads one YAML file and validates it; content is data that staff edit, so errors must say where. */
export async function readYamlFile<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
  const data = await readYamlData(file);
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new ContentFileError(
      file,
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}

/** Lists files with one of the given extensions in a folder, sorted, or [] when the folder is absent. */
export async function listFiles(dir: string, extensions: string[]): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names
      .filter((n) => extensions.some((e) => n.endsWith(e)))
      .sort()
      .map((n) => path.join(dir, n));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
