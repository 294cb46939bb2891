// Public API of the analysis module (for the app's organizer workspace and the CLI).
export type { Truth, ScoreRow, StudyResults } from './results.ts';
export { analyzeStudy, type StudyAnalysis, type Rates } from './study.ts';
export { analyzeImrmc, type ImrmcAnalysis } from './imrmc-analysis.ts';
export { parseImrmc, writeImrmc, ImrmcFormatError, type ImrmcStudy } from './imrmc.ts';
export { exportCsv, exportImrmc, exportJson, type ImrmcExport } from './exports.ts';
export { renderReport, type QualityMetrics } from './report.ts';
export { orDbm, type OrDbmResult } from './ordbm.ts';
export { ustatSingle, ustatDifference, type UstatSingle, type UstatDifference } from './ustat.ts';
export { isMissing, type Maybe, type Missing } from './missing.ts';
