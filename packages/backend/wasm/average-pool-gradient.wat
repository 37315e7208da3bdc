;; The gradient of average pooling at stride 1 with 'same' padding left out of the count
;; (TensorFlow.js's `avgPool(x, [2 rh + 1, 2 rw + 1], 1, 'same')`, PyTorch's
;; count_include_pad=False), in WebAssembly SIMD (NHWC, channels a multiple of 4).
;;
;; Source of src/internal/average-pool-gradient-wasm-binary.ts (npm run assemble-wasm -w @fewshot/backend);
;; imports tfjs-backend-wasm's memory like batch-normalization.wat.
;;
;; With N(p) the window of rows p_h - rh .. p_h + rh and columns p_w - rw .. p_w + rw that lie in
;; the image, and n(p) the number of its positions, the pooling is y[p] = sum over q in N(p) of
;; x[q] / n(p); q is in N(p) exactly when p is in N(q), so its gradient is
;;
;;   dx[p] = sum over q in N(p) of dy[q] * (1 / n(q)).
;;
;; The window is separable: a pass along each row into `scratch` (one image), then
;; one down each column. `scratch` holds 4 * (height * width * (channels + 1) + 1) bytes: the
;; image pass, the table of 1 / n and a 1.
(module
  (import "env" "memory" (memory 1))

  ;; How many of the rows (or columns) index - radius .. index + radius lie in 0 .. size - 1.
  (func $inside (param $index i32) (param $radius i32) (param $size i32) (result i32)
    (local $first i32) (local $last i32)
    (local.set $first (i32.sub (local.get $index) (local.get $radius)))
    (if (i32.lt_s (local.get $first) (i32.const 0)) (then (local.set $first (i32.const 0))))
    (local.set $last (i32.add (local.get $index) (local.get $radius)))
    (if (i32.ge_s (local.get $last) (local.get $size)) (then (local.set $last (i32.sub (local.get $size) (i32.const 1)))))
    (i32.add (i32.sub (local.get $last) (local.get $first)) (i32.const 1)))

  ;; out[k] = sum over j of in[j] * scale[j] for the positions j = max(k - radius, 0) ..
  ;; min(k + radius, size - 1) of one line of `size` pixels, `step` bytes of channels each;
  ;; pixels `stride` bytes apart in `in` and `out`, their scales `scaleStride` bytes apart.
  (func $line
    (param $in i32) (param $out i32) (param $scale i32) (param $size i32) (param $radius i32)
    (param $stride i32) (param $scaleStride i32) (param $step i32)
    (local $k i32) (local $j i32) (local $jEnd i32) (local $c i32) (local $sum v128) (local $source i32) (local $factor i32)
    (block $donePixels
      (loop $nextPixel
        (br_if $donePixels (i32.ge_u (local.get $k) (local.get $size)))
        (local.set $c (i32.const 0))
        (block $doneChannels
          (loop $nextChannels
            (br_if $doneChannels (i32.ge_u (local.get $c) (local.get $step)))
            (local.set $j (i32.sub (local.get $k) (local.get $radius)))
            (if (i32.lt_s (local.get $j) (i32.const 0)) (then (local.set $j (i32.const 0))))
            (local.set $jEnd (i32.add (i32.add (local.get $k) (local.get $radius)) (i32.const 1)))
            (if (i32.gt_s (local.get $jEnd) (local.get $size)) (then (local.set $jEnd (local.get $size))))
            (local.set $source (i32.add (i32.add (local.get $in) (local.get $c)) (i32.mul (local.get $j) (local.get $stride))))
            (local.set $factor (i32.add (local.get $scale) (i32.mul (local.get $j) (local.get $scaleStride))))
            (local.set $sum (v128.const i32x4 0 0 0 0))
            (block $doneTerms
              (loop $nextTerm
                (br_if $doneTerms (i32.ge_s (local.get $j) (local.get $jEnd)))
                (local.set $sum
                  (f32x4.add
                    (local.get $sum)
                    (f32x4.mul (v128.load (local.get $source)) (v128.load32_splat (local.get $factor)))))
                (local.set $source (i32.add (local.get $source) (local.get $stride)))
                (local.set $factor (i32.add (local.get $factor) (local.get $scaleStride)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $nextTerm)))
            (v128.store
              (i32.add (i32.add (local.get $out) (local.get $c)) (i32.mul (local.get $k) (local.get $stride)))
              (local.get $sum))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $nextChannels)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $nextPixel))))

  (func (export "averagePoolGradient")
    (param $in i32) (param $out i32) (param $batch i32) (param $height i32) (param $width i32) (param $channels i32)
    (param $radiusHeight i32) (param $radiusWidth i32) (param $scratch i32)
    (local $step i32) (local $rowBytes i32) (local $imageBytes i32) (local $image i32) (local $b i32)
    (local $h i32) (local $w i32) (local $table i32) (local $ones i32) (local $entry i32)
    (local $rowScales i32)
    (local.set $step (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $rowBytes (i32.mul (local.get $width) (local.get $step)))
    (local.set $imageBytes (i32.mul (local.get $height) (local.get $rowBytes)))
    ;; table[h, w] = 1 / n(h, w); then a 1.0 (the factor of every term down the columns)
    (local.set $table (i32.add (local.get $scratch) (local.get $imageBytes)))
    (local.set $entry (local.get $table))
    (block $doneTableRows
      (loop $nextTableRow
        (br_if $doneTableRows (i32.ge_u (local.get $h) (local.get $height)))
        (local.set $w (i32.const 0))
        (block $doneTableColumns
          (loop $nextTableColumn
            (br_if $doneTableColumns (i32.ge_u (local.get $w) (local.get $width)))
            (f32.store (local.get $entry)
              (f32.div
                (f32.const 1)
                (f32.convert_i32_s
                  (i32.mul
                    (call $inside (local.get $h) (local.get $radiusHeight) (local.get $height))
                    (call $inside (local.get $w) (local.get $radiusWidth) (local.get $width))))))
            (local.set $entry (i32.add (local.get $entry) (i32.const 4)))
            (local.set $w (i32.add (local.get $w) (i32.const 1)))
            (br $nextTableColumn)))
        (local.set $h (i32.add (local.get $h) (i32.const 1)))
        (br $nextTableRow)))
    (local.set $ones (local.get $entry))
    (f32.store (local.get $ones) (f32.const 1))
    (block $doneImages
      (loop $nextImage
        (br_if $doneImages (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $image (i32.mul (local.get $b) (local.get $imageBytes)))
        ;; along the rows, each term weighted by 1 / n(q)
        (local.set $h (i32.const 0))
        (block $doneRows
          (loop $nextRow
            (br_if $doneRows (i32.ge_u (local.get $h) (local.get $height)))
            (local.set $rowScales (i32.add (local.get $table) (i32.shl (i32.mul (local.get $h) (local.get $width)) (i32.const 2))))
            (call $line
              (i32.add (i32.add (local.get $in) (local.get $image)) (i32.mul (local.get $h) (local.get $rowBytes)))
              (i32.add (local.get $scratch) (i32.mul (local.get $h) (local.get $rowBytes)))
              (local.get $rowScales) (local.get $width) (local.get $radiusWidth)
              (local.get $step) (i32.const 4) (local.get $step))
            (local.set $h (i32.add (local.get $h) (i32.const 1)))
            (br $nextRow)))
        ;; down the columns, unweighted
        (local.set $w (i32.const 0))
        (block $doneColumns
          (loop $nextColumn
            (br_if $doneColumns (i32.ge_u (local.get $w) (local.get $width)))
            (call $line
              (i32.add (local.get $scratch) (i32.mul (local.get $w) (local.get $step)))
              (i32.add (i32.add (local.get $out) (local.get $image)) (i32.mul (local.get $w) (local.get $step)))
              (local.get $ones) (local.get $height) (local.get $radiusHeight)
              (local.get $rowBytes) (i32.const 0) (local.get $step))
            (local.set $w (i32.add (local.get $w) (i32.const 1)))
            (br $nextColumn)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $nextImage))))
)
