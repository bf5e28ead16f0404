package dev.latte.model;

import java.lang.foreign.MemorySegment;
import java.util.function.Function;

/**
 * Assembles a {@link WeightTensor} for one linear module from the tensors the quantization scheme
 * stores for it, checking dtypes and shapes of the weight and its companions.
 */
final class LinearWeightReader {
    private final Quantization quantization;
    private final Function<String, StoredTensor> tensors;

    LinearWeightReader(Quantization quantization, Function<String, StoredTensor> tensors) {
        this.quantization = quantization;
        this.tensors = tensors;
    }

    WeightTensor read(String module, int rows, int cols) {
        return switch (quantization) {
            case Quantization.None none -> dense(tensors.apply(module + ".weight"), rows, cols);
            case Quantization.Fp8Block fp8 -> fp8OrDense(module, rows, cols, fp8);
            case Quantization.PackedInt4 int4 -> int4.quantizes(module)
                    ? packedInt4(module, rows, cols, int4)
                    : dense(tensors.apply(module + ".weight"), rows, cols);
        };
    }

    static WeightTensor dense(StoredTensor tensor, int rows, int cols) {
        WeightEncoding encoding = switch (tensor.dtype()) {
            case F32 -> WeightEncoding.F32;
            case F16 -> WeightEncoding.F16;
            case BF16 -> WeightEncoding.BF16;
            default -> throw new CheckpointException("tensor " + tensor.name() + " is " + tensor.dtype()
                    + ", expected F32, F16 or BF16 (is the quantization_config missing?)");
        };
        if (!(tensor.shape().length == 2 && tensor.shape()[0] == rows && tensor.shape()[1] == cols)
                && !(rows == 1 && tensor.shape().length == 1 && tensor.shape()[0] == cols)) {
            throw wrongShape(tensor, rows, cols);
        }
        return new DenseWeight(tensor.name(), encoding, rows, cols, tensor.data());
    }

    private WeightTensor fp8OrDense(String module, int rows, int cols, Quantization.Fp8Block fp8) {
        StoredTensor weight = tensors.apply(module + ".weight");
        if (weight.dtype() != DType.F8_E4M3) {
            return dense(weight, rows, cols);
        }
        requireShape(weight, rows, cols);
        int scaleRows = ceilDiv(rows, fp8.blockRows());
        int scaleCols = ceilDiv(cols, fp8.blockCols());
        StoredTensor scale = tensors.apply(module + ".weight_scale_inv");
        requireDType(scale, DType.F32);
        requireShape(scale, scaleRows, scaleCols);
        return new Fp8BlockWeight(weight.name(), rows, cols, weight.data(), scale.data(), fp8.blockRows(), fp8.blockCols());
    }

    private WeightTensor packedInt4(String module, int rows, int cols, Quantization.PackedInt4 int4) {
        StoredTensor packed = tensors.apply(module + ".weight_packed");
        requireDType(packed, DType.I32);
        requireShape(packed, rows, ceilDiv(cols, 8));
        int groups = ceilDiv(cols, int4.groupSize());
        StoredTensor scale = tensors.apply(module + ".weight_scale");
        if (scale.dtype() != DType.F32 && scale.dtype() != DType.F16 && scale.dtype() != DType.BF16) {
            throw new CheckpointException("tensor " + scale.name() + " is " + scale.dtype() + ", expected F32, F16 or BF16 scales");
        }
        requireShape(scale, rows, groups);
        StoredTensor shape = tensors.apply(module + ".weight_shape");
        requireDType(shape, DType.I32);
        if (shape.elementCount() != 2 || shape.getInt(0) != rows || shape.getInt(1) != cols) {
            throw new CheckpointException("tensor " + shape.name() + " says the weight is not [" + rows + ", " + cols + "]");
        }
        MemorySegment zeroPoints = null;
        if (!int4.symmetric()) {
            StoredTensor zero = tensors.apply(module + ".weight_zero_point");
            requireDType(zero, DType.I32);
            requireShape(zero, ceilDiv(rows, 8), groups);
            zeroPoints = zero.data();
        }
        return new Int4GroupWeight(module + ".weight", rows, cols, packed.data(), scale, zeroPoints, int4.groupSize());
    }

    private static void requireDType(StoredTensor tensor, DType dtype) {
        if (tensor.dtype() != dtype) {
            throw new CheckpointException("tensor " + tensor.name() + " is " + tensor.dtype() + ", expected " + dtype);
        }
    }

    private static void requireShape(StoredTensor tensor, int rows, int cols) {
        if (tensor.shape().length != 2 || tensor.shape()[0] != rows || tensor.shape()[1] != cols) {
            throw wrongShape(tensor, rows, cols);
        }
    }

    private static CheckpointException wrongShape(StoredTensor tensor, int rows, int cols) {
        return new CheckpointException("tensor " + tensor.name() + " has shape " + tensor.shapeString()
                + ", expected [" + rows + ", " + cols + "]");
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
