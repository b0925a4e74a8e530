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

    public String cpuModel() {
        return cpuModel;
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
