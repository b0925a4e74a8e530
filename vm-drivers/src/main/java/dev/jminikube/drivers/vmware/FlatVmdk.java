package dev.jminikube.drivers.vmware;

import dev.jminikube.core.OwnerOnly;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A monolithicFlat VMDK written without VMware: a text descriptor ("Virtual Disk Format 1.1") naming one
 * flat extent, and the extent itself, raw sectors. vmware-vdiskmanager -r then converts it into the
 * growable disk the VM uses.
 */
final class FlatVmdk {
    private FlatVmdk() {
    }

    /** Writes {@code descriptor} and, beside it, {@code <name>-flat.vmdk} of {@code size} bytes starting with {@code data}. */
    static Path write(Path descriptor, byte[] data, long size) throws IOException {
        if (size % 512 != 0 || data.length > size) {
            throw new IllegalArgumentException("a VMDK holds whole sectors, at least the data: " + size);
        }
        String base = descriptor.getFileName().toString().replaceFirst("\\.vmdk$", "");
        Path extent = descriptor.resolveSibling(base + "-flat.vmdk");
        OwnerOnly.write(extent, new byte[0]); // created 0600 here; RandomAccessFile would take the umask's mode
        try (RandomAccessFile raf = new RandomAccessFile(extent.toFile(), "rw")) {
            raf.setLength(0);
            raf.write(data);
            raf.setLength(size);
        }
        OwnerOnly.write(descriptor, descriptor(extent.getFileName().toString(), size / 512).getBytes(StandardCharsets.UTF_8));
        return extent;
    }

    static String descriptor(String extentFile, long sectors) {
        long cylinders = Math.min(65535, sectors / (255 * 63));
        return "# Disk DescriptorFile\n"
                + "version=1\n"
                + "encoding=\"UTF-8\"\n"
                + "CID=fffffffe\n"
                + "parentCID=ffffffff\n"
                + "createType=\"monolithicFlat\"\n"
                + "\n"
                + "# Extent description\n"
                + "RW " + sectors + " FLAT \"" + extentFile + "\" 0\n"
                + "\n"
                + "# The Disk Data Base\n"
                + "#DDB\n"
                + "\n"
                + "ddb.adapterType = \"lsilogic\"\n"
                + "ddb.geometry.cylinders = \"" + Math.max(1, cylinders) + "\"\n"
                + "ddb.geometry.heads = \"255\"\n"
                + "ddb.geometry.sectors = \"63\"\n"
                + "ddb.virtualHWVersion = \"" + VmxFile.HARDWARE_VERSION + "\"\n";
    }
}
