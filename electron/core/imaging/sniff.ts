import { EXPLICIT_LITTLE_ENDIAN, IMPLICIT_LITTLE_ENDIAN } from './transfer-syntax.ts';

export type FileKind =
  | { kind: 'dicom'; bareSyntax?: string }
  | { kind: 'nifti' }
  | { kind: 'unknown'; reason: string };

/**
 * Tells DICOM from NIfTI by content, never by file name (PACS exports have no
 * extensions). DICOM without preamble and meta group is recognised by its
 * first element being in group 0002 or 0008, and explicit VR by a VR after the tag.
 */
export function sniff(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return { kind: 'unknown', reason: 'empty file (0 bytes)' };
  if (bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d) return { kind: 'dicom' };
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { kind: 'nifti' };
  if (bytes.length >= 4) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const le = view.getInt32(0, true);
    const be = view.getInt32(0, false);
    if (le === 348 || le === 540 || be === 348 || be === 540) return { kind: 'nifti' };
  }
  if (bytes.length >= 8) {
    const group = bytes[0] | (bytes[1] << 8);
    if (group === 0x0002 || group === 0x0008) {
      const vr = String.fromCharCode(bytes[4], bytes[5]);
      return { kind: 'dicom', bareSyntax: /^[A-Z]{2}$/.test(vr) ? EXPLICIT_LITTLE_ENDIAN : IMPLICIT_LITTLE_ENDIAN };
    }
  }
  return { kind: 'unknown', reason: 'neither DICOM nor NIfTI (unrecognised content)' };
}
