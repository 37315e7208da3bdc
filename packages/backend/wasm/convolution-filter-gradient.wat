;; The filter gradient of a dilation-1 2-D convolution (NHWC), in WebAssembly SIMD.
;;
;; Source of src/internal/convolution-filter-gradient-wasm-binary.ts (npm run assemble-wasm -w
;; @fewshot/backend); imports tfjs-backend-wasm's memory like batch-normalization.wat.
;;
;;   dw[i, j, ci, co] = sum over b, y, x of  x[b, sh * y + i - top, sw * x + j - left, ci] * dy[b, y, x, co]
;;
;; with x zero outside [0, height) x [0, width). x is [batch, height, width, inChannels], dy is
;; [batch, outHeight, outWidth, outChannels], dw is [kernelHeight, kernelWidth, inChannels,
;; outChannels]; inChannels is a multiple of 4 and outChannels a multiple of 8.
;;
;; It reads x and dy where they are, with no transposes. For one image, one filter position
;; (i, j), four input channels and eight output channels, eight SIMD accumulators (4 x 2 lanes
;; of 4) run over the image's pixels; the image (64 KB of x and of dy for 32x32x16) stays in
;; the L2 cache across the passes. The accumulators are added to dw after every image.
(module
  (import "env" "memory" (memory 1))

  (func (export "filterGradient")
    (param $x i32) (param $dy i32) (param $batch i32) (param $height i32) (param $width i32)
    (param $inChannels i32) (param $outHeight i32) (param $outWidth i32) (param $outChannels i32)
    (param $kernelHeight i32) (param $kernelWidth i32) (param $top i32) (param $left i32)
    (param $strideHeight i32) (param $strideWidth i32) (param $dw i32)
    (local $b i32) (local $i i32) (local $j i32) (local $cb i32) (local $ob i32)
    (local $y i32) (local $y0 i32) (local $y1 i32) (local $x0 i32) (local $x1 i32) (local $xx i32)
    (local $xImage i32) (local $dyImage i32) (local $xPixel i32) (local $dyPixel i32)
    (local $xStep i32) (local $xPixelStep i32) (local $dyStep i32) (local $out i32)
    (local $d0 v128) (local $d1 v128) (local $s v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $xStep (i32.shl (local.get $inChannels) (i32.const 2)))
    (local.set $xPixelStep (i32.mul (local.get $xStep) (local.get $strideWidth)))
    (local.set $dyStep (i32.shl (local.get $outChannels) (i32.const 2)))
    (memory.fill (local.get $dw) (i32.const 0)
      (i32.mul
        (i32.mul (i32.mul (local.get $kernelHeight) (local.get $kernelWidth)) (local.get $inChannels))
        (local.get $dyStep)))
    (local.set $xImage (local.get $x))
    (local.set $dyImage (local.get $dy))
    (block $doneImages
      (loop $nextImage
        (br_if $doneImages (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $i (i32.const 0))
        (block $doneI
          (loop $nextI
            (br_if $doneI (i32.ge_u (local.get $i) (local.get $kernelHeight)))
            ;; rows y with 0 <= sh * y + i - top < height
            (local.set $y0 (i32.sub (local.get $top) (local.get $i)))
            (if (i32.lt_s (local.get $y0) (i32.const 0))
              (then (local.set $y0 (i32.const 0)))
              (else
                (local.set $y0
                  (i32.div_u (i32.add (local.get $y0) (i32.sub (local.get $strideHeight) (i32.const 1))) (local.get $strideHeight)))))
            (local.set $y1 (i32.sub (i32.add (local.get $height) (local.get $top)) (i32.add (local.get $i) (i32.const 1))))
            (if (i32.lt_s (local.get $y1) (i32.const 0))
              (then (local.set $y1 (i32.const 0)))
              (else (local.set $y1 (i32.add (i32.div_u (local.get $y1) (local.get $strideHeight)) (i32.const 1)))))
            (if (i32.gt_s (local.get $y1) (local.get $outHeight)) (then (local.set $y1 (local.get $outHeight))))
            (local.set $j (i32.const 0))
            (block $doneJ
              (loop $nextJ
                (br_if $doneJ (i32.ge_u (local.get $j) (local.get $kernelWidth)))
                ;; columns with 0 <= sw * x + j - left < width
                (local.set $x0 (i32.sub (local.get $left) (local.get $j)))
                (if (i32.lt_s (local.get $x0) (i32.const 0))
                  (then (local.set $x0 (i32.const 0)))
                  (else
                    (local.set $x0
                      (i32.div_u (i32.add (local.get $x0) (i32.sub (local.get $strideWidth) (i32.const 1))) (local.get $strideWidth)))))
                (local.set $x1 (i32.sub (i32.add (local.get $width) (local.get $left)) (i32.add (local.get $j) (i32.const 1))))
                (if (i32.lt_s (local.get $x1) (i32.const 0))
                  (then (local.set $x1 (i32.const 0)))
                  (else (local.set $x1 (i32.add (i32.div_u (local.get $x1) (local.get $strideWidth)) (i32.const 1)))))
                (if (i32.gt_s (local.get $x1) (local.get $outWidth)) (then (local.set $x1 (local.get $outWidth))))
                (local.set $cb (i32.const 0))
                (block $doneCb
                  (loop $nextCb
                    (br_if $doneCb (i32.ge_u (local.get $cb) (local.get $inChannels)))
                    (local.set $ob (i32.const 0))
                    (block $doneOb
                      (loop $nextOb
                        (br_if $doneOb (i32.ge_u (local.get $ob) (local.get $outChannels)))
                        (local.set $a0 (v128.const i32x4 0 0 0 0))
                        (local.set $a1 (v128.const i32x4 0 0 0 0))
                        (local.set $a2 (v128.const i32x4 0 0 0 0))
                        (local.set $a3 (v128.const i32x4 0 0 0 0))
                        (local.set $a4 (v128.const i32x4 0 0 0 0))
                        (local.set $a5 (v128.const i32x4 0 0 0 0))
                        (local.set $a6 (v128.const i32x4 0 0 0 0))
                        (local.set $a7 (v128.const i32x4 0 0 0 0))
                        (local.set $y (local.get $y0))
                        (block $doneRows
                          (loop $nextRow
                            (br_if $doneRows (i32.ge_s (local.get $y) (local.get $y1)))
                            ;; x[b, sh * y + i - top, sw * x0 + j - left, cb] and dy[b, y, x0, ob]
                            (local.set $xPixel
                              (i32.add
                                (i32.add (local.get $xImage) (i32.shl (local.get $cb) (i32.const 2)))
                                (i32.mul
                                  (i32.add
                                    (i32.mul
                                      (i32.sub (i32.add (i32.mul (local.get $y) (local.get $strideHeight)) (local.get $i)) (local.get $top))
                                      (local.get $width))
                                    (i32.sub (i32.add (i32.mul (local.get $x0) (local.get $strideWidth)) (local.get $j)) (local.get $left)))
                                  (local.get $xStep))))
                            (local.set $dyPixel
                              (i32.add
                                (i32.add (local.get $dyImage) (i32.shl (local.get $ob) (i32.const 2)))
                                (i32.mul
                                  (i32.add (i32.mul (local.get $y) (local.get $outWidth)) (local.get $x0))
                                  (local.get $dyStep))))
                            (local.set $xx (local.get $x0))
                            (block $donePixels
                              (loop $nextPixel
                                (br_if $donePixels (i32.ge_s (local.get $xx) (local.get $x1)))
                                (local.set $d0 (v128.load (local.get $dyPixel)))
                                (local.set $d1 (v128.load offset=16 (local.get $dyPixel)))
                                (local.set $s (v128.load32_splat (local.get $xPixel)))
                                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (local.get $d0))))
                                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (local.get $d1))))
                                (local.set $s (v128.load32_splat offset=4 (local.get $xPixel)))
                                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (local.get $d0))))
                                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (local.get $d1))))
                                (local.set $s (v128.load32_splat offset=8 (local.get $xPixel)))
                                (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s) (local.get $d0))))
                                (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $s) (local.get $d1))))
                                (local.set $s (v128.load32_splat offset=12 (local.get $xPixel)))
                                (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $s) (local.get $d0))))
                                (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $s) (local.get $d1))))
                                (local.set $xPixel (i32.add (local.get $xPixel) (local.get $xPixelStep)))
                                (local.set $dyPixel (i32.add (local.get $dyPixel) (local.get $dyStep)))
                                (local.set $xx (i32.add (local.get $xx) (i32.const 1)))
                                (br $nextPixel)))
                            (local.set $y (i32.add (local.get $y) (i32.const 1)))
                            (br $nextRow)))
                        ;; dw[i, j, cb + k, ob .. ob + 8] += accumulators of input channel cb + k
                        (local.set $out
                          (i32.add
                            (i32.add (local.get $dw) (i32.shl (local.get $ob) (i32.const 2)))
                            (i32.mul
                              (i32.add
                                (i32.mul
                                  (i32.add (i32.mul (local.get $i) (local.get $kernelWidth)) (local.get $j))
                                  (local.get $inChannels))
                                (local.get $cb))
                              (local.get $dyStep))))
                        (v128.store (local.get $out) (f32x4.add (v128.load (local.get $out)) (local.get $a0)))
                        (v128.store offset=16 (local.get $out) (f32x4.add (v128.load offset=16 (local.get $out)) (local.get $a1)))
                        (local.set $out (i32.add (local.get $out) (local.get $dyStep)))
                        (v128.store (local.get $out) (f32x4.add (v128.load (local.get $out)) (local.get $a2)))
                        (v128.store offset=16 (local.get $out) (f32x4.add (v128.load offset=16 (local.get $out)) (local.get $a3)))
                        (local.set $out (i32.add (local.get $out) (local.get $dyStep)))
                        (v128.store (local.get $out) (f32x4.add (v128.load (local.get $out)) (local.get $a4)))
                        (v128.store offset=16 (local.get $out) (f32x4.add (v128.load offset=16 (local.get $out)) (local.get $a5)))
                        (local.set $out (i32.add (local.get $out) (local.get $dyStep)))
                        (v128.store (local.get $out) (f32x4.add (v128.load (local.get $out)) (local.get $a6)))
                        (v128.store offset=16 (local.get $out) (f32x4.add (v128.load offset=16 (local.get $out)) (local.get $a7)))
                        (local.set $ob (i32.add (local.get $ob) (i32.const 8)))
                        (br $nextOb)))
                    (local.set $cb (i32.add (local.get $cb) (i32.const 4)))
                    (br $nextCb)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $nextJ)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $nextI)))
        (local.set $xImage (i32.add (local.get $xImage) (i32.mul (i32.mul (local.get $height) (local.get $width)) (local.get $xStep))))
        (local.set $dyImage
          (i32.add (local.get $dyImage) (i32.mul (i32.mul (local.get $outHeight) (local.get $outWidth)) (local.get $dyStep))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $nextImage))))
)
