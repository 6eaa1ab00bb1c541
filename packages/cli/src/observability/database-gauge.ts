import { Gauge, type Registry } from 'prom-client';

/** How long a scrape waits for the database before reporting it down. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Registers `veo_database_up`: 1 when `check` (e.g. `SELECT 1`) answered at scrape time, else 0
 * (also when it took longer than 2 s, so a hanging database cannot hang the scrape).
 * The "database down" alert in `deploy/prometheus/alerts.yml` reads it.
 */
export function watchDatabase(registry: Registry, check: () => Promise<boolean>): Gauge {
  return new Gauge({
    name: 'veo_database_up',
    help: 'Whether PostgreSQL answered SELECT 1 at scrape time (1 up, 0 down)',
    registers: [registry],
    async collect() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS)));
      const up = await Promise.race([check().catch(() => false), timeout]);
      clearTimeout(timer);
      this.set(up ? 1 : 0);
    },
  });
}
