import type { ImageMimeType, SourceImage } from '@veo-bot/core';

/** A `request_images` row as `pg` returns it. */
export interface RequestImageRow {
  mime_type: string;
  bytes: Buffer;
  width: number;
  height: number;
}

/** The image's parameters in the order of {@link insertImageCte} (`$first` … `$first+3`). */
export function imageParams(image: SourceImage | undefined): unknown[] {
  if (!image) return [null, null, null, null];
  return [image.mimeType, Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength), image.width, image.height];
}

/**
 * A CTE that stores the image of the row `ins` inserted, in the same statement: if the request
 * row was not inserted (conflict, over budget) no image is either. `$first` … `$first+3` are
 * mime type, bytes, width, height (all null: no image).
 */
export function insertImageCte(first: number): string {
  const [m, b, w, h] = [first, first + 1, first + 2, first + 3].map((n) => `$${n}`);
  return `img AS (INSERT INTO request_images (request_id, mime_type, bytes, width, height)
    SELECT ins.id, ${m}::text, ${b}::bytea, ${w}::integer, ${h}::integer FROM ins WHERE ${b}::bytea IS NOT NULL)`;
}

/** Maps a row to core's SourceImage (bytes as a plain Uint8Array). */
export function rowToImage(row: RequestImageRow): SourceImage {
  return { mimeType: row.mime_type as ImageMimeType, bytes: new Uint8Array(row.bytes), width: row.width, height: row.height };
}
