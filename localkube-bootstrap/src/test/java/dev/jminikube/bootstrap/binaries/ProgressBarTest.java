package dev.jminikube.bootstrap.binaries;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong clock = new AtomicLong();
    private final ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock::get);

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsEveryTwoPercentAndTheEndOnce() {
        long total = 10_000;
        for (long done = 0; done <= total; done += 10) {
            bar.bytes("kubelet", done, total);
        }
        bar.bytes("kubelet", total, total);

        List<String> lines = lines();
        assertThat(lines).hasSize(51); // 0%, 2%, ... 100%
        assertThat(lines.get(0)).contains("kubelet").contains("  0% [").endsWith("0.0/0.0 MB");
        assertThat(lines.get(lines.size() - 1)).contains("100% [####################]");
    }

    @Test
    void printsOncePerSecondWhenTheSizeIsUnknown() {
        bar.bytes("kubectl", 0, -1);
        clock.set(500);
        bar.bytes("kubectl", 1 << 20, -1);
        clock.set(1000);
        bar.bytes("kubectl", 2 << 20, -1);
        bar.bytes("kubectl", 3 << 20, 3 << 20);

        assertThat(lines()).containsExactly(
                "    kubectl                  0.0 MB",
                "    kubectl                  2.0 MB",
                "    kubectl                  100% [####################] 3.0/3.0 MB");
    }
}
