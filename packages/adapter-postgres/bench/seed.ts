import type pg from 'pg';

/**
 * Fills video_requests with `rows` realistic rows in one INSERT … SELECT generate_series:
 * 5,000 users, 500 guilds (5 % DMs), 90 days; rows of the last hour are partly still pending
 * or generating, older ones finished (≈ 88 % completed, 9 % failed, 3 % timeout), almost all
 * notified.
 */
export async function seedRows(pool: pg.Pool, rows: number): Promise<void> {
  await pool.query(
    `INSERT INTO video_requests (id, user_id, guild_id, channel_id, prompt, model, duration_seconds, aspect_ratio, resolution,
       generate_audio, status, created_at, updated_at, operation_name, started_at, gcs_prefix, video_urls, completed_at,
       duration_ms, error_message, attempts, notified_at, notify_outcome)
     SELECT gen_random_uuid(), 'user-' || u, CASE WHEN i % 20 = 0 THEN NULL ELSE 'guild-' || g END, 'channel-' || (g * 4 + i % 4),
       'prompt ' || (i % 997) || ': a fox running through snow', 'veo-3.1-generate-001', 8, '16:9', '720p', true,
       st, created, created, CASE WHEN st <> 'pending' THEN 'ops/' || i END, CASE WHEN st <> 'pending' THEN created + interval '5 s' END,
       CASE WHEN st <> 'pending' THEN 'gs://bench/' || i || '/' END,
       CASE WHEN st = 'completed' THEN ARRAY['gs://bench/' || i || '/sample_0.mp4'] ELSE '{}' END,
       CASE WHEN st IN ('completed', 'failed', 'timeout') THEN created + interval '5 s' + dur * interval '1 ms' END,
       CASE WHEN st IN ('completed', 'failed', 'timeout') THEN dur END,
       CASE WHEN st = 'failed' THEN 'bad prompt' WHEN st = 'timeout' THEN 'Generation timed out after 10 minutes' END,
       CASE WHEN st = 'pending' THEN 0 ELSE 1 END,
       CASE WHEN st IN ('completed', 'failed', 'timeout') AND i % 1000 <> 0 THEN created + interval '5 s' + dur * interval '1 ms' + interval '1 s' END,
       CASE WHEN st IN ('completed', 'failed', 'timeout') AND i % 1000 <> 0 THEN 'delivered' END
     FROM (
       SELECT i, u, g, created, dur,
         CASE WHEN created > now() - interval '1 hour' AND r < 0.3 THEN 'pending'
              WHEN created > now() - interval '1 hour' AND r < 0.6 THEN 'generating'
              WHEN r < 0.88 THEN 'completed' WHEN r < 0.97 THEN 'failed' ELSE 'timeout' END AS st
       FROM (SELECT i, (hashint4(i) & 2147483647) % 5000 AS u, (hashint4(i + 7) & 2147483647) % 500 AS g,
               now() - random() * interval '90 days' AS created, random() AS r, 30000 + floor(random() * 150000)::int AS dur
             FROM generate_series(1, $1::int) AS i) AS base) AS s`,
    [rows],
  );
  await pool.query('VACUUM ANALYZE video_requests');
}
