import { writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { parseArgs } from 'node:util';
import { importPath, type ImportReport } from '../../core/imaging/import.ts';
import type { Command } from '../command.ts';

const usage = `Usage: mirage inspect <file-or-folder> [--json] [--dump OUT.raw] [--stored] [--volume N] [--series N]

Imports DICOM and NIfTI exactly as the app does and describes what it found:
series, dimensions, frames, spacing, orientation, transfer syntax, value range,
warnings, and the files it skipped with why.

  --json        print the report as JSON
  --dump FILE   write the decoded volume as little-endian raw values in frame,
                row, column order: HU (or scaled NIfTI values) as float32
  --stored      with --dump: the stored values before rescale, as int32
  --volume N    the volume of a 4D NIfTI file (default 0)
  --series N    which series to dump when there are several (1-based)`;

function describeSeries(report: ImportReport): string {
  const lines: string[] = [];
  for (const { info } of report.series) {
    lines.push(info.label);
    lines.push(`  source:          ${info.source} (${info.modality})`);
    lines.push(`  dimensions:      ${info.width} × ${info.height}, ${info.frames} frame(s)`);
    lines.push(`  spacing (mm):    ${info.spacing.map((s) => +s.toFixed(4)).join(' × ')}`);
    lines.push(`  orientation:     ${info.orientation}`);
    lines.push(`  transfer syntax: ${info.transferSyntaxes.join(', ')}`);
    lines.push(`  range:           ${info.range[0]} … ${info.range[1]}${info.modality === 'CT' ? ' HU' : ''}`);
    for (const w of info.warnings) lines.push(`  warning:         ${w}`);
  }
  lines.push(`${report.series.length} series imported, ${report.skipped.length} file(s) skipped`);
  for (const s of report.skipped) lines.push(`  skipped ${s.file}: ${s.reason}`);
  return lines.join('\n');
}

export const inspect: Command = {
  name: 'inspect',
  summary: 'Describe the DICOM/NIfTI scans in a file or folder, optionally dump the pixels',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        dump: { type: 'string' },
        stored: { type: 'boolean' },
        volume: { type: 'string' },
        series: { type: 'string' },
      },
    });
    if (positionals.length !== 1) {
      console.error(usage);
      return 2;
    }
    const volume = values.volume === undefined ? undefined : Number(values.volume);
    if (volume !== undefined && !(Number.isInteger(volume) && volume >= 0)) throw new Error(`--volume must be a whole number ≥ 0, not "${values.volume}"`);
    const report = await importPath(positionals[0], { volume, stored: values.stored });
    if (values.json) {
      console.log(JSON.stringify({ series: report.series.map((s) => s.info), skipped: report.skipped }, null, 2));
    } else {
      console.log(describeSeries(report));
    }
    if (report.series.length === 0) return 1;
    if (values.dump) {
      const index = values.series === undefined ? (report.series.length === 1 ? 1 : NaN) : Number(values.series);
      const chosen = report.series[index - 1];
      if (!chosen) {
        throw new Error(values.series === undefined
          ? `${report.series.length} series found: choose the one to dump with --series 1…${report.series.length}`
          : `--series ${values.series}: there are ${report.series.length} series`);
      }
      const array = values.stored ? chosen.stored : chosen.volume.data;
      if (!array) throw new Error(`${chosen.info.label} has no stored integer values (floating-point source)`);
      const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
      await writeFile(values.dump, endianness() === 'LE' ? bytes : Buffer.from(bytes).swap32());
      if (!values.json) console.log(`wrote ${array.length} ${values.stored ? 'int32' : 'float32'} values to ${values.dump}`);
    }
    return 0;
  },
};
