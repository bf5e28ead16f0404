package dev.latte.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latte.cuda.driver.CudaResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The built-in names of {@code CUresult} codes. */
class CudaResultTest {

    @Test
    void namesCodesAndSaysWhichItDoesNotKnow() {
        assertThat(CudaResult.name(0)).isEqualTo("CUDA_SUCCESS");
        assertThat(CudaResult.name(2)).isEqualTo("CUDA_ERROR_OUT_OF_MEMORY");
        assertThat(CudaResult.name(700)).isEqualTo("CUDA_ERROR_ILLEGAL_ADDRESS");
        assertThat(CudaResult.name(CudaResult.ERROR_NO_DEVICE)).isEqualTo("CUDA_ERROR_NO_DEVICE");
        assertThat(CudaResult.isKnown(4242)).isFalse();
        assertThat(CudaResult.name(4242)).isEqualTo("CUDA_ERROR_4242");
    }

    /** Every code of the installed toolkit's {@code cuda.h} is named as the header names it. */
    @Test
    void agreesWithTheInstalledCudaHeader() throws Exception {
        Path header = Path.of("/usr/local/cuda/include/cuda.h");
        Assumptions.assumeTrue(Files.exists(header), "no CUDA toolkit header at " + header + " to compare with");
        String text = Files.readString(header);
        String enumBody = text.substring(text.indexOf("typedef enum cudaError_enum"), text.indexOf("} CUresult;"));
        Matcher matcher = Pattern.compile("(CUDA_(?:SUCCESS|ERROR_\\w+))\\s*=\\s*(\\d+)").matcher(enumBody);
        int checked = 0;
        while (matcher.find()) {
            assertThat(CudaResult.name(Integer.parseInt(matcher.group(2)))).isEqualTo(matcher.group(1));
            checked++;
        }
        assertThat(checked).isGreaterThan(90);
    }
}
