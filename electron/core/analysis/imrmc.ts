// The iMRMC input format (.imrmc), read by both iMRMC (FDA) and RJafroc:
//   free description lines, then `N0:`, `N1:`, `NR:`, `NM:` header lines, then `BEGIN DATA:`,
//   then `readerID,caseID,modalityID,score` rows; truth rows use reader -1 and modality `truth`
//   (score 0 = signal-absent / real, 1 = signal-present / synthetic).

export interface ImrmcCase {
  id: string;
  truth: 0 | 1;
}

export interface ImrmcScore {
  reader: string;
  caseId: string;
  modality: string;
  score: number;
}

export interface ImrmcStudy {
  /** Description lines before the header (the first is usually a title). */
  description: string[];
  /** In order of first appearance in the data. */
  readers: string[];
  modalities: string[];
  cases: ImrmcCase[];
  scores: ImrmcScore[];
}

export class ImrmcFormatError extends Error {
  constructor(fileName: string, line: number | null, message: string) {
    super(line === null ? `${fileName}: ${message}` : `${fileName}:${line}: ${message}`);
    this.name = 'ImrmcFormatError';
  }
}

const HEADER_KEYS = ['N0', 'N1', 'NR', 'NM'] as const;
type HeaderKey = (typeof HEADER_KEYS)[number];

export function parseImrmc(text: string, fileName: string): ImrmcStudy {
  const lines = text.split(/\r?\n/);
  const fail = (line: number | null, message: string): never => {
    throw new ImrmcFormatError(fileName, line, message);
  };
  const header = new Map<HeaderKey, { value: number; line: number }>();
  const description: string[] = [];
  let begin = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (/^BEGIN DATA:?$/i.test(line)) {
      begin = i;
      break;
    }
    const m = /^(N0|N1|NR|NM)\s*:\s*(.*)$/i.exec(line);
    if (m) {
      const key = m[1].toUpperCase() as HeaderKey;
      if (!/^\d+$/.test(m[2].trim())) fail(i + 1, `${key} must be a non-negative integer, got "${m[2].trim()}"`);
      header.set(key, { value: Number(m[2].trim()), line: i + 1 });
    } else if (line !== '') {
      description.push(line);
    }
  }
  if (begin < 0) fail(null, 'no "BEGIN DATA:" line; is this an .imrmc file?');
  for (const key of HEADER_KEYS) if (!header.has(key)) fail(null, `the header lacks "${key}:" before BEGIN DATA:`);

  const truth = new Map<string, 0 | 1>();
  const cases: ImrmcCase[] = [];
  const readers: string[] = [];
  const modalities: string[] = [];
  const seenReaders = new Set<string>();
  const seenModalities = new Set<string>();
  const scores: ImrmcScore[] = [];
  const scoreLines: number[] = [];
  const seenScores = new Map<string, number>();
  for (let i = begin + 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length !== 4) fail(i + 1, `expected 4 comma-separated fields (reader,case,modality,score), got ${fields.length}`);
    const [reader, caseId, modality, scoreText] = fields;
    if (!reader || !caseId || !modality) fail(i + 1, 'empty reader, case or modality ID');
    const score = Number(scoreText);
    if (scoreText === '' || !Number.isFinite(score)) fail(i + 1, `score "${scoreText}" is not a number`);
    if (reader === '-1') {
      if (modality.toLowerCase() !== 'truth') fail(i + 1, `a row with reader -1 is a truth row and needs modality "truth", got "${modality}"`);
      if (score !== 0 && score !== 1) fail(i + 1, `truth must be 0 (negative) or 1 (positive), got ${scoreText}`);
      if (truth.has(caseId)) fail(i + 1, `case ${caseId} has a second truth row`);
      truth.set(caseId, score as 0 | 1);
      cases.push({ id: caseId, truth: score as 0 | 1 });
      continue;
    }
    if (modality.toLowerCase() === 'truth') fail(i + 1, `modality "truth" is reserved for reader -1`);
    const key = `${reader}\u0000${caseId}\u0000${modality}`;
    const earlier = seenScores.get(key);
    if (earlier !== undefined) fail(i + 1, `reader ${reader} scored case ${caseId} in modality ${modality} twice (first on line ${earlier})`);
    seenScores.set(key, i + 1);
    if (!seenReaders.has(reader)) (seenReaders.add(reader), readers.push(reader));
    if (!seenModalities.has(modality)) (seenModalities.add(modality), modalities.push(modality));
    scores.push({ reader, caseId, modality, score });
    scoreLines.push(i + 1);
  }
  scores.forEach((s, k) => {
    if (!truth.has(s.caseId)) fail(scoreLines[k], `case ${s.caseId} is scored but has no truth row (-1,${s.caseId},truth,0|1)`);
  });
  if (scores.length === 0) fail(null, 'no scores after BEGIN DATA:');
  const counts: Record<HeaderKey, number> = {
    N0: cases.filter((c) => c.truth === 0).length,
    N1: cases.filter((c) => c.truth === 1).length,
    NR: readers.length,
    NM: modalities.length,
  };
  for (const key of HEADER_KEYS) {
    const h = header.get(key)!;
    if (h.value !== counts[key]) fail(h.line, `header says ${key}:${h.value} but the data have ${counts[key]}`);
  }
  return { description, readers, modalities, cases, scores };
}

/** Writes the study as given; IDs must not contain commas (use integer IDs for RJafroc). */
export function writeImrmc(study: ImrmcStudy): string {
  const ids = [...study.readers, ...study.modalities, ...study.cases.map((c) => c.id)];
  const bad = ids.find((id) => id.includes(',') || id.trim() !== id || id === '');
  if (bad !== undefined) throw new Error(`.imrmc IDs must be non-empty without commas or surrounding spaces: "${bad}"`);
  const out = [
    ...study.description.map((d) => d.replace(/[\r\n]+/g, ' ')),
    `N0:${study.cases.filter((c) => c.truth === 0).length}`,
    `N1:${study.cases.filter((c) => c.truth === 1).length}`,
    `NR:${study.readers.length}`,
    `NM:${study.modalities.length}`,
    'BEGIN DATA:',
    ...study.cases.map((c) => `-1,${c.id},truth,${c.truth}`),
    ...study.scores.map((s) => `${s.reader},${s.caseId},${s.modality},${s.score}`),
  ];
  return out.join('\n') + '\n';
}
