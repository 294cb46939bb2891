;; 16-bit frame conversion with WebAssembly SIMD: the import's hot loop (see pixels.ts).
;; V8 does not vectorise the same JavaScript loop, which runs at 2–4 ns per sample and made
;; the import slower than dcmtk. No library offers this fused pass, hence hand-written.
;; Build: `node build/pixels-wasm.mjs` writes pixels-simd.wasm.ts from this file.
;;
;; Memory (imported: a volume's own memory, so the output lands in place, or a scratch one):
;;   [0, 64) results: i32 at 0: 1 once a sample fell in the padding range; i32x4 at 16: minima;
;;   i32x4 at 32: maxima (of the non-padding samples after masking). The caller seeds them.
;;   Samples in at byte `in`, float32 out at byte `out`: both 16-byte aligned, set by the caller.
;; Each sample, branch-free: mask to BitsStored and sign-extend when signed, as
;;   s = ((x & mask) ^ signBit) − signBit   (signBit 0 when unsigned);
;; then s · slope + intercept, in float32 when the caller knows that is exact (integer slope
;; and intercept, small values), else in float64 rounded to float32, exactly as the scalar
;; JavaScript path computes it. Padding → NaN. MONOCHROME1 (inverted) frames, rare in CT and
;; MR, stay on the scalar path.
(module
  (import "env" "memory" (memory 1))

  ;; Converts n samples (a multiple of 8) from `in` to `out`.
  (func (export "convert16") (param $n i32) (param $in i32) (param $out i32)
        (param $signed i32) (param $bits i32) (param $exact i32) (param $slope f64) (param $intercept f64) (param $padLo i32) (param $padHi i32)
    (local $end i32) (local $raw v128) (local $lo v128) (local $hi v128)
    (local $padL v128) (local $padH v128) (local $min v128) (local $max v128) (local $padded v128)
    (local $mask v128) (local $sign v128)
    (local $slope32 v128) (local $inter32 v128) (local $slope64 v128) (local $inter64 v128)
    (local $padLoV v128) (local $padHiV v128)
    (local.set $mask (i32x4.splat (i32.sub (i32.shl (i32.const 1) (local.get $bits)) (i32.const 1))))
    (local.set $sign (i32x4.splat (select (i32.shl (i32.const 1) (i32.sub (local.get $bits) (i32.const 1))) (i32.const 0) (local.get $signed))))
    (local.set $slope32 (f32x4.splat (f32.demote_f64 (local.get $slope))))
    (local.set $inter32 (f32x4.splat (f32.demote_f64 (local.get $intercept))))
    (local.set $slope64 (f64x2.splat (local.get $slope)))
    (local.set $inter64 (f64x2.splat (local.get $intercept)))
    (local.set $padLoV (i32x4.splat (local.get $padLo)))
    (local.set $padHiV (i32x4.splat (local.get $padHi)))
    (local.set $min (v128.load (i32.const 16)))
    (local.set $max (v128.load (i32.const 32)))
    (local.set $end (i32.add (local.get $in) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $in) (local.get $end)))
        (local.set $raw (v128.load (local.get $in)))
        (local.set $lo (i32x4.sub (v128.xor (v128.and (i32x4.extend_low_i16x8_u (local.get $raw)) (local.get $mask)) (local.get $sign)) (local.get $sign)))
        (local.set $hi (i32x4.sub (v128.xor (v128.and (i32x4.extend_high_i16x8_u (local.get $raw)) (local.get $mask)) (local.get $sign)) (local.get $sign)))
        (local.set $padL (v128.and (i32x4.ge_s (local.get $lo) (local.get $padLoV)) (i32x4.le_s (local.get $lo) (local.get $padHiV))))
        (local.set $padH (v128.and (i32x4.ge_s (local.get $hi) (local.get $padLoV)) (i32x4.le_s (local.get $hi) (local.get $padHiV))))
        (local.set $padded (v128.or (local.get $padded) (v128.or (local.get $padL) (local.get $padH))))
        (local.set $min (i32x4.min_s (local.get $min) (i32x4.min_s
          (v128.bitselect (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff) (local.get $lo) (local.get $padL))
          (v128.bitselect (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff) (local.get $hi) (local.get $padH)))))
        (local.set $max (i32x4.max_s (local.get $max) (i32x4.max_s
          (v128.bitselect (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000) (local.get $lo) (local.get $padL))
          (v128.bitselect (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000) (local.get $hi) (local.get $padH)))))
        ;; Kept inline: a call per four samples costs more than the work (V8 does not inline it).
        (v128.store (local.get $out) (v128.bitselect (v128.const f32x4 nan nan nan nan)
          (if (result v128) (local.get $exact)
            (then (f32x4.add (f32x4.mul (f32x4.convert_i32x4_s (local.get $lo)) (local.get $slope32)) (local.get $inter32)))
            (else (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $lo)) (local.get $slope64)) (local.get $inter64)))
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (f64x2.convert_low_i32x4_s
                (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $lo) (local.get $lo))) (local.get $slope64)) (local.get $inter64))))))
          (local.get $padL)))
        (v128.store offset=16 (local.get $out) (v128.bitselect (v128.const f32x4 nan nan nan nan)
          (if (result v128) (local.get $exact)
            (then (f32x4.add (f32x4.mul (f32x4.convert_i32x4_s (local.get $hi)) (local.get $slope32)) (local.get $inter32)))
            (else (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $hi)) (local.get $slope64)) (local.get $inter64)))
              (f32x4.demote_f64x2_zero (f64x2.add (f64x2.mul (f64x2.convert_low_i32x4_s
                (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $hi) (local.get $hi))) (local.get $slope64)) (local.get $inter64))))))
          (local.get $padH)))
        (local.set $in (i32.add (local.get $in) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (br $next)))
    (v128.store (i32.const 16) (local.get $min))
    (v128.store (i32.const 32) (local.get $max))
    (if (v128.any_true (local.get $padded)) (then (i32.store (i32.const 0) (i32.const 1))))))
