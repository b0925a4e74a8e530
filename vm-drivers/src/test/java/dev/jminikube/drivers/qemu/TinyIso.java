package dev.jminikube.drivers.qemu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a minimal ISO 9660 image by hand, so the reader's tests need no host tool: a primary volume
 * descriptor, a terminator, one sector per directory, the files after them. With Rock Ridge on, each
 * record carries an NM entry with the real name; either way the primary name is mangled as mkisofs's
 * level 1 does (upper case, 8.3, a "." when there is no extension, ";1").
 */
final class TinyIso {
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private boolean rockRidge = true;

    TinyIso file(String absolutePath, byte[] content) {
        files.put(absolutePath, content);
        return this;
    }

    TinyIso file(String absolutePath, String content) {
        return file(absolutePath, content.getBytes(StandardCharsets.UTF_8));
    }

    TinyIso withoutRockRidge() {
        rockRidge = false;
        return this;
    }

    private static final class Node {
        final String name;
        final byte[] content;
        final Map<String, Node> children = new LinkedHashMap<>();
        int lba;

        Node(String name, byte[] content) {
            this.name = name;
            this.content = content;
        }

        boolean isDir() {
            return content == null;
        }

        long size() {
            return isDir() ? Iso9660Image.SECTOR : content.length;
        }
    }

    Path write(Path target) throws IOException {
        Node root = new Node("", null);
        files.forEach((path, content) -> {
            Node at = root;
            String[] parts = path.substring(1).split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                at = at.children.computeIfAbsent(parts[i], n -> new Node(n, null));
            }
            at.children.put(parts[parts.length - 1], new Node(parts[parts.length - 1], content));
        });
        List<Node> dirs = new ArrayList<>();
        List<Node> regular = new ArrayList<>();
        collect(root, dirs, regular);
        int next = 18;
        for (Node d : dirs) {
            d.lba = next++;
        }
        for (Node f : regular) {
            f.lba = next;
            next += Math.max(1, (f.content.length + Iso9660Image.SECTOR - 1) / Iso9660Image.SECTOR);
        }
        ByteBuffer image = ByteBuffer.allocate(next * Iso9660Image.SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        int pvd = 16 * Iso9660Image.SECTOR;
        image.put(pvd, (byte) 1).put(pvd + 1, "CD001".getBytes(StandardCharsets.US_ASCII)).put(pvd + 6, (byte) 1);
        image.putShort(pvd + 128, (short) Iso9660Image.SECTOR);
        image.put(pvd + 156, record(root, new byte[] {0}, false));
        int term = 17 * Iso9660Image.SECTOR;
        image.put(term, (byte) 255).put(term + 1, "CD001".getBytes(StandardCharsets.US_ASCII)).put(term + 6, (byte) 1);
        Map<Node, Node> parents = new LinkedHashMap<>();
        parents.put(root, root);
        for (Node d : dirs) {
            d.children.values().forEach(c -> parents.put(c, d));
        }
        for (Node d : dirs) {
            int at = d.lba * Iso9660Image.SECTOR;
            byte[] dot = record(d, new byte[] {0}, false);
            byte[] dotDot = record(parents.get(d), new byte[] {1}, false);
            image.put(at, dot);
            at += dot.length;
            image.put(at, dotDot);
            at += dotDot.length;
            for (Node c : d.children.values()) {
                byte[] r = record(c, isoName(c), rockRidge);
                image.put(at, r);
                at += r.length;
            }
        }
        for (Node f : regular) {
            image.put(f.lba * Iso9660Image.SECTOR, f.content);
        }
        Files.write(target, image.array());
        return target;
    }

    private static void collect(Node n, List<Node> dirs, List<Node> regular) {
        if (n.isDir()) {
            dirs.add(n);
            n.children.values().forEach(c -> collect(c, dirs, regular));
        } else {
            regular.add(n);
        }
    }

    private byte[] isoName(Node n) {
        String upper = n.name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_.]", "_");
        int dot = upper.indexOf('.');
        String base = dot < 0 ? upper : upper.substring(0, dot);
        String ext = dot < 0 ? "" : upper.substring(dot + 1).replace(".", "_");
        upper = base.substring(0, Math.min(8, base.length())) + "." + ext.substring(0, Math.min(3, ext.length()));
        return (n.isDir() ? upper.replaceAll("\\.$", "") : upper + ";1").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] record(Node n, byte[] name, boolean withNm) {
        byte[] nm = withNm ? n.name.getBytes(StandardCharsets.UTF_8) : new byte[0];
        int pad = (name.length & 1) == 0 ? 1 : 0;
        int su = withNm ? 5 + nm.length : 0;
        int len = 33 + name.length + pad + su;
        len += len & 1;
        ByteBuffer r = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        r.put(0, (byte) len);
        r.putInt(2, n.lba).order(ByteOrder.BIG_ENDIAN).putInt(6, n.lba).order(ByteOrder.LITTLE_ENDIAN);
        int size = (int) n.size();
        r.putInt(10, size).order(ByteOrder.BIG_ENDIAN).putInt(14, size).order(ByteOrder.LITTLE_ENDIAN);
        r.put(25, (byte) (n.isDir() ? 0x02 : 0));
        r.put(32, (byte) name.length).put(33, name);
        if (withNm) {
            int at = 33 + name.length + pad;
            r.put(at, (byte) 'N').put(at + 1, (byte) 'M').put(at + 2, (byte) (5 + nm.length)).put(at + 3, (byte) 1)
                    .put(at + 4, (byte) 0).put(at + 5, nm);
        }
        return r.array();
    }
}
