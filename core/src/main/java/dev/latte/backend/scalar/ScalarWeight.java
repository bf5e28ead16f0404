package dev.latte.backend.scalar;

import dev.latte.backend.Weight;
import dev.latte.model.WeightEncoding;
import dev.latte.model.WeightTensor;

/** A weight of the scalar backend: the stored tensor itself, decoded row by row when used. */
record ScalarWeight(WeightTensor stored) implements Weight {

    @Override
    public String name() {
        return stored.name();
    }

    @Override
    public int rows() {
        return stored.rows();
    }

    @Override
    public int cols() {
        return stored.cols();
    }

    @Override
    public WeightEncoding encoding() {
        return stored.encoding();
    }
}
