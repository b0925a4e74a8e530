package dev.jminikube.drivers.vmware;

import dev.jminikube.core.exec.CommandResult;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A vmware-vdiskmanager for {@code -r SRC -t 0 DST} (convert) and {@code -x SIZE DISK} (expand). It reads
 * the source the way VMware does, through its descriptor and extents, and refuses a broken one. One
 * liberty: its output disk is a monolithicFlat pair (descriptor + sparse-on-this-host flat extent), where
 * the real -t 0 writes one hosted-sparse file; the driver never reads the disk, so only its content and
 * capacity matter, and those are faithful.
 */
final class FakeVdiskManager implements VmwareTool {
    private static final Pattern EXTENT = Pattern.compile("(?m)^RW (\\d+) FLAT \"([^\"]+)\" 0$");
    final List<List<String>> calls = new ArrayList<>();

    record Disk(long sectors, Path extent) {
    }

    @Override
    public synchronized CommandResult run(List<String> args, Duration timeout) {
        calls.add(List.copyOf(args));
        try {
            if (args.size() == 5 && args.get(0).equals("-r") && args.get(2).equals("-t")) {
                return convert(Path.of(args.get(1)), args.get(3), Path.of(args.get(4)));
            }
            if (args.size() == 3 && args.get(0).equals("-x")) {
                return expand(args.get(1), Path.of(args.get(2)));
            }
        } catch (IOException e) {
            return result(1, "Failed: " + e.getMessage() + "\n");
        }
        throw new AssertionError("the fake does not implement vmware-vdiskmanager " + args);
    }

    private CommandResult convert(Path source, String type, Path target) throws IOException {
        if (!type.equals("0")) {
            throw new AssertionError("the driver converts to -t 0 (single growable file): " + type);
        }
        if (Files.exists(target)) {
            return result(1, "Failed to convert disk: The file already exists (paraphrase)\n");
        }
        Disk src = read(source);
        String base = target.getFileName().toString().replaceFirst("\\.vmdk$", "");
        Path extent = target.resolveSibling(base + "-flat.vmdk");
        Files.copy(src.extent(), extent);
        Files.writeString(target, FlatVmdk.descriptor(extent.getFileName().toString(), src.sectors()));
        return result(0, "Creating disk '" + target + "'\n  Convert: 100% done.\nVirtual disk conversion successful.\n");
    }

    private CommandResult expand(String size, Path disk) throws IOException {
        Matcher m = Pattern.compile("(\\d+)MB").matcher(size);
        if (!m.matches()) {
            throw new AssertionError("the driver writes sizes as NMB: " + size);
        }
        long sectors = Long.parseLong(m.group(1)) * 2048;
        Disk d = read(disk);
        if (sectors <= d.sectors()) {
            return result(1, "Failed to expand the disk '" + disk + "': the new capacity must be larger (paraphrase)\n");
        }
        try (RandomAccessFile raf = new RandomAccessFile(d.extent().toFile(), "rw")) {
            raf.setLength(sectors * 512); // sparse on this host
        }
        Files.writeString(disk, FlatVmdk.descriptor(d.extent().getFileName().toString(), sectors));
        return result(0, "  Grow: 100% done.\nThe old geometry C/H/S of the disk is: ...\nDisk expansion completed successfully.\n");
    }

    static Disk read(Path descriptor) throws IOException {
        String text = Files.readString(descriptor);
        if (!text.startsWith("# Disk DescriptorFile")) {
            throw new IOException("The specified virtual disk needs repair (no descriptor in " + descriptor + ")");
        }
        Matcher m = EXTENT.matcher(text);
        if (!m.find()) {
            throw new IOException("no flat extent in " + descriptor);
        }
        long sectors = Long.parseLong(m.group(1));
        Path extent = descriptor.resolveSibling(m.group(2));
        if (!Files.isRegularFile(extent) || Files.size(extent) != sectors * 512) {
            throw new IOException("extent " + extent + " is missing or not " + sectors * 512 + " bytes");
        }
        return new Disk(sectors, extent);
    }

    static void deleteDisk(Path descriptor) throws IOException {
        if (Files.isRegularFile(descriptor)) {
            try {
                Files.deleteIfExists(read(descriptor).extent());
            } catch (IOException ignored) {
                // a broken disk: its descriptor goes all the same
            }
        }
        Files.deleteIfExists(descriptor);
    }

    private static CommandResult result(int exit, String out) {
        return new CommandResult(List.of("vmware-vdiskmanager"), exit, out, "", Duration.ZERO, false);
    }
}
