import type pg from 'pg';

/**
 * Inserts `rows` pending requests created within the last hour (so resume starts them, none
 * expire), with no interaction token (the channel route), spread round-robin over `channelIds`
 * (or all in `channelId`).
 */
export async function seedBacklog(pool: pg.Pool, rows: number, init: { guildId: string; channelId: string; channelIds?: readonly string[]; promptPrefix?: string }): Promise<void> {
  const channels = init.channelIds?.length ? init.channelIds : [init.channelId];
  await pool.query(
    `INSERT INTO video_requests (id, user_id, guild_id, channel_id, prompt, model, duration_seconds, aspect_ratio, resolution,
       generate_audio, status, created_at, updated_at, attempts)
     SELECT gen_random_uuid(), (500000000000000000 + i)::text, $2, ($3::text[])[1 + i % cardinality($3::text[])], $4 || ' ' || i, 'veo-3.1-generate-001', 8, '16:9', '720p', true,
       'pending', now() - interval '30 minutes' + i * interval '1 ms', now(), 0
     FROM generate_series(1, $1::int) AS i`,
    [rows, init.guildId, channels, init.promptPrefix ?? 'backlog'],
  );
  await pool.query('ANALYZE video_requests');
}
