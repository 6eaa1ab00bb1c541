import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RESOLUTIONS, regexProblem, type GuildSettings, type GuildSettingsSnapshot, type Logger, type SettingsSnapshot } from '@veo-bot/core';
import { z } from 'zod';

/** The file's format; a file of another version is not used (and is replaced by the next save). */
export const SNAPSHOT_FORMAT_VERSION = 1;

const date = z.iso.datetime().transform((s) => new Date(s));
const settingsSchema = z.object({
  guildId: z.string().min(1),
  allowedChannels: z.array(z.string()),
  nsfwOnly: z.boolean(),
  perUserDailyLimit: z.number().int().min(0).nullable(),
  exemptRoleId: z.string().nullable(),
  allowedModels: z.array(z.string()),
  allowedResolutions: z.array(z.enum(RESOLUTIONS)),
  allowedDurations: z.array(z.number()),
  blockedWords: z.array(z.string()),
  // Checked as when they were set: a pattern edited by hand must not stall the bot either.
  blockedPatterns: z.array(z.string().refine((p) => regexProblem(p) === null, 'not an allowed pattern')),
  // Absent in snapshots written before personGeneration existed: the operator's.
  personGeneration: z.enum(['dont_allow', 'allow_adult', 'allow_all']).nullable().default(null),
  updatedAt: date.nullable(),
  updatedBy: z.string().nullable(),
});
const fileSchema = z.object({
  version: z.literal(SNAPSHOT_FORMAT_VERSION),
  database: z.string().nullable(),
  takenAt: date,
  settings: z.array(settingsSchema),
});

/**
 * The settings snapshot in one JSON file (mode 0600), replaced atomically: written to a
 * temporary file in the same folder, flushed to disk, then renamed over the old one, so a crash
 * mid-write leaves the previous snapshot whole. A missing file is "no snapshot"; an unreadable
 * or corrupt one, one of another format, or one taken from another database (`database`, a label
 * without credentials) is "no snapshot" too, with a warning — never a crash.
 */
export class FileGuildSettingsSnapshot implements GuildSettingsSnapshot {
  constructor(private readonly options: { readonly path: string; readonly logger: Logger; readonly database?: string }) {}

  get path(): string {
    return this.options.path;
  }

  async load(): Promise<SettingsSnapshot | null> {
    const { path, logger, database } = this.options;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'ENOENT') logger.info('No settings snapshot yet', { path });
      else logger.warn('Settings snapshot cannot be read; not used', { path, error_code: code });
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      logger.warn('Settings snapshot is corrupt; not used', { path, problem: 'not JSON' });
      return null;
    }
    const version = json && typeof json === 'object' && 'version' in json ? json.version : undefined;
    if (version !== SNAPSHOT_FORMAT_VERSION) {
      logger.warn('Settings snapshot has another format; not used', { path, version: String(version), expected: SNAPSHOT_FORMAT_VERSION });
      return null;
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      logger.warn('Settings snapshot is corrupt; not used', { path, problem: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` });
      return null;
    }
    if (database !== undefined && parsed.data.database !== database) {
      logger.warn('Settings snapshot was taken from another database; not used', { path, snapshot_database: parsed.data.database, database });
      return null;
    }
    return { takenAt: parsed.data.takenAt, settings: parsed.data.settings satisfies GuildSettings[] };
  }

  async save(snapshot: SettingsSnapshot): Promise<void> {
    const { path, database } = this.options;
    const folder = dirname(path);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const body = `${JSON.stringify({ version: SNAPSHOT_FORMAT_VERSION, database: database ?? null, takenAt: snapshot.takenAt, settings: snapshot.settings }, null, 2)}\n`;
    const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(body, 'utf8');
      await file.sync();
      await file.close();
      await rename(temporary, path);
    } catch (error) {
      await file.close().catch(() => undefined);
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    await syncFolder(folder);
  }
}

/** Makes the rename itself durable; not every platform can open a folder (Windows), and the file is flushed already. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
