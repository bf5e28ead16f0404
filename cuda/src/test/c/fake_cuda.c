/*
 * A stand-in for libcuda.so.1 and libnvrtc for the host tests: it exports every driver and NVRTC
 * function the Java bindings bind, with the real prototypes (when cuda.h is available the compiler
 * checks them against it), and behaves like a GPU whose "device memory" is host memory: allocations
 * are calloc'ed, copies are memcpy, launches are recorded instead of run. Knobs (fake_set_*) let a
 * test make calls fail, and fake_last_* let it read what the last launch received.
 */
#include <stdlib.h>
#include <string.h>

#ifdef LATTE_WITH_CUDA_H
#include <cuda.h>
#else
typedef int CUresult;
typedef int CUdevice;
typedef int CUdevice_attribute;
typedef int CUstreamCaptureMode;
typedef unsigned long long CUdeviceptr;
typedef void *CUcontext, *CUstream, *CUevent, *CUmodule, *CUfunction, *CUgraph, *CUgraphExec;
#endif

static int init_result = 0;
static int device_count = 1;
static int fail_alloc = 0;
static int launches = 0;
static int modules = 0;
static char last_kernel[128];
static void *last_params[24];
static unsigned int last_grid[3], last_block[3];

void fake_set_init_result(int result) { init_result = result; }
void fake_set_device_count(int count) { device_count = count; }
void fake_set_fail_alloc(int fail) { fail_alloc = fail; }
int fake_launch_count(void) { return launches; }
int fake_module_count(void) { return modules; }
const char *fake_last_kernel(void) { return last_kernel; }
void *fake_last_param(int index) { return last_params[index]; }
unsigned int fake_last_grid(int axis) { return last_grid[axis]; }
unsigned int fake_last_block(int axis) { return last_block[axis]; }

static const char *error_name(int code) {
    switch (code) {
        case 0: return "CUDA_SUCCESS";
        case 1: return "CUDA_ERROR_INVALID_VALUE";
        case 2: return "CUDA_ERROR_OUT_OF_MEMORY";
        case 100: return "CUDA_ERROR_NO_DEVICE";
        case 999: return "CUDA_ERROR_UNKNOWN";
        default: return 0;
    }
}

CUresult cuGetErrorName(CUresult error, const char **text) {
    *text = error_name(error);
    return *text ? 0 : 1;
}

CUresult cuGetErrorString(CUresult error, const char **text) {
    switch (error) {
        case 2: *text = "out of memory"; return 0;
        case 100: *text = "no CUDA-capable device is detected"; return 0;
        default: *text = error_name(error) ? "fake description" : 0; return *text ? 0 : 1;
    }
}

CUresult cuInit(unsigned int flags) { return flags == 0 ? init_result : 1; }
CUresult cuDriverGetVersion(int *version) { *version = 13000; return 0; }
CUresult cuDeviceGetCount(int *count) { *count = device_count; return 0; }
CUresult cuDeviceGet(CUdevice *device, int ordinal) {
    if (ordinal < 0 || ordinal >= device_count) return 101;
    *device = ordinal;
    return 0;
}

CUresult cuDeviceGetAttribute(int *value, CUdevice_attribute attribute, CUdevice device) {
    switch ((int) attribute) {
        case 16: *value = 132; break;       /* multiprocessors */
        case 36: *value = 2619000; break;   /* memory clock, kHz */
        case 37: *value = 5120; break;      /* bus width, bits */
        case 75: *value = 9; break;         /* compute capability */
        case 76: *value = 0; break;
        default: *value = 0;
    }
    return device == 0 ? 0 : 101;
}

CUresult cuDeviceGetName(char *name, int length, CUdevice device) {
    strncpy(name, "Fake H100", (size_t) length);
    return device == 0 ? 0 : 101;
}

CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice device) { *bytes = 80ull << 30; return device == 0 ? 0 : 101; }
CUresult cuDevicePrimaryCtxRetain(CUcontext *context, CUdevice device) { *context = (CUcontext) 0x1000; return 0; }
CUresult cuDevicePrimaryCtxRelease_v2(CUdevice device) { return 0; }
CUresult cuCtxSetCurrent(CUcontext context) { return context == (CUcontext) 0x1000 ? 0 : 201; }
CUresult cuCtxSynchronize(void) { return 0; }

CUresult cuMemAlloc_v2(CUdeviceptr *pointer, size_t bytes) {
    if (fail_alloc) return 2;
    void *memory = calloc(1, bytes);
    if (!memory) return 2;
    *pointer = (CUdeviceptr) memory;
    return 0;
}

