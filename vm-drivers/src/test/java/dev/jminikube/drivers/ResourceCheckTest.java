package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceCheckTest {
    @TempDir
    Path dir;
    Path iso;

    /** 4 CPUs, 8000 MB total, 6000 MB available. */
    private final ResourceCheck check = new ResourceCheck(new HostResources() {
        public int cpus() {
            return 4;
        }

        public long totalMemoryMb() {
            return 8000;
        }

        public long availableMemoryMb() {
            return 6000;
        }
    });

    @BeforeEach
    void iso() throws Exception {
        iso = Files.createFile(dir.resolve("node.iso"));
    }

    private MachineSpec spec(int cpus, long mem, long disk, Path image) {
        return new MachineSpec("p", null, cpus, mem, disk, image, Duration.ofMinutes(1));
    }

    @ParameterizedTest(name = "cpus={0} memory={1} disk={2} -> {3}")
    @CsvSource({
        "2, 1799, 20000, RESOURCE_MEMORY",
        "2, 6001, 20000, RESOURCE_MEMORY",
        "2, 8001, 20000, RESOURCE_MEMORY",
        "0, 2000, 20000, RESOURCE_CPUS",
        "5, 2000, 20000, RESOURCE_CPUS",
        "2, 2000, 1999, RESOURCE_DISK_SIZE",
    })
    void refuses(int cpus, long mem, long disk, Reason reason) {
        assertThatThrownBy(() -> check.check(spec(cpus, mem, disk, iso)))
                .isInstanceOfSatisfying(JmkException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void acceptsTheLimitsThemselves() {
        assertThatCode(() -> check.check(spec(1, 1800, 2000, iso))).doesNotThrowAnyException();
        assertThatCode(() -> check.check(spec(4, 6000, 2000, iso))).doesNotThrowAnyException();
    }

    @Test
    void missingIsoIsReported() {
        assertThatThrownBy(() -> check.check(spec(2, 2000, 20000, dir.resolve("gone.iso"))))
                .isInstanceOfSatisfying(JmkException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.reason()).isEqualTo(Reason.GUEST_IMAGE_MISSING))
                .hasMessageContaining("gone.iso");
    }
}
