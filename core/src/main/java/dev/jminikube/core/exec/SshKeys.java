package dev.jminikube.core.exec;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** The per-machine SSH key: an ed25519 pair in OpenSSH format, usable by jsch and by the user's own ssh. */
public final class SshKeys {
    private SshKeys() {
    }

    /**
     * Generates a new ed25519 key pair, writes the private key to {@code privateKey} (mode 0600) and
     * the public key to {@code privateKey + ".pub"}, replacing both, and returns the public key line
     * ({@code ssh-ed25519 AAAA... comment}) for the guest's authorized_keys.
     */
    public static String generate(Path privateKey, String comment) {
        KeyPair pair;
        try {
            pair = KeyPair.genKeyPair(new JSch(), KeyPair.ED25519);
        } catch (JSchException e) {
            throw new IllegalStateException("cannot generate an ed25519 key (needs Java 15 or later): " + e.getMessage(), e);
        }
        try {
            // OpenSSH v1 is the only private-key format ssh(1) reads for ed25519; jsch's PEM writer refuses it.
            ByteArrayOutputStream priv = new ByteArrayOutputStream();
            pair.writeOpenSSHv1PrivateKey(priv, null, comment);
            ByteArrayOutputStream pub = new ByteArrayOutputStream();
            pair.writePublicKey(pub, comment);
            String publicLine = pub.toString(StandardCharsets.UTF_8).strip();

            Path dir = privateKey.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            writeAtomically(privateKey, priv.toByteArray(), true);
            writeAtomically(Path.of(privateKey + ".pub"), (publicLine + "\n").getBytes(StandardCharsets.UTF_8), false);
            return publicLine;
        } catch (JSchException e) {
            throw new IllegalStateException("cannot encode the generated key: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write SSH key " + privateKey + ": " + e.getMessage(), e);
        } finally {
            pair.dispose();
        }
    }

    /** The public key line for an existing private key, read from the key itself (the .pub file may be gone). */
    public static String publicKeyLine(Path privateKey, String comment) {
        KeyPair pair;
        try {
            pair = KeyPair.load(new JSch(), privateKey.toString());
        } catch (JSchException e) {
            throw new IllegalArgumentException("cannot read SSH private key " + privateKey + ": " + e.getMessage(), e);
        }
        try {
            ByteArrayOutputStream pub = new ByteArrayOutputStream();
            pair.writePublicKey(pub, comment);
            return pub.toString(StandardCharsets.UTF_8).strip();
        } finally {
            pair.dispose();
        }
    }

    /** Replaces {@code target} whole (temporary file, then an atomic rename), 0600 or 0644 from its creation on. */
    static void writeAtomically(Path target, byte[] content, boolean secret) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        // Create the file with its final mode so the private key is never readable by others, not even briefly.
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"))}
                : new FileAttribute<?>[0];
        try {
            Files.createFile(tmp, attrs);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("temporary file appeared while writing: " + tmp, e);
        }
        try {
            Files.write(tmp, content);
            if (posix) {
                // createFile's mode is filtered by the umask; set it exactly.
                LocalCommandRunner.setMode(tmp, secret ? 0600 : 0644);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
