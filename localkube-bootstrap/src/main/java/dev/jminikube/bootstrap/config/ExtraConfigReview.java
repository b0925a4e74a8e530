package dev.jminikube.bootstrap.config;

import dev.jminikube.bootstrap.ExtraOption;
import dev.jminikube.bootstrap.KubernetesVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drops the {@code --extra-config} options that name a flag the chosen version no longer has
 * (see {@link LegacyKeys}), keeping everything else, so an old command line such as
 * {@code --extra-config=kubelet.EnableCRI=true} still starts a cluster.
 */
public final class ExtraConfigReview {
    private ExtraConfigReview() {
    }

    /** @param kept    the options to put into the cluster config
     *  @param ignored the options dropped
     *  @param notes   one line per dropped option, for the user */
    public record Result(List<ExtraOption> kept, List<ExtraOption> ignored, List<String> notes) {
        public Result {
            kept = List.copyOf(kept);
            ignored = List.copyOf(ignored);
            notes = List.copyOf(notes);
        }
    }

    public static Result review(List<ExtraOption> options, KubernetesVersion version) {
        return review(options, version, LegacyKeys.ALL);
    }

    /** Why {@code version} drops {@code option} (its flag is gone); empty when the option is passed on. */
    public static Optional<String> whyIgnored(ExtraOption option, KubernetesVersion version) {
        return obsolete(option, version, LegacyKeys.ALL).map(LegacyKey::note);
    }

    /** The table's entry saying {@code version} no longer has {@code option}'s flag. */
    private static Optional<LegacyKey> obsolete(ExtraOption option, KubernetesVersion version, List<LegacyKey> table) {
        return table.stream().filter(k -> k.matches(option) && k.obsoleteIn(version)).findFirst();
    }

    static Result review(List<ExtraOption> options, KubernetesVersion version, List<LegacyKey> table) {
        List<ExtraOption> kept = new ArrayList<>();
        List<ExtraOption> ignored = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ExtraOption option : options) {
            Optional<LegacyKey> legacy = obsolete(option, version, table);
            if (legacy.isPresent()) {
                ignored.add(option);
                notes.add("ignoring --extra-config=" + option + " on " + version + ": " + legacy.get().note());
            } else {
                kept.add(option);
            }
        }
        return new Result(kept, ignored, notes);
    }
}
