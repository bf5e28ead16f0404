package dev.latte.cuda;

import dev.latte.backend.Weight;
import dev.latte.model.DType;
import dev.latte.model.DenseWeight;
import dev.latte.model.Fp8BlockWeight;
import dev.latte.model.Int4GroupWeight;
import dev.latte.model.WeightEncoding;
import dev.latte.model.WeightTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A weight copied to device memory in its stored encoding, rows padded to 16 bytes so the GEMV
 * kernels can stream them with vector loads. Its {@link WeightView} is what kernels receive.
 */
final class DeviceWeight implements Weight, AutoCloseable {
    /** Row alignment in device memory: one vector load. */
    static final int ROW_ALIGNMENT = 16;

    private final String name;
    private final int rows;
    private final int cols;
    private final WeightEncoding encoding;
    private final WeightView view;
    private final List<DeviceBuffer> buffers;

    private DeviceWeight(WeightTensor stored, WeightView view, List<DeviceBuffer> buffers) {
        this.name = stored.name();
        this.rows = stored.rows();
        this.cols = stored.cols();
        this.encoding = stored.encoding();
        this.view = view;
        this.buffers = buffers;
    }

    /** Copies {@code stored} to the device. */
    static DeviceWeight upload(CudaContext context, WeightTensor stored) {
        List<DeviceBuffer> buffers = new ArrayList<>();
        try {
            WeightView view = switch (stored) {
                case DenseWeight dense -> dense(context, dense, buffers);
                case Fp8BlockWeight fp8 -> fp8(context, fp8, buffers);
                case Int4GroupWeight int4 -> int4(context, int4, buffers);
            };
            return new DeviceWeight(stored, view, buffers);
        } catch (RuntimeException e) {
            buffers.forEach(DeviceBuffer::close);
            throw e;
        }
    }

    private static WeightView dense(CudaContext context, DenseWeight w, List<DeviceBuffer> buffers) {
        int elementBytes = w.encoding() == WeightEncoding.F32 ? 4 : 2;
        int code = switch (w.encoding()) {
            case F32 -> WeightView.ENCODING_F32;
            case F16 -> WeightView.ENCODING_F16;
            default -> WeightView.ENCODING_BF16;
        };
        long stride = padded((long) w.cols() * elementBytes);
        DeviceBuffer data = rows(context, w.data(), w.rows(), (long) w.cols() * elementBytes, stride, buffers);
        return new WeightView(data.pointer(), 0, 0, stride, w.rows(), w.cols(), code, 0, 0, 1, 1);
    }

    private static WeightView fp8(CudaContext context, Fp8BlockWeight w, List<DeviceBuffer> buffers) {
        if (w.blockCols() % 16 != 0) {
            throw new UnsupportedOperationException(w.name() + ": FP8 scale blocks " + w.blockCols()
                    + " columns wide are not supported by the CUDA backend (a multiple of 16 is; DeepSeek uses 128)");
        }
        long stride = padded(w.cols());
        DeviceBuffer data = rows(context, w.values(), w.rows(), w.cols(), stride, buffers);
        DeviceBuffer scales = whole(context, w.scales(), buffers);
        return new WeightView(data.pointer(), scales.pointer(), 0, stride, w.rows(), w.cols(),
                WeightView.ENCODING_FP8_BLOCK, WeightView.SCALE_F32, w.scaleCols(), w.blockRows(), w.blockCols());
    }

    private static WeightView int4(CudaContext context, Int4GroupWeight w, List<DeviceBuffer> buffers) {
        if (w.groupSize() % 8 != 0) {
            throw new UnsupportedOperationException(w.name() + ": INT4 groups of " + w.groupSize()
                    + " columns are not supported by the CUDA backend (a multiple of 8 is; compressed-tensors uses 32)");
        }
        long rowBytes = 4L * w.wordsPerRow();
        long stride = padded(rowBytes);
        DeviceBuffer data = rows(context, w.packed(), w.rows(), rowBytes, stride, buffers);
        DeviceBuffer scales = whole(context, w.scales().data(), buffers);
        long zeros = w.zeroPoints() == null ? 0 : whole(context, w.zeroPoints(), buffers).pointer();
        return new WeightView(data.pointer(), scales.pointer(), zeros, stride, w.rows(), w.cols(),
                WeightView.ENCODING_INT4_GROUP, scaleType(w), w.groups(), 1, w.groupSize());
    }

    private static int scaleType(Int4GroupWeight w) {
        DType type = w.scales().dtype();
        return switch (type) {
            case F32 -> WeightView.SCALE_F32;
            case F16 -> WeightView.SCALE_F16;
            case BF16 -> WeightView.SCALE_BF16;
            default -> throw new IllegalArgumentException(w.name() + ": INT4 scales of type " + type
                    + " (expected F32, F16 or BF16)");
        };
    }

    static long padded(long rowBytes) {
        return (rowBytes + ROW_ALIGNMENT - 1) / ROW_ALIGNMENT * ROW_ALIGNMENT;
    }

    /** Copies {@code rows} rows of {@code rowBytes} each into rows {@code stride} bytes apart (zero padding). */
    private static DeviceBuffer rows(CudaContext context, MemorySegment source, int rows, long rowBytes, long stride,
                                     List<DeviceBuffer> buffers) {
        if (stride == rowBytes) {
            return whole(context, source.asSlice(0, rows * rowBytes), buffers);
        }
        DeviceBuffer buffer = context.allocate(rows * stride);
        buffers.add(buffer);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment staging = arena.allocate(rows * stride, 16);
            for (int r = 0; r < rows; r++) {
                MemorySegment.copy(source, r * rowBytes, staging, r * stride, rowBytes);
            }
            context.copyToDevice(staging, buffer, 0, staging.byteSize());
            context.synchronize();
        }
        return buffer;
    }

    /** Copies all of {@code source} (from the mapped file, or staged when it is on the Java heap). */
    private static DeviceBuffer whole(CudaContext context, MemorySegment source, List<DeviceBuffer> buffers) {
        DeviceBuffer buffer = context.allocate(source.byteSize());
        buffers.add(buffer);
        if (source.isNative()) {
            context.copyToDevice(source, buffer, 0, source.byteSize());
            context.synchronize();
        } else {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment staging = arena.allocate(source.byteSize(), 16);
                staging.copyFrom(source);
                context.copyToDevice(staging, buffer, 0, source.byteSize());
                context.synchronize();
            }
        }
        return buffer;
    }

    /** What kernels receive. */
    WeightView view() {
        return view;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public WeightEncoding encoding() {
        return encoding;
    }

    @Override
    public void close() {
        buffers.forEach(DeviceBuffer::close);
    }
}
