package dev.jminikube.bootstrap.kubeconfig;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.CommentEvent;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A kubeconfig's text as read, what it means, and where in the text each part of it is.
 *
 * <p>What it means is read as kubectl reads it, with YAML 1.1 rules (client-go's YAML library): aliases
 * and merge keys resolved, {@code yes} a boolean. Whether jminikube may write it back is decided from the
 * parser's event stream, not by guessing on the text: anchors, aliases, merge keys, explicit tags, a
 * second document and an explicit document end ({@code ...}) are things a rewrite would lose or change.
 */
final class KubeconfigText {
    static final List<String> SECTIONS = List.of("clusters", "users", "contexts");
    private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";

    private final Path file;
    private final String text;
    private final Node root;
    private final Optional<String> notRewritable;

    private KubeconfigText(Path file, String text, Node root, Optional<String> notRewritable) {
        this.file = file;
        this.text = text;
        this.root = root;
        this.notRewritable = notRewritable;
    }

    /**
     * Parses {@code text}, the content of {@code file}.
     *
     * @throws JmkException {@link Reason#KUBECONFIG_INVALID} for text that is not YAML, or not a kubeconfig's shape
     */
    static KubeconfigText parse(Path file, String text) {
        Optional<String> notRewritable = Optional.empty();
        Node root;
        try {
            int documents = 0;
            for (Event event : new Yaml(options(false)).parse(new StringReader(text))) {
                if (event instanceof DocumentStartEvent) {
                    documents++;
                }
                if (notRewritable.isEmpty()) {
                    notRewritable = notRewritable(event, documents);
                }
            }
            Iterator<Node> nodes = new Yaml(options(false)).composeAll(new StringReader(text)).iterator();
            root = nodes.hasNext() ? nodes.next() : null;
        } catch (YAMLException e) {
            throw invalid(file, problem(e), e);
        }
        KubeconfigText parsed = new KubeconfigText(file, text, root, notRewritable);
        parsed.mapping(); // the shape is checked on every read, so no command works on a file kubectl rejects
        return parsed;
    }

    /** The first thing in the stream a rewrite would lose or change the meaning of, said for a person. */
    private static Optional<String> notRewritable(Event event, int documents) {
        Mark at = event.getStartMark();
        if (event instanceof DocumentStartEvent && documents > 1) {
            return Optional.of("a second YAML document (" + where(at) + ")");
        }
        if (event instanceof DocumentEndEvent end && end.getExplicit()) {
            return Optional.of("a YAML document end marker ('...' " + where(at) + ")");
        }
        if (event instanceof AliasEvent alias) {
            return Optional.of("a YAML alias (*" + alias.getAnchor() + " " + where(at) + ")");
        }
        if (event instanceof NodeEvent node && node.getAnchor() != null) {
            return Optional.of("a YAML anchor (&" + node.getAnchor() + " " + where(at) + ")");
        }
        if (event instanceof ScalarEvent scalar) {
            if (scalar.isPlain() && scalar.getValue().equals("<<")) {
                return Optional.of("a YAML merge key (<< " + where(at) + ")");
            }
            if (scalar.getTag() != null) {
                return Optional.of("a YAML tag (" + shortTag(scalar.getTag()) + " " + where(at) + ")");
            }
        }
        if (event instanceof CollectionStartEvent collection && collection.getTag() != null) {
            return Optional.of("a YAML tag (" + shortTag(collection.getTag()) + " " + where(at) + ")");
        }
        return Optional.empty();
    }

    private static String shortTag(String tag) {
        return tag.startsWith(YAML_TAG_PREFIX) ? "!!" + tag.substring(YAML_TAG_PREFIX.length()) : tag;
    }

    private static String where(Mark mark) {
        return "at line " + (mark.getLine() + 1);
    }

    /** The raw text. */
    String text() {
        return text;
    }

    /** The first document's node tree with positions; null when the file holds no document (empty, only comments). */
    Node root() {
        return root;
    }

    /** No document, or one with nothing in it (a lone "---"): new content can simply follow the text. */
    static boolean isEmptyDocument(Node root) {
        return root == null
                || root instanceof ScalarNode scalar && scalar.getValue().isEmpty() && scalar.getTag().equals(Tag.NULL);
    }

    /** Why jminikube must not write this file back, if it must not. */
    Optional<String> notRewritable() {
        return notRewritable;
    }

    /**
     * What the file means: its top-level mapping, read afresh on each call (callers change it), or an
     * empty kubeconfig when the file holds no document. Only the first document counts, as for kubectl.
     */
    Map<Object, Object> mapping() {
        if (root == null) {
            return KubeconfigYaml.emptyConfigMap();
        }
        Object loaded = firstDocument(text);
        if (loaded == null) {
            return KubeconfigYaml.emptyConfigMap();
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw invalid(file, "the top level is not a mapping", null);
        }
        for (String key : SECTIONS) {
            Object section = map.get(key);
            if (section != null && !(section instanceof List)) {
                throw invalid(file, "'" + key + "' is not a list", null);
            }
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> mapping = (Map<Object, Object>) map;
        return mapping;
    }

    /** The meaning of a YAML text as kubectl reads it; null for no document. */
    static Object firstDocument(String yaml) {
        Iterator<Object> documents = new Yaml(new SafeConstructor(options(false))).loadAll(yaml).iterator();
        return documents.hasNext() ? documents.next() : null;
    }

    /** Whether the text has a comment; a text the comment-keeping parser cannot read counts as having one. */
    static boolean hasComments(String yaml) {
        try {
            for (Event event : new Yaml(options(true)).parse(new StringReader(yaml))) {
                if (event instanceof CommentEvent) {
                    return true;
                }
            }
            return false;
        } catch (YAMLException e) {
            return true;
        }
    }

    private static LoaderOptions options(boolean comments) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(comments);
        return options;
    }

    /** One line: the parser's problem and where, without its multi-line snippet. */
    private static String problem(YAMLException e) {
        if (e instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            Mark at = marked.getProblemMark();
            return (at != null ? "line " + (at.getLine() + 1) + ": " : "")
                    + marked.getProblem().lines().findFirst().orElse("").strip();
        }
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable YAML").strip();
    }

    static JmkException invalid(Path file, String why, Throwable cause) {
        return new JmkException(Reason.KUBECONFIG_INVALID, file + ": not a valid kubeconfig (" + why + ")", cause);
    }
}
