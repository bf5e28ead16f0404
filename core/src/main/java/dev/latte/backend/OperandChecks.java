package dev.latte.backend;

/**
 * The argument checks that every {@link Backend} makes on the operands of its operations, so that
 * each backend rejects the same bad input with the same {@link IllegalArgumentException}.
 */
public final class OperandChecks {

    private OperandChecks() {
    }

    /**
     * @param what the operand's role, for the message (e.g. {@code "rmsNorm output"})
     * @throws IllegalArgumentException where {@code a} is not {@code [rows, cols]}
     */
    public static void requireShape(Activations a, int rows, int cols, String what) {
        if (a.rows() != rows || a.cols() != cols) {
            throw new IllegalArgumentException(what + " is " + a.rows() + " × " + a.cols() + ", expected " + rows
                    + " × " + cols);
        }
    }

    /** @throws IllegalArgumentException where {@code values} does not hold exactly one float per element of {@code a} */
    public static void requireHostValues(float[] values, Activations a) {
        if (values.length != (long) a.rows() * a.cols()) {
            throw new IllegalArgumentException(values.length + " values for " + a.rows() + " × " + a.cols()
                    + " activations");
        }
    }

    /** @throws IllegalArgumentException naming the first of {@code tokens} that is not a row of {@code table} */
    public static void requireTokenIds(int[] tokens, Weight table) {
        for (int token : tokens) {
            if (token < 0 || token >= table.rows()) {
                throw new IllegalArgumentException("token " + token + " outside the embedding table of " + table.rows());
            }
        }
    }

    /**
     * @throws IllegalArgumentException where the operands of {@link Backend#mlp} do not fit together: {@code x}
     *                                  {@code [T, D]}, {@code gate} and {@code up} {@code [I, D]}, {@code down}
     *                                  {@code [D, I]}, {@code out} {@code [T, D]}
     */
    public static void requireMlpOperands(Activations x, Weight gate, Weight up, Weight down, Activations out) {
        int hidden = x.cols();
        int inner = gate.rows();
        requireWeightShape(gate, inner, hidden, "mlp gate");
        requireWeightShape(up, inner, hidden, "mlp up");
        requireWeightShape(down, hidden, inner, "mlp down");
        requireShape(out, x.rows(), hidden, "mlp output");
    }

    private static void requireWeightShape(Weight w, int rows, int cols, String what) {
        if (w.rows() != rows || w.cols() != cols) {
            throw new IllegalArgumentException(what + " " + w.name() + " is " + w.rows() + " × " + w.cols() + ", expected "
                    + rows + " × " + cols);
        }
    }

    /**
     * @throws IllegalArgumentException where {@code kvUp} ({@code kv_b_proj}) or the rows of {@code cache}
     *                                  do not have the widths {@code shape} gives them
     */
    public static void requireAttentionOperands(AttentionShape shape, Weight kvUp, LatentCache cache) {
        int kvUpRows = shape.heads() * (shape.nopeDim() + shape.valueDim());
        if (kvUp.rows() != kvUpRows || kvUp.cols() != shape.latentRank()) {
            throw new IllegalArgumentException(kvUp.name() + " is " + kvUp.rows() + " × " + kvUp.cols() + ", expected "
                    + kvUpRows + " × " + shape.latentRank());
        }
        if (cache.latentRank() != shape.latentRank() || cache.ropeDim() != shape.ropeDim()) {
            throw new IllegalArgumentException("latent cache rows of " + cache.latentRank() + " + " + cache.ropeDim()
                    + " do not match the attention's " + shape.latentRank() + " + " + shape.ropeDim());
        }
    }
}
