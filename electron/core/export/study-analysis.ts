import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/open.ts';
import type { StudyAnalysisSummary } from '../../contract.ts';
import type { Volume } from '../imaging/volume.ts';
import { analyzeStudy, exportCsv, exportImrmc, exportJson, isMissing, renderReport, type Maybe, type QualityMetrics } from '../analysis/index.ts';
import { computeQuality, type QualityReport } from '../generators/quality/report.ts';
import { worstPairsPng } from '../generators/quality/pairs.ts';
import { unsealStudy } from '../study/studies.ts';
import { studyResults } from './study-results.ts';

/** Study cases of one truth class as volumes (int16 HU → float), for the dataset-quality metrics. */
function caseVolumes(db: Db, studyId: number, key: Buffer): Map<string, Volume[]> {
  const truths = unsealStudy(db, studyId, key);
  const byClass = new Map<string, Volume[]>();
  const rows = db.prepare('SELECT id, width, height, depth, pixels FROM cases WHERE study_id = ? AND training = 0').all(studyId) as { id: number; width: number; height: number; depth: number; pixels: Buffer }[];
  for (const r of rows) {
    const t = truths.get(r.id)!;
    const cls = t.kind === 'real' ? 'real' : t.generator;
    const values = new Int16Array(r.pixels.buffer.slice(r.pixels.byteOffset, r.pixels.byteOffset + r.pixels.byteLength));
    const volume: Volume = { modality: 'CT', width: r.width, height: r.height, depth: r.depth, spacing: [1, 1, 1], data: Float32Array.from(values) };
    byClass.set(cls, [...(byClass.get(cls) ?? []), volume]);
  }
  return byClass;
}

/** Dataset-quality metrics (and the closest pairs, as PNG) of each generator's study cases against the study's real cases. */
function studyQuality(db: Db, studyId: number, key: Buffer, generators: string[]): Record<string, Maybe<QualityReport & { pairsPng: Buffer }>> {
  const volumes = caseVolumes(db, studyId, key);
  const real = volumes.get('real') ?? [];
  return Object.fromEntries(generators.map((g) => {
    try {
      const synthetic = volumes.get(g) ?? [];
      const report = computeQuality(real, synthetic);
      return [g, { ...report, pairsPng: worstPairsPng(real, synthetic, report) }];
    } catch (err) {
      return [g, { missing: err instanceof Error ? err.message : String(err) }];
    }
  }));
}

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

/**
 * Unsealed analysis of a study, written as one folder: the scores CSV, the .imrmc files
 * (split design, and one fully crossed file per generator for RJafroc), the JSON of
 * everything, and the self-contained HTML report.
 */
export function writeStudyAnalysis(db: Db, studyId: number, key: Buffer, dir: string): StudyAnalysisSummary {
  const results = studyResults(db, studyId, key);
  const analysis = analyzeStudy(results);
  const quality = studyQuality(db, studyId, key, results.generators);
  const qualityMetrics: QualityMetrics = {};
  for (const [g, q] of Object.entries(quality)) {
    if (isMissing(q)) continue;
    qualityMetrics[g] = { 'HU W1': q.huWasserstein, 'SSIM spread ratio': q.diversity.spreadRatio, 'copies flagged': q.memorization.flagged.length, 'radiomic FD': q.radiomicFrechet };
  }
  mkdirSync(dir, { recursive: true });
  const imrmc = exportImrmc(results);
  const files: [string, string | Buffer][] = [
    ['scores.csv', exportCsv(results)],
    ['analysis.json', exportJson(results, { ...analysis, quality: Object.fromEntries(Object.entries(quality).map(([g, q]) => [g, isMissing(q) ? q : { ...q, pairsPng: undefined }])) })],
    ['report.html', renderReport(results, analysis, qualityMetrics)],
    ['study.imrmc', imrmc.split],
    ...imrmc.perGenerator.map((p) => [`${fileSafe(p.generator)}.imrmc`, p.text] as [string, string]),
  ];
  for (const [g, q] of Object.entries(quality)) if (!isMissing(q)) files.push([`${fileSafe(g)}-closest-pairs.png`, q.pairsPng]);
  for (const [name, content] of files) writeFileSync(join(dir, name), content, { flag: 'wx' });
  const pooled = analysis.rates.pooled.byGenerator;
  return {
    dir,
    files: files.map(([name]) => join(dir, name)),
    scores: results.rows.length,
    warnings: analysis.warnings,
    generators: results.generators.map((name) => {
      const fool = pooled[name]?.foolRate;
      const q = quality[name];
      return {
        name,
        foolRate: fool && !isMissing(fool) ? { estimate: fool.estimate, lower: fool.lower, upper: fool.upper } : null,
        quality: isMissing(q) ? { missing: q.missing } : {
          huWasserstein: q.huWasserstein, spreadRatio: q.diversity.spreadRatio, copiesFlagged: q.memorization.flagged.length,
          radiomicFrechet: q.radiomicFrechet, flags: q.flags, closestPairsPng: q.pairsPng.toString('base64'),
        },
      };
    }),
  };
}
