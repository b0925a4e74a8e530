package dev.jminikube.addons;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an add-on's manifest template into the objects to apply: a pure function of (add-on, context).
 * Placeholders are {@code {{name}}}; one the context cannot fill is a bug, not an empty string. Every object
 * gets the label {@value #ADDON_LABEL}{@code =<add-on>}, so what belongs to an add-on can be found.
 */
public final class AddonManifests {
    public static final String ADDON_LABEL = "addonmanager.jminikube.dev/name";
    private static final String RESOURCE_DIR = "/dev/jminikube/addons/manifests/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9.-]+)}}");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private AddonManifests() {
    }

    /** The template with every placeholder filled. */
    public static String renderText(Addon addon, AddonContext context) {
        Map<String, String> values = values(addon, context);
        Matcher m = PLACEHOLDER.matcher(template(addon));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("add-on " + addon.name() + ": no value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The objects, in manifest order, each labelled with its add-on. */
    public static List<HasMetadata> render(Addon addon, AddonContext context) {
        Object parsed = SERIALIZATION.unmarshal(renderText(addon, context));
        List<HasMetadata> objects = new ArrayList<>();
        if (parsed instanceof KubernetesList list) {
            objects.addAll(list.getItems());
        } else if (parsed instanceof List<?> list) {
            list.forEach(o -> objects.add((HasMetadata) o));
        } else {
            objects.add((HasMetadata) parsed);
        }
        for (HasMetadata o : objects) {
            Map<String, String> labels = o.getMetadata().getLabels() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(o.getMetadata().getLabels());
            labels.put(ADDON_LABEL, addon.name());
            o.getMetadata().setLabels(labels);
        }
        return objects;
    }

    private static Map<String, String> values(Addon addon, AddonContext context) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("clusterDnsIp", context.clusterDnsIp());
        values.put("dnsDomain", context.dnsDomain());
        values.put("hostIp", context.hostIp());
        values.put("hostPathRoot", AddonContext.HOSTPATH_ROOT);
        values.put("nodePort", Integer.toString(AddonCatalog.DASHBOARD_NODE_PORT));
        values.put("dashboardRelease", AddonContext.DASHBOARD_RELEASE);
        addon.imagesFor(context.version()).forEach((key, image) -> values.put("image." + key, image.reference()));
        return values;
    }

    private static String template(Addon addon) {
        try (InputStream in = AddonManifests.class.getResourceAsStream(RESOURCE_DIR + addon.manifest())) {
            if (in == null) {
                throw new IllegalStateException("manifest " + RESOURCE_DIR + addon.manifest() + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + addon.manifest(), e);
        }
    }
}
