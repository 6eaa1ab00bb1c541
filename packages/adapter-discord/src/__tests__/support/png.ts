const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What a PNG's header says: the signature, then the IHDR chunk's width and height. */
export function pngHeader(bytes: Buffer): { signature: boolean; firstChunk: string; width: number; height: number } {
  return {
    signature: bytes.subarray(0, 8).equals(SIGNATURE),
    firstChunk: bytes.subarray(12, 16).toString('latin1'),
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
  };
}
