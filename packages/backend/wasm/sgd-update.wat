;; One step of SGD with momentum, in WebAssembly SIMD: the update of one variable and its
;; momentum buffer in one pass.
;;
;; Source of src/internal/sgd-update-wasm-binary.ts (npm run assemble-wasm -w @fewshot/backend);
;; imports tfjs-backend-wasm's memory like batch-normalization.wat. The op formulation runs up to
;; eight kernels per variable (and uploads four scalars); this runs the same float32 operations in
;; the same order, without fused multiply-adds, so its results are bit-identical:
;;   gradient = decay ? g + w * weightDecay : g
;;   buffer   = v * momentum + gradient
;;   update   = nesterov ? gradient + buffer * momentum : buffer
;;   wOut     = w - update * learningRate,   vOut = buffer
(module
  (import "env" "memory" (memory 1))

  ;; flags: bit 0 = apply weight decay, bit 1 = Nesterov. Pointers are byte offsets; the outputs
  ;; do not overlap the inputs.
  (func (export "sgdUpdate")
    (param $w i32) (param $g i32) (param $v i32) (param $count i32)
    (param $weightDecay f32) (param $momentum f32) (param $learningRate f32) (param $flags i32)
    (param $wOut i32) (param $vOut i32)
    (local $end i32) (local $vectorEnd i32) (local $decay i32) (local $nesterov i32)
    (local $decayVector v128) (local $momentumVector v128) (local $rateVector v128)
    (local $gradient v128) (local $buffer v128) (local $update v128)
    (local $gradientScalar f32) (local $bufferScalar f32) (local $updateScalar f32)
    (local.set $decay (i32.and (local.get $flags) (i32.const 1)))
    (local.set $nesterov (i32.and (local.get $flags) (i32.const 2)))
    (local.set $decayVector (f32x4.splat (local.get $weightDecay)))
    (local.set $momentumVector (f32x4.splat (local.get $momentum)))
    (local.set $rateVector (f32x4.splat (local.get $learningRate)))
    (local.set $end (i32.add (local.get $g) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vectorEnd (i32.add (local.get $g) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $doneVectors
      (loop $nextVector
        (br_if $doneVectors (i32.ge_u (local.get $g) (local.get $vectorEnd)))
        (local.set $gradient (v128.load (local.get $g)))
        (if (local.get $decay)
          (then
            (local.set $gradient
              (f32x4.add (local.get $gradient) (f32x4.mul (v128.load (local.get $w)) (local.get $decayVector))))))
        (local.set $buffer
          (f32x4.add (f32x4.mul (v128.load (local.get $v)) (local.get $momentumVector)) (local.get $gradient)))
        (local.set $update (local.get $buffer))
        (if (local.get $nesterov)
          (then
            (local.set $update
              (f32x4.add (local.get $gradient) (f32x4.mul (local.get $buffer) (local.get $momentumVector))))))
        (v128.store (local.get $vOut) (local.get $buffer))
        (v128.store (local.get $wOut)
          (f32x4.sub (v128.load (local.get $w)) (f32x4.mul (local.get $update) (local.get $rateVector))))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (local.set $wOut (i32.add (local.get $wOut) (i32.const 16)))
        (local.set $vOut (i32.add (local.get $vOut) (i32.const 16)))
        (br $nextVector)))
    (block $doneScalars
      (loop $nextScalar
        (br_if $doneScalars (i32.ge_u (local.get $g) (local.get $end)))
        (local.set $gradientScalar (f32.load (local.get $g)))
        (if (local.get $decay)
          (then
            (local.set $gradientScalar
              (f32.add (local.get $gradientScalar) (f32.mul (f32.load (local.get $w)) (local.get $weightDecay))))))
        (local.set $bufferScalar
          (f32.add (f32.mul (f32.load (local.get $v)) (local.get $momentum)) (local.get $gradientScalar)))
        (local.set $updateScalar (local.get $bufferScalar))
        (if (local.get $nesterov)
          (then
            (local.set $updateScalar
              (f32.add (local.get $gradientScalar) (f32.mul (local.get $bufferScalar) (local.get $momentum))))))
        (f32.store (local.get $vOut) (local.get $bufferScalar))
        (f32.store (local.get $wOut)
          (f32.sub (f32.load (local.get $w)) (f32.mul (local.get $updateScalar) (local.get $learningRate))))
        (local.set $w (i32.add (local.get $w) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (local.set $wOut (i32.add (local.get $wOut) (i32.const 4)))
        (local.set $vOut (i32.add (local.get $vOut) (i32.const 4)))
        (br $nextScalar))))
)
