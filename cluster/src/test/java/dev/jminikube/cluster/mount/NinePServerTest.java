package dev.jminikube.cluster.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server against a small 9P2000.L client speaking the wire format the Linux kernel does. */
class NinePServerTest {
    @TempDir
    Path dir;
    Path shared;
    NinePServer server;
    Client client;

    @BeforeEach
    void setUp() throws IOException {
        shared = Files.createDirectories(dir.resolve("shared"));
        server = NinePServer.start(shared, line -> { });
        client = new Client(server.port());
        ByteBuffer version = client.call(NinePServer.TVERSION, b -> b.putInt(65536).put(s("9P2000.L")));
        assertThat(version.getInt()).isEqualTo(65536);
        assertThat(str(version)).isEqualTo("9P2000.L");
        client.call(NinePServer.TATTACH, b -> b.putInt(0).putInt(NinePServer.NOFID).put(s("root")).put(s("")).putInt(0));
    }

    @AfterEach
    void tearDown() throws IOException {
        client.close();
        server.close();
    }

    @Test
    void readsAFileTheHostWroteAndSeesTheHostsNextEditAtOnce() throws IOException {
        Files.createDirectories(shared.resolve("www"));
        Files.writeString(shared.resolve("www/index.html"), "version 1\n");
        walk(0, 1, "www", "index.html");
        ByteBuffer attr = client.call(NinePServer.TGETATTR, b -> b.putInt(1).putLong(0x7ff));
        attr.getLong();
        attr.position(attr.position() + 13);
        assertThat(attr.getInt() & 0777).isEqualTo(0644);
        client.call(NinePServer.TLOPEN, b -> b.putInt(1).putInt(0));
        assertThat(read(1)).isEqualTo("version 1\n");
        Files.writeString(shared.resolve("www/index.html"), "version 2, longer\n");
        assertThat(read(1)).as("no cache between the host and the node").isEqualTo("version 2, longer\n");
    }

    @Test
    void theNodeCreatesWritesListsRenamesAndRemoves() throws IOException {
        client.call(NinePServer.TMKDIR, b -> b.putInt(0).put(s("logs")).putInt(0750).putInt(0));
        assertThat(shared.resolve("logs")).isDirectory();
        walk(0, 1, "logs");
        client.call(NinePServer.TLCREATE, b -> b.putInt(1).put(s("app.log")).putInt(1).putInt(0640).putInt(0));
        byte[] line = "started\n".getBytes(StandardCharsets.UTF_8);
        ByteBuffer written = client.call(NinePServer.TWRITE, b -> b.putInt(1).putLong(0).putInt(line.length).put(line));
        assertThat(written.getInt()).isEqualTo(line.length);
        client.call(NinePServer.TCLUNK, b -> b.putInt(1));
        assertThat(shared.resolve("logs/app.log")).hasContent("started");

        walk(0, 2, "logs");
        client.call(NinePServer.TLOPEN, b -> b.putInt(2).putInt(0));
        assertThat(readdir(2)).containsExactly(".", "..", "app.log");
        client.call(NinePServer.TRENAMEAT, b -> b.putInt(2).put(s("app.log")).putInt(0).put(s("moved.log")));
        assertThat(shared.resolve("moved.log")).hasContent("started");
        client.call(NinePServer.TUNLINKAT, b -> b.putInt(0).put(s("moved.log")).putInt(0));
        assertThat(shared.resolve("moved.log")).doesNotExist();
        assertThat(client.error(NinePServer.TUNLINKAT, b -> b.putInt(0).put(s("logs")).putInt(0)))
                .as("a directory without AT_REMOVEDIR").isEqualTo(NinePServer.EISDIR);
        client.call(NinePServer.TUNLINKAT, b -> b.putInt(0).put(s("logs")).putInt(0x200));
        assertThat(shared.resolve("logs")).doesNotExist();
    }

