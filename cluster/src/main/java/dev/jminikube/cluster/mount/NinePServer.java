package dev.jminikube.cluster.mount;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A 9P2000.L file server for one host directory, on a loopback port: what {@code jminikube mount} serves and the
 * node's kernel mounts over TCP ({@code mount -t 9p -o trans=tcp}), as minikube's mount does. Everything the Linux
 * client needs for a working tree is answered (walk, getattr/setattr, open/create, read/write, readdir, mkdir,
 * unlink, rename, symlinks, statfs, fsync); extended attributes and locks are not kept.
 *
 * <p>Nothing outside the root is reachable: names are single components, {@code ..} at the root stays at the root,
 * and a walk never passes through a symbolic link (the client resolves links itself, through readlink). Files are
 * read and written as the user running the server; the node sees the host's numeric owners and modes.
 */
public final class NinePServer implements Closeable {
    static final String VERSION = "9P2000.L";
    static final int MAX_MSIZE = 1 << 20;
    static final int NOFID = 0xFFFFFFFF;

    // message types (T; R = T + 1)
    static final int RLERROR = 7;
    static final int TSTATFS = 8;
    static final int TLOPEN = 12;
    static final int TLCREATE = 14;
    static final int TSYMLINK = 16;
    static final int TMKNOD = 18;
    static final int TRENAME = 20;
    static final int TREADLINK = 22;
    static final int TGETATTR = 24;
    static final int TSETATTR = 26;
    static final int TXATTRWALK = 30;
    static final int TXATTRCREATE = 32;
    static final int TREADDIR = 40;
    static final int TFSYNC = 50;
    static final int TLOCK = 52;
    static final int TGETLOCK = 54;
    static final int TLINK = 70;
    static final int TMKDIR = 72;
    static final int TRENAMEAT = 74;
    static final int TUNLINKAT = 76;
    static final int TVERSION = 100;
    static final int TAUTH = 102;
    static final int TATTACH = 104;
    static final int TFLUSH = 108;
    static final int TWALK = 110;
    static final int TREAD = 116;
    static final int TWRITE = 118;
    static final int TCLUNK = 120;
    static final int TREMOVE = 122;

    // Linux errno values the client understands
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int EBADF = 9;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int EXDEV = 18;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int ENOTEMPTY = 39;
    static final int ELOOP = 40;
    static final int ENOTSUP = 95;

    private static final int QT_DIR = 0x80;
    private static final int QT_SYMLINK = 0x02;
    private static final int AT_REMOVEDIR = 0x200;
    private static final long GETATTR_BASIC = 0x7ffL;

    private final Path root;
    private final ServerSocket socket;
    private final Consumer<String> log;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private NinePServer(Path root, ServerSocket socket, Consumer<String> log) {
        this.root = root;
        this.socket = socket;
        this.log = log;
        this.acceptor = new Thread(this::acceptLoop, "9p-accept");
        this.acceptor.setDaemon(true);
    }

