;; Batch normalisation with batch statistics, forward and backward, in WebAssembly SIMD.
;;
;; Source of src/internal/batch-normalization-wasm-binary.ts (npm run assemble-wasm -w
;; @fewshot/backend). The module imports tfjs-backend-wasm's own memory, so it reads and
;; writes tensors where that backend keeps them, without copies. The assembler script emits
;; two variants: this text as is, and one whose memory import is `shared` (the threaded
;; build of tfjs-backend-wasm).
;;
;; Layout: x is [rows, channels] row-major (channels last), channels a multiple of 4; every
;; pointer is a byte offset into the memory; `rowBytes` = 4 * channels. Per-channel vectors
;; are float32 [channels]; `totals` are float64 [channels].
;;
;; Sums run over blocks of 256 rows in float32 (four channels per SIMD lane group), and each
;; block's partial sum is added to float64 totals, so the rounding error does not grow with
;; the number of rows as a plain float32 running sum's does.
(module
  (import "env" "memory" (memory 1))

  (global $blockRows i32 (i32.const 256))

  ;; totals[c] += scratch[c] in float64, then scratch[c] = 0, for every channel.
  (func $flush (param $scratch i32) (param $totals i32) (param $rowBytes i32)
    (local $g i32) (local $v v128) (local $t i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $g) (local.get $rowBytes)))
        (local.set $v (v128.load (i32.add (local.get $scratch) (local.get $g))))
        (local.set $t (i32.add (local.get $totals) (i32.shl (local.get $g) (i32.const 1))))
        (v128.store (local.get $t)
          (f64x2.add (v128.load (local.get $t)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 (local.get $t)
          (f64x2.add
            (v128.load offset=16 (local.get $t))
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (v128.store (i32.add (local.get $scratch) (local.get $g)) (v128.const i32x4 0 0 0 0))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $next))))

  ;; The end of the block of rows that starts at row r.
  (func $blockEnd (param $r i32) (param $rows i32) (result i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $r) (global.get $blockRows)))
    (select (local.get $rows) (local.get $end) (i32.gt_u (local.get $end) (local.get $rows))))

  ;; totals[c] = sum over rows of x[r, c].
  (func (export "channelSums")
    (param $x i32) (param $rows i32) (param $rowBytes i32) (param $scratch i32) (param $totals i32)
    (local $r i32) (local $end i32) (local $g i32) (local $s i32)
    (memory.fill (local.get $scratch) (i32.const 0) (local.get $rowBytes))
    (memory.fill (local.get $totals) (i32.const 0) (i32.shl (local.get $rowBytes) (i32.const 1)))
    (block $doneRows
      (loop $nextBlock
        (br_if $doneRows (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $end (call $blockEnd (local.get $r) (local.get $rows)))
        (block $doneBlock
          (loop $nextRow
            (br_if $doneBlock (i32.ge_u (local.get $r) (local.get $end)))
            (local.set $g (i32.const 0))
            (block $doneRow
              (loop $nextGroup
                (br_if $doneRow (i32.ge_u (local.get $g) (local.get $rowBytes)))
                (local.set $s (i32.add (local.get $scratch) (local.get $g)))
                (v128.store (local.get $s)
                  (f32x4.add
                    (v128.load (local.get $s))
                    (v128.load (i32.add (local.get $x) (local.get $g)))))
                (local.set $g (i32.add (local.get $g) (i32.const 16)))
                (br $nextGroup)))
            (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $nextRow)))
        (call $flush (local.get $scratch) (local.get $totals) (local.get $rowBytes))
        (br $nextBlock))))

  ;; totals[c] = sum over rows of (x[r, c] - mean[c])^2.
  (func (export "centeredSquareSums")
    (param $x i32) (param $mean i32) (param $rows i32) (param $rowBytes i32) (param $scratch i32) (param $totals i32)
    (local $r i32) (local $end i32) (local $g i32) (local $s i32) (local $d v128)
    (memory.fill (local.get $scratch) (i32.const 0) (local.get $rowBytes))
    (memory.fill (local.get $totals) (i32.const 0) (i32.shl (local.get $rowBytes) (i32.const 1)))
    (block $doneRows
      (loop $nextBlock
        (br_if $doneRows (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $end (call $blockEnd (local.get $r) (local.get $rows)))
        (block $doneBlock
          (loop $nextRow
            (br_if $doneBlock (i32.ge_u (local.get $r) (local.get $end)))
            (local.set $g (i32.const 0))
            (block $doneRow
              (loop $nextGroup
                (br_if $doneRow (i32.ge_u (local.get $g) (local.get $rowBytes)))
                (local.set $s (i32.add (local.get $scratch) (local.get $g)))
                (local.set $d
                  (f32x4.sub
                    (v128.load (i32.add (local.get $x) (local.get $g)))
                    (v128.load (i32.add (local.get $mean) (local.get $g)))))
                (v128.store (local.get $s)
                  (f32x4.add (v128.load (local.get $s)) (f32x4.mul (local.get $d) (local.get $d))))
                (local.set $g (i32.add (local.get $g) (i32.const 16)))
                (br $nextGroup)))
            (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $nextRow)))
        (call $flush (local.get $scratch) (local.get $totals) (local.get $rowBytes))
        (br $nextBlock))))

  ;; y[r, c] = (x[r, c] - mean[c]) * multiplier[c] + offset[c].
  (func (export "normalize")
    (param $x i32) (param $mean i32) (param $multiplier i32) (param $offset i32)
    (param $rows i32) (param $rowBytes i32) (param $y i32)
    (local $r i32) (local $g i32)
    (block $doneRows
      (loop $nextRow
        (br_if $doneRows (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $g (i32.const 0))
        (block $doneRow
          (loop $nextGroup
            (br_if $doneRow (i32.ge_u (local.get $g) (local.get $rowBytes)))
            (v128.store (i32.add (local.get $y) (local.get $g))
              (f32x4.add
                (f32x4.mul
                  (f32x4.sub
                    (v128.load (i32.add (local.get $x) (local.get $g)))
                    (v128.load (i32.add (local.get $mean) (local.get $g))))
                  (v128.load (i32.add (local.get $multiplier) (local.get $g))))
                (v128.load (i32.add (local.get $offset) (local.get $g)))))
            (local.set $g (i32.add (local.get $g) (i32.const 16)))
            (br $nextGroup)))
        (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
        (local.set $y (i32.add (local.get $y) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $nextRow))))

  ;; dyTotals[c] = sum of dy[r, c]; productTotals[c] = sum of dy[r, c] * (x[r, c] - mean[c]).
  (func (export "gradientSums")
    (param $dy i32) (param $x i32) (param $mean i32) (param $rows i32) (param $rowBytes i32)
    (param $dyScratch i32) (param $dyTotals i32) (param $productScratch i32) (param $productTotals i32)
    (local $r i32) (local $end i32) (local $g i32) (local $s i32) (local $p i32) (local $d v128)
    (memory.fill (local.get $dyScratch) (i32.const 0) (local.get $rowBytes))
    (memory.fill (local.get $dyTotals) (i32.const 0) (i32.shl (local.get $rowBytes) (i32.const 1)))
    (memory.fill (local.get $productScratch) (i32.const 0) (local.get $rowBytes))
    (memory.fill (local.get $productTotals) (i32.const 0) (i32.shl (local.get $rowBytes) (i32.const 1)))
    (block $doneRows
      (loop $nextBlock
        (br_if $doneRows (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $end (call $blockEnd (local.get $r) (local.get $rows)))
        (block $doneBlock
          (loop $nextRow
            (br_if $doneBlock (i32.ge_u (local.get $r) (local.get $end)))
            (local.set $g (i32.const 0))
            (block $doneRow
              (loop $nextGroup
                (br_if $doneRow (i32.ge_u (local.get $g) (local.get $rowBytes)))
                (local.set $d (v128.load (i32.add (local.get $dy) (local.get $g))))
                (local.set $s (i32.add (local.get $dyScratch) (local.get $g)))
                (v128.store (local.get $s) (f32x4.add (v128.load (local.get $s)) (local.get $d)))
                (local.set $p (i32.add (local.get $productScratch) (local.get $g)))
                (v128.store (local.get $p)
                  (f32x4.add
                    (v128.load (local.get $p))
                    (f32x4.mul
                      (local.get $d)
                      (f32x4.sub
                        (v128.load (i32.add (local.get $x) (local.get $g)))
                        (v128.load (i32.add (local.get $mean) (local.get $g)))))))
                (local.set $g (i32.add (local.get $g) (i32.const 16)))
                (br $nextGroup)))
            (local.set $dy (i32.add (local.get $dy) (local.get $rowBytes)))
            (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $nextRow)))
        (call $flush (local.get $dyScratch) (local.get $dyTotals) (local.get $rowBytes))
        (call $flush (local.get $productScratch) (local.get $productTotals) (local.get $rowBytes))
        (br $nextBlock))))

  ;; dx[r, c] = dy[r, c] * multiplier[c] - ((x[r, c] - mean[c]) * centeredFactor[c] + constant[c]).
  (func (export "inputGradient")
    (param $dy i32) (param $x i32) (param $mean i32) (param $multiplier i32)
    (param $centeredFactor i32) (param $constant i32) (param $rows i32) (param $rowBytes i32) (param $dx i32)
    (local $r i32) (local $g i32)
    (block $doneRows
      (loop $nextRow
        (br_if $doneRows (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $g (i32.const 0))
        (block $doneRow
          (loop $nextGroup
            (br_if $doneRow (i32.ge_u (local.get $g) (local.get $rowBytes)))
            (v128.store (i32.add (local.get $dx) (local.get $g))
              (f32x4.sub
                (f32x4.mul
                  (v128.load (i32.add (local.get $dy) (local.get $g)))
                  (v128.load (i32.add (local.get $multiplier) (local.get $g))))
                (f32x4.add
                  (f32x4.mul
                    (f32x4.sub
                      (v128.load (i32.add (local.get $x) (local.get $g)))
                      (v128.load (i32.add (local.get $mean) (local.get $g))))
                    (v128.load (i32.add (local.get $centeredFactor) (local.get $g))))
                  (v128.load (i32.add (local.get $constant) (local.get $g))))))
            (local.set $g (i32.add (local.get $g) (i32.const 16)))
            (br $nextGroup)))
        (local.set $dy (i32.add (local.get $dy) (local.get $rowBytes)))
        (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
        (local.set $dx (i32.add (local.get $dx) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $nextRow))))
)
