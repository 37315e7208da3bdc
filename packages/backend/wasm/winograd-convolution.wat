;; A 3x3, stride-1, dilation-1 2-D convolution (NHWC) by Winograd's minimal filtering
;; F(4x4, 3x3), in WebAssembly SIMD.
;;
;; Source of src/internal/winograd-convolution-wasm-binary.ts (npm run assemble-wasm -w
;; @fewshot/backend); imports tfjs-backend-wasm's memory like batch-normalization.wat.
;;
;;   y[b, p, q, co] = sum over i, j < 3 and ci of  x[b, p + i - top, q + j - left, ci] * w[i, j, ci, co]
;;
;; with x zero outside [0, height) x [0, width). Every 4x4 tile of outputs comes from the 6x6
;; patch of x under it: Y = Aᵀ [ sum over ci of (G w Gᵀ)[ci] ⊙ (Bᵀ d B)[ci] ] A (Lavin and Gray,
;; 2016). That is 36 products per input and output channel for 16 outputs, where the direct
;; convolution takes 144, at the price of the two transforms and of rounding in another order.
;;
;; `transformFilter` turns w [3, 3, inChannels, outChannels] into U [36, inChannels, outChannels].
;; `convolve` computes the `tiles` tiles (numbered image by image, row by row) a block of
;; `blockTiles` tiles at a time, taking the next block from the counter at `next` (an i32, zero
;; at the start, shared by the threads that run it at once): the patches' transforms
;; V [36, block, inChannels], then for each of the 36 positions the product with U (a matrix
;; product that keeps that slice of U in the cache across the block), then the output transforms. Tiles are independent: whichever
;; thread computes a block, the bits are the same. inChannels is a multiple of 4, outChannels of
;; 8, blockTiles even; `scratch` holds 4 * (36 * inChannels + 36 * max(inChannels, outChannels) +
;; 36 * blockTiles * (inChannels + outChannels) + 16 * outChannels) bytes.
(module
  (import "env" "memory" (memory 1))

  ;; (Bᵀ d)[k] for d[k] = the vector at src + k * srcStride (k < 6), stored at dst + k * dstStride;
  ;; for the `bytes` / 16 vectors that follow each other at src and at dst.
  (func $inputTransform (param $from i32) (param $srcStride i32) (param $to i32) (param $dstStride i32) (param $bytes i32)
    (local $src i32) (local $dst i32) (local $offset i32)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128) (local $d4 v128) (local $d5 v128)
    (local $p v128) (local $q v128)
    (loop $nextVector
    (local.set $src (i32.add (local.get $from) (local.get $offset)))
    (local.set $dst (i32.add (local.get $to) (local.get $offset)))
    (local.set $d0 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $d1 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $d2 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $d3 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $d4 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $d5 (v128.load (local.get $src)))
    ;; 4 d0 - 5 d2 + d4
    (v128.store (local.get $dst)
      (f32x4.add
        (f32x4.sub
          (f32x4.mul (local.get $d0) (v128.const f32x4 4 4 4 4))
          (f32x4.mul (local.get $d2) (v128.const f32x4 5 5 5 5)))
        (local.get $d4)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; (d3 + d4) - 4 (d1 + d2)
    (v128.store (local.get $dst)
      (f32x4.sub
        (f32x4.add (local.get $d3) (local.get $d4))
        (f32x4.mul (f32x4.add (local.get $d1) (local.get $d2)) (v128.const f32x4 4 4 4 4))))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; (d4 - d3) + 4 (d1 - d2)
    (v128.store (local.get $dst)
      (f32x4.add
        (f32x4.sub (local.get $d4) (local.get $d3))
        (f32x4.mul (f32x4.sub (local.get $d1) (local.get $d2)) (v128.const f32x4 4 4 4 4))))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; (d4 - d2) + 2 (d3 - d1), then (d4 - d2) - 2 (d3 - d1)
    (local.set $p (f32x4.sub (local.get $d4) (local.get $d2)))
    (local.set $q (f32x4.mul (f32x4.sub (local.get $d3) (local.get $d1)) (v128.const f32x4 2 2 2 2)))
    (v128.store (local.get $dst) (f32x4.add (local.get $p) (local.get $q)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    (v128.store (local.get $dst) (f32x4.sub (local.get $p) (local.get $q)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; 4 d1 - 5 d3 + d5
    (v128.store (local.get $dst)
      (f32x4.add
        (f32x4.sub
          (f32x4.mul (local.get $d1) (v128.const f32x4 4 4 4 4))
          (f32x4.mul (local.get $d3) (v128.const f32x4 5 5 5 5)))
        (local.get $d5)))
    (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
    (br_if $nextVector (i32.lt_u (local.get $offset) (local.get $bytes)))))

  ;; (G g)[k] for g[k] = the vector at src + k * srcStride (k < 3), stored at dst + k * dstStride (k < 6).
  (func $filterTransform (param $src i32) (param $srcStride i32) (param $dst i32) (param $dstStride i32)
    (local $g0 v128) (local $g1 v128) (local $g2 v128) (local $p v128) (local $q v128)
    (local.set $g0 (v128.load (local.get $src)))
    (local.set $g1 (v128.load (i32.add (local.get $src) (local.get $srcStride))))
    (local.set $g2 (v128.load (i32.add (local.get $src) (i32.shl (local.get $srcStride) (i32.const 1)))))
    ;; g0 / 4
    (v128.store (local.get $dst) (f32x4.mul (local.get $g0) (v128.const f32x4 0.25 0.25 0.25 0.25)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; -(g0 + g2 + g1) / 6, then -(g0 + g2 - g1) / 6
    (local.set $p (f32x4.add (local.get $g0) (local.get $g2)))
    (v128.store (local.get $dst)
      (f32x4.mul (f32x4.add (local.get $p) (local.get $g1)) (v128.const f32x4 -0x1.555556p-3 -0x1.555556p-3 -0x1.555556p-3 -0x1.555556p-3)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    (v128.store (local.get $dst)
      (f32x4.mul (f32x4.sub (local.get $p) (local.get $g1)) (v128.const f32x4 -0x1.555556p-3 -0x1.555556p-3 -0x1.555556p-3 -0x1.555556p-3)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; (g0 / 24 + g2 / 6) + g1 / 12, then (g0 / 24 + g2 / 6) - g1 / 12
    (local.set $p
      (f32x4.add
        (f32x4.mul (local.get $g0) (v128.const f32x4 0x1.555556p-5 0x1.555556p-5 0x1.555556p-5 0x1.555556p-5))
        (f32x4.mul (local.get $g2) (v128.const f32x4 0x1.555556p-3 0x1.555556p-3 0x1.555556p-3 0x1.555556p-3))))
    (local.set $q (f32x4.mul (local.get $g1) (v128.const f32x4 0x1.555556p-4 0x1.555556p-4 0x1.555556p-4 0x1.555556p-4)))
    (v128.store (local.get $dst) (f32x4.add (local.get $p) (local.get $q)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    (v128.store (local.get $dst) (f32x4.sub (local.get $p) (local.get $q)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; g2
    (v128.store (local.get $dst) (local.get $g2)))

  ;; (Aᵀ m)[k] for m[k] = the vector at src + k * srcStride (k < 6), stored at dst + k * dstStride
  ;; (k < 4); for the `bytes` / 16 vectors that follow each other at src and at dst.
  (func $outputTransform (param $from i32) (param $srcStride i32) (param $to i32) (param $dstStride i32) (param $bytes i32)
    (local $src i32) (local $dst i32) (local $offset i32)
    (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128) (local $m4 v128) (local $m5 v128)
    (local $sum12 v128) (local $difference12 v128) (local $sum34 v128) (local $difference34 v128)
    (loop $nextVector
    (local.set $src (i32.add (local.get $from) (local.get $offset)))
    (local.set $dst (i32.add (local.get $to) (local.get $offset)))
    (local.set $m0 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $m1 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $m2 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $m3 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $m4 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $m5 (v128.load (local.get $src)))
    (local.set $sum12 (f32x4.add (local.get $m1) (local.get $m2)))
    (local.set $difference12 (f32x4.sub (local.get $m1) (local.get $m2)))
    (local.set $sum34 (f32x4.add (local.get $m3) (local.get $m4)))
    (local.set $difference34 (f32x4.sub (local.get $m3) (local.get $m4)))
    ;; m0 + (m1 + m2) + (m3 + m4)
    (v128.store (local.get $dst) (f32x4.add (f32x4.add (local.get $m0) (local.get $sum12)) (local.get $sum34)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; (m1 - m2) + 2 (m3 - m4)
    (v128.store (local.get $dst)
      (f32x4.add (local.get $difference12) (f32x4.mul (local.get $difference34) (v128.const f32x4 2 2 2 2))))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; (m1 + m2) + 4 (m3 + m4)
    (v128.store (local.get $dst)
      (f32x4.add (local.get $sum12) (f32x4.mul (local.get $sum34) (v128.const f32x4 4 4 4 4))))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; (m1 - m2) + 8 (m3 - m4) + m5
    (v128.store (local.get $dst)
      (f32x4.add
        (f32x4.add (local.get $difference12) (f32x4.mul (local.get $difference34) (v128.const f32x4 8 8 8 8)))
        (local.get $m5)))
    (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
    (br_if $nextVector (i32.lt_u (local.get $offset) (local.get $bytes)))))

  ;; U[k * 6 + l, ci, co] = (G w[., ., ci, co] Gᵀ)[k, l].
  (func (export "transformFilter") (param $w i32) (param $inChannels i32) (param $outChannels i32) (param $u i32) (param $scratch i32)
    (local $outStep i32) (local $plane i32) (local $ci i32) (local $co i32) (local $k i32) (local $column i32)
    (local.set $outStep (i32.shl (local.get $outChannels) (i32.const 2)))
    (local.set $plane (i32.mul (local.get $inChannels) (local.get $outStep)))
    (block $doneCi
      (loop $nextCi
        (br_if $doneCi (i32.ge_u (local.get $ci) (local.get $inChannels)))
        (local.set $co (i32.const 0))
        (block $doneCo
          (loop $nextCo
            (br_if $doneCo (i32.ge_u (local.get $co) (local.get $outStep)))
            ;; scratch[k, column] = (G w[., column])[k]: 6 x 3 vectors
            (local.set $column (i32.const 0))
            (block $doneColumns
              (loop $nextColumn
                (br_if $doneColumns (i32.ge_u (local.get $column) (i32.const 3)))
                (call $filterTransform
                  (i32.add
                    (i32.add (local.get $w) (local.get $co))
                    (i32.mul
                      (i32.add (i32.mul (local.get $column) (local.get $inChannels)) (local.get $ci))
                      (local.get $outStep)))
                  (i32.mul (local.get $plane) (i32.const 3))
                  (i32.add (local.get $scratch) (i32.shl (local.get $column) (i32.const 4)))
                  (i32.const 48))
                (local.set $column (i32.add (local.get $column) (i32.const 1)))
                (br $nextColumn)))
            ;; U[k * 6 + l] = (G (scratch[k, .])ᵀ)[l]
            (local.set $k (i32.const 0))
            (block $doneRows
              (loop $nextRow
                (br_if $doneRows (i32.ge_u (local.get $k) (i32.const 6)))
                (call $filterTransform
                  (i32.add (local.get $scratch) (i32.mul (local.get $k) (i32.const 48)))
                  (i32.const 16)
                  (i32.add
                    (i32.add (local.get $u) (local.get $co))
                    (i32.add
                      (i32.mul (i32.mul (local.get $k) (i32.const 6)) (local.get $plane))
                      (i32.mul (local.get $ci) (local.get $outStep))))
                  (local.get $plane))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $nextRow)))
            (local.set $co (i32.add (local.get $co) (i32.const 16)))
            (br $nextCo)))
        (local.set $ci (i32.add (local.get $ci) (i32.const 1)))
        (br $nextCi))))

  ;; V[k * 6 + l, t, .] = (Bᵀ d B)[k, l] for the 6x6 patch d (zero outside the image) of each of
  ;; the `count` tiles from `start` on; patch and rows are workspaces of the caller.
  (func $transformPatches
    (param $x i32) (param $height i32) (param $width i32) (param $inStep i32) (param $top i32) (param $left i32)
    (param $tilesX i32) (param $tilesPerImage i32) (param $start i32) (param $count i32) (param $blockTiles i32)
    (param $patch i32) (param $rows i32) (param $v i32)
    (local $t i32) (local $tile i32) (local $b i32) (local $ty i32) (local $tx i32) (local $r i32) (local $row i32)
    (local $c0 i32) (local $colFirst i32) (local $colEnd i32) (local $dst i32) (local $k i32)
    (local.set $t (i32.const 0))
    (block $doneInputs
      (loop $nextInput
        (br_if $doneInputs (i32.ge_u (local.get $t) (local.get $count)))
        (local.set $tile (i32.add (local.get $start) (local.get $t)))
        (local.set $b (i32.div_u (local.get $tile) (local.get $tilesPerImage)))
        (local.set $tile (i32.rem_u (local.get $tile) (local.get $tilesPerImage)))
        (local.set $ty (i32.div_u (local.get $tile) (local.get $tilesX)))
        (local.set $tx (i32.rem_u (local.get $tile) (local.get $tilesX)))
        ;; the 6x6 patch, zero outside the image
        (local.set $c0 (i32.sub (i32.shl (local.get $tx) (i32.const 2)) (local.get $left)))
        (local.set $colFirst (local.get $c0))
        (if (i32.lt_s (local.get $colFirst) (i32.const 0)) (then (local.set $colFirst (i32.const 0))))
        (local.set $colEnd (i32.add (local.get $c0) (i32.const 6)))
        (if (i32.gt_s (local.get $colEnd) (local.get $width)) (then (local.set $colEnd (local.get $width))))
        (local.set $r (i32.const 0))
        (block $donePatchRows
          (loop $nextPatchRow
            (br_if $donePatchRows (i32.ge_u (local.get $r) (i32.const 6)))
            (local.set $row (i32.add (i32.sub (i32.shl (local.get $ty) (i32.const 2)) (local.get $top)) (local.get $r)))
            (local.set $dst (i32.add (local.get $patch) (i32.mul (i32.mul (local.get $r) (i32.const 6)) (local.get $inStep))))
            (if
              (i32.or
                (i32.or (i32.lt_s (local.get $row) (i32.const 0)) (i32.ge_s (local.get $row) (local.get $height)))
                (i32.le_s (local.get $colEnd) (local.get $colFirst)))
              (then (memory.fill (local.get $dst) (i32.const 0) (i32.mul (local.get $inStep) (i32.const 6))))
              (else
                (if
                  (i32.or
                    (i32.gt_s (local.get $colFirst) (local.get $c0))
                    (i32.lt_s (local.get $colEnd) (i32.add (local.get $c0) (i32.const 6))))
                  (then (memory.fill (local.get $dst) (i32.const 0) (i32.mul (local.get $inStep) (i32.const 6)))))
                (memory.copy
                  (i32.add (local.get $dst) (i32.mul (i32.sub (local.get $colFirst) (local.get $c0)) (local.get $inStep)))
                  (i32.add
                    (local.get $x)
                    (i32.mul
                      (i32.add
                        (i32.mul (i32.add (i32.mul (local.get $b) (local.get $height)) (local.get $row)) (local.get $width))
                        (local.get $colFirst))
                      (local.get $inStep)))
                  (i32.mul (i32.sub (local.get $colEnd) (local.get $colFirst)) (local.get $inStep)))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $nextPatchRow)))
        ;; rows[k, c, .] = (Bᵀ patch[., c, .])[k], then V[k * 6 + l, t, .] = (Bᵀ rows[k, ., .])[l]
        (local.set $k (i32.const 0))
        (block $doneColumns
          (loop $nextColumn
            (br_if $doneColumns (i32.ge_u (local.get $k) (i32.const 6)))
            (call $inputTransform
              (i32.add (local.get $patch) (i32.mul (local.get $k) (local.get $inStep)))
              (i32.mul (local.get $inStep) (i32.const 6))
              (i32.add (local.get $rows) (i32.mul (local.get $k) (local.get $inStep)))
              (i32.mul (local.get $inStep) (i32.const 6))
              (local.get $inStep))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $nextColumn)))
        (local.set $k (i32.const 0))
        (block $doneRows
          (loop $nextRow
            (br_if $doneRows (i32.ge_u (local.get $k) (i32.const 6)))
            (call $inputTransform
              (i32.add (local.get $rows) (i32.mul (i32.mul (local.get $k) (i32.const 6)) (local.get $inStep)))
              (local.get $inStep)
              (i32.add
                (local.get $v)
                (i32.mul
                  (i32.add (i32.mul (i32.mul (local.get $k) (i32.const 6)) (local.get $blockTiles)) (local.get $t))
                  (local.get $inStep)))
              (i32.mul (local.get $blockTiles) (local.get $inStep))
              (local.get $inStep))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $nextRow)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $nextInput))))

  (func (export "convolve")
    (param $x i32) (param $u i32) (param $y i32) (param $height i32) (param $width i32) (param $inChannels i32)
    (param $outHeight i32) (param $outWidth i32) (param $outChannels i32) (param $top i32) (param $left i32)
    (param $next i32) (param $tiles i32) (param $blockTiles i32) (param $scratch i32)
    (local $inStep i32) (local $outStep i32) (local $tilesX i32) (local $tilesPerImage i32)
    (local $patch i32) (local $rows i32) (local $v i32) (local $m i32) (local $outTile i32)
    (local $start i32) (local $count i32) (local $t i32) (local $tile i32)
    (local $b i32) (local $ty i32) (local $tx i32) (local $r i32) (local $row i32)
    (local $c0 i32) (local $colFirst i32) (local $colEnd i32) (local $dst i32) (local $c i32) (local $k i32)
    (local $xi i32) (local $uXi i32) (local $vXi i32) (local $mXi i32) (local $co i32)
    (local $pa i32) (local $pb i32) (local $pu i32) (local $vEnd i32) (local $ma i32)
    (local $s0 v128) (local $s1 v128) (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $inStep (i32.shl (local.get $inChannels) (i32.const 2)))
    (local.set $outStep (i32.shl (local.get $outChannels) (i32.const 2)))
    (local.set $tilesX (i32.shr_u (i32.add (local.get $outWidth) (i32.const 3)) (i32.const 2)))
    (local.set $tilesPerImage
      (i32.mul (local.get $tilesX) (i32.shr_u (i32.add (local.get $outHeight) (i32.const 3)) (i32.const 2))))
    ;; patch [6, 6, inChannels]; rows [6, 6, max(inChannels, outChannels)]; V [36, block, inChannels];
    ;; M [36, block, outChannels]; a tile of outputs [4, 4, outChannels]
    (local.set $patch (local.get $scratch))
    (local.set $rows (i32.add (local.get $patch) (i32.mul (local.get $inStep) (i32.const 36))))
    (local.set $v
      (i32.add
        (local.get $rows)
        (i32.mul
          (select (local.get $inStep) (local.get $outStep) (i32.gt_u (local.get $inStep) (local.get $outStep)))
          (i32.const 36))))
    (local.set $m (i32.add (local.get $v) (i32.mul (i32.mul (local.get $inStep) (local.get $blockTiles)) (i32.const 36))))
    (local.set $outTile (i32.add (local.get $m) (i32.mul (i32.mul (local.get $outStep) (local.get $blockTiles)) (i32.const 36))))
    (block $doneBlocks
      (loop $nextBlock
        ;; the next block of tiles that no thread has taken
        (local.set $start (i32.atomic.rmw.add (local.get $next) (local.get $blockTiles)))
        (br_if $doneBlocks (i32.ge_u (local.get $start) (local.get $tiles)))
        (local.set $count (i32.sub (local.get $tiles) (local.get $start)))
        (if (i32.gt_u (local.get $count) (local.get $blockTiles)) (then (local.set $count (local.get $blockTiles))))

        ;; 1. V[., t, .] = Bᵀ d B for the patch d of every tile t of the block
        (call $transformPatches
          (local.get $x) (local.get $height) (local.get $width) (local.get $inStep) (local.get $top) (local.get $left)
          (local.get $tilesX) (local.get $tilesPerImage) (local.get $start) (local.get $count) (local.get $blockTiles)
          (local.get $patch) (local.get $rows) (local.get $v))

        ;; 2. M[xi, t, .] = V[xi, t, .] U[xi] for the 36 positions xi, two tiles and 16 (or 8) output
        ;; channels at a time (an odd last tile is paired with a stale slot whose result is unused)
        (local.set $xi (i32.const 0))
        (block $donePositions
          (loop $nextPosition
            (br_if $donePositions (i32.ge_u (local.get $xi) (i32.const 36)))
            (local.set $uXi (i32.add (local.get $u) (i32.mul (i32.mul (local.get $xi) (local.get $inChannels)) (local.get $outStep))))
            (local.set $vXi (i32.add (local.get $v) (i32.mul (i32.mul (local.get $xi) (local.get $blockTiles)) (local.get $inStep))))
            (local.set $mXi (i32.add (local.get $m) (i32.mul (i32.mul (local.get $xi) (local.get $blockTiles)) (local.get $outStep))))
            (local.set $t (i32.const 0))
            (block $donePairs
              (loop $nextPair
                (br_if $donePairs (i32.ge_u (local.get $t) (local.get $count)))
                (local.set $co (i32.const 0))
                (block $doneOut
                  (loop $nextOut
                    (br_if $doneOut (i32.ge_u (local.get $co) (local.get $outStep)))
                    ;; sixteen output channels at a time while there are, then eight
                    (if (i32.ge_u (i32.sub (local.get $outStep) (local.get $co)) (i32.const 64))
                      (then
                        (local.set $a0 (v128.const i32x4 0 0 0 0))
                        (local.set $a1 (v128.const i32x4 0 0 0 0))
                        (local.set $a2 (v128.const i32x4 0 0 0 0))
                        (local.set $a3 (v128.const i32x4 0 0 0 0))
                        (local.set $a4 (v128.const i32x4 0 0 0 0))
                        (local.set $a5 (v128.const i32x4 0 0 0 0))
                        (local.set $a6 (v128.const i32x4 0 0 0 0))
                        (local.set $a7 (v128.const i32x4 0 0 0 0))
                        (local.set $pa (i32.add (local.get $vXi) (i32.mul (local.get $t) (local.get $inStep))))
                        (local.set $pb (i32.add (local.get $pa) (local.get $inStep)))
                        (local.set $vEnd (local.get $pb))
                        (local.set $pu (i32.add (local.get $uXi) (local.get $co)))
                        (block $doneSum
                          (loop $nextTerm
                            (br_if $doneSum (i32.ge_u (local.get $pa) (local.get $vEnd)))
                            (local.set $s0 (v128.load32_splat (local.get $pa)))
                            (local.set $s1 (v128.load32_splat (local.get $pb)))
                            (local.set $w0 (v128.load (local.get $pu)))
                            (local.set $w1 (v128.load offset=16 (local.get $pu)))
                            (local.set $w2 (v128.load offset=32 (local.get $pu)))
                            (local.set $w3 (v128.load offset=48 (local.get $pu)))
                            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s0) (local.get $w0))))
                            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s0) (local.get $w1))))
                            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s0) (local.get $w2))))
                            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s0) (local.get $w3))))
                            (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s1) (local.get $w0))))
                            (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $s1) (local.get $w1))))
                            (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $s1) (local.get $w2))))
                            (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $s1) (local.get $w3))))
                            (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
                            (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
                            (local.set $pu (i32.add (local.get $pu) (local.get $outStep)))
                            (br $nextTerm)))
                        (local.set $ma
                          (i32.add (i32.add (local.get $mXi) (local.get $co)) (i32.mul (local.get $t) (local.get $outStep))))
                        (v128.store (local.get $ma) (local.get $a0))
                        (v128.store offset=16 (local.get $ma) (local.get $a1))
                        (v128.store offset=32 (local.get $ma) (local.get $a2))
                        (v128.store offset=48 (local.get $ma) (local.get $a3))
                        (local.set $ma (i32.add (local.get $ma) (local.get $outStep)))
                        (v128.store (local.get $ma) (local.get $a4))
                        (v128.store offset=16 (local.get $ma) (local.get $a5))
                        (v128.store offset=32 (local.get $ma) (local.get $a6))
                        (v128.store offset=48 (local.get $ma) (local.get $a7))
                        (local.set $co (i32.add (local.get $co) (i32.const 64))))
                      (else
                        ;; eight output channels left: two tiles x two vectors
                        (local.set $a0 (v128.const i32x4 0 0 0 0))
                        (local.set $a1 (v128.const i32x4 0 0 0 0))
                        (local.set $a4 (v128.const i32x4 0 0 0 0))
                        (local.set $a5 (v128.const i32x4 0 0 0 0))
                        (local.set $pa (i32.add (local.get $vXi) (i32.mul (local.get $t) (local.get $inStep))))
                        (local.set $pb (i32.add (local.get $pa) (local.get $inStep)))
                        (local.set $vEnd (local.get $pb))
                        (local.set $pu (i32.add (local.get $uXi) (local.get $co)))
                        (block $doneSum8
                          (loop $nextTerm8
                            (br_if $doneSum8 (i32.ge_u (local.get $pa) (local.get $vEnd)))
                            (local.set $s0 (v128.load32_splat (local.get $pa)))
                            (local.set $s1 (v128.load32_splat (local.get $pb)))
                            (local.set $w0 (v128.load (local.get $pu)))
                            (local.set $w1 (v128.load offset=16 (local.get $pu)))
                            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s0) (local.get $w0))))
                            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s0) (local.get $w1))))
                            (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s1) (local.get $w0))))
                            (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $s1) (local.get $w1))))
                            (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
                            (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
                            (local.set $pu (i32.add (local.get $pu) (local.get $outStep)))
                            (br $nextTerm8)))
                        (local.set $ma
                          (i32.add (i32.add (local.get $mXi) (local.get $co)) (i32.mul (local.get $t) (local.get $outStep))))
                        (v128.store (local.get $ma) (local.get $a0))
                        (v128.store offset=16 (local.get $ma) (local.get $a1))
                        (local.set $ma (i32.add (local.get $ma) (local.get $outStep)))
                        (v128.store (local.get $ma) (local.get $a4))
                        (v128.store offset=16 (local.get $ma) (local.get $a5))
                        (local.set $co (i32.add (local.get $co) (i32.const 32)))))
                    (br $nextOut)))
                (local.set $t (i32.add (local.get $t) (i32.const 2)))
                (br $nextPair)))
            (local.set $xi (i32.add (local.get $xi) (i32.const 1)))
            (br $nextPosition)))

        ;; 3. the 4x4 outputs of every tile: Aᵀ M A, copied into y where they fall inside it
        (local.set $t (i32.const 0))
        (block $doneOutputs
          (loop $nextOutput
            (br_if $doneOutputs (i32.ge_u (local.get $t) (local.get $count)))
            (local.set $tile (i32.add (local.get $start) (local.get $t)))
            (local.set $b (i32.div_u (local.get $tile) (local.get $tilesPerImage)))
            (local.set $tile (i32.rem_u (local.get $tile) (local.get $tilesPerImage)))
            (local.set $ty (i32.div_u (local.get $tile) (local.get $tilesX)))
            (local.set $tx (i32.rem_u (local.get $tile) (local.get $tilesX)))
            ;; rows[o, l, .] = (Aᵀ M[., l, t, .])[o], then tile[o, p, .] = (Aᵀ rows[o, ., .])[p]
            (local.set $k (i32.const 0))
            (block $doneColumns
              (loop $nextColumn
                (br_if $doneColumns (i32.ge_u (local.get $k) (i32.const 6)))
                (call $outputTransform
                  (i32.add
                    (local.get $m)
                    (i32.mul (i32.add (i32.mul (local.get $k) (local.get $blockTiles)) (local.get $t)) (local.get $outStep)))
                  (i32.mul (i32.mul (local.get $blockTiles) (local.get $outStep)) (i32.const 6))
                  (i32.add (local.get $rows) (i32.mul (local.get $k) (local.get $outStep)))
                  (i32.mul (local.get $outStep) (i32.const 6))
                  (local.get $outStep))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $nextColumn)))
            (local.set $k (i32.const 0))
            (block $doneRows
              (loop $nextRow
                (br_if $doneRows (i32.ge_u (local.get $k) (i32.const 4)))
                (call $outputTransform
                  (i32.add (local.get $rows) (i32.mul (i32.mul (local.get $k) (i32.const 6)) (local.get $outStep)))
                  (local.get $outStep)
                  (i32.add (local.get $outTile) (i32.mul (i32.shl (local.get $k) (i32.const 2)) (local.get $outStep)))
                  (local.get $outStep)
                  (local.get $outStep))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $nextRow)))
            ;; copy the rows and columns of the tile that lie inside y
            (local.set $colEnd (i32.sub (local.get $outWidth) (i32.shl (local.get $tx) (i32.const 2))))
            (if (i32.gt_s (local.get $colEnd) (i32.const 4)) (then (local.set $colEnd (i32.const 4))))
            (local.set $r (i32.const 0))
            (block $doneCopies
              (loop $nextCopy
                (br_if $doneCopies (i32.ge_u (local.get $r) (i32.const 4)))
                (local.set $row (i32.add (i32.shl (local.get $ty) (i32.const 2)) (local.get $r)))
                (br_if $doneCopies (i32.ge_u (local.get $row) (local.get $outHeight)))
                (memory.copy
                  (i32.add
                    (local.get $y)
                    (i32.mul
                      (i32.add
                        (i32.mul (i32.add (i32.mul (local.get $b) (local.get $outHeight)) (local.get $row)) (local.get $outWidth))
                        (i32.shl (local.get $tx) (i32.const 2)))
                      (local.get $outStep)))
                  (i32.add (local.get $outTile) (i32.mul (i32.shl (local.get $r) (i32.const 2)) (local.get $outStep)))
                  (i32.mul (local.get $colEnd) (local.get $outStep)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $nextCopy)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $nextOutput)))

        (br $nextBlock))))

  ;; (A g)[k] for g[k] = the vector at src + k * srcStride (k < 4), stored at dst + k * dstStride
  ;; (k < 6), A = (Aᵀ)ᵀ; for the `bytes` / 16 vectors that follow each other at src and at dst.
  (func $gradientInputTransform (param $from i32) (param $srcStride i32) (param $to i32) (param $dstStride i32) (param $bytes i32)
    (local $src i32) (local $dst i32) (local $offset i32)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128) (local $even v128) (local $odd v128)
    (loop $nextVector
    (local.set $src (i32.add (local.get $from) (local.get $offset)))
    (local.set $dst (i32.add (local.get $to) (local.get $offset)))
    (local.set $d0 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $d1 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $d2 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $d3 (v128.load (local.get $src)))
    ;; d0
    (v128.store (local.get $dst) (local.get $d0))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; (d0 + d2) + (d1 + d3), then (d0 + d2) - (d1 + d3)
    (local.set $even (f32x4.add (local.get $d0) (local.get $d2)))
    (local.set $odd (f32x4.add (local.get $d1) (local.get $d3)))
    (v128.store (local.get $dst) (f32x4.add (local.get $even) (local.get $odd)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    (v128.store (local.get $dst) (f32x4.sub (local.get $even) (local.get $odd)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; (d0 + 4 d2) + (2 d1 + 8 d3), then (d0 + 4 d2) - (2 d1 + 8 d3)
    (local.set $even (f32x4.add (local.get $d0) (f32x4.mul (local.get $d2) (v128.const f32x4 4 4 4 4))))
    (local.set $odd
      (f32x4.add
        (f32x4.mul (local.get $d1) (v128.const f32x4 2 2 2 2))
        (f32x4.mul (local.get $d3) (v128.const f32x4 8 8 8 8))))
    (v128.store (local.get $dst) (f32x4.add (local.get $even) (local.get $odd)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    (v128.store (local.get $dst) (f32x4.sub (local.get $even) (local.get $odd)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; d3
    (v128.store (local.get $dst) (local.get $d3))
    (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
    (br_if $nextVector (i32.lt_u (local.get $offset) (local.get $bytes)))))

  ;; (Gᵀ m)[k] for m[k] = the vector at src + k * srcStride (k < 6), stored at dst + k * dstStride (k < 3).
  (func $gradientOutputTransform (param $src i32) (param $srcStride i32) (param $dst i32) (param $dstStride i32)
    (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128) (local $m4 v128) (local $m5 v128)
    (local $sum12 v128) (local $sum34 v128)
    (local.set $m0 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $m1 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $m2 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $m3 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $m4 (v128.load (local.get $src)))
    (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
    (local.set $m5 (v128.load (local.get $src)))
    (local.set $sum12 (f32x4.add (local.get $m1) (local.get $m2)))
    (local.set $sum34 (f32x4.add (local.get $m3) (local.get $m4)))
    ;; m0 / 4 - (m1 + m2) / 6 + (m3 + m4) / 24
    (v128.store (local.get $dst)
      (f32x4.add
        (f32x4.sub
          (f32x4.mul (local.get $m0) (v128.const f32x4 0.25 0.25 0.25 0.25))
          (f32x4.mul (local.get $sum12) (v128.const f32x4 0x1.555556p-3 0x1.555556p-3 0x1.555556p-3 0x1.555556p-3)))
        (f32x4.mul (local.get $sum34) (v128.const f32x4 0x1.555556p-5 0x1.555556p-5 0x1.555556p-5 0x1.555556p-5))))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; (m2 - m1) / 6 + (m3 - m4) / 12
    (v128.store (local.get $dst)
      (f32x4.add
        (f32x4.mul (f32x4.sub (local.get $m2) (local.get $m1)) (v128.const f32x4 0x1.555556p-3 0x1.555556p-3 0x1.555556p-3 0x1.555556p-3))
        (f32x4.mul (f32x4.sub (local.get $m3) (local.get $m4)) (v128.const f32x4 0x1.555556p-4 0x1.555556p-4 0x1.555556p-4 0x1.555556p-4))))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
    ;; ((m3 + m4) - (m1 + m2)) / 6 + m5
    (v128.store (local.get $dst)
      (f32x4.add
        (f32x4.mul (f32x4.sub (local.get $sum34) (local.get $sum12)) (v128.const f32x4 0x1.555556p-3 0x1.555556p-3 0x1.555556p-3 0x1.555556p-3))
        (local.get $m5))))

  ;; The filter gradient of the same convolution, dw = Gᵀ [ sum over tiles of (Bᵀ d B) ⊙ (A g Aᵀ) ] G,
  ;; in two steps. `filterGradient` sums, over the tiles [tileBegin, tileEnd), M[k * 6 + l, ci, co] =
  ;; sum over tiles of (Bᵀ d B)[k, l, ci] (A g Aᵀ)[k, l, co], with d the tile's 6x6 patch of x and
  ;; g its 4x4 block of dy (zero outside dy), into m [36, inChannels, outChannels] (overwritten).
  ;; Its workspace: 4 * (36 * inChannels + 36 * max(inChannels, outChannels) +
  ;; 36 * blockTiles * (inChannels + outChannels) + 16 * outChannels) bytes, as for `convolve`.
  (func (export "filterGradient")
    (param $x i32) (param $dy i32) (param $m i32) (param $height i32) (param $width i32) (param $inChannels i32)
    (param $outHeight i32) (param $outWidth i32) (param $outChannels i32) (param $top i32) (param $left i32)
    (param $tileBegin i32) (param $tileEnd i32) (param $blockTiles i32) (param $scratch i32)
    (local $inStep i32) (local $outStep i32) (local $tilesX i32) (local $tilesPerImage i32)
    (local $patch i32) (local $rows i32) (local $v i32) (local $z i32) (local $dyTile i32)
    (local $start i32) (local $count i32) (local $t i32) (local $tile i32)
    (local $b i32) (local $ty i32) (local $tx i32) (local $r i32) (local $row i32) (local $columns i32)
    (local $dst i32) (local $k i32) (local $xi i32) (local $ci i32) (local $co i32)
    (local $pv i32) (local $pz i32) (local $pm i32) (local $zEnd i32)
    (local $s0 v128) (local $s1 v128) (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $inStep (i32.shl (local.get $inChannels) (i32.const 2)))
    (local.set $outStep (i32.shl (local.get $outChannels) (i32.const 2)))
    (local.set $tilesX (i32.shr_u (i32.add (local.get $outWidth) (i32.const 3)) (i32.const 2)))
    (local.set $tilesPerImage
      (i32.mul (local.get $tilesX) (i32.shr_u (i32.add (local.get $outHeight) (i32.const 3)) (i32.const 2))))
    ;; patch [6, 6, inChannels]; rows [6, 6, max(inChannels, outChannels)]; V [36, block, inChannels];
    ;; Z [36, block, outChannels]; a block of dy [4, 4, outChannels]
    (local.set $patch (local.get $scratch))
    (local.set $rows (i32.add (local.get $patch) (i32.mul (local.get $inStep) (i32.const 36))))
    (local.set $v
      (i32.add
        (local.get $rows)
        (i32.mul
          (select (local.get $inStep) (local.get $outStep) (i32.gt_u (local.get $inStep) (local.get $outStep)))
          (i32.const 36))))
    (local.set $z (i32.add (local.get $v) (i32.mul (i32.mul (local.get $inStep) (local.get $blockTiles)) (i32.const 36))))
    (local.set $dyTile (i32.add (local.get $z) (i32.mul (i32.mul (local.get $outStep) (local.get $blockTiles)) (i32.const 36))))
    (memory.fill (local.get $m) (i32.const 0) (i32.mul (i32.mul (local.get $inChannels) (local.get $outStep)) (i32.const 36)))
    (local.set $start (local.get $tileBegin))
    (block $doneBlocks
      (loop $nextBlock
        (br_if $doneBlocks (i32.ge_u (local.get $start) (local.get $tileEnd)))
        (local.set $count (i32.sub (local.get $tileEnd) (local.get $start)))
        (if (i32.gt_u (local.get $count) (local.get $blockTiles)) (then (local.set $count (local.get $blockTiles))))
        ;; 1. V[., t, .] = Bᵀ d B for the patch d of x under every tile t of the block
        (call $transformPatches
          (local.get $x) (local.get $height) (local.get $width) (local.get $inStep) (local.get $top) (local.get $left)
          (local.get $tilesX) (local.get $tilesPerImage) (local.get $start) (local.get $count) (local.get $blockTiles)
          (local.get $patch) (local.get $rows) (local.get $v))
        ;; 2. Z[., t, .] = A g Aᵀ for the 4x4 block g of dy of every tile t
        (local.set $t (i32.const 0))
        (block $doneGradients
          (loop $nextGradient
            (br_if $doneGradients (i32.ge_u (local.get $t) (local.get $count)))
            (local.set $tile (i32.add (local.get $start) (local.get $t)))
            (local.set $b (i32.div_u (local.get $tile) (local.get $tilesPerImage)))
            (local.set $tile (i32.rem_u (local.get $tile) (local.get $tilesPerImage)))
            (local.set $ty (i32.div_u (local.get $tile) (local.get $tilesX)))
            (local.set $tx (i32.rem_u (local.get $tile) (local.get $tilesX)))
            (local.set $columns (i32.sub (local.get $outWidth) (i32.shl (local.get $tx) (i32.const 2))))
            (if (i32.gt_s (local.get $columns) (i32.const 4)) (then (local.set $columns (i32.const 4))))
            (local.set $r (i32.const 0))
            (block $doneBlockRows
              (loop $nextBlockRow
                (br_if $doneBlockRows (i32.ge_u (local.get $r) (i32.const 4)))
                (local.set $row (i32.add (i32.shl (local.get $ty) (i32.const 2)) (local.get $r)))
                (local.set $dst (i32.add (local.get $dyTile) (i32.mul (i32.shl (local.get $r) (i32.const 2)) (local.get $outStep))))
                (if (i32.or (i32.ge_u (local.get $row) (local.get $outHeight)) (i32.lt_u (local.get $columns) (i32.const 4)))
                  (then (memory.fill (local.get $dst) (i32.const 0) (i32.shl (local.get $outStep) (i32.const 2)))))
                (if (i32.lt_u (local.get $row) (local.get $outHeight))
                  (then
                    (memory.copy
                      (local.get $dst)
                      (i32.add
                        (local.get $dy)
                        (i32.mul
                          (i32.add
                            (i32.mul (i32.add (i32.mul (local.get $b) (local.get $outHeight)) (local.get $row)) (local.get $outWidth))
                            (i32.shl (local.get $tx) (i32.const 2)))
                          (local.get $outStep)))
                      (i32.mul (local.get $columns) (local.get $outStep)))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $nextBlockRow)))
            ;; rows[k, p, .] = (A g[., p, .])[k], then Z[k * 6 + l, t, .] = (A rows[k, ., .])[l]
            (local.set $k (i32.const 0))
            (block $doneColumns
              (loop $nextColumn
                (br_if $doneColumns (i32.ge_u (local.get $k) (i32.const 4)))
                (call $gradientInputTransform
                  (i32.add (local.get $dyTile) (i32.mul (local.get $k) (local.get $outStep)))
                  (i32.shl (local.get $outStep) (i32.const 2))
                  (i32.add (local.get $rows) (i32.mul (local.get $k) (local.get $outStep)))
                  (i32.shl (local.get $outStep) (i32.const 2))
                  (local.get $outStep))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $nextColumn)))
            (local.set $k (i32.const 0))
            (block $doneRows
              (loop $nextRow
                (br_if $doneRows (i32.ge_u (local.get $k) (i32.const 6)))
                (call $gradientInputTransform
                  (i32.add (local.get $rows) (i32.mul (i32.shl (local.get $k) (i32.const 2)) (local.get $outStep)))
                  (local.get $outStep)
                  (i32.add
                    (local.get $z)
                    (i32.mul
                      (i32.add (i32.mul (i32.mul (local.get $k) (i32.const 6)) (local.get $blockTiles)) (local.get $t))
                      (local.get $outStep)))
                  (i32.mul (local.get $blockTiles) (local.get $outStep))
                  (local.get $outStep))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $nextRow)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $nextGradient)))
        ;; 3. M[xi, ci, co] += sum over the block's tiles t of V[xi, t, ci] Z[xi, t, co], two input
        ;; channels and 16 (or 8) output channels at a time
        (local.set $xi (i32.const 0))
        (block $donePositions
          (loop $nextPosition
            (br_if $donePositions (i32.ge_u (local.get $xi) (i32.const 36)))
            (local.set $ci (i32.const 0))
            (block $doneIn
              (loop $nextIn
                (br_if $doneIn (i32.ge_u (local.get $ci) (local.get $inChannels)))
                (local.set $co (i32.const 0))
                (block $doneOut
                  (loop $nextOut
                    (br_if $doneOut (i32.ge_u (local.get $co) (local.get $outStep)))
                    ;; sixteen output channels at a time while there are, then eight
                    (if (i32.ge_u (i32.sub (local.get $outStep) (local.get $co)) (i32.const 64))
                      (then
                        (local.set $pm
                          (i32.add
                            (i32.add (local.get $m) (local.get $co))
                            (i32.mul
                              (i32.add (i32.mul (local.get $xi) (local.get $inChannels)) (local.get $ci))
                              (local.get $outStep))))
                        (local.set $a0 (v128.load (local.get $pm)))
                        (local.set $a1 (v128.load offset=16 (local.get $pm)))
                        (local.set $a2 (v128.load offset=32 (local.get $pm)))
                        (local.set $a3 (v128.load offset=48 (local.get $pm)))
                        (local.set $a4 (v128.load (i32.add (local.get $pm) (local.get $outStep))))
                        (local.set $a5 (v128.load offset=16 (i32.add (local.get $pm) (local.get $outStep))))
                        (local.set $a6 (v128.load offset=32 (i32.add (local.get $pm) (local.get $outStep))))
                        (local.set $a7 (v128.load offset=48 (i32.add (local.get $pm) (local.get $outStep))))
                        (local.set $pv
                          (i32.add
                            (i32.add (local.get $v) (i32.shl (local.get $ci) (i32.const 2)))
                            (i32.mul (i32.mul (local.get $xi) (local.get $blockTiles)) (local.get $inStep))))
                        (local.set $pz
                          (i32.add
                            (i32.add (local.get $z) (local.get $co))
                            (i32.mul (i32.mul (local.get $xi) (local.get $blockTiles)) (local.get $outStep))))
                        (local.set $zEnd (i32.add (local.get $pz) (i32.mul (local.get $count) (local.get $outStep))))
                        (block $doneSum
                          (loop $nextTerm
                            (br_if $doneSum (i32.ge_u (local.get $pz) (local.get $zEnd)))
                            (local.set $s0 (v128.load32_splat (local.get $pv)))
                            (local.set $s1 (v128.load32_splat offset=4 (local.get $pv)))
                            (local.set $w0 (v128.load (local.get $pz)))
                            (local.set $w1 (v128.load offset=16 (local.get $pz)))
                            (local.set $w2 (v128.load offset=32 (local.get $pz)))
                            (local.set $w3 (v128.load offset=48 (local.get $pz)))
                            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s0) (local.get $w0))))
                            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s0) (local.get $w1))))
                            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s0) (local.get $w2))))
                            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s0) (local.get $w3))))
                            (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s1) (local.get $w0))))
                            (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $s1) (local.get $w1))))
                            (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $s1) (local.get $w2))))
                            (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $s1) (local.get $w3))))
                            (local.set $pv (i32.add (local.get $pv) (local.get $inStep)))
                            (local.set $pz (i32.add (local.get $pz) (local.get $outStep)))
                            (br $nextTerm)))
                        (v128.store (local.get $pm) (local.get $a0))
                        (v128.store offset=16 (local.get $pm) (local.get $a1))
                        (v128.store offset=32 (local.get $pm) (local.get $a2))
                        (v128.store offset=48 (local.get $pm) (local.get $a3))
                        (local.set $pm (i32.add (local.get $pm) (local.get $outStep)))
                        (v128.store (local.get $pm) (local.get $a4))
                        (v128.store offset=16 (local.get $pm) (local.get $a5))
                        (v128.store offset=32 (local.get $pm) (local.get $a6))
                        (v128.store offset=48 (local.get $pm) (local.get $a7))
                        (local.set $co (i32.add (local.get $co) (i32.const 64))))
                      (else
                        ;; eight output channels left: two input channels x two vectors
                        (local.set $pm
                          (i32.add
                            (i32.add (local.get $m) (local.get $co))
                            (i32.mul
                              (i32.add (i32.mul (local.get $xi) (local.get $inChannels)) (local.get $ci))
                              (local.get $outStep))))
                        (local.set $a0 (v128.load (local.get $pm)))
                        (local.set $a1 (v128.load offset=16 (local.get $pm)))
                        (local.set $a4 (v128.load (i32.add (local.get $pm) (local.get $outStep))))
                        (local.set $a5 (v128.load offset=16 (i32.add (local.get $pm) (local.get $outStep))))
                        (local.set $pv
                          (i32.add
                            (i32.add (local.get $v) (i32.shl (local.get $ci) (i32.const 2)))
                            (i32.mul (i32.mul (local.get $xi) (local.get $blockTiles)) (local.get $inStep))))
                        (local.set $pz
                          (i32.add
                            (i32.add (local.get $z) (local.get $co))
                            (i32.mul (i32.mul (local.get $xi) (local.get $blockTiles)) (local.get $outStep))))
                        (local.set $zEnd (i32.add (local.get $pz) (i32.mul (local.get $count) (local.get $outStep))))
                        (block $doneSum8
                          (loop $nextTerm8
                            (br_if $doneSum8 (i32.ge_u (local.get $pz) (local.get $zEnd)))
                            (local.set $s0 (v128.load32_splat (local.get $pv)))
                            (local.set $s1 (v128.load32_splat offset=4 (local.get $pv)))
                            (local.set $w0 (v128.load (local.get $pz)))
                            (local.set $w1 (v128.load offset=16 (local.get $pz)))
                            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s0) (local.get $w0))))
                            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s0) (local.get $w1))))
                            (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s1) (local.get $w0))))
                            (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $s1) (local.get $w1))))
                            (local.set $pv (i32.add (local.get $pv) (local.get $inStep)))
                            (local.set $pz (i32.add (local.get $pz) (local.get $outStep)))
                            (br $nextTerm8)))
                        (v128.store (local.get $pm) (local.get $a0))
                        (v128.store offset=16 (local.get $pm) (local.get $a1))
                        (local.set $pm (i32.add (local.get $pm) (local.get $outStep)))
                        (v128.store (local.get $pm) (local.get $a4))
                        (v128.store offset=16 (local.get $pm) (local.get $a5))
                        (local.set $co (i32.add (local.get $co) (i32.const 32)))))
                    (br $nextOut)))
                (local.set $ci (i32.add (local.get $ci) (i32.const 2)))
                (br $nextIn)))
            (local.set $xi (i32.add (local.get $xi) (i32.const 1)))
            (br $nextPosition)))
        (local.set $start (i32.add (local.get $start) (local.get $count)))
        (br $nextBlock))))

  ;; dw[i, j, ci, co] = (Gᵀ (first + second)[., ., ci, co] G)[i, j] for the sums `first` and
  ;; `second` of `filterGradient` over two sets of tiles (first is overwritten with their sum);
  ;; scratch holds 288 bytes.
  (func (export "finishFilterGradient")
    (param $first i32) (param $second i32) (param $inChannels i32) (param $outChannels i32) (param $dw i32) (param $scratch i32)
    (local $outStep i32) (local $plane i32) (local $offset i32) (local $end i32) (local $ci i32) (local $co i32) (local $k i32)
    (local.set $outStep (i32.shl (local.get $outChannels) (i32.const 2)))
    (local.set $plane (i32.mul (local.get $inChannels) (local.get $outStep)))
    (local.set $end (i32.mul (local.get $plane) (i32.const 36)))
    (block $doneSums
      (loop $nextSum
        (br_if $doneSums (i32.ge_u (local.get $offset) (local.get $end)))
        (v128.store (i32.add (local.get $first) (local.get $offset))
          (f32x4.add
            (v128.load (i32.add (local.get $first) (local.get $offset)))
            (v128.load (i32.add (local.get $second) (local.get $offset)))))
        (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
        (br $nextSum)))
    (block $doneCi
      (loop $nextCi
        (br_if $doneCi (i32.ge_u (local.get $ci) (local.get $inChannels)))
        (local.set $co (i32.const 0))
        (block $doneCo
          (loop $nextCo
            (br_if $doneCo (i32.ge_u (local.get $co) (local.get $outStep)))
            ;; scratch[i, l] = (Gᵀ M[., l])[i]: 3 x 6 vectors
            (local.set $k (i32.const 0))
            (block $doneColumns
              (loop $nextColumn
                (br_if $doneColumns (i32.ge_u (local.get $k) (i32.const 6)))
                (call $gradientOutputTransform
                  (i32.add
                    (i32.add (local.get $first) (local.get $co))
                    (i32.add (i32.mul (local.get $k) (local.get $plane)) (i32.mul (local.get $ci) (local.get $outStep))))
                  (i32.mul (local.get $plane) (i32.const 6))
                  (i32.add (local.get $scratch) (i32.shl (local.get $k) (i32.const 4)))
                  (i32.const 96))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $nextColumn)))
            ;; dw[i, j] = (Gᵀ scratch[i, .])[j]
            (local.set $k (i32.const 0))
            (block $doneRows
              (loop $nextRow
                (br_if $doneRows (i32.ge_u (local.get $k) (i32.const 3)))
                (call $gradientOutputTransform
                  (i32.add (local.get $scratch) (i32.mul (local.get $k) (i32.const 96)))
                  (i32.const 16)
                  (i32.add
                    (i32.add (local.get $dw) (local.get $co))
                    (i32.add
                      (i32.mul (i32.mul (local.get $k) (i32.const 3)) (local.get $plane))
                      (i32.mul (local.get $ci) (local.get $outStep))))
                  (local.get $plane))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $nextRow)))
            (local.set $co (i32.add (local.get $co) (i32.const 16)))
            (br $nextCo)))
        (local.set $ci (i32.add (local.get $ci) (i32.const 1)))
        (br $nextCi))))
)
