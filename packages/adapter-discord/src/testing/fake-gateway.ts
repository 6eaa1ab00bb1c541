import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/** What the gateway needs to know about the fake's world. */
export interface GatewayWorld {
  readyPayload(sessionId: string, guildIds: readonly string[], shard: readonly [number, number] | null): Record<string, unknown>;
  guildCreatePayload(guildId: string): Record<string, unknown>;
  guildIds(): readonly string[];
  gatewayUrl(): string;
}

interface Session {
  readonly socket: WebSocket;
  readonly id: string;
  shard: readonly [number, number] | null;
  identified: boolean;
  seq: number;
}

/** Discord's most guilds per shard: above it, Identify is refused with 4011 "Sharding required". */
export const MAX_GUILDS_PER_SHARD = 2500;

/** An Identify the fake refused, as Discord does, by closing the socket with this code. */
export interface RefusedIdentify {
  readonly code: 4010 | 4011;
  readonly reason: string;
  readonly shard: unknown;
}

/** The shard a gateway session asked for is a pair [id, count] with 0 ≤ id < count. */
function validShard(shard: unknown): shard is [number, number] {
  return Array.isArray(shard) && shard.length === 2 && shard.every((n) => Number.isInteger(n)) && (shard[1] as number) >= 1 && (shard[0] as number) >= 0 && (shard[0] as number) < (shard[1] as number);
}

/** Which shard owns a guild: `(guild_id >> 22) % shard_count`, as Discord computes it. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * The websocket half of the fake: Hello, heartbeat ACK, Identify → READY + GUILD_CREATE
 * (only the guilds of the identifying shard), and dispatches of injected events, each to the
 * session of the shard Discord routes the guild to. An Identify with a shard that cannot exist
 * (id ≥ count, negative, not a pair) is refused with close code 4010 "Invalid shard", and one
 * whose shard would hold more than `maxGuildsPerShard` guilds with 4011 "Sharding required", as
 * Discord does.
 */
export class FakeGateway {
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<Session>();
  private nextSession = 0;
  /** Identifies refused so far (tests read them). */
  readonly refused: RefusedIdentify[] = [];

  constructor(
    server: Server,
    private readonly world: GatewayWorld,
    private readonly options: { readonly maxGuildsPerShard?: number } = {},
  ) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (socket) => this.accept(socket));
  }

  /** Number of sessions that completed Identify. */
  get identifiedCount(): number {
    return [...this.sessions].filter((s) => s.identified).length;
  }

  /** Sends a dispatch to every identified session owning `guildId` (DMs: shard 0). Returns how many got it. */
  dispatch(guildId: string | null, type: string, data: unknown): number {
    let sent = 0;
    for (const session of this.sessions) {
      if (!session.identified) continue;
      const [shardId, count] = session.shard ?? [0, 1];
      const owner = guildId === null ? 0 : shardOf(guildId, count);
      if (owner !== shardId) continue;
      this.send(session, { op: 0, t: type, s: ++session.seq, d: data });
      sent += 1;
    }
    return sent;
  }

  /** Closes every session and the server. */
  async close(): Promise<void> {
    for (const session of this.sessions) session.socket.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const session: Session = { socket, id: `fake-session-${++this.nextSession}`, shard: null, identified: false, seq: 0 };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('error', () => this.sessions.delete(session));
    socket.on('message', (raw) => this.receive(session, String(raw)));
    this.send(session, { op: 10, s: null, t: null, d: { heartbeat_interval: 41_250 } });
  }

  private receive(session: Session, raw: string): void {
    let packet: { op?: number; d?: { shard?: unknown } };
    try {
      packet = JSON.parse(raw) as typeof packet;
    } catch {
      return;
    }
    if (packet.op === 1) this.send(session, { op: 11, s: null, t: null, d: null });
    else if (packet.op === 2) this.identify(session, packet.d?.shard ?? null);
    else if (packet.op === 6) this.send(session, { op: 9, s: null, t: null, d: false });
  }

  private identify(session: Session, shard: unknown): void {
    if (shard !== null && !validShard(shard)) return this.refuse(session, 4010, 'Invalid shard', shard);
    const [shardId, count] = shard ?? [0, 1];
    const guildIds = this.world.guildIds().filter((id) => shardOf(id, count) === shardId);
    if (guildIds.length > (this.options.maxGuildsPerShard ?? MAX_GUILDS_PER_SHARD)) return this.refuse(session, 4011, 'Sharding required', shard);
    session.shard = shard;
    session.identified = true;
    this.send(session, { op: 0, t: 'READY', s: ++session.seq, d: this.world.readyPayload(session.id, guildIds, shard) });
    for (const id of guildIds) this.send(session, { op: 0, t: 'GUILD_CREATE', s: ++session.seq, d: this.world.guildCreatePayload(id) });
  }

  private refuse(session: Session, code: 4010 | 4011, reason: string, shard: unknown): void {
    this.refused.push({ code, reason, shard });
    session.socket.close(code, reason);
  }

  private send(session: Session, packet: unknown): void {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(packet));
  }
}
