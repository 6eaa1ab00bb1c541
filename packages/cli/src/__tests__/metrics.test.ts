import { expect, it } from 'vitest';
import { VeoMetrics } from '../observability/metrics.js';

it('recordResume counts notify-only rows as outcome="notified", apart from completions', async () => {
  const metrics = new VeoMetrics();
  metrics.recordResume({ completed: 1, failed: 0, timeout: 2, skipped: 0, notified: 3 });
  const text = await metrics.registry.metrics();
  expect(text).toContain('veo_resumed_requests_total{outcome="completed"} 1');
  expect(text).toContain('veo_resumed_requests_total{outcome="timeout"} 2');
  expect(text).toContain('veo_resumed_requests_total{outcome="notified"} 3');
  expect(text).not.toContain('outcome="failed"');
});
