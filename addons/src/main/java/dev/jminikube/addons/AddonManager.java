package dev.jminikube.addons;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Enables and disables add-ons on one running cluster: images first (built here and loaded into the node,
 * or left to the node to pull), then the manifests by server-side apply as field manager {@value #FIELD_MANAGER}.
 * The profile's {@link AddonStateFile} records each choice only once the cluster has it, and an enable
 * that fails half-way removes again what it created, so nothing is left half-applied.
 */
public final class AddonManager {
    public static final String FIELD_MANAGER = "jminikube";
    static final Duration NAMESPACE_WAIT = Duration.ofMinutes(3);

    private final AddonCatalog catalog;
    private final KubernetesClient client;
    private final NodeImageSupply nodeImages;
    private final AddonStateFile state;
    private final AddonContext context;
    private final Consumer<String> notes;
    private final Consumer<Duration> sleeper;

    public AddonManager(AddonCatalog catalog, KubernetesClient client, NodeImageSupply nodeImages, AddonStateFile state,
                        AddonContext context, Consumer<String> notes) {
        this(catalog, client, nodeImages, state, context, notes, AddonManager::sleep);
    }

    AddonManager(AddonCatalog catalog, KubernetesClient client, NodeImageSupply nodeImages, AddonStateFile state,
                 AddonContext context, Consumer<String> notes, Consumer<Duration> sleeper) {
        this.sleeper = sleeper;
        this.catalog = catalog;
        this.client = client;
        this.nodeImages = nodeImages;
        this.state = state;
        this.context = context;
        this.notes = notes;
    }

    /** Applies the add-on (idempotent: enabling an enabled add-on re-applies it) and records it as enabled. */
    public void enable(Addon addon) {
        state.choices(); // a damaged state file is reported before the cluster changes, not after
        for (AddonImage image : addon.imagesFor(context.version()).values()) {
            if (image.origin() == AddonImage.Origin.PULLED) {
                notes.accept(addon.name() + ": the node pulls " + image.reference() + " from its registry (needs internet)");
            }
            nodeImages.ensure(image);
        }
        List<HasMetadata> objects = AddonManifests.render(addon, context);
        objects.stream().filter(o -> o instanceof Namespace).forEach(this::awaitNotTerminating);
        List<HasMetadata> created = new ArrayList<>();
        for (HasMetadata object : objects) {
            try {
                boolean existed = client.resource(object).get() != null;
                client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
                if (!existed) {
                    created.add(object);
                }
            } catch (KubernetesClientException e) {
                rollBack(addon, created);
                throw new JmkException(Reason.ADDON_FAILED, "enabling " + addon.name() + " failed at " + describe(object)
                        + ": " + message(e), e);
            }
        }
        removeFormerObjects(addon, "enable");
        state.record(addon.name(), true);
    }

    /** Deletes the add-on's objects (those of its manifests, newest first) and records it as disabled. */
    public void disable(Addon addon) {
        state.choices(); // a damaged state file is reported before the cluster changes, not after
        List<HasMetadata> objects = new ArrayList<>(AddonManifests.render(addon, context));
        Collections.reverse(objects);
        for (HasMetadata object : objects) {
            try {
                client.resource(object).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw new JmkException(Reason.ADDON_FAILED, "disabling " + addon.name() + " failed at "
                            + describe(object) + ": " + message(e), e).withAdvice("Run 'jminikube addons disable "
                            + addon.name() + "' again: it deletes whatever is left.");
                }
            }
        }
        removeFormerObjects(addon, "disable");
        state.record(addon.name(), false);
    }

    /**
     * Deletes what an earlier version of the add-on applied and this one no longer has. Only an object that carries
     * the add-on's label is deleted, and never a namespace (it may hold the user's objects): that gets a note.
     */
    private void removeFormerObjects(Addon addon, String verb) {
        for (Addon.ObjectRef ref : addon.formerObjects()) {
            try {
                var resource = client.genericKubernetesResources(ref.apiVersion(), ref.kind());
                var named = ref.namespace() == null ? resource.withName(ref.name())
                        : resource.inNamespace(ref.namespace()).withName(ref.name());
                HasMetadata live = named.get();
                if (live == null) {
                    continue;
                }
                boolean ours = live.getMetadata().getLabels() != null
                        && addon.name().equals(live.getMetadata().getLabels().get(AddonManifests.ADDON_LABEL));
                if (!ours) {
                    notes.accept(addon.name() + ": left " + ref + " alone: an earlier version of the add-on used that name,"
                            + " but jminikube did not make this one");
                    continue;
                }
                if (ref.kind().equals("Namespace")) {
                    // Deleting it would delete whatever else is in it, the user's objects too: said, not done.
                    notes.accept(addon.name() + ": " + ref + " of an earlier version of the add-on is left; "
                            + "'jminikube kubectl -- delete namespace " + ref.name() + "' removes it if nothing of yours is in it");
                    continue;
                }
                named.delete();
                notes.accept(addon.name() + ": removed " + ref + " of an earlier version of the add-on");
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw new JmkException(Reason.ADDON_FAILED, addon.name() + ": could not remove " + ref
                            + " of an earlier version of the add-on: " + message(e), e).withAdvice("Run 'jminikube addons "
                            + verb + " " + addon.name() + "' again.");
                }
            }
        }
    }

    /**
     * What a start brings the cluster in line with: every add-on that is enabled (by the user, or by default when
     * never chosen) plus {@code extra}, in catalogue order; the others are left alone.
     */
    public List<Addon> wanted(List<Addon> extra) {
        return catalog.wanted(state, extra);
    }

    /** Every add-on of the catalogue with whether it is enabled and what the cluster shows of it. */
    public List<AddonStatus> statuses() {
        List<AddonStatus> rows = new ArrayList<>();
        for (Addon addon : catalog.all()) {
            boolean enabled = state.enabled(addon);
            rows.add(new AddonStatus(addon.name(), enabled, enabled ? clusterStatus(addon) : "-",
                    List.copyOf(addon.imagesFor(context.version()).values()), addon.description()));
        }
        return rows;
    }

    private String clusterStatus(Addon addon) {
        int missing = 0;
        int wanted = 0;
        int ready = 0;
        boolean workloads = false;
        for (HasMetadata object : AddonManifests.render(addon, context)) {
            HasMetadata live;
            try {
                live = client.resource(object).get();
            } catch (KubernetesClientException e) {
                return "Unknown (" + message(e) + ")";
            }
            if (live == null) {
                missing++;
            } else if (live instanceof Deployment d) {
                workloads = true;
                wanted += d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                ready += d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                        : d.getStatus().getReadyReplicas();
            }
        }
        if (missing > 0) {
            return "Missing (" + missing + " objects; 'jminikube addons enable " + addon.name() + "' restores them)";
        }
        if (!workloads) {
            return "Applied";
        }
        return ready >= wanted ? "Running" : "Pending (" + ready + "/" + wanted + " ready)";
    }

    /**
     * A namespace of the add-on that is still being deleted (a disable or a rolled-back enable moments ago) refuses
     * new objects until the namespace controller has emptied it: wait for it to go, up to {@link #NAMESPACE_WAIT}.
     */
    private void awaitNotTerminating(HasMetadata namespace) {
        String name = namespace.getMetadata().getName();
        long deadline = System.nanoTime() + NAMESPACE_WAIT.toNanos();
        boolean said = false;
        while (true) {
            Namespace live = client.namespaces().withName(name).get();
            if (live == null || live.getMetadata().getDeletionTimestamp() == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new JmkException(Reason.ADDON_FAILED, "namespace " + name + " is still being deleted after "
                        + NAMESPACE_WAIT.toSeconds() + " s").withAdvice("Wait until 'jminikube kubectl -- get namespace "
                        + name + "' no longer shows it, then enable the add-on again.");
            }
            if (!said) {
                notes.accept("waiting for namespace " + name + " to finish terminating");
                said = true;
            }
            sleeper.accept(Duration.ofSeconds(2));
        }
    }

    private void rollBack(Addon addon, List<HasMetadata> created) {
        List<HasMetadata> undo = new ArrayList<>(created);
        Collections.reverse(undo);
        for (HasMetadata object : undo) {
            try {
                client.resource(object).delete();
            } catch (KubernetesClientException e) {
                notes.accept(addon.name() + ": could not remove " + describe(object) + " again: " + message(e));
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JmkException(Reason.ADDON_FAILED, "interrupted while waiting for the cluster", e);
        }
    }

    static String describe(HasMetadata object) {
        String ns = object.getMetadata().getNamespace();
        return object.getKind() + " " + (ns == null ? "" : ns + "/") + object.getMetadata().getName();
    }

    private static String message(KubernetesClientException e) {
        return KubernetesErrors.message(e);
    }
}
