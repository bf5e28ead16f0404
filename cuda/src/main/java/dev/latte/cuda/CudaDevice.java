package dev.latte.cuda;

import dev.latte.cuda.driver.CudaDriver;

/**
 * One GPU as the driver describes it.
 *
 * @param ordinal          the device number, 0 for the first GPU
 * @param handle           the driver's {@code CUdevice}
 * @param memoryClockKHz   peak memory clock
 * @param memoryBusBits    memory bus width
 * @param totalMemoryBytes device memory
 */
public record CudaDevice(int ordinal, int handle, String name, int computeMajor, int computeMinor,
                         int multiprocessors, int memoryClockKHz, int memoryBusBits, long totalMemoryBytes) {

    /** Asks the driver about device {@code ordinal}. */
    public static CudaDevice query(CudaDriver driver, int ordinal) {
        int handle = driver.device(ordinal);
        return new CudaDevice(ordinal, handle, driver.deviceName(handle),
                driver.attribute(CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, handle),
                driver.attribute(CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, handle),
                driver.attribute(CudaDriver.ATTRIBUTE_MULTIPROCESSOR_COUNT, handle),
                driver.attribute(CudaDriver.ATTRIBUTE_MEMORY_CLOCK_RATE, handle),
                driver.attribute(CudaDriver.ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH, handle),
                driver.totalMemory(handle));
    }

    /** The compiler's name of the architecture, e.g. {@code sm_90} for an H100. */
    public String architecture() {
        return "sm_" + computeMajor + computeMinor;
    }

    /**
     * Theoretical memory bandwidth in bytes per second: two transfers per clock (DDR/HBM) over the
     * bus. The driver reports the H100 SXM's HBM3 as 2619 MHz × 5120 bits, i.e. 3.35 TB/s.
     */
    public double peakBandwidth() {
        return 2.0 * memoryClockKHz * 1000.0 * memoryBusBits / 8.0;
    }

    @Override
    public String toString() {
        return name + " (" + architecture() + ", " + multiprocessors + " SMs, " + totalMemoryBytes / (1L << 20)
                + " MiB, " + String.format("%.0f", peakBandwidth() / 1e9) + " GB/s peak)";
    }
}
