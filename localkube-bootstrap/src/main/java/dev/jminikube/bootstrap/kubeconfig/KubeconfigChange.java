package dev.jminikube.bootstrap.kubeconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One change jminikube makes to a kubeconfig. Each is applied twice: to the file's meaning (maps and
 * lists), which says what the result must mean, and by {@link KubeconfigTextEdit} to the text itself,
 * whose result is accepted only if it means exactly that.
 */
sealed interface KubeconfigChange {
    /** Makes the change in {@code root}, a kubeconfig's top-level mapping. */
    void applyTo(Map<Object, Object> root);

    /** Sets a top-level string; with {@code onlyIfAbsent}, a key the file has keeps its value. */
    record SetValue(String key, String value, boolean onlyIfAbsent) implements KubeconfigChange {
        @Override
        public void applyTo(Map<Object, Object> root) {
            if (!onlyIfAbsent || !root.containsKey(key)) {
                root.put(key, value);
            }
        }
    }

    /**
     * Puts {@code entry} into the list {@code section} in place of the first entry named {@code name}
     * (keeping the list's order) and drops any further entries of that name; appends it when there is none.
     */
    record PutEntry(String section, String name, Map<Object, Object> entry) implements KubeconfigChange {
        @Override
        public void applyTo(Map<Object, Object> root) {
            List<Object> list = listOrNew(root, section);
            int first = -1;
            for (int i = 0; i < list.size(); i++) {
                if (isNamed(list.get(i), name)) {
                    first = i;
                    break;
                }
            }
            if (first < 0) {
                list.add(entry);
                return;
            }
            list.set(first, entry);
            for (int i = list.size() - 1; i > first; i--) {
                if (isNamed(list.get(i), name)) {
                    list.remove(i);
                }
            }
        }
    }

    /** Takes every entry named {@code name} out of the list {@code section}. */
    record RemoveEntries(String section, String name) implements KubeconfigChange {
        @Override
        public void applyTo(Map<Object, Object> root) {
            if (root.get(section) instanceof List<?> list) {
                list.removeIf(entry -> isNamed(entry, name));
            }
        }
    }

    /** The list under {@code key}, made if absent; kubectl writes {@code clusters: null} for none. */
    @SuppressWarnings("unchecked")
    private static List<Object> listOrNew(Map<Object, Object> root, String key) {
        if (root.get(key) instanceof List<?> list) {
            return (List<Object>) list;
        }
        List<Object> list = new ArrayList<>();
        root.put(key, list);
        return list;
    }

    /** Named as kubectl looks entries up: a mapping whose {@code name} is that string. */
    static boolean isNamed(Object entry, String name) {
        return entry instanceof Map<?, ?> map && name.equals(map.get("name"));
    }
}
