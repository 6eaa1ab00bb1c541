import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../config/load-config.js';
import { ConfigurationError } from '@veo-bot/core';
import { UsageError } from './errors.js';

// Each command's module is loaded only when that command runs: `start` never carries the demo's
// fakes of Discord and Google (and their OpenAPI validator), nor the admin commands.
const admin = () => import('../commands/admin.js');
const start = () => import('../commands/start.js');
const demo = () => import('../commands/demo.js');
const settings = () => import('../commands/settings.js');
const privacy = () => import('../commands/privacy.js');
const repeat = (value: string, previous: string[] = []) => [...previous, value];

/** Exit codes: 0 ok, 1 failure, 2 usage or configuration error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
};

const ENVIRONMENT_HELP = `
Configuration comes from environment variables (or --config file.json with the same names):
  DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_GUILD_ID, DISCORD_API_URL
  DISCORD_SHARDS (auto, or ids such as 0,1), DISCORD_SHARD_COUNT (the total over every process)
  DATABASE_URL (unset: an embedded PostgreSQL in the state folder)
  GOOGLE_CLOUD_PROJECT, GOOGLE_CLOUD_LOCATION, VEO_MODEL, VEO_MODELS, GCS_BUCKET, GCS_PREFIX
  VEO_MODEL_CATALOG (models declared without a code change: a JSON file path or inline JSON)
  VERTEX_BASE_URL, GCS_API_ENDPOINT, REQUEST_RETENTION_DAYS, DISABLE_TASK_RESUME
  VEO_CONCURRENCY, VEO_PER_USER_DAILY_LIMIT, VERTEX_REQUESTS_PER_MINUTE, LOG_LEVEL, HTTP_PORT
  SHUTDOWN_TIMEOUT_SECONDS (default 30: a graceful stop still unfinished then exits 1)
  VEO_SETTINGS_SNAPSHOT (local copy of the server settings; default in the state folder; off: none)
Secrets are never printed. See README.md for every setting.

Exit codes: 0 success, 1 failure, 2 usage or configuration error.`;

/** Builds the `veo-bot` program; `out` receives command output (stdout in production). */
export function buildProgram(out: (s: string) => void, setExit: (code: number) => void): Command {
  const program = new Command('veo-bot')
    .description('Durable Discord bot for Google Veo video generation on Vertex AI')
    .option('-c, --config <file>', 'JSON file with settings (environment variables win)')
    .showHelpAfterError()
    .addHelpText('after', ENVIRONMENT_HELP)
    .exitOverride();
  const global = () => program.opts<{ config?: string }>();

  program.command('start').description('run the bot: migrate, log in, resume interrupted requests, serve /healthz and /metrics')
    .addHelpText('after', '\nExample:\n  DISCORD_TOKEN=… GOOGLE_CLOUD_PROJECT=my-proj GCS_BUCKET=my-veo-bucket veo-bot start')
    .action(async () => (await start()).startCommand(global()));

  program.command('resume').description('resume interrupted requests once, without connecting to the gateway')
    .option('--dry-run', 'print the plan (id, user, status, age, action) and change nothing')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  veo-bot resume --dry-run\n  veo-bot resume --json')
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      const { resumeCommand, resumePlanCommand } = await admin();
      if (opts.dryRun) return resumePlanCommand(global(), opts, out);
      if (!(await resumeCommand(global(), opts, out))) setExit(EXIT.failure);
    });

  program.command('stats').description('guild statistics (--guild) or the global 24-hour dashboard')
    .option('--guild <id>', 'Discord guild id')
    .addOption(new Option('--period <period>', 'bucket size').choices(['day', 'week', 'month']).default('day'))
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  veo-bot stats\n  veo-bot stats --guild 123456789012345678 --period week --json')
    .action(async (opts: { guild?: string; period?: string; json?: boolean }) => {
      if (!(await (await admin()).statsCommand(global(), opts, out))) setExit(EXIT.failure);
    });

  program.command('history').description("a user's requests, newest first")
    .requiredOption('--user <id>', 'Discord user id')
    .addOption(new Option('--status <status>', 'only this status').choices(['pending', 'generating', 'completed', 'failed', 'timeout', 'cancelled']))
    .option('--limit <n>', 'rows per page (1–100)', positiveInt, 20)
    .option('--offset <n>', 'rows to skip', positiveInt, 0)
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  veo-bot history --user 123456789012345678 --status failed --limit 10')
    .action(async (opts: { user: string; status?: string; limit?: number; offset?: number; json?: boolean }) => {
      if (!(await (await admin()).historyCommand(global(), opts, out))) setExit(EXIT.failure);
    });

  program.command('settings').description("a server's /veo settings and their latest changes; with options, changes them as /veo-settings does")
    .requiredOption('--guild <id>', 'Discord guild id')
    .option('--channels <ids>', 'channels where /veo may be used, comma-separated, or "all"')
    .option('--nsfw-only <on|off>', 'only in age-restricted channels')
    .option('--limit <n|default>', "videos per member per 24 h here, or the bot's default")
    .option('--exempt-role <id|none>', 'a role with no limit')
    .option('--models <ids>', 'models allowed here, comma-separated, or "all"')
    .option('--resolutions <list>', 'e.g. 720p, or "all"')
    .option('--durations <list>', 'seconds, e.g. 4,8, or "all"')
    .option('--people <value>', 'personGeneration here: dont_allow, allow_adult, allow_all (within VEO_PERSON_GENERATION), or "default"')
    .option('--block-word <word>', 'refuse prompts with this word (repeatable)', repeat)
    .option('--unblock-word <word>', 'stop refusing it (repeatable)', repeat)
    .option('--block-pattern <regex>', 'refuse prompts matching it (repeatable; bounded, checked)', repeat)
    .option('--unblock-pattern <regex>', 'stop refusing it (repeatable)', repeat)
    .option('--by <name>', 'who the audit log names (cli:<name>)', 'operator')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  veo-bot settings --guild 123456789012345678 --json\n  veo-bot settings --guild 123456789012345678 --resolutions 720p --block-word spoiler --by alice')
    .action(async (opts: Parameters<Awaited<ReturnType<typeof settings>>['settingsCommand']>[1]) => {
      if (!(await (await settings()).settingsCommand(global(), opts, out))) setExit(EXIT.failure);
    });

  program.command('migrate').description('apply database migrations (safe to run from several instances)')
    .action(async () => (await admin()).migrateCommand(global(), out));

  program.command('cleanup').description('delete finished requests older than REQUEST_RETENTION_DAYS, with their videos and images')
    .option('--dry-run', 'count what would be deleted')
    .addHelpText('after', '\nExample:\n  REQUEST_RETENTION_DAYS=90 veo-bot cleanup --dry-run')
    .action(async (opts: { dryRun?: boolean }) => {
      if (!(await (await privacy()).cleanupCommand(global(), opts, out))) setExit(EXIT.failure);
    });

  program.command('forget').description("erase what is stored about a user: requests (in-flight ones cancelled), images, videos; spend stays anonymous")
    .requiredOption('--user <id>', 'Discord user id')
    .option('--dry-run', 'print what would be erased and change nothing')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  veo-bot forget --user 123456789012345678 --dry-run\n  veo-bot forget --user 123456789012345678')
    .action(async (opts: { user: string; dryRun?: boolean; json?: boolean }) => {
      if (!(await (await privacy()).forgetCommand(global(), opts, out))) setExit(EXIT.failure);
    });

  program.command('register-commands').description('register the /veo slash command')
    .option('--guild <id>', 'register in one guild (instant) instead of globally')
    .action(async (opts: { guild?: string }) => (await start()).registerCommandsCommand(global(), opts, out));

  program.command('demo').description('run the whole bot locally against fake Discord and Vertex, no credentials needed')
    .option('--fast', 'shorter timings (used by tests)')
    .action(async (opts: { fast?: boolean }) => {
      if (!(await (await demo()).demoCommand(global(), opts, out))) setExit(EXIT.failure);
    });
  return program;
}

/** Runs the CLI; returns the exit code. Errors are printed as one clear line, no stack. */
export async function runCli(argv: readonly string[], io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io.out, (c) => (code = c));
  program.configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    if (error instanceof ConfigError || error instanceof ConfigurationError || error instanceof UsageError) {
      io.err(`veo-bot: ${error.message}`);
      return EXIT.usage;
    }
    io.err(`veo-bot: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failure;
  }
}
