import type { FakeMessage } from './fake-state.js';

/** What one user saw of a message (the same shape as core's contract `SeenMessage`). */
export interface UserView {
  /** All visible text: content, embed title/description/fields/footer. */
  readonly text: string;
  /** The content mentions the user and `allowed_mentions` lets that ping through. */
  readonly mentionsUser: boolean;
  readonly attached: boolean;
  /** A `veo:retry:` button that is still enabled. */
  readonly retryButton: boolean;
}

interface ButtonLike {
  readonly type?: number;
  readonly custom_id?: string;
  readonly disabled?: boolean;
  readonly components?: ButtonLike[];
}

/** All visible text of a message. */
export function visibleText(message: FakeMessage): string {
  const parts = [message.content];
  for (const embed of message.embeds) {
    parts.push(embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '');
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
  }
  return parts.filter((p) => p.length > 0).join('\n');
}

/** Enabled buttons whose `custom_id` starts with `prefix`. */
export function enabledButtons(message: FakeMessage, prefix: string): string[] {
  const ids: string[] = [];
  const walk = (items: readonly ButtonLike[]): void => {
    for (const item of items) {
      if (item.type === 2 && item.custom_id?.startsWith(prefix) && !item.disabled) ids.push(item.custom_id);
      if (item.components) walk(item.components);
    }
  };
  walk(message.components as ButtonLike[]);
  return ids;
}

/** How `userId` saw `message`. */
export function userView(message: FakeMessage, userId: string): UserView {
  const mention = message.content.includes(`<@${userId}>`);
  const allowed = message.allowedMentions;
  const pingAllowed = allowed === null || (allowed.users?.includes(userId) ?? false) || ((allowed.parse as readonly string[] | undefined)?.includes('users') ?? false);
  return {
    text: visibleText(message),
    mentionsUser: mention && pingAllowed,
    attached: message.attachments.length > 0,
    retryButton: enabledButtons(message, 'veo:retry:').length > 0,
  };
}
