import { ApplicationCommandType, ContextMenuCommandBuilder, type Message, type RESTPostAPIContextMenuApplicationCommandsJSONBody } from 'discord.js';
import { allowedChoices, isAcceptedImageType, maxReferenceImages, type GuildSettings, type ModelCapabilities, type ModelPolicy } from '@veo-bot/core';
import type { AttachmentInfo } from './image-download.js';
import { VEO_IMAGE_OPTIONS, type VeoAttachments } from './veo-images.js';

/**
 * Name of the message command (Apps → "Make a Veo video" on a message). Message commands may
 * have capitals and spaces, 1–32 characters (Discord's "Application Command Naming"; the fake
 * checks the length against Discord's OpenAPI description).
 */
export const MESSAGE_COMMAND_NAME = 'Make a Veo video';

/**
 * The message command (type 3 MESSAGE): no description, no options — Discord sends the message
 * it was used on. A slash command cannot be sent as a reply, so this is how a message's images
 * become a video's reference images.
 */
export function buildMessageCommand(): RESTPostAPIContextMenuApplicationCommandsJSONBody {
  return new ContextMenuCommandBuilder().setName(MESSAGE_COMMAND_NAME).setType(ApplicationCommandType.Message).toJSON();
}

/** The message's image attachments (PNG, JPEG or WebP by their declared type), in message order; other files are left out. */
export function messageImages(message: Pick<Message, 'attachments'>): AttachmentInfo[] {
  return [...message.attachments.values()]
    .filter((a) => isAcceptedImageType(a.contentType))
    .map(({ url, name, size, contentType }) => ({ url, name, size, contentType }));
}

/** The images as `/veo`'s `reference_1`…`reference_3` options (every other image option absent), as plain data for a draft. */
export function referenceAttachments(images: readonly AttachmentInfo[]): VeoAttachments {
  let next = 0;
  return VEO_IMAGE_OPTIONS.map((option) => {
    const image = option.field === 'referenceImages' ? images[next++] : undefined;
    return { option, read: image ? { state: 'ok', attachment: image } : { state: 'absent' } };
  });
}

/** The model and length a video from reference images is made with, or why there is none. */
export type ReferenceModelChoice =
  | { readonly ok: true; readonly model: ModelCapabilities; readonly durationSeconds: number }
  | { readonly ok: false; readonly message: string };

/**
 * The operator's default model when it takes reference images, else the first offered one that
 * does — among the models the server allows, at a reference-image length it allows (the longest).
 * Which model may be used is core's to decide at submit; this only picks one that can.
 */
export function referenceModelFor(policy: ModelPolicy, settings: GuildSettings | null): ReferenceModelChoice {
  const offered = allowedChoices(policy, settings).models;
  const allowedDurations = settings?.allowedDurations ?? [];
  const lengthOf = (m: ModelCapabilities): number | undefined =>
    (m.referenceImages?.durations ?? []).filter((d) => allowedDurations.length === 0 || allowedDurations.includes(d)).at(-1);
  const usable = offered.filter((m) => maxReferenceImages(m) > 0 && lengthOf(m) !== undefined);
  const model = usable.find((m) => m.id === policy.defaultModel) ?? usable[0];
  const durationSeconds = model ? lengthOf(model) : undefined;
  if (model && durationSeconds !== undefined) return { ok: true, model, durationSeconds };
  const labels = offered.map((m) => m.label).join(', ');
  return { ok: false, message: `No model offered here makes videos from reference images (offered: ${labels}), so this message's images cannot be used.` };
}
