package dev.jminikube.bootstrap.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.bootstrap.GuestPaths;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.ShellQuoting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts one version's binaries into the guest at {@link GuestPaths#binaries}, on the data disk, so a
 * restart finds them. The host directory's {@code manifest.json} (name → sha256) is the truth: the
 * guest keeps a copy, and an install whose manifest matches is skipped. Binaries travel through the
 * read-only 9p share when the machine has one (a local copy in the guest), else over SSH; either
 * way they land in a partial directory, are checked with sha256sum, and only then renamed into place.
 */
public final class BinaryInstaller {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandRunner guest;

    public BinaryInstaller(CommandRunner guest) {
        this.guest = guest;
    }

    /** How the binaries got there, for the step's message. */
    public enum Outcome { ALREADY_INSTALLED, COPIED_FROM_SHARE, COPIED_OVER_SSH }

    /**
     * @param hostDir   the verified binaries on the host, with their manifest.json
     * @param share   the host directory the guest can mount, or empty
     */
    public Outcome install(KubernetesVersion version, Path hostDir, Optional<GuestShare> share) {
        byte[] manifest = read(hostDir.resolve("manifest.json"));
        Map<String, String> files = filesOf(manifest, hostDir);
        String target = GuestPaths.binaries(version);
        CommandResult current = guest.run("cat", target + "/manifest.json");
        if (current.exitCode() == 0 && current.stdout().equals(new String(manifest, StandardCharsets.UTF_8))) {
            return Outcome.ALREADY_INSTALLED;
        }
        String partial = target + ".partial";
        guest.check("sh", "-c", "rm -rf " + q(partial) + " && mkdir -p " + q(partial));
        Outcome how;
        Optional<String> shared = share.flatMap(sh -> sh.guestPathOf(hostDir));
        if (shared.isPresent() && share.get().mount(guest)) {
            List<String> argv = new ArrayList<>(List.of("cp"));
            files.keySet().forEach(n -> argv.add(shared.get() + "/" + n));
            argv.add(partial + "/");
            guest.check(argv, dev.jminikube.core.exec.RunOptions.DEFAULTS);
            how = Outcome.COPIED_FROM_SHARE;
        } else {
            for (String name : files.keySet()) {
                guest.copy(hostDir.resolve(name), partial + "/" + name, 0755);
            }
            how = Outcome.COPIED_OVER_SSH;
        }
        guest.write(manifest, partial + "/manifest.json", 0644);
        guest.write(checksumList(files).getBytes(StandardCharsets.UTF_8), partial + "/SHA256SUMS", 0644);
        CommandResult verified = guest.run("sh", "-c", "cd " + q(partial) + " && sha256sum -c --quiet SHA256SUMS");
        if (verified.exitCode() != 0) {
            guest.run("rm", "-rf", partial);
            throw new JmkException(Reason.K8S_BINARY_CHECKSUM, "the binaries copied into the node do not match their "
                    + "sha256 (" + verified.combinedOutput() + ")", null, null, null);
        }
        guest.check("sh", "-c", "chmod 0755 " + q(partial) + "/* && chmod 0644 " + q(partial) + "/manifest.json "
                + q(partial) + "/SHA256SUMS && rm -rf " + q(target) + " && mv " + q(partial) + " " + q(target));
        return how;
    }

    static String checksumList(Map<String, String> files) {
        StringBuilder sb = new StringBuilder();
        files.forEach((name, sum) -> sb.append(sum).append("  ").append(name).append('\n'));
        return sb.toString();
    }

    private static Map<String, String> filesOf(byte[] manifest, Path hostDir) {
        try {
            JsonNode files = JSON.readTree(manifest).path("files");
            Map<String, String> result = new java.util.TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                result.put(e.getKey(), e.getValue().asText());
            }
            if (result.isEmpty()) {
                throw new IOException("no files listed");
            }
            return result;
        } catch (IOException e) {
            throw new JmkException(Reason.K8S_BINARIES_UNAVAILABLE, hostDir.resolve("manifest.json")
                    + " is not a binary manifest: " + e.getMessage());
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new JmkException(Reason.K8S_BINARIES_UNAVAILABLE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String q(String s) {
        return ShellQuoting.quote(s);
    }
}
