package dev.latte.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs test classes through the JUnit Platform launcher, for the GPU machine, which has a Java
 * runtime (carried) but no Maven. Arguments: test class names (default: the GPU tests). Prints the
 * summary with every failure and exits non-zero when a test failed or was skipped there.
 */
public final class GpuTestRunner {

    private GpuTestRunner() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        List<String> names = args.length > 0 ? List.of(args)
                : List.of(CudaBackendDifferentialTest.class.getName(), CudaConformanceTest.class.getName());
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            classes.add(Class.forName(name));
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(classes.stream().map(c -> selectClass(c)).toList()).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printTo(out);
        summary.printFailuresTo(out, 30);
        boolean clean = summary.getTotalFailureCount() == 0 && summary.getTestsSkippedCount() == 0
                && summary.getTestsAbortedCount() == 0 && summary.getTestsSucceededCount() > 0;
        System.exit(clean ? 0 : 1);
    }
}
