import { fromRoledImages, toRoledImages } from '@veo-bot/core';
import type { ImageMimeType, ImageRole, RequestImages, SourceImage } from '@veo-bot/core';

/** An image row (`request_images`: role 'first'; `request_extra_images`: 'last' or 'reference') as `pg` returns it. */
export interface RequestImageRow {
  role: ImageRole;
  ordinal: number;
  mime_type: string;
  bytes: Buffer;
  width: number;
  height: number;
}

const buffer = (image: SourceImage) => Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength);

/** How many parameters {@link imageParams} gives (and {@link insertImageCte} reads). */
export const IMAGE_PARAM_COUNT = 10;

/**
 * The images' parameters in the order of {@link insertImageCte} (`$first` … `$first+9`): the first
 * frame's mime type, bytes, width, height (all null: none), then the other images as parallel
 * arrays of role, ordinal, mime type, bytes, width, height (empty: none).
 */
export function imageParams(images: RequestImages | undefined): unknown[] {
  const first = images?.first;
  const others = images ? toRoledImages(images).filter((r) => r.role !== 'first') : [];
  return [
    ...(first ? [first.mimeType, buffer(first), first.width, first.height] : [null, null, null, null]),
    others.map((r) => r.role), others.map((r) => r.ordinal), others.map((r) => r.image.mimeType),
    others.map((r) => buffer(r.image)), others.map((r) => r.image.width), others.map((r) => r.image.height),
  ];
}

/**
 * CTEs that store the images of the row `ins` inserted, in the same statement: if the request
 * row was not inserted (conflict, over budget) no image is either. The first frame goes to
 * `request_images` (as it always has: older instances read it there), the last frame and the
 * reference images to `request_extra_images`. Parameters from `$first`, see {@link imageParams}.
 */
export function insertImageCte(first: number): string {
  const [m, b, w, h, roles, ords, mimes, bytes, widths, heights] = Array.from({ length: IMAGE_PARAM_COUNT }, (_, i) => `$${first + i}`);
  return `img AS (INSERT INTO request_images (request_id, mime_type, bytes, width, height)
    SELECT ins.id, ${m}::text, ${b}::bytea, ${w}::integer, ${h}::integer FROM ins WHERE ${b}::bytea IS NOT NULL),
  ximg AS (INSERT INTO request_extra_images (request_id, role, ordinal, mime_type, bytes, width, height)
    SELECT ins.id, x.role, x.ordinal, x.mime_type, x.bytes, x.width, x.height
    FROM ins, unnest(${roles}::text[], ${ords}::smallint[], ${mimes}::text[], ${bytes}::bytea[], ${widths}::integer[], ${heights}::integer[])
      AS x(role, ordinal, mime_type, bytes, width, height))`;
}

/** Every image of one request, each in its role: the first frame from `request_images`, the rest beside it. */
export const FIND_IMAGES_SQL = `SELECT 'first' AS role, 0 AS ordinal, mime_type, bytes, width, height FROM request_images WHERE request_id = $1
  UNION ALL SELECT role, ordinal, mime_type, bytes, width, height FROM request_extra_images WHERE request_id = $1`;

/** Maps the rows of {@link FIND_IMAGES_SQL} to core's RequestImages (bytes as plain Uint8Arrays). */
export function rowsToImages(rows: readonly RequestImageRow[]): RequestImages {
  return fromRoledImages(rows.map((row) => ({
    role: row.role,
    ordinal: Number(row.ordinal),
    image: { mimeType: row.mime_type as ImageMimeType, bytes: new Uint8Array(row.bytes), width: row.width, height: row.height },
  })));
}