    /** Serves {@code root} on 127.0.0.1 and a free port; {@code log} hears connections and their ends. */
    public static NinePServer start(Path root, Consumer<String> log) throws IOException {
        Path real = root.toRealPath();
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        NinePServer server = new NinePServer(real, socket, log);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket client : clients) {
            client.close();
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                client.setTcpNoDelay(true);
                clients.add(client);
                Thread t = new Thread(() -> serve(client), "9p-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        log.accept("9p: the node connected from " + client.getRemoteSocketAddress());
        Session session = new Session();
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            DataInputStream data = new DataInputStream(in);
            while (true) {
                byte[] sizeBytes = new byte[4];
                data.readFully(sizeBytes);
                int size = ByteBuffer.wrap(sizeBytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
                if (size < 7 || size > MAX_MSIZE + 64) {
                    throw new IOException("bad message size " + size);
                }
                byte[] body = new byte[size - 4];
                data.readFully(body);
                ByteBuffer msg = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
                int type = msg.get() & 0xff;
                int tag = msg.getShort() & 0xffff;
                Reply reply = new Reply(type + 1, tag);
                try {
                    session.handle(type, msg, reply);
                } catch (NinePError e) {
                    reply = new Reply(RLERROR, tag);
                    reply.u32(e.errno);
                } catch (IOException | RuntimeException e) {
                    reply = new Reply(RLERROR, tag);
                    reply.u32(errno(e));
                }
                out.write(reply.bytes());
                out.flush();
            }
        } catch (EOFException e) {
            // the node unmounted
        } catch (IOException e) {
            if (!socket.isClosed()) {
                log.accept("9p: connection ended: " + e.getMessage());
            }
        } finally {
            session.closeAll();
            clients.remove(client);
        }
    }

    static int errno(Exception e) {
        if (e instanceof NoSuchFileException) {
            return ENOENT;
        }
        if (e instanceof FileAlreadyExistsException) {
            return EEXIST;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return ENOTEMPTY;
        }
        if (e instanceof NotDirectoryException) {
            return ENOTDIR;
        }
        if (e instanceof AccessDeniedException) {
            return EACCES;
        }
        if (e instanceof UnsupportedOperationException) {
            return ENOTSUP;
        }
        return EIO;
    }

    /** A failure the client gets as this errno. */
    static final class NinePError extends IOException {
        final int errno;

        NinePError(int errno) {
            super("errno " + errno);
            this.errno = errno;
        }
    }

    /** One file id of the client: a path under the root, and once opened, its channel or directory listing. */
    private static final class Fid {
        Path path;
        FileChannel channel;
        List<Path> listing;

        Fid(Path path) {
            this.path = path;
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
                channel = null;
            }
            listing = null;
        }
    }

    private final class Session {
        private final Map<Integer, Fid> fids = new HashMap<>();
        private int msize = MAX_MSIZE;

        void closeAll() {
            fids.values().forEach(Fid::close);
            fids.clear();
        }

        /**
         * Fids are paths here, not inodes: after a rename every fid at or under the old path follows it, as the
         * client's inodes do (a shell whose working directory was moved, a file open in it).
         */
        void renamed(Path from, Path to) {
            for (Fid f : fids.values()) {
                if (f.path.startsWith(from)) {
                    f.path = to.resolve(from.relativize(f.path));
                }
            }
        }

