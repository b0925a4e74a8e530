package dev.jminikube.drivers.virtualbox.fake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files through which the fake VBoxManage talks to a running fake guest, in
 * {@code $VBOX_USER_HOME/sessions/<vm uuid>/}: what the VM boots with, the live NAT rules, the ACPI power
 * button, and what the guest reports back (ready, shut down cleanly).
 */
final class FakeSession {
    /** What startvm hands the VM process; public fields for Jackson. */
    static final class Boot {
        public String vmName;
        public String vmUuid;
        /** The hard disk on the lowest SATA port, or null. */
        public String disk;
        public String diskUuid;
        public String dvd;
        public String log;
        /** The guest's files (its data disk's content as seen by the shell): $VBOX_USER_HOME/guest-fs/<disk uuid>. */
        public String fsDir;
        public List<String> natRules = new ArrayList<>();
        /** The .sav to restore the guest from (startvm of a saved VM), or null for a cold boot. */
        public String restoreFrom;
    }

    final Path dir;

    FakeSession(Path home, String vmUuid) {
        this.dir = home.resolve("sessions").resolve(vmUuid);
    }

    static Path guestFs(Path home, String mediumUuid) {
        return home.resolve("guest-fs").resolve(mediumUuid);
    }

    Path boot() {
        return dir.resolve("boot.json");
    }

    Path natRules() {
        return dir.resolve("nat-rules");
    }

    Path acpiButton() {
        return dir.resolve("acpi-power-button");
    }

    Path ready() {
        return dir.resolve("ready");
    }

    Path cleanShutdown() {
        return dir.resolve("clean-shutdown");
    }

    /** savestate asks the VM process to write its state to the .sav this file names. */
    Path saveRequest() {
        return dir.resolve("save-state-request");
    }

    /** The VM process's answer: "saved", or the VBox status code the save failed with (e.g. VERR_DISK_FULL). */
    Path saveResult() {
        return dir.resolve("save-state-result");
    }

    /** Why the VM process could not load its saved state (startvm reports it; the VM stays saved). */
    Path restoreFailure() {
        return dir.resolve("restore-failure");
    }

    /** The guest kernel's boot id, as its /proc/sys/kernel/random/boot_id shows it over SSH. */
    Path bootId() {
        return dir.resolve("proc").resolve("boot_id");
    }

    void writeNatRules(List<String> rules) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("nat-rules.tmp");
        Files.write(tmp, rules);
        Files.move(tmp, natRules(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