    /** The node renames a directory: fids walked into it before (a file in it) follow, as the node's inodes do. */
    @Test
    void fidsUnderARenamedDirectoryFollowIt() throws IOException {
        Files.createDirectories(shared.resolve("build"));
        Files.writeString(shared.resolve("build/out.txt"), "result\n");
        walk(0, 1, "build", "out.txt");
        walk(0, 2, "build");
        client.call(NinePServer.TRENAMEAT, b -> b.putInt(0).put(s("build")).putInt(0).put(s("dist")));
        assertThat(shared.resolve("dist/out.txt")).hasContent("result");

        client.call(NinePServer.TLOPEN, b -> b.putInt(1).putInt(0));
        assertThat(read(1)).as("the file walked to before the rename").isEqualTo("result\n");
        client.call(NinePServer.TLOPEN, b -> b.putInt(2).putInt(0));
        assertThat(readdir(2)).as("the directory itself").containsExactly(".", "..", "out.txt");
        walk(0, 3, "dist");
        client.call(NinePServer.TRENAME, b -> b.putInt(3).putInt(0).put(s("final")));
        ByteBuffer attr = client.call(NinePServer.TGETATTR, b -> b.putInt(1).putLong(0x7ff));
        assertThat(attr.getLong()).as("the file's attributes after a Trename of its directory").isNotZero();
    }

    @Test
    void nothingOutsideTheSharedDirectoryIsReachable() throws IOException {
        Files.writeString(dir.resolve("secret.txt"), "host only");
        Files.createSymbolicLink(shared.resolve("escape"), dir);
        // '..' at the root stays at the root
        walk(0, 1, "..", "..");
        client.call(NinePServer.TLOPEN, b -> b.putInt(1).putInt(0));
        assertThat(readdir(1)).containsExactly(".", "..", "escape");
        // a walk stops at a link (the client reads it and resolves it in its own namespace)
        ByteBuffer partial = client.call(NinePServer.TWALK, b -> b.putInt(0).putInt(2).putShort((short) 2)
                .put(s("escape")).put(s("secret.txt")));
        assertThat(partial.getShort()).as("only the link itself was walked").isEqualTo((short) 1);
        assertThat(client.error(NinePServer.TLOPEN, b -> b.putInt(2).putInt(0))).isEqualTo(NinePServer.EBADF);
        // names are single components
        assertThat(client.error(NinePServer.TLCREATE, b -> b.putInt(0).put(s("../evil")).putInt(1).putInt(0644).putInt(0)))
                .isEqualTo(NinePServer.EINVAL);
        assertThat(dir.resolve("evil")).doesNotExist();
        assertThat(client.error(NinePServer.TWALK, b -> b.putInt(0).putInt(3).putShort((short) 1).put(s("nothere"))))
                .isEqualTo(NinePServer.ENOENT);
    }