        void handle(int type, ByteBuffer m, Reply r) throws IOException {
            switch (type) {
                case TVERSION -> {
                    msize = Math.min(m.getInt(), MAX_MSIZE);
                    String version = str(m);
                    closeAll();
                    r.u32(msize).str(version.startsWith(VERSION) ? VERSION : "unknown");
                }
                case TAUTH -> throw new NinePError(ENOTSUP);
                case TATTACH -> {
                    int fid = m.getInt();
                    fids.put(fid, new Fid(root));
                    r.qid(root);
                }
                case TFLUSH -> {
                    // requests are answered in order, one at a time: nothing is in flight to cancel
                }
                case TWALK -> walk(m, r);
                case TGETATTR -> getattr(fid(m.getInt()), m.getLong(), r);
                case TSETATTR -> setattr(fid(m.getInt()), m);
                case TLOPEN -> {
                    Fid f = fid(m.getInt());
                    int flags = m.getInt();
                    open(f, flags);
                    r.qid(f.path).u32(iounit());
                }
                case TLCREATE -> {
                    Fid f = fid(m.getInt());
                    String name = name(m);
                    int flags = m.getInt();
                    int mode = m.getInt();
                    m.getInt(); // gid: files are the server user's
                    Path p = child(directory(f), name);
                    f.close();
                    f.path = p;
                    // Opened (created) first, then its mode: open(O_CREAT|O_WRONLY, 0444), as git writes its objects,
                    // must still get a writable channel to the read-only file it just made.
                    if ((flags & 3) == 0) {
                        Files.createFile(p); // Java ignores CREATE_NEW on a channel opened only for reading
                        open(f, flags & ~01000);
                    } else {
                        open(f, flags & ~01000, StandardOpenOption.CREATE_NEW);
                    }
                    chmod(p, mode);
                    r.qid(p).u32(iounit());
                }
                case TREAD -> read(fid(m.getInt()), m.getLong(), m.getInt(), r);
                case TWRITE -> {
                    Fid f = fid(m.getInt());
                    long offset = m.getLong();
                    int count = m.getInt();
                    if (f.channel == null) {
                        throw new NinePError(EBADF);
                    }
                    ByteBuffer data = m.slice().limit(count);
                    int written = 0;
                    while (data.hasRemaining()) {
                        written += f.channel.write(data, offset + written);
                    }
                    r.u32(written);
                }
                case TCLUNK -> {
                    Fid f = fids.remove(m.getInt());
                    if (f != null) {
                        f.close();
                    }
                }
                case TREMOVE -> {
                    Fid f = fids.remove(m.getInt());
                    if (f == null) {
                        throw new NinePError(EBADF);
                    }
                    f.close();
                    requireNotRoot(f.path);
                    insideRoot(f.path);
                    Files.delete(f.path);
                }
                case TREADDIR -> readdir(fid(m.getInt()), m.getLong(), m.getInt(), r);
                case TMKDIR -> {
                    Fid dir = fid(m.getInt());
                    String name = name(m);
                    int mode = m.getInt();
                    m.getInt();
                    Path p = child(directory(dir), name);
                    Files.createDirectory(p);
                    chmod(p, mode);
                    r.qid(p);
                }
                case TSYMLINK -> {
                    Fid dir = fid(m.getInt());
                    String name = name(m);
                    String target = str(m);
                    Path p = child(directory(dir), name);
                    Files.createSymbolicLink(p, Path.of(target));
                    r.qid(p);
                }
                case TREADLINK -> r.str(Files.readSymbolicLink(fid(m.getInt()).path).toString());
                case TUNLINKAT -> {
                    Fid dir = fid(m.getInt());
                    Path p = child(directory(dir), name(m));
                    int flags = m.getInt();
                    boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                    if (isDir && (flags & AT_REMOVEDIR) == 0) {
                        throw new NinePError(EISDIR);
                    }
                    if (!isDir && (flags & AT_REMOVEDIR) != 0) {
                        throw new NinePError(ENOTDIR);
                    }
                    Files.delete(p);
                }
                case TRENAMEAT -> {
                    Path from = child(directory(fid(m.getInt())), name(m));
                    Path to = child(directory(fid(m.getInt())), name(m));
                    move(from, to);
                    renamed(from, to);
                }
                case TRENAME -> {
                    Fid f = fid(m.getInt());
                    Path to = child(directory(fid(m.getInt())), name(m));
                    requireNotRoot(f.path);
                    insideRoot(f.path);
                    Path from = f.path;
                    move(from, to);
                    renamed(from, to);
                }
                case TSTATFS -> statfs(fid(m.getInt()), r);
                case TFSYNC -> {
                    Fid f = fid(m.getInt());
                    if (f.channel != null) {
                        f.channel.force(true);
                    }
                }
                case TLOCK -> r.u8(0); // granted: locks are not shared with the host's own processes
                case TGETLOCK -> {
                    m.getInt();
                    m.get(); // type: answer "unlocked" (F_UNLCK = 2) with the asked range
                    long start = m.getLong();
                    long length = m.getLong();
                    int procId = m.getInt();
                    String clientId = str(m);
                    r.u8(2).u64(start).u64(length).u32(procId).str(clientId);
                }
                case TXATTRWALK, TXATTRCREATE, TMKNOD, TLINK -> throw new NinePError(ENOTSUP);
                default -> throw new NinePError(ENOTSUP);
            }
        }

        private int iounit() {
            return msize - 24;
        }

