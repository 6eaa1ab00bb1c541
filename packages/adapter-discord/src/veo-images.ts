import type { ChatInputCommandInteraction } from 'discord.js';
import type { ImageLimits, ImageShape, SubmitInput, ValidationIssue } from '@veo-bot/core';
import { downloadAttachment, precheckAttachment, type AttachmentInfo } from './image-download.js';
import { readAttachmentOption } from './interaction-options.js';

/** One image option of `/veo`: its name (≤ 32 lowercase characters), its description and how refusals name it. */
export interface VeoImageOption {
  readonly name: string;
  readonly description: string;
  readonly field: ValidationIssue['field'];
  /** Prefix of a refusal about this image; null for `image` (its messages say "the image" already). */
  readonly label: string | null;
}

/** Veo takes at most three asset reference images (core's `VEO31_REFERENCES`). */
const REFERENCE_OPTIONS: VeoImageOption[] = [1, 2, 3].map((n) => ({
  name: `reference_${n}`,
  description: `Reference image ${n}: a person, character or product to keep in the video (no frames with it)`,
  field: 'referenceImages',
  label: `Reference image ${n}`,
}));

/** The attachment options of `/veo`, in the order they are registered. */
export const VEO_IMAGE_OPTIONS: readonly VeoImageOption[] = [
  { name: 'image', description: 'First frame: a PNG, JPEG or WebP image to start the video from', field: 'image', label: null },
  { name: 'last_image', description: 'Last frame (needs image): the video moves from the first frame to this one', field: 'lastImage', label: 'The last frame' },
  ...REFERENCE_OPTIONS,
];

/** Shown when the `image` option names a file Discord did not include in the interaction. */
export const IMAGE_NOT_RECEIVED = 'The attached image did not reach the bot (Discord sent no file for it). Please attach it again, or leave `image` out for a text-only video.';

/** One image option as read: not given, Discord's description of the file, or given but not delivered. */
export type VeoAttachmentRead = { readonly state: 'absent' } | { readonly state: 'ok'; readonly attachment: AttachmentInfo } | { readonly state: 'unresolved' };

/** Each image option of an interaction, read without trusting it. */
export type VeoAttachments = readonly { readonly option: VeoImageOption; readonly read: VeoAttachmentRead }[];

/** The same, as plain data (no discord.js objects), to keep while a prompt modal is open. */
export function plainAttachments(attachments: VeoAttachments): VeoAttachments {
  return attachments.map(({ option, read }) => {
    if (read.state !== 'ok') return { option, read };
    const { url, name, size, contentType } = read.attachment;
    return { option, read: { state: 'ok', attachment: { url, name, size, contentType } } };
  });
}

/** Reads every image option (absent ones included, as `absent`). */
export function readVeoAttachments(interaction: ChatInputCommandInteraction): VeoAttachments {
  return VEO_IMAGE_OPTIONS.map((option) => ({ option, read: readAttachmentOption(interaction, option.name) }));
}

const given = (a: VeoAttachments, field: ValidationIssue['field']) => a.filter((x) => x.option.field === field && x.read.state !== 'absent');

/** What was attached, for core's image rules (checked before anything is downloaded). */
export function attachedShape(attachments: VeoAttachments): ImageShape {
  return { first: given(attachments, 'image').length > 0, last: given(attachments, 'lastImage').length > 0, references: given(attachments, 'referenceImages').length };
}

/**
 * The cheap checks of every attachment from Discord's own description (declared type and size),
 * and any given but not delivered by Discord — refused rather than made (and charged) without it.
 */
export function precheckVeoAttachments(attachments: VeoAttachments, limits: ImageLimits): ValidationIssue[] {
  return attachments.flatMap(({ option, read }) => {
    const label = option.label ?? 'The image';
    const problem = read.state === 'unresolved'
      ? option.label ? `${label} did not reach the bot (Discord sent no file for it). Please attach it again, or leave \`${option.name}\` out.` : IMAGE_NOT_RECEIVED
      : read.state === 'ok' ? precheckAttachment(read.attachment, limits) : null;
    return problem ? [{ field: option.field, message: option.label && read.state === 'ok' ? `${label}: ${problem}` : problem }] : [];
  });
}

/** The downloaded images as core's submit takes them, or the first refusal. */
export type VeoDownload = { readonly ok: true; readonly images: Pick<SubmitInput, 'image' | 'lastImage' | 'referenceImages'> } | { readonly ok: false; readonly issue: ValidationIssue };

/**
 * Downloads the attachments one after the other (never more than one in flight, each stopped past
 * `maxBytes`), stopping at the first that fails: at most five images of the cap are ever held.
 */
export async function downloadVeoAttachments(attachments: VeoAttachments, maxBytes: number): Promise<VeoDownload> {
  const out: { image?: Uint8Array; lastImage?: Uint8Array; referenceImages: Uint8Array[] } = { referenceImages: [] };
  for (const { option, read } of attachments) {
    if (read.state !== 'ok') continue;
    const downloaded = await downloadAttachment(read.attachment.url, maxBytes);
    if (!downloaded.ok) return { ok: false, issue: { field: option.field, message: option.label ? `${option.label}: ${downloaded.message}` : downloaded.message } };
    if (option.field === 'image') out.image = downloaded.bytes;
    else if (option.field === 'lastImage') out.lastImage = downloaded.bytes;
    else out.referenceImages.push(downloaded.bytes);
  }
  return { ok: true, images: { ...(out.image ? { image: out.image } : {}), ...(out.lastImage ? { lastImage: out.lastImage } : {}), ...(out.referenceImages.length > 0 ? { referenceImages: out.referenceImages } : {}) } };
}
