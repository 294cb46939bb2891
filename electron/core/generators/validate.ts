import type { GeneratorManifest, ManifestShape, TensorInfo } from './manifest.ts';
import { GeneratorError } from './session.ts';

/** Mismatches between one declared shape and the model's; empty when they agree. */
function shapeProblems(what: string, declared: ManifestShape, actual: readonly (number | string)[]): string[] {
  if (declared.length !== actual.length) {
    return [`${what} has rank ${actual.length} in the model (${fmt(actual)}) but ${declared.length} in the manifest (${fmt(declared)})`];
  }
  const problems: string[] = [];
  declared.forEach((d, i) => {
    const a = actual[i];
    const dynamic = typeof a !== 'number' || a < 0;
    if (i === 0 && d === 'N' && !dynamic) problems.push(`${what}: the manifest declares a dynamic batch ("N") but the model fixes it at ${a}`);
    else if (i === 0 && d !== 'N' && dynamic) problems.push(`${what}: the model has a dynamic batch ("${a}") but the manifest fixes it at ${d}`);
    else if (!dynamic && d !== a) problems.push(`${what}: dimension ${i} is ${a} in the model but ${d} in the manifest`);
  });
  return problems;
}

function fmt(s: readonly (number | string)[]): string {
  return `[${s.join('×')}]`;
}

/**
 * Checks a manifest against the model's own metadata: input and output names, types,
 * ranks, fixed dimensions and the batch dimension. Throws one error listing every mismatch.
 */
export function checkManifestAgainstModel(modelPath: string, m: GeneratorManifest, inputs: TensorInfo[], outputs: TensorInfo[]): void {
  const problems: string[] = [];
  const byName = new Map(inputs.map((i) => [i.name, i]));
  const declared = new Set<string>();
  const expect = (name: string, type: string, shape: ManifestShape | null, kind: string) => {
    declared.add(name);
    const info = byName.get(name);
    if (!info) return problems.push(`${kind} "${name}" is not an input of the model (its inputs: ${inputs.map((i) => i.name).join(', ')})`);
    if (info.type !== type) problems.push(`${kind} "${name}" is ${info.type} in the model, expected ${type}`);
    if (shape) problems.push(...shapeProblems(`${kind} "${name}"`, shape, info.shape));
  };
  for (const l of m.latents) expect(l.name, 'float32', l.shape, 'latent input');
  for (const c of m.conditioning) expect(c.name, c.kind === 'class' ? 'int64' : 'float32', c.kind === 'mask' ? c.shape : null, `${c.kind} input`);
  for (const i of inputs) if (!declared.has(i.name)) problems.push(`model input "${i.name}" is not in the manifest`);
  const out = outputs.find((o) => o.name === m.output.name);
  if (!out) problems.push(`output "${m.output.name}" is not an output of the model (its outputs: ${outputs.map((o) => o.name).join(', ')})`);
  else {
    if (out.type !== 'float32') problems.push(`output "${out.name}" is ${out.type}, expected float32`);
    if (out.shape.length !== m.output.layout.length) {
      problems.push(`output "${out.name}" has rank ${out.shape.length} (${fmt(out.shape)}), but a ${m.output.layout} output needs rank ${m.output.layout.length}`);
    } else problems.push(...shapeProblems(`output "${out.name}"`, m.output.shape, out.shape));
  }
  if (m.output.shape[1] !== 1) problems.push(`output has ${m.output.shape[1]} channels; a generator must produce one channel of intensities`);
  if (problems.length > 0) throw new GeneratorError(modelPath, `model and manifest disagree:\n- ${problems.join('\n- ')}`);
}
