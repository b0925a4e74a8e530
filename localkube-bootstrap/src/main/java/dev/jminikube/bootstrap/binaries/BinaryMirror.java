package dev.jminikube.bootstrap.binaries;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.Flag;
import dev.jminikube.core.input.FlagValues;
import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code --binary-mirror}: the base URL of a Kubernetes release tree, checked when the flag is read, before
 * anything is downloaded.
 *
 * <p>A binary is verified against the sha256 published beside it, but a plain {@code http://} mirror serves both
 * over the same unauthenticated connection: whoever can change the binary on the way can change its checksum too,
 * and the check proves nothing. Such a mirror is therefore taken only with {@code --insecure-binary-mirror}, which
 * says so; https (the server is authenticated) and file (this host's own files) mirrors need nothing.
 */
public record BinaryMirror(URI base) {
    public static final String INSECURE_FLAG = "--insecure-binary-mirror";
    public static final Flag FLAG = new Flag("--binary-mirror", Reason.USAGE,
            "the https://, file:// URL or absolute path of a release tree laid out like dl.k8s.io/release "
                    + "(VERSION/bin/linux/ARCH/kubelet)", "https://mirror.example/kubernetes/release");
    private static final Set<String> SCHEMES = Set.of("http", "https", "file");

    public BinaryMirror {
        Objects.requireNonNull(base, "base");
    }

    /**
     * Parses the flag's value: an http(s) or file URL, or an absolute path. Trailing slashes are dropped.
     *
     * @param insecureAllowed whether {@code --insecure-binary-mirror} was given, allowing an http:// mirror
     */
    public static BinaryMirror parse(String text, boolean insecureAllowed) {
        String t = text == null ? "" : text.strip();
        while (t.length() > 1 && t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        URI base = t.startsWith("/") ? FlagValues.path(FLAG, t).toUri() : FlagValues.url(FLAG, t, SCHEMES);
        if (base.getScheme().equalsIgnoreCase("http") && !insecureAllowed) {
            throw new JmkException(Reason.USAGE, FLAG.name() + " " + Flag.quote(text) + " is plain http: the "
                    + "checksums would come over the same unauthenticated connection as the binaries, so they prove nothing",
                    "Use an https:// mirror (or a file:// tree on this host); if you trust the network path to this "
                            + "mirror, add " + INSECURE_FLAG + " to accept it.", null, null);
        }
        return new BinaryMirror(base);
    }

    /** Whether binaries and checksums come over plain http (taken only with {@link #INSECURE_FLAG}). */
    public boolean insecure() {
        return base.getScheme().equalsIgnoreCase("http");
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
