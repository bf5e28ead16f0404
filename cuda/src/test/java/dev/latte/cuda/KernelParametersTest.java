package dev.latte.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latte.cuda.driver.KernelParameters;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The {@code void*[]} of kernel parameters, read back the way the driver reads it. */
class KernelParametersTest {

    @Test
    void entryIPointsAtTheValueOfParameterI() {
        try (KernelParameters parameters = new KernelParameters()) {
            parameters.pointer(0xdead_beef_0000L).i32(42).f32(-0.125f).i64(-3L);

            assertThat(parameters.count()).isEqualTo(4);
            assertThat(parameters.signature()).isEqualTo("PIFL");
            assertThat(value(parameters, 0).get(JAVA_LONG, 0)).isEqualTo(0xdead_beef_0000L);
            assertThat(value(parameters, 1).get(JAVA_INT, 0)).isEqualTo(42);
            assertThat(value(parameters, 2).get(JAVA_FLOAT, 0)).isEqualTo(-0.125f);
            assertThat(value(parameters, 3).get(JAVA_LONG, 0)).isEqualTo(-3L);
        }
    }

    @Test
    void resetStartsAnotherLaunchWithoutLeftovers() {
        try (KernelParameters parameters = new KernelParameters()) {
            parameters.i32(1).i32(2).i32(3);
            parameters.reset().f32(7f);

            assertThat(parameters.signature()).isEqualTo("F");
            assertThat(parameters.matches("F")).isTrue();
            assertThat(parameters.matches("FII")).isFalse();
            assertThat(value(parameters, 0).get(JAVA_FLOAT, 0)).isEqualTo(7f);
        }
    }

    @Test
    void slotsAreAlignedForAStructAndBigEnoughForAWeightView() {
        try (KernelParameters parameters = new KernelParameters()) {
            parameters.i32(5);
            MemorySegment slot = parameters.structSlot();

            assertThat(slot.address() % 16).isZero();
            assertThat(slot.byteSize()).isGreaterThanOrEqualTo(WeightView.LAYOUT.byteSize());
            assertThat(parameters.signature()).isEqualTo("IS");
        }
    }

    @Test
    void refusesMoreParametersThanSlots() {
        try (KernelParameters parameters = new KernelParameters()) {
            for (int i = 0; i < KernelParameters.MAX_PARAMETERS; i++) {
                parameters.i32(i);
            }
            assertThatThrownBy(() -> parameters.i32(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("more than " + KernelParameters.MAX_PARAMETERS);
        }
    }

    private static MemorySegment value(KernelParameters parameters, int index) {
        return parameters.array().getAtIndex(ADDRESS, index).reinterpret(KernelParameters.SLOT_BYTES);
    }
}
