package dev.jminikube.core.exec;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where one machine's SSH host key is pinned: trust on first contact, then only that key. The guest makes its host
 * keys at first boot and keeps them on its data disk, so they last as long as the machine; the pin lives in the
 * machine's directory and goes with it on {@code delete}.
 *
 * <p>The file is an OpenSSH known_hosts file, so the system {@code ssh} client (see {@link #sshClientOptions()}) and
 * {@link SshCommandRunner} share it. Keys are filed under {@link #alias()} rather than under the address: a NAT
 * machine's forwarded port on 127.0.0.1 changes between starts, and a bridged machine's address can change too.
 *
 * @param knownHostsFile the machine's known_hosts file (need not exist yet)
 * @param machine        the machine's name (its profile), for the alias and for messages
 */
public record HostKeyPin(Path knownHostsFile, String machine) {
    private static final Pattern MACHINE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** One lock for the whole JVM: two runners of one machine may make first contact at the same time. */
    private static final Object WRITE_LOCK = new Object();

    /** What a presented host key is to this pin. */
    public enum Verdict {
        /** Nothing is pinned yet: this is first contact. */
        FIRST_CONTACT,
        /** The key is the pinned one (or one of them). */
        PINNED,
        /** Something is pinned, and this key is not it. */
        CHANGED
    }

    /** One pinned key: its type ({@code ssh-ed25519}) and its blob in SSH wire format, base64 as in the file. */
    public record PinnedKey(String type, String base64) {
        public byte[] blob() {
            return Base64.getDecoder().decode(base64);
        }

        /** OpenSSH's form, {@code SHA256:...}, so it can be compared with what {@code ssh-keygen -l} prints. */
        public String fingerprint() {
            return HostKeyPin.fingerprint(blob());
        }
    }

    public HostKeyPin {
        Objects.requireNonNull(knownHostsFile, "knownHostsFile");
        Objects.requireNonNull(machine, "machine");
        // The alias is a host pattern in the file and an ssh -o value: no wildcards, commas or spaces.
        if (!MACHINE_NAME.matcher(machine).matches()) {
            throw new IllegalArgumentException("not a machine name usable as a host key alias: " + machine);
        }
    }

    /** The name the keys are filed under. Lower case, because OpenSSH lower-cases a HostKeyAlias before using it. */
    public String alias() {
        return machine.toLowerCase(Locale.ROOT);
    }

    /**
     * The keys pinned for {@link #alias()}; empty before first contact. Lines of other hosts, comments and marker
     * lines ({@code @cert-authority}, {@code @revoked}) are not pins. An unreadable file is an error, never "nothing
     * pinned": that would trust whatever answers next.
     */
    public List<PinnedKey> pinnedKeys() {
        List<String> lines;
        try {
            lines = Files.readAllLines(knownHostsFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw unreadable(e);
        }
        List<PinnedKey> keys = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 3 || f[0].startsWith("#") || f[0].startsWith("@") || !hostFieldMatches(f[0])) {
                continue;
            }
            if (isBase64(f[2])) {
                keys.add(new PinnedKey(f[1], f[2]));
            }
        }
        return keys;
    }

    public boolean isPinned() {
        return !pinnedKeys().isEmpty();
    }

    /** What {@code blob} (a host key in SSH wire format, as presented in the key exchange) is to this pin. */
    public Verdict check(byte[] blob) {
        List<PinnedKey> pinned = pinnedKeys();
        if (pinned.isEmpty()) {
            return Verdict.FIRST_CONTACT;
        }
        String presented = Base64.getEncoder().encodeToString(blob);
        return pinned.stream().anyMatch(k -> k.base64().equals(presented)) ? Verdict.PINNED : Verdict.CHANGED;
    }

    /**
     * Pins {@code blob} if nothing is pinned yet; call it once a connection presenting that key has succeeded. The
     * file is rewritten whole under a temporary name (mode 0600) and renamed into place, so a reader sees the old or
     * the new file, never half of one. If another connection pinned a different key in the meantime, that is a
     * changed key like any other.
     */
    public void pinFirstContact(byte[] blob, String endpointAddress) {
        synchronized (WRITE_LOCK) {
            Verdict verdict = check(blob);
            if (verdict == Verdict.PINNED) {
                return;
            }
            if (verdict == Verdict.CHANGED) {
                throw changed(pinnedKeys(), blob, endpointAddress);
            }
            String type = keyType(blob);
            StringBuilder content = new StringBuilder();
            try {
                if (Files.exists(knownHostsFile)) {
                    content.append(Files.readString(knownHostsFile, StandardCharsets.UTF_8));
                    if (content.length() > 0 && content.charAt(content.length() - 1) != '\n') {
                        content.append('\n');
                    }
                } else {
                    content.append("# The SSH host key of jminikube machine ").append(machine)
                            .append(", pinned at first contact. 'jminikube delete' removes it with the machine.\n");
                }
                content.append(alias()).append(' ').append(type).append(' ')
                        .append(Base64.getEncoder().encodeToString(blob)).append('\n');
                writeAtomically(content.toString());
            } catch (IOException e) {
                // Going on unpinned would make every later connection a "first contact" again.
                throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot pin the SSH host key of machine \""
                        + machine + "\" in " + knownHostsFile + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The refusal of a connection that presented {@code presented} where {@code pinned} keys are pinned: what
     * changed, and how to recover without ever accepting the new key blindly.
     */
    public JmkException changed(List<PinnedKey> pinned, byte[] presented, String endpointAddress) {
        String was = pinned.stream().map(k -> k.type() + " " + k.fingerprint()).reduce((a, b) -> a + ", " + b)
                .orElse("(none)");
        String now = presented == null ? "no key of a pinned type"
                : keyTypeOrUnknown(presented) + " " + fingerprint(presented);
        return new JmkException(Reason.GUEST_SSH_HOST_KEY_CHANGED, "the SSH host key of machine \"" + machine
                + "\" changed since first contact: " + endpointAddress + " presented " + now + ", but " + was
                + " is pinned; refusing to connect (the cluster's keys and certificates travel over this connection)",
                "If the VM was recreated on purpose, run 'jminikube delete -p " + machine + "' and then 'jminikube start -p "
                        + machine + "'. Otherwise something else answers on " + endpointAddress + "; find out what "
                        + "before anything else, and do not edit the pin.",
                "pinned in " + knownHostsFile, null);
    }

    /**
     * {@code -o} options for the system {@code ssh} client: the same file and alias, checked strictly once a key is
     * pinned and {@code accept-new} (pin on first contact, refuse a changed key) before. Plain entries (no hashing)
     * so that this class can read what ssh wrote; no IP check, since the alias is the identity.
     */
    public List<String> sshClientOptions() {
        boolean pinned;
        try {
            pinned = isPinned();
        } catch (JmkException unreadable) {
            pinned = true; // strict: ssh then refuses rather than trusting anything
        }
        return List.of("-o", "HostKeyAlias=" + alias(),
                "-o", "UserKnownHostsFile=" + sshConfigPath(knownHostsFile),
                "-o", "StrictHostKeyChecking=" + (pinned ? "yes" : "accept-new"),
                "-o", "HashKnownHosts=no", "-o", "CheckHostIP=no");
    }

    /** OpenSSH's fingerprint of a key blob: {@code SHA256:} and the unpadded base64 of its SHA-256. */
    public static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The key type a blob starts with (an SSH string: 4-byte big-endian length, then the name). */
    static String keyType(byte[] blob) {
        if (blob.length < 4) {
            throw new IllegalArgumentException("not an SSH public key blob (" + blob.length + " bytes)");
        }
        int len = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (len <= 0 || len > 64 || 4 + len > blob.length) {
            throw new IllegalArgumentException("not an SSH public key blob (type length " + len + ")");
        }
        String type = new String(blob, 4, len, StandardCharsets.US_ASCII);
        if (!type.matches("[A-Za-z0-9@._-]+")) {
            throw new IllegalArgumentException("not an SSH public key blob (type " + type + ")");
        }
        return type;
    }

    private static String keyTypeOrUnknown(byte[] blob) {
        try {
            return keyType(blob);
        } catch (IllegalArgumentException e) {
            return "unknown key type";
        }
    }

    /**
     * Whether a known_hosts host field names the alias: a comma-separated list of names (compared without case, as
     * OpenSSH does; wildcards are not expanded, jminikube never writes them), or one hashed name
     * ({@code |1|salt|HMAC-SHA1(salt, name)}), which is what {@code ssh-keygen -H} turns the file into.
     */
    private boolean hostFieldMatches(String field) {
        if (field.startsWith("|1|")) {
            String[] parts = field.split("\\|");
            if (parts.length != 4) {
                return false;
            }
            try {
                byte[] salt = Base64.getDecoder().decode(parts[2]);
                byte[] hash = Base64.getDecoder().decode(parts[3]);
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(salt, "HmacSHA1"));
                return MessageDigest.isEqual(hash, mac.doFinal(alias().getBytes(StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                return false;
            }
        }
        return Arrays.stream(field.split(",")).anyMatch(name -> name.equalsIgnoreCase(alias()));
    }

    private static boolean isBase64(String s) {
        try {
            return Base64.getDecoder().decode(s).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private JmkException unreadable(IOException e) {
        return new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot read the pinned SSH host key of machine \""
                + machine + "\" from " + knownHostsFile + ": " + e.getMessage(), e);
    }

    private void writeAtomically(String content) throws IOException {
        Path target = knownHostsFile.toAbsolutePath();
        Files.createDirectories(target.getParent());
        SshKeys.writeAtomically(target, content.getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * A path as an ssh_config value: OpenSSH splits UserKnownHostsFile at whitespace (it takes a list of files) unless
     * quoted, and expands {@code %} tokens in it, so a literal {@code %} is written {@code %%}.
     */
    static String sshConfigPath(Path path) {
        String s = path.toAbsolutePath().toString().replace("%", "%%");
        return s.chars().anyMatch(Character::isWhitespace) ? "\"" + s + "\"" : s;
    }
}