    @Test
    void aLinkTheNodeMakesLeadsNowhereOnTheHost() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("authorized_keys"), "the host's own");
        client.call(NinePServer.TSYMLINK, b -> b.putInt(0).put(s("keys")).put(s(outside.resolve("authorized_keys").toString()))
                .putInt(0));
        client.call(NinePServer.TSYMLINK, b -> b.putInt(0).put(s("out")).put(s(outside.toString())).putInt(0));
        walk(0, 1, "keys");
        assertThat(client.error(NinePServer.TLOPEN, b -> b.putInt(1).putInt(2))).as("opening a link")
                .isEqualTo(NinePServer.ELOOP);
        assertThat(client.error(NinePServer.TSETATTR, b -> b.putInt(1).putInt(0x8).putInt(0).putInt(0).putInt(0)
                .putLong(0).putLong(0).putLong(0).putLong(0).putLong(0))).as("truncating through a link")
                .isEqualTo(NinePServer.EINVAL);
        walk(0, 2, "out");
        assertThat(client.error(NinePServer.TLCREATE, b -> b.putInt(2).put(s("planted")).putInt(1).putInt(0644).putInt(0)))
                .as("creating in a linked directory").isEqualTo(NinePServer.ENOTDIR);
        assertThat(client.error(NinePServer.TMKDIR, b -> b.putInt(2).put(s("d")).putInt(0755).putInt(0)))
                .isEqualTo(NinePServer.ENOTDIR);
        assertThat(client.error(NinePServer.TUNLINKAT, b -> b.putInt(2).put(s("authorized_keys")).putInt(0)))
                .isEqualTo(NinePServer.ENOTDIR);
        assertThat(outside.resolve("authorized_keys")).hasContent("the host's own");
        try (var left = Files.list(outside)) {
            assertThat(left).hasSize(1);
        }
    }

    @Test
    void aFileCreatedReadOnlyCanStillBeWrittenThroughItsCreatingOpen() throws IOException {
        // git writes objects so: open(O_CREAT|O_WRONLY, 0444), write, close. Tlcreate turns its fid into the file,
        // so it works on a clone of the root.
        walk(0, 5);
        client.call(NinePServer.TLCREATE, b -> b.putInt(5).put(s("obj")).putInt(1).putInt(0444).putInt(0));
        byte[] data = "blob".getBytes(StandardCharsets.UTF_8);
        client.call(NinePServer.TWRITE, b -> b.putInt(5).putLong(0).putInt(data.length).put(data));
        assertThat(shared.resolve("obj")).hasContent("blob");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(shared.resolve("obj"))))
                .isEqualTo("r--r--r--");
        // "a+" (O_RDWR|O_APPEND) opens
        walk(0, 1, "obj");
        Files.setPosixFilePermissions(shared.resolve("obj"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        client.call(NinePServer.TLOPEN, b -> b.putInt(1).putInt(2 | 02000));
    }

    private void walk(int from, int to, String... names) throws IOException {
        ByteBuffer r = client.call(NinePServer.TWALK, b -> {
            b.putInt(from).putInt(to).putShort((short) names.length);
            for (String n : names) {
                b.put(s(n));
            }
        });
        assertThat(r.getShort()).isEqualTo((short) names.length);
    }

    private String read(int fid) throws IOException {
        ByteBuffer r = client.call(NinePServer.TREAD, b -> b.putInt(fid).putLong(0).putInt(8192));
        byte[] data = new byte[r.getInt()];
        r.get(data);
        return new String(data, StandardCharsets.UTF_8);
    }

    private List<String> readdir(int fid) throws IOException {
        List<String> names = new ArrayList<>();
        long offset = 0;
        while (true) {
            long at = offset;
            ByteBuffer r = client.call(NinePServer.TREADDIR, b -> b.putInt(fid).putLong(at).putInt(8192));
            int count = r.getInt();
            if (count == 0) {
                return names;
            }
            int end = r.position() + count;
            while (r.position() < end) {
                r.position(r.position() + 13);
                offset = r.getLong();
                r.get();
                names.add(str(r));
            }
        }
    }

    private static byte[] s(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + b.length).order(ByteOrder.LITTLE_ENDIAN).putShort((short) b.length).put(b).array();
    }

    private static String str(ByteBuffer b) {
        byte[] bytes = new byte[b.getShort() & 0xffff];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    interface Body {
        void write(ByteBuffer b);
    }

    /** One connection, one request at a time, as tags 1, 2, ... */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private int tag;

        Client(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        /** Sends T{type} and returns the body of its R{type+1}; an Rlerror fails the test. */
        ByteBuffer call(int type, Body body) throws IOException {
            ByteBuffer reply = send(type, body);
            int rtype = reply.get() & 0xff;
            reply.getShort();
            if (rtype == NinePServer.RLERROR) {
                throw new AssertionError("Rlerror " + reply.getInt() + " for T" + type);
            }
            assertThat(rtype).isEqualTo(type + 1);
            return reply;
        }

        /** Sends T{type} and returns the errno of the Rlerror it must get. */
        int error(int type, Body body) throws IOException {
            ByteBuffer reply = send(type, body);
            assertThat(reply.get() & 0xff).as("an Rlerror for T" + type).isEqualTo(NinePServer.RLERROR);
            reply.getShort();
            return reply.getInt();
        }

        private ByteBuffer send(int type, Body body) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(65536).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0).put((byte) type).putShort((short) ++tag);
            body.write(b);
            int size = b.position();
            b.putInt(0, size);
            out.write(b.array(), 0, size);
            out.flush();
            byte[] sizeBytes = new byte[4];
            in.readFully(sizeBytes);
            int replySize = ByteBuffer.wrap(sizeBytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
            byte[] rest = new byte[replySize - 4];
            in.readFully(rest);
            ByteBuffer reply = ByteBuffer.wrap(rest).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(reply.getShort(1) & 0xffff).isEqualTo(tag);
            return reply;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
