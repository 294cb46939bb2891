import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import type { TensorInfo } from './manifest.ts';

// Optional providers that fail to load log native errors; openSession reports each failure itself.
ort.env.logLevel = 'fatal';

/** Execution providers in the order the app tries them (issue 6). */
export const PROVIDER_ORDER = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const;
export type Provider = (typeof PROVIDER_ORDER)[number];

export interface ProviderFailure { provider: string; reason: string }

/** An error about one generator: the message always names the model. */
export class GeneratorError extends Error {
  constructor(readonly modelPath: string, problem: string) {
    super(`generator ${basename(modelPath)}: ${problem}`);
    this.name = 'GeneratorError';
  }
}

/** Providers worth trying on this platform, in order; the others with the reason they are skipped. */
export function candidateProviders(platform = process.platform): { candidates: Provider[]; skipped: ProviderFailure[] } {
  const platformOnly: Partial<Record<Provider, NodeJS.Platform>> = { dml: 'win32', coreml: 'darwin' };
  const backends = new Set(ort.listSupportedBackends().map((b) => b.name));
  const candidates: Provider[] = [];
  const skipped: ProviderFailure[] = [];
  for (const p of PROVIDER_ORDER) {
    const only = platformOnly[p];
    if (only && only !== platform) skipped.push({ provider: p, reason: `only on ${only}` });
    else if (!backends.has(p)) skipped.push({ provider: p, reason: 'not in this onnxruntime-node build' });
    else candidates.push(p);
  }
  return { candidates, skipped };
}

/**
 * Checks that a file is an ONNX model at all, before onnxruntime sees it, so that a
 * wrong file gets a plain message rather than a protobuf parser's.
 */
export async function readOnnxModel(modelPath: string): Promise<{ bytes: Uint8Array; opTypes: string[] }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(modelPath);
  } catch (err) {
    throw new GeneratorError(modelPath, `cannot read the model file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnxProto.onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new GeneratorError(modelPath, `not an ONNX model (the file does not parse as an ONNX protobuf: ${(err as Error).message})`);
  }
  const graph = model.graph;
  if (!graph?.node?.length || !graph.output?.length || model.opsetImport.length === 0) {
    throw new GeneratorError(modelPath, 'not an ONNX model (no graph, nodes, outputs or opset)');
  }
  return { bytes, opTypes: [...new Set(graph.node.map((n) => n.opType ?? ''))] };
}

/** Rewords onnxruntime's session errors into what the organizer can act on. */
function explain(message: string, provider: string): string {
  if (/Could not find an implementation|No Op registered|not supported/i.test(message)) {
    return `uses an operator that the ${provider} execution provider does not support (${message.trim()})`;
  }
  return message.trim();
}

export interface OpenedSession { session: ort.InferenceSession; provider: Provider; providerFailures: ProviderFailure[] }

/**
 * Opens a session on the first provider that works, or only on `force` when given.
 * Each provider that fails is reported with onnxruntime's reason.
 */
export async function openSession(modelPath: string, opts: { provider?: string; threads?: number; cpuThreads?: number } = {}): Promise<OpenedSession> {
  const { bytes } = await readOnnxModel(modelPath);
  const { candidates, skipped } = candidateProviders();
  let order: Provider[] = candidates;
  const providerFailures: ProviderFailure[] = opts.provider ? [] : [...skipped];
  if (opts.provider) {
    if (!(PROVIDER_ORDER as readonly string[]).includes(opts.provider)) {
      throw new GeneratorError(modelPath, `unknown execution provider "${opts.provider}" (known: ${PROVIDER_ORDER.join(', ')})`);
    }
    const skip = skipped.find((s) => s.provider === opts.provider);
    if (skip) throw new GeneratorError(modelPath, `execution provider ${opts.provider} is unavailable here: ${skip.reason}`);
    order = [opts.provider as Provider];
  }
  for (const provider of order) {
    try {
      const session = await ort.InferenceSession.create(bytes, {
        executionProviders: [provider],
        intraOpNumThreads: (provider === 'cpu' ? opts.cpuThreads : undefined) ?? opts.threads ?? 0,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      });
      providerFailures.sort((a, b) => PROVIDER_ORDER.indexOf(a.provider as Provider) - PROVIDER_ORDER.indexOf(b.provider as Provider));
      return { session, provider, providerFailures };
    } catch (err) {
      providerFailures.push({ provider, reason: explain((err as Error).message, provider) });
    }
  }
  const detail = providerFailures.filter((f) => order.includes(f.provider as Provider)).map((f) => `${f.provider}: ${f.reason}`).join('; ');
  throw new GeneratorError(modelPath, `no execution provider could load the model (${detail})`);
}

/** The model's inputs and outputs as onnxruntime reports them. */
export function modelInfo(session: ort.InferenceSession): { inputs: TensorInfo[]; outputs: TensorInfo[] } {
  const toInfo = (m: ort.InferenceSession.ValueMetadata): TensorInfo =>
    m.isTensor ? { name: m.name, type: m.type, shape: m.shape } : { name: m.name, type: 'non-tensor', shape: [] };
  return { inputs: session.inputMetadata.map(toInfo), outputs: session.outputMetadata.map(toInfo) };
}