CUresult cuMemFree_v2(CUdeviceptr pointer) { free((void *) pointer); return 0; }
CUresult cuMemGetInfo_v2(size_t *free_bytes, size_t *total) { *free_bytes = 79ull << 30; *total = 80ull << 30; return 0; }
CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr to, const void *from, size_t bytes, CUstream stream) {
    memcpy((void *) to, from, bytes);
    return 0;
}
CUresult cuMemcpyDtoHAsync_v2(void *to, CUdeviceptr from, size_t bytes, CUstream stream) {
    memcpy(to, (const void *) from, bytes);
    return 0;
}
CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr to, CUdeviceptr from, size_t bytes, CUstream stream) {
    memmove((void *) to, (const void *) from, bytes);
    return 0;
}
CUresult cuMemsetD32Async(CUdeviceptr to, unsigned int value, size_t count, CUstream stream) {
    for (size_t i = 0; i < count; i++) ((unsigned int *) to)[i] = value;
    return 0;
}

CUresult cuStreamCreate(CUstream *stream, unsigned int flags) { *stream = (CUstream) 0x2000; return 0; }
CUresult cuStreamSynchronize(CUstream stream) { return stream == (CUstream) 0x2000 ? 0 : 400; }
CUresult cuStreamDestroy_v2(CUstream stream) { return 0; }
CUresult cuEventCreate(CUevent *event, unsigned int flags) { *event = (CUevent) 0x3000; return 0; }
CUresult cuEventRecord(CUevent event, CUstream stream) { return 0; }
CUresult cuEventSynchronize(CUevent event) { return 0; }
CUresult cuEventElapsedTime_v2(float *millis, CUevent start, CUevent end) { *millis = 1.5f; return 0; }
CUresult cuEventDestroy_v2(CUevent event) { return 0; }

CUresult cuModuleLoadData(CUmodule *module, const void *image) {
    modules++;
    *module = (CUmodule) (size_t) (0x4000 + modules);
    return 0;
}

/* A CUfunction is the kernel's name, so launches can report it. */
CUresult cuModuleGetFunction(CUfunction *function, CUmodule module, const char *name) {
    *function = (CUfunction) strdup(name);
    return 0;
}

CUresult cuModuleUnload(CUmodule module) { return 0; }

CUresult cuLaunchKernel(CUfunction f, unsigned int gx, unsigned int gy, unsigned int gz, unsigned int bx,
                        unsigned int by, unsigned int bz, unsigned int shared, CUstream stream, void **params,
                        void **extra) {
    if (extra != 0 || params == 0) return 1;
    launches++;
    strncpy(last_kernel, (const char *) f, sizeof last_kernel - 1);
    memcpy(last_params, params, sizeof last_params);
    last_grid[0] = gx; last_grid[1] = gy; last_grid[2] = gz;
    last_block[0] = bx; last_block[1] = by; last_block[2] = bz;
    return 0;
}

CUresult cuStreamBeginCapture_v2(CUstream stream, CUstreamCaptureMode mode) { return 0; }
CUresult cuStreamEndCapture(CUstream stream, CUgraph *graph) { *graph = (CUgraph) 0x5000; return 0; }
CUresult cuGraphInstantiateWithFlags(CUgraphExec *exec, CUgraph graph, unsigned long long flags) {
    *exec = (CUgraphExec) 0x6000;
    return 0;
}
CUresult cuGraphLaunch(CUgraphExec exec, CUstream stream) { launches++; return 0; }
CUresult cuGraphDestroy(CUgraph graph) { return 0; }
CUresult cuGraphExecDestroy(CUgraphExec exec) { return 0; }

/* NVRTC: "compiles" any source without "#error" into a fixed image. */
typedef int nvrtcResult;
typedef struct { char *source; } fake_program;

const char *nvrtcGetErrorString(nvrtcResult result) {
    return result == 0 ? "NVRTC_SUCCESS" : result == 6 ? "NVRTC_ERROR_COMPILATION" : "NVRTC_ERROR_INVALID_INPUT";
}

nvrtcResult nvrtcCreateProgram(fake_program **program, const char *source, const char *name, int headers,
                               const char *const *texts, const char *const *names) {
    *program = malloc(sizeof(fake_program));
    (*program)->source = strdup(source);
    return 0;
}

nvrtcResult nvrtcCompileProgram(fake_program *program, int count, const char *const *options) {
    return strstr(program->source, "#error") ? 6 : 0;
}

nvrtcResult nvrtcGetCUBINSize(fake_program *program, size_t *size) { *size = 10; return 0; }
nvrtcResult nvrtcGetCUBIN(fake_program *program, char *image) { memcpy(image, "FAKECUBIN", 10); return 0; }
static const char fake_log[] = "fake.cu(1): error here";
nvrtcResult nvrtcGetProgramLogSize(fake_program *program, size_t *size) { *size = sizeof fake_log; return 0; }
nvrtcResult nvrtcGetProgramLog(fake_program *program, char *log) { memcpy(log, fake_log, sizeof fake_log); return 0; }
nvrtcResult nvrtcDestroyProgram(fake_program **program) {
    free((*program)->source);
    free(*program);
    *program = 0;
    return 0;
}
