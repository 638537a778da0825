/** What a PNG file says about itself: its 8-byte signature and the IHDR chunk's width and height. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pngHeader(bytes: Uint8Array): { signature: boolean; width: number; height: number } {
  const buffer = Buffer.from(bytes);
  return {
    signature: buffer.subarray(0, 8).equals(PNG_SIGNATURE) && buffer.subarray(12, 16).toString() === 'IHDR',
    width: buffer.readUInt32BE(16),
    height: buffer.readUInt32BE(20),
  };
}
