package dev.jminikube.drivers.qemu;

/** QEMU accelerators, with the CPU model each wants. */
public enum Accel {
    KVM("kvm", "host"),
    HVF("hvf", "host"),
    WHPX("whpx", "max"),
    /** Pure emulation: always works, several times slower. */
    TCG("tcg", "max");

    private final String qemuName;
    private final String cpuModel;

    Accel(String qemuName, String cpuModel) {
        this.qemuName = qemuName;
        this.cpuModel = cpuModel;
    }

    public String qemuName() {
        return qemuName;
    }

    /**
     * The {@code -cpu} value for a guest of {@code target}. An emulated x86 CPU hides ERMS: with it the guest's
     * kernel and libc zero and copy memory with byte-wise {@code rep stosb}/{@code rep movsb}, and TCG runs a
     * {@code rep} instruction one iteration per pass, so they cost eight times the passes of the quad-word forms
     * used without it. Measured here: a first boot to SSH in 33.5 s instead of 55.5 s, the early root file
     * system reads (page-cache pages zeroed on allocation) several times faster.
     */
    public String cpuModel(QemuTarget target) {
        return this == TCG && !target.isArm() ? cpuModel + ",erms=off" : cpuModel;
    }

    public static Accel fromQemuName(String name) {
        for (Accel a : values()) {
            if (a.qemuName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown accelerator: " + name);
    }
}