        private Fid fid(int id) throws NinePError {
            Fid f = fids.get(id);
            if (f == null) {
                throw new NinePError(EBADF);
            }
            return f;
        }

        private void walk(ByteBuffer m, Reply r) throws IOException {
            int fromId = m.getInt();
            Fid from = fid(fromId);
            int newFid = m.getInt();
            int n = m.getShort() & 0xffff;
            Path p = from.path;
            List<Path> qids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = str(m);
                Path next;
                if (name.equals("..")) {
                    next = p.equals(root) ? root : p.getParent();
                } else {
                    if (Files.isSymbolicLink(p)) {
                        break; // never through a link: the client resolves it with readlink
                    }
                    next = child(p, name);
                    if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                        break;
                    }
                }
                p = next;
                qids.add(p);
            }
            if (n > 0 && qids.isEmpty()) {
                throw new NinePError(ENOENT);
            }
            if (qids.size() == n) { // a partial walk leaves newfid unused, as the protocol says
                if (newFid == fromId) {
                    from.close();
                    from.path = p;
                } else {
                    Fid old = fids.put(newFid, new Fid(p));
                    if (old != null) {
                        old.close();
                    }
                }
            }
            r.u16(qids.size());
            for (Path q : qids) {
                r.qid(q);
            }
        }

        private void open(Fid f, int flags, OpenOption... extra) throws IOException {
            f.close();
            insideRoot(f.path);
            if (Files.isDirectory(f.path, LinkOption.NOFOLLOW_LINKS)) {
                return; // readdir lists it afresh
            }
            if (Files.isSymbolicLink(f.path)) {
                throw new NinePError(ELOOP); // the client reads a link, it never opens one
            }
            int access = flags & 3;
            Set<OpenOption> options = new java.util.HashSet<>(List.of(extra));
            options.add(LinkOption.NOFOLLOW_LINKS);
            if (access == 0 || access == 2) {
                options.add(StandardOpenOption.READ);
            }
            if (access == 1 || access == 2) {
                options.add(StandardOpenOption.WRITE);
            }
            if ((flags & 01000) != 0) {
                options.add(StandardOpenOption.TRUNCATE_EXISTING);
            }
            // O_APPEND is not passed on: the client sends every write's offset, and Java refuses READ with APPEND ("a+").
            f.channel = FileChannel.open(f.path, options);
        }

        private void read(Fid f, long offset, int count, Reply r) throws IOException {
            if (f.channel == null) {
                throw new NinePError(EBADF);
            }
            ByteBuffer buf = ByteBuffer.allocate(Math.min(count, iounit()));
            while (buf.hasRemaining()) {
                int n = f.channel.read(buf, offset + buf.position());
                if (n <= 0) {
                    break;
                }
            }
            buf.flip();
            r.u32(buf.remaining()).bytes(buf);
        }

        private void readdir(Fid f, long offset, int count, Reply r) throws IOException {
            directory(f);
            if (f.listing == null || offset == 0) {
                List<Path> listing = new ArrayList<>();
                listing.add(f.path);
                listing.add(f.path.equals(root) ? root : f.path.getParent());
                try (Stream<Path> children = Files.list(f.path)) {
                    children.sorted().forEach(listing::add);
                }
                f.listing = listing;
            }
            Reply entries = new Reply(0, 0);
            int limit = Math.min(count, iounit());
            int at = 0;
            for (int i = (int) offset; i < f.listing.size(); i++) {
                Path p = f.listing.get(i);
                String name = i == 0 ? "." : i == 1 ? ".." : p.getFileName().toString();
                byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
                int entrySize = 13 + 8 + 1 + 2 + nameBytes.length;
                if (at + entrySize > limit) {
                    break;
                }
                Attributes a = Attributes.of(p);
                if (a == null) {
                    continue; // gone meanwhile
                }
                entries.qid(a).u64(i + 1).u8(a.direntType()).str(name);
                at += entrySize;
            }
            byte[] data = entries.payload();
            r.u32(data.length).raw(data);
        }

        private void getattr(Fid f, long mask, Reply r) throws IOException {
            Attributes a = Attributes.of(f.path);
            if (a == null) {
                throw new NinePError(ENOENT);
            }
            r.u64(GETATTR_BASIC).qid(a).u32(a.mode).u32(a.uid).u32(a.gid).u64(a.nlink).u64(0)
                    .u64(a.size).u64(4096).u64((a.size + 511) / 512)
                    .u64(a.atime / 1000).u64(a.atime % 1000 * 1_000_000)
                    .u64(a.mtime / 1000).u64(a.mtime % 1000 * 1_000_000)
                    .u64(a.ctime / 1000).u64(a.ctime % 1000 * 1_000_000)
                    .u64(0).u64(0).u64(0).u64(0);
        }

        private void setattr(Fid f, ByteBuffer m) throws IOException {
            int valid = m.getInt();
            int mode = m.getInt();
            m.getInt(); // uid
            m.getInt(); // gid
            long size = m.getLong();
            long atimeSec = m.getLong();
            long atimeNsec = m.getLong();
            long mtimeSec = m.getLong();
            long mtimeNsec = m.getLong();
            insideRoot(f.path);
            boolean link = Files.isSymbolicLink(f.path);
            if ((valid & 0x1) != 0 && !link) { // a link has no mode of its own on Linux
                chmod(f.path, mode);
            }
            if ((valid & 0x6) != 0) {
                throw new NinePError(EPERM); // owners stay the host user's
            }
            if ((valid & 0x8) != 0) {
                if (link) {
                    throw new NinePError(EINVAL);
                }
                try (FileChannel c = FileChannel.open(f.path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    if (size < c.size()) {
                        c.truncate(size);
                    } else if (size > c.size()) {
                        c.write(ByteBuffer.allocate(1), size - 1);
                    }
                }
            }
            // Times through a view that does not follow a link: touching a link must not touch what it names.
            var times = Files.getFileAttributeView(f.path, java.nio.file.attribute.BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if ((valid & 0x20) != 0) {
                long millis = (valid & 0x100) != 0 ? mtimeSec * 1000 + mtimeNsec / 1_000_000 : System.currentTimeMillis();
                times.setTimes(FileTime.fromMillis(millis), null, null);
            }
            if ((valid & 0x10) != 0) {
                long millis = (valid & 0x80) != 0 ? atimeSec * 1000 + atimeNsec / 1_000_000 : System.currentTimeMillis();
                times.setTimes(null, FileTime.fromMillis(millis), null);
            }
        }

        private void statfs(Fid f, Reply r) throws IOException {
            FileStore store = Files.getFileStore(f.path);
            long bsize = 4096;
            r.u32(0x01021997).u32((int) bsize).u64(store.getTotalSpace() / bsize).u64(store.getUnallocatedSpace() / bsize)
                    .u64(store.getUsableSpace() / bsize).u64(0).u64(0).u64(0).u32(255);
        }
    }

    /** A name the client sends: one path component, never empty, '.' or '..' (those are walked, not named). */
    private static String name(ByteBuffer m) throws NinePError {
        String name = str(m);
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.indexOf('\0') >= 0) {
            throw new NinePError(EINVAL);
        }
        return name;
    }

    private Path child(Path dir, String name) throws NinePError {
        if (name.isEmpty() || name.equals(".") || name.contains("/") || name.indexOf('\0') >= 0) {
            throw new NinePError(EINVAL);
        }
        Path p = dir.resolve(name).normalize();
        if (!p.startsWith(root)) {
            throw new NinePError(EACCES);
        }
        return p;
    }

    /**
     * The fid's path as a directory to work in: not a link (a link named as a directory would lead the server, which
     * follows it, where the client never could), and really under the root.
     */
    private Path directory(Fid f) throws IOException {
        if (Files.isSymbolicLink(f.path)) {
            throw new NinePError(ENOTDIR);
        }
        insideRoot(f.path);
        return f.path;
    }

    /** The directory {@code p} lies in resolves, links and all, to a place under the root (else EACCES). */
    private void insideRoot(Path p) throws IOException {
        Path dir = p.equals(root) ? root : p.getParent();
        if (!dir.toRealPath().startsWith(root)) {
            throw new NinePError(EACCES);
        }
    }

    private void requireNotRoot(Path p) throws NinePError {
        if (p.equals(root)) {
            throw new NinePError(EACCES);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            throw new NinePError(EXDEV);
        }
    }

    private static void chmod(Path p, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                perms.add(all[i]);
            }
        }
        Files.setPosixFilePermissions(p, perms);
    }

    static String str(ByteBuffer m) {
        int len = m.getShort() & 0xffff;
        byte[] b = new byte[len];
        m.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** What getattr and readdir report of a path (not following a link). */
    record Attributes(int qidType, long ino, int mode, int uid, int gid, long nlink, long size, long atime, long mtime,
                      long ctime) {
        static Attributes of(Path p) throws IOException {
            Map<String, Object> a;
            try {
                a = Files.readAttributes(p, "unix:ino,mode,uid,gid,nlink,size,lastAccessTime,lastModifiedTime,ctime",
                        LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return null;
            }
            int mode = (Integer) a.get("mode");
            int type = (mode & 0170000) == 0040000 ? QT_DIR : (mode & 0170000) == 0120000 ? QT_SYMLINK : 0;
            return new Attributes(type, (Long) a.get("ino"), mode, (Integer) a.get("uid"), (Integer) a.get("gid"),
                    ((Number) a.get("nlink")).longValue(), (Long) a.get("size"),
                    ((FileTime) a.get("lastAccessTime")).toMillis(), ((FileTime) a.get("lastModifiedTime")).toMillis(),
                    ((FileTime) a.get("ctime")).toMillis());
        }

        /** The dirent type readdir gives (DT_DIR 4, DT_LNK 10, DT_REG 8). */
        int direntType() {
            return qidType == QT_DIR ? 4 : qidType == QT_SYMLINK ? 10 : 8;
        }
    }

    /** A reply being written: little-endian fields after size[4] type[1] tag[2]. */
    static final class Reply {
        private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        private final int type;
        private final int tag;

        Reply(int type, int tag) {
            this.type = type;
            this.tag = tag;
        }

        private void room(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n))
                        .order(ByteOrder.LITTLE_ENDIAN);
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }

        Reply u8(int v) {
            room(1);
            buf.put((byte) v);
            return this;
        }

        Reply u16(int v) {
            room(2);
            buf.putShort((short) v);
            return this;
        }

        Reply u32(int v) {
            room(4);
            buf.putInt(v);
            return this;
        }

        Reply u64(long v) {
            room(8);
            buf.putLong(v);
            return this;
        }

        Reply str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u16(b.length);
            return raw(b);
        }

        Reply raw(byte[] b) {
            room(b.length);
            buf.put(b);
            return this;
        }

        Reply bytes(ByteBuffer b) {
            room(b.remaining());
            buf.put(b);
            return this;
        }

        Reply qid(Path p) throws IOException {
            Attributes a = Attributes.of(p);
            if (a == null) {
                throw new NinePError(ENOENT);
            }
            return qid(a);
        }

        Reply qid(Attributes a) {
            return u8(a.qidType()).u32((int) (a.mtime() ^ a.size())).u64(a.ino());
        }

        /** The fields written so far, without a header (readdir's entries). */
        byte[] payload() {
            byte[] out = new byte[buf.position()];
            buf.duplicate().flip().get(out);
            return out;
        }

        byte[] bytes() {
            byte[] payload = payload();
            ByteBuffer msg = ByteBuffer.allocate(7 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
            msg.putInt(7 + payload.length).put((byte) type).putShort((short) tag).put(payload);
            return msg.array();
        }
    }

}
