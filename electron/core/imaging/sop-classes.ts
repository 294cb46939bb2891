/**
 * DICOM storage classes that carry no scan to show, by UID prefix (PS3.4 Annex B).
 * Some of them (RT dose, segmentations) do have pixel data, so pixel data alone does not decide.
 */
const NON_IMAGE_PREFIXES: [string, string][] = [
  ['1.2.840.10008.1.3.10', 'DICOMDIR (media directory)'],
  ['1.2.840.10008.5.1.4.1.1.88.', 'structured report'],
  ['1.2.840.10008.5.1.4.1.1.11.', 'presentation state'],
  ['1.2.840.10008.5.1.4.1.1.481.', 'radiotherapy object'],
  ['1.2.840.10008.5.1.4.1.1.66', 'raw data, registration or segmentation'],
  ['1.2.840.10008.5.1.4.1.1.104.', 'encapsulated document'],
  ['1.2.840.10008.5.1.4.1.1.9.', 'waveform'],
  ['1.2.840.10008.5.1.4.1.1.67', 'real-world value mapping'],
  ['1.2.840.10008.5.1.4.1.1.78.', 'ophthalmic measurement'],
  ['1.2.840.10008.5.1.4.1.1.68.', 'surface'],
  ['1.2.840.10008.5.1.4.1.1.200.', 'implant template'],
  ['1.2.840.10008.5.1.4.1.1.91.', 'content assessment'],
  ['1.2.840.10008.5.1.4.34.', 'radiotherapy object'],
  ['1.2.840.10008.5.1.4.38.', 'hanging protocol'],
  ['1.2.840.10008.5.1.4.39.', 'colour palette'],
];

/** What kind of non-image object a SOP class is, or undefined for image classes (and unknown ones). */
export function nonImageKind(sopClassUid: string | undefined): string | undefined {
  if (!sopClassUid) return undefined;
  return NON_IMAGE_PREFIXES.find(([prefix]) => sopClassUid === prefix || sopClassUid.startsWith(prefix))?.[1];
}
