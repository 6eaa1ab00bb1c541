import { PermissionFlagsBits } from 'discord.js';

/** A permission overwrite as the API sends it (type 0 role, 1 member). */
export interface Overwrite {
  readonly id: string;
  readonly type: number;
  readonly allow: string;
  readonly deny: string;
}

/** What is needed to compute a member's permissions in a guild channel. */
export interface PermissionInput {
  readonly guildId: string;
  readonly ownerId: string;
  /** Every role of the guild with its permission bits (the @everyone role has the guild's id). */
  readonly roles: readonly { readonly id: string; readonly permissions: string }[];
  readonly memberId: string;
  readonly memberRoles: readonly string[];
  readonly overwrites: readonly Overwrite[];
}

/** Every permission bit. */
const ALL = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** A member's permissions in a channel, computed the way Discord documents it. */
export function channelPermissions(input: PermissionInput): bigint {
  if (input.memberId === input.ownerId) return ALL;
  const roleBits = (id: string): bigint => BigInt(input.roles.find((r) => r.id === id)?.permissions ?? '0');
  let perms = roleBits(input.guildId);
  for (const role of input.memberRoles) perms |= roleBits(role);
  if ((perms & PermissionFlagsBits.Administrator) !== 0n) return ALL;

  const apply = (o: Overwrite | undefined): void => {
    if (!o) return;
    perms = (perms & ~BigInt(o.deny)) | BigInt(o.allow);
  };
  apply(input.overwrites.find((o) => o.id === input.guildId));
  let allow = 0n;
  let deny = 0n;
  for (const o of input.overwrites) {
    if (o.type === 0 && input.memberRoles.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  perms = (perms & ~deny) | allow;
  apply(input.overwrites.find((o) => o.type === 1 && o.id === input.memberId));
  return perms;
}

/** Names of the bits in `required` that `perms` lacks. */
export function missingPermissions(perms: bigint, required: Readonly<Record<string, bigint>>): string[] {
  return Object.entries(required)
    .filter(([, bit]) => (perms & bit) === 0n)
    .map(([name]) => name);
}
