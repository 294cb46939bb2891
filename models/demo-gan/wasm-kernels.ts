// Fast gradient kernels for tfjs' WebAssembly backend, which has no Conv2DBackpropFilter
// kernel (conv weight gradients fail) and only a slow loop for Conv2DBackpropInput (used by
// conv2dTranspose and by conv input gradients). Both are rebuilt here from ops the backend
// runs fast (XNNPACK convolutions, transposes, DepthToSpace); see ../../../shared notes
// (environment.md) for the measurements. Ops called inside a kernel are not taped, so
// gradients still flow through the standard gradient definitions.
import * as tf from '@tensorflow/tfjs';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

interface ConvAttrs { strides: [number, number] | number; pad: Pad; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil' }

function pair(v: [number, number] | number): [number, number] {
  return typeof v === 'number' ? [v, v] : v;
}

/**
 * dW[kh,kw,ci,co] = Σ x[n, oh·s + kh − pad, ow·s + kw − pad, ci] · dy[n,oh,ow,co]:
 * one convolution with batch and channel axes swapped, dy as a filter dilated by the stride.
 */
function backpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: ConvAttrs & { filterShape: [number, number, number, number] }): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw] = attrs.filterShape;
    const strides = pair(attrs.strides);
    const info = tf.backend_util.computeConv2DInfo(x.shape, attrs.filterShape, strides, 1, attrs.pad as 'same', attrs.dimRoundingMode);
    const { top, left } = info.padInfo;
    const [, oh, ow] = dy.shape;
    // Rows/columns beyond what the forward conv read are cropped; missing ones padded.
    const bottom = kh - x.shape[1] - top + (oh - 1) * strides[0];
    const right = kw - x.shape[2] - left + (ow - 1) * strides[1];
    let xs = x;
    if (bottom < 0 || right < 0) xs = tf.slice(x, [0, 0, 0, 0], [-1, x.shape[1] + Math.min(0, bottom), x.shape[2] + Math.min(0, right), -1]);
    const xt = tf.transpose(xs, [3, 1, 2, 0]); // [ci, H, W, n]
    const f = tf.transpose(dy, [1, 2, 0, 3]); // [oh, ow, n, co]
    const pad: tf.backend_util.ExplicitPadding = [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]];
    const out = tf.conv2d(xt, f, 1, pad, 'NHWC', strides); // [ci, kh, kw, co]
    return tf.transpose(out, [1, 2, 0, 3]);
  });
}

/**
 * The transposed convolution of a 4×4, stride-2, pad-1 filter: for each of the four output
 * phases only a 2×2 subset of taps reaches each input pixel, so it is one 3×3 convolution
 * to 4·Cout channels (sparse kernels gathered from the filter) followed by DepthToSpace(2).
 */
let tapIndex: Int32Array | null = null;
function phaseTaps(): Int32Array {
  if (tapIndex) return tapIndex;
  // Output row 2m + a takes input row m + d with filter row k: a=0: d=0→k=1, d=−1→k=3; a=1: d=+1→k=0, d=0→k=2.
  const tap = (a: number, d: number) => (a === 0 ? (d === 0 ? 1 : d === -1 ? 3 : -1) : d === 1 ? 0 : d === 0 ? 2 : -1);
  tapIndex = new Int32Array(3 * 3 * 4);
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) for (let ay = 0; ay < 2; ay++) for (let ax = 0; ax < 2; ax++) {
    const ky = tap(ay, dy);
    const kx = tap(ax, dx);
    tapIndex[((dy + 1) * 3 + dx + 1) * 4 + ay * 2 + ax] = ky < 0 || kx < 0 ? 16 : ky * 4 + kx; // 16: the zero tap
  }
  return tapIndex;
}

function transposedStride2(dy: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, , co, ci] = filter.shape;
    const taps = tf.concat([tf.reshape(filter, [16, co, ci]), tf.zeros([1, co, ci])]);
    const k3 = tf.reshape(tf.transpose(tf.reshape(tf.gather(taps, tf.tensor1d(phaseTaps(), 'int32')), [3, 3, 4, co, ci]), [0, 1, 4, 2, 3]), [3, 3, ci, 4 * co]);
    return tf.depthToSpace(tf.conv2d(dy, k3 as tf.Tensor4D, 1, 'same'), 2);
  });
}

/** Registers both kernels on the wasm backend (call once, before training). */
export function registerFastConvGradients(): void {
  const slow = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (!slow) throw new Error('the wasm backend has no Conv2DBackpropInput kernel to wrap');
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { dy, filter } = args.inputs as { dy: tf.Tensor4D; filter: tf.Tensor4D };
      const attrs = args.attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
      const [s0, s1] = pair(attrs.strides);
      const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape, [s0, s1], 1, attrs.pad as 'same', attrs.dimRoundingMode);
      const fast = attrs.dataFormat !== 'NCHW' && s0 === 2 && s1 === 2 && filter.shape[0] === 4 && filter.shape[1] === 4
        && info.padInfo.top === 1 && info.padInfo.left === 1 && info.padInfo.bottom === 1 && info.padInfo.right === 1
        && attrs.inputShape[1] === 2 * dy.shape[1] && attrs.inputShape[2] === 2 * dy.shape[2];
      return fast ? transposedStride2(dy, filter) : (slow.kernelFunc(args) as tf.TensorInfo);
    },
  });
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x, dy } = args.inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
      return backpropFilter(x, dy, args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] });
    },
  });
}
