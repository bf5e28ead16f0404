#!/usr/bin/env bash
# Runs on the GPU machine, in the repository root, with .gpu/ from prepare-gpu-run.sh carried along.
# Writes every log to $OUT (or gpu-results/): the device, the GPU tests (differential and fixture
# conformance), compute-sanitizer memcheck over a full generation, the NVRTC run-time compilation
# path, the GEMV bandwidth harness and PyTorch's timings of the same shapes.
set -uo pipefail
OUT="${OUT:-gpu-results}"
mkdir -p "$OUT"
[ -x /tmp/latte-jre/bin/java ] || { mkdir -p /tmp/latte-jre && tar xJf .gpu/jre.tar.xz -C /tmp/latte-jre --strip-components=1; }
JAVA="/tmp/latte-jre/bin/java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx16g"
CP=".gpu/lib/*:.gpu/cuda-test-classes:.gpu/core-test-classes:core/src/test/resources"
status=0

nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.memory --format=csv > "$OUT/device.txt" 2>&1
cat "$OUT/device.txt"

echo "== GPU tests"
timeout 300 $JAVA -cp "$CP" dev.latte.cuda.GpuTestRunner > "$OUT/gpu-tests.txt" 2>&1 || status=1
tail -40 "$OUT/gpu-tests.txt"

echo "== NVRTC path"
NVRTC="$(find / -name 'libnvrtc.so*' -not -name '*builtins*' 2>/dev/null | sort | tail -1)"
if [ -n "$NVRTC" ]; then
    timeout 200 $JAVA -Dlatte.cuda.kernels=nvrtc -Dlatte.cuda.nvrtc="$NVRTC" -cp "$CP" dev.latte.cuda.GpuTestRunner \
        dev.latte.cuda.CudaConformanceTest > "$OUT/nvrtc-tests.txt" 2>&1 || status=1
    tail -15 "$OUT/nvrtc-tests.txt"
else
    echo "no libnvrtc on this machine" | tee "$OUT/nvrtc-tests.txt"
fi

echo "== compute-sanitizer memcheck (fixture prefill + greedy generation)"
if command -v compute-sanitizer > /dev/null; then
    timeout 400 compute-sanitizer --tool memcheck --leak-check full --error-exitcode 3 \
        $JAVA -cp "$CP" dev.latte.cuda.GpuTestRunner dev.latte.cuda.CudaConformanceTest > "$OUT/memcheck.txt" 2>&1 || status=1
    grep -E "ERROR SUMMARY|tests (successful|failed)" "$OUT/memcheck.txt"
fi

echo "== GEMV bandwidth"
timeout 300 $JAVA -cp "$CP" dev.latte.cuda.bench.GemvBandwidth 200 > "$OUT/gemv-bandwidth.md" 2>&1 || status=1
cat "$OUT/gemv-bandwidth.md"

echo "== end to end: synthetic V2-Lite-shaped FP8 checkpoint, latte bench on cuda"
if timeout 300 $JAVA -cp "$CP" dev.latte.cli.Latte synth --shape v2-lite --dtype fp8 --out /tmp/v2lite-fp8 \
        > "$OUT/synth.txt" 2>&1; then
    timeout 300 $JAVA -cp "$CP" dev.latte.cli.Latte bench --model /tmp/v2lite-fp8 --backend cuda \
        --prompt-tokens 512 --gen-tokens 64 > "$OUT/bench-cuda.txt" 2>&1 || status=1
    cat "$OUT/bench-cuda.txt"
else
    echo "synth failed: see $OUT/synth.txt"; status=1
fi

echo "== PyTorch, same shapes"
timeout 200 python3 cuda/bench/torch_matmul.py 200 > "$OUT/torch-matmul.md" 2>&1 || echo "(no PyTorch run)"
cat "$OUT/torch-matmul.md"
exit $status
