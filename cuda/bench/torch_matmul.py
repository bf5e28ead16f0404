#!/usr/bin/env python3
"""PyTorch reference timings for the shapes of dev.latte.cuda.bench.GemvBandwidth.

Times y = x @ W.T on the GPU for every DeepSeek-V2-Lite weight shape: decode (one token) in BF16 as
achieved weight bandwidth, FP8 e4m3 through torch._scaled_mm where this PyTorch and GPU support it
(padded to 16 tokens, the smallest it accepts), and prefill (512 tokens) in BF16 as TFLOP/s. CUDA-event
timing of many back-to-back calls after a warm-up, the same method as the Java harness.
Usage: python3 torch_matmul.py [iterations]
"""
import sys

import torch

SHAPES = [  # name, rows (out), cols (in), matrices per decoded token
    ("q_proj", 3072, 2048, 27), ("kv_a_proj_with_mqa", 576, 2048, 27), ("kv_b_proj", 4096, 512, 27),
    ("o_proj", 2048, 2048, 27), ("dense gate/up", 10944, 2048, 2), ("dense down", 2048, 10944, 1),
    ("router", 64, 2048, 26), ("expert gate/up", 1408, 2048, 26 * 6 * 2), ("expert down", 2048, 1408, 26 * 6),
    ("shared gate/up", 2816, 2048, 26 * 2), ("shared down", 2048, 2816, 26), ("lm_head", 102400, 2048, 1),
]


def time_ms(fn, iterations):
    for _ in range(10):
        fn()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(iterations):
        fn()
    end.record()
    torch.cuda.synchronize()
    return start.elapsed_time(end) / iterations


def peak_bandwidth():
    props = torch.cuda.get_device_properties(0)
    clock = getattr(props, "memory_clock_rate", None)  # kHz, newer PyTorch only
    bus = getattr(props, "memory_bus_width", None)
    return 2.0 * clock * 1e3 * bus / 8 if clock and bus else None


def main():
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    device = torch.device("cuda")
    peak = peak_bandwidth()
    print(f"# PyTorch {torch.__version__} on {torch.cuda.get_device_name(0)}\n")
    print("| encoding | matrix | rows × cols | decode µs | GB/s | % of peak | prefill 512 TFLOP/s |")
    print("|---|---|---|---|---|---|---|")
    step_us, step_bytes = 0.0, 0.0
    for name, rows, cols, per_token in SHAPES:
        w = (torch.randn(rows, cols, device=device) * 0.01).to(torch.bfloat16)
        x = torch.randn(1, cols, device=device).to(torch.bfloat16)
        xp = torch.randn(512, cols, device=device).to(torch.bfloat16)
        us = 1000 * time_ms(lambda: x @ w.T, iterations)
        nbytes = w.numel() * 2 + 2 * (rows + cols)
        tflops = 2 * 512 * rows * cols / (time_ms(lambda: xp @ w.T, max(3, iterations // 20)) * 1e-3) / 1e12
        share = f"{100 * nbytes / (us * 1e-6) / peak:.0f}%" if peak else "n/a"
        print(f"| BF16 | {name} | {rows} × {cols} | {us:.1f} | {nbytes / us / 1e3:.0f} | {share} | {tflops:.1f} |")
        step_us += us * per_token
        step_bytes += nbytes * per_token
        del w, xp
    share = f"{100 * step_bytes / (step_us * 1e-6) / peak:.0f}%" if peak else "n/a"
    print(f"| BF16 | **V2-Lite decode step, matmuls only** | | {step_us:.0f} | {step_bytes / step_us / 1e3:.0f} | {share} "
          f"| ({1e6 / step_us:.0f} tokens/s) |")
    fp8(iterations, device, peak)


def fp8(iterations, device, peak):
    if not hasattr(torch, "_scaled_mm") or not hasattr(torch, "float8_e4m3fn"):
        print("\nFP8: this PyTorch has no torch._scaled_mm")
        return
    print("\n| encoding | matrix | rows × cols | 16-token µs | weight GB/s | % of peak |")
    print("|---|---|---|---|---|---|")
    one = torch.ones((), device=device)
    for name, rows, cols, _ in SHAPES:
        if name in ("router", "lm_head") or rows % 16 or cols % 16:
            continue
        w = (torch.randn(rows, cols, device=device) * 0.01).to(torch.float8_e4m3fn)
        x = torch.randn(16, cols, device=device).to(torch.float8_e4m3fn)
        try:
            us = 1000 * time_ms(lambda: torch._scaled_mm(x, w.T, scale_a=one, scale_b=one, out_dtype=torch.bfloat16),
                                iterations)
        except (RuntimeError, TypeError) as e:
            print(f"| FP8 | {name} | unsupported here: {str(e).splitlines()[0]} | | | |")
            return
        nbytes = w.numel()
        share = f"{100 * nbytes / (us * 1e-6) / peak:.0f}%" if peak else "n/a"
        print(f"| FP8 | {name} | {rows} × {cols} | {us:.1f} | {nbytes / us / 1e3:.0f} | {share} |")


if __name__ == "__main__":
    main()
