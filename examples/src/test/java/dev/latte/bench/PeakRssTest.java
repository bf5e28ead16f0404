package dev.latte.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PeakRssTest {
    @Test
    void readsTheHighWaterMarkInKibibytes() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n";
        assertThat(PeakRss.parse(status)).isEqualTo(OptionalLong.of(123456L * 1024));
    }

    @Test
    void isEmptyWhereTheStatusHasNoHighWaterMark() {
        assertThat(PeakRss.parse("Name:\tjava\n")).isEmpty();
    }
}
