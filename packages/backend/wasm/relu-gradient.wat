;; The gradient of ReLU, dx = x > 0 ? dy : 0, in WebAssembly SIMD.
;;
;; Source of src/internal/relu-gradient-wasm-binary.ts (npm run assemble-wasm -w
;; @fewshot/backend); imports tfjs-backend-wasm's memory like batch-normalization.wat. One pass
;; over x and dy, in place of the op formulation's `step(x)` and `dy * step` (two passes and two
;; kernels). Where dy is negative and x <= 0 it writes +0 where the product writes -0; no sum
;; can tell them apart.
(module
  (import "env" "memory" (memory 1))

  ;; dx[k] = x[k] > 0 ? dy[k] : 0 for k in [0, count); pointers are byte offsets.
  (func (export "reluGradient") (param $dy i32) (param $x i32) (param $count i32) (param $dx i32)
    (local $end i32) (local $vectorEnd i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vectorEnd (i32.add (local.get $x) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $doneVectors
      (loop $nextVector
        (br_if $doneVectors (i32.ge_u (local.get $x) (local.get $vectorEnd)))
        (v128.store (local.get $dx)
          (v128.and
            (v128.load (local.get $dy))
            (f32x4.gt (v128.load (local.get $x)) (v128.const f32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
        (br $nextVector)))
    (block $doneScalars
      (loop $nextScalar
        (br_if $doneScalars (i32.ge_u (local.get $x) (local.get $end)))
        (f32.store (local.get $dx)
          (select (f32.load (local.get $dy)) (f32.const 0) (f32.gt (f32.load (local.get $x)) (f32.const 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 4)))
        (br $nextScalar))))
)
