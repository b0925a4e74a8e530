package dev.jminikube.bootstrap.kubeconfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Makes {@link KubeconfigChange}s in a kubeconfig's text in place: only the lines of the entries
 * jminikube owns and the values it sets change; every other byte (other entries, their order, quoting,
 * comments, blank lines) stays as it was. Works on block-style files (what kubectl and people write); for
 * a layout it does not handle (JSON, flow-style lists holding entries) it gives up rather than guess, and
 * the caller decides. The caller also checks that the result means what it should, so a layout this
 * class misjudges can cost a refusal, never a damaged file.
 */
final class KubeconfigTextEdit {
    /** Strings that stay unquoted: no YAML 1.1 reader takes them for a number, boolean or null. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");
    private static final Set<String> YAML11_WORDS = Set.of("y", "n", "yes", "no", "true", "false", "on", "off",
            "null");

    /**
     * Replace [start, end) with {@code text}. {@code ownLine}: the text must begin a line (a newline is put
     * before it otherwise). Splices at one position go in by {@code rank}, then in the order they were made:
     * an entry appended to a list ends before a key appended after it.
     */
    private record Splice(int start, int end, String text, boolean ownLine, int rank, int order) {
    }

    private static final int IN_LIST = 0;
    private static final int TOP_LEVEL = 1;

    private final String text;
    private final String eol;
    private final boolean supplementary;
    private final List<Splice> splices = new ArrayList<>();

    private KubeconfigTextEdit(String text) {
        this.text = text;
        this.eol = text.contains("\r\n") ? "\r\n" : "\n";
        this.supplementary = text.codePoints().anyMatch(Character::isSupplementaryCodePoint);
    }

    /**
     * {@code text} with {@code changes} made in place, or empty when its layout is not one this class edits.
     *
     * @param root the node tree of {@code text}'s document
     */
    static Optional<String> apply(String text, Node root, List<KubeconfigChange> changes) {
        if (!(root instanceof MappingNode top) || top.getFlowStyle() != FlowStyle.BLOCK) {
            return Optional.empty();
        }
        KubeconfigTextEdit edit = new KubeconfigTextEdit(text);
        for (KubeconfigChange change : changes) {
            boolean done;
            if (change instanceof KubeconfigChange.SetValue set) {
                done = edit.setValue(top, set);
            } else if (change instanceof KubeconfigChange.PutEntry put) {
                done = edit.putEntry(top, put);
            } else {
                done = edit.removeEntries(top, (KubeconfigChange.RemoveEntries) change);
            }
            if (!done) {
                return Optional.empty();
            }
        }
        return edit.assemble();
    }

    /**
     * {@code text} with {@code whole} (a complete kubeconfig) after it: for a file that holds no document
     * yet (empty, or only comments), whose comments then stay above the new content.
     */
    static String append(String text, String whole) {
        if (text.isEmpty()) {
            return whole;
        }
        String eol = text.contains("\r\n") ? "\r\n" : "\n";
        boolean atLineStart = text.endsWith("\n") || text.endsWith("\r");
        return text + (atLineStart ? "" : eol) + whole.replace("\n", eol);
    }

    private boolean setValue(MappingNode top, KubeconfigChange.SetValue set) {
        Optional<NodeTuple> found;
        try {
            found = tuple(top, set.key());
        } catch (DuplicateKey e) {
            return false;
        }
        if (found.isEmpty()) {
            appendTopLevel(top, List.of(set.key() + ": " + scalar(set.value())));
            return true;
        }
        if (set.onlyIfAbsent()) {
            return true;
        }
        if (!(found.get().getValueNode() instanceof ScalarNode value)) {
            return false;
        }
        int start = at(value.getStartMark());
        int end = at(value.getEndMark());
        if (start == end) {
            // An empty value ("key:") sits right after the colon.
            if (start == 0 || text.charAt(start - 1) != ':') {
                return false;
            }
            splice(start, start, " " + scalar(set.value()), false, TOP_LEVEL);
        } else {
            splice(start, end, scalar(set.value()) + (atLineStart(end) ? eol : ""), false, TOP_LEVEL);
        }
        return true;
    }

    private boolean putEntry(MappingNode top, KubeconfigChange.PutEntry put) {
        Optional<NodeTuple> found;
        try {
            found = tuple(top, put.section());
        } catch (DuplicateKey e) {
            return false;
        }
        List<String> entry = KubeconfigYaml.write(put.entry()).lines().toList();
        int topColumn = top.getStartMark().getColumn();
        if (found.isEmpty()) {
            List<String> lines = new ArrayList<>();
            lines.add(put.section() + ":");
            lines.addAll(listItem(entry, 0));
            appendTopLevel(top, lines);
            return true;
        }
        Node value = found.get().getValueNode();
        if (isEmpty(value)) {
            // "clusters:", "clusters: null" or "clusters: []": the value goes, the entry comes on the next line.
            int afterColon = afterColonBefore(at(value.getStartMark()));
            int end = at(value.getEndMark());
            if (afterColon < 0) {
                return false;
            }
            if (afterColon < end) {
                splice(afterColon, end, "", false, IN_LIST);
            }
            splice(lineEndAfter(end), lineEndAfter(end), lines(listItem(entry, topColumn)), true, IN_LIST);
            return true;
        }
        if (!(value instanceof SequenceNode list) || list.getFlowStyle() != FlowStyle.BLOCK) {
            return false;
        }
        List<Node> named = named(list, put.name());
        if (named.isEmpty()) {
            Node first = list.getValue().get(0);
            Node last = list.getValue().get(list.getValue().size() - 1);
            int dash = dashOf(first);
            if (dash < 0) {
                return false;
            }
            int insertAt = lineEndAfter(contentEnd(last));
            splice(insertAt, insertAt, lines(listItem(entry, dash - lineStart(dash))), true, IN_LIST);
            return true;
        }
        Node replaced = named.get(0);
        int start = at(replaced.getStartMark());
        int end = contentEnd(replaced);
        String indent = " ".repeat(replaced.getStartMark().getColumn());
        splice(start, end, String.join(eol + indent, entry) + (atLineStart(end) ? eol : ""), false, IN_LIST);
        for (Node duplicate : named.subList(1, named.size())) {
            if (!removeItem(duplicate)) {
                return false;
            }
        }
        return true;
    }

    private boolean removeEntries(MappingNode top, KubeconfigChange.RemoveEntries remove) {
        Optional<NodeTuple> found;
        try {
            found = tuple(top, remove.section());
        } catch (DuplicateKey e) {
            return false;
        }
        if (found.isEmpty() || !(found.get().getValueNode() instanceof SequenceNode list)) {
            return true; // nothing named there (the meaning says the same)
        }
        List<Node> named = named(list, remove.name());
        if (named.isEmpty()) {
            return true;
        }
        if (list.getFlowStyle() != FlowStyle.BLOCK) {
            return false;
        }
        for (Node item : named) {
            if (!removeItem(item)) {
                return false;
            }
        }
        if (named.size() == list.getValue().size()) {
            // An emptied list would read as null; kubectl reads both, but the meaning must stay a list.
            int afterColon = afterColonAfter(at(found.get().getKeyNode().getEndMark()));
            if (afterColon < 0) {
                return false;
            }
            splice(afterColon, afterColon, " []", false, IN_LIST);
        }
        return true;
    }

    /** Removes an item's lines, from its dash to the end of its last line (a comment there goes with it). */
    private boolean removeItem(Node item) {
        int dash = dashOf(item);
        int end = contentEnd(item);
        if (dash < 0 || !restOfLineIsBlank(end)) {
            return false;
        }
        splice(lineStart(dash), lineEndAfter(end), "", false, IN_LIST);
        return true;
    }

    private void appendTopLevel(MappingNode top, List<String> lines) {
        int insertAt = lineEndAfter(contentEnd(top));
        String indent = " ".repeat(top.getStartMark().getColumn());
        splice(insertAt, insertAt, lines(lines.stream().map(l -> indent + l).toList()), true, TOP_LEVEL);
    }

    /** A list item at dash column {@code column}: "- " before the first line, the others under it. */
    private static List<String> listItem(List<String> entry, int column) {
        String dash = " ".repeat(column) + "- ";
        String under = " ".repeat(column + 2);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < entry.size(); i++) {
            lines.add((i == 0 ? dash : under) + entry.get(i));
        }
        return lines;
    }

    private String lines(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append(eol));
        return sb.toString();
    }

    private void splice(int start, int end, String replacement, boolean ownLine, int rank) {
        splices.add(new Splice(start, end, replacement, ownLine, rank, splices.size()));
    }

    private Optional<String> assemble() {
        List<Splice> ordered = new ArrayList<>(splices);
        ordered.sort(Comparator.comparingInt(Splice::start).thenComparingInt(Splice::rank)
                .thenComparingInt(Splice::order));
        StringBuilder out = new StringBuilder(text.length() + 1024);
        int copied = 0;
        for (Splice s : ordered) {
            if (s.start() < copied) {
                return Optional.empty(); // two changes in one place: not a layout this class understands
            }
            out.append(text, copied, s.start());
            if (s.ownLine() && out.length() > 0 && !isBreak(out.charAt(out.length() - 1))) {
                out.append(eol);
            }
            out.append(s.text());
            copied = s.end();
        }
        out.append(text, copied, text.length());
        return Optional.of(out.toString());
    }

    /** The one top-level entry with that key. */
    private static Optional<NodeTuple> tuple(MappingNode map, String key) {
        NodeTuple found = null;
        for (NodeTuple tuple : map.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                if (found != null) {
                    throw new DuplicateKey();
                }
                found = tuple;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Thrown inside this class only: which of two equal keys counts is a reader's choice, not ours to edit. */
    private static final class DuplicateKey extends RuntimeException {
        DuplicateKey() {
            super(null, null, false, false);
        }
    }

    /** The items of {@code list} that are mappings whose {@code name} is the string {@code name}. */
    private static List<Node> named(SequenceNode list, String name) {
        List<Node> named = new ArrayList<>();
        for (Node item : list.getValue()) {
            if (!(item instanceof MappingNode entry)) {
                continue;
            }
            for (NodeTuple tuple : entry.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name")
                        && tuple.getValueNode() instanceof ScalarNode v && v.getTag().equals(Tag.STR)
                        && v.getValue().equals(name)) {
                    named.add(item);
                    break;
                }
            }
        }
        return named;
    }

    /** Null ("", "~", "null") or an empty flow list: a section with no entries yet. */
    private static boolean isEmpty(Node value) {
        if (value instanceof ScalarNode scalar) {
            return scalar.getTag().equals(Tag.NULL);
        }
        return value instanceof SequenceNode list && list.getValue().isEmpty()
                && list.getFlowStyle() == FlowStyle.FLOW;
    }

    /**
     * Where a node's own text ends. A block collection's end mark lies at the next token, past any comments
     * and blank lines that follow it, so its last child's end is taken instead.
     */
    private int contentEnd(Node node) {
        if (node instanceof CollectionNode<?> collection && collection.getFlowStyle() == FlowStyle.BLOCK) {
            if (node instanceof MappingNode map && !map.getValue().isEmpty()) {
                return contentEnd(map.getValue().get(map.getValue().size() - 1).getValueNode());
            }
            if (node instanceof SequenceNode list && !list.getValue().isEmpty()) {
                return contentEnd(list.getValue().get(list.getValue().size() - 1));
            }
        }
        return at(node.getEndMark());
    }

    /** The position of the '-' that starts a block list item, if it is the first thing on its line; else -1. */
    private int dashOf(Node item) {
        int i = at(item.getStartMark()) - 1;
        while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || isBreak(text.charAt(i)))) {
            i--;
        }
        if (i < 0 || text.charAt(i) != '-') {
            return -1;
        }
        for (int j = lineStart(i); j < i; j++) {
            if (text.charAt(j) != ' ') {
                return -1;
            }
        }
        return i;
    }

    /** After the colon that ends the key before {@code valueStart} ("key: value"), or -1. */
    private int afterColonBefore(int valueStart) {
        int i = valueStart - 1;
        while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i--;
        }
        return i >= 0 && text.charAt(i) == ':' ? i + 1 : -1;
    }

    /** After the colon that follows a key ending at {@code keyEnd}, or -1. */
    private int afterColonAfter(int keyEnd) {
        int i = keyEnd;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i < text.length() && text.charAt(i) == ':' ? i + 1 : -1;
    }

    private int lineStart(int pos) {
        int i = pos;
        while (i > 0 && !isBreak(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    /** The start of the line after the one {@code pos} is on; {@code pos} itself if it starts a line. */
    private int lineEndAfter(int pos) {
        if (atLineStart(pos)) {
            return pos;
        }
        int i = pos;
        while (i < text.length() && !isBreak(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            return i + 2;
        }
        return Math.min(i + 1, text.length());
    }

    private boolean atLineStart(int pos) {
        return pos == 0 || isBreak(text.charAt(pos - 1));
    }

    /** Only blanks, or a comment, between {@code pos} and the end of its line. */
    private boolean restOfLineIsBlank(int pos) {
        if (atLineStart(pos)) {
            return true;
        }
        for (int i = pos; i < text.length() && !isBreak(text.charAt(i)); i++) {
            char c = text.charAt(i);
            if (c == '#') {
                return true;
            }
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private static boolean isBreak(char c) {
        return c == '\n' || c == '\r';
    }

    /** A mark's position as a String index (SnakeYAML counts code points). */
    private int at(Mark mark) {
        return supplementary ? text.offsetByCodePoints(0, mark.getIndex()) : mark.getIndex();
    }

    /** A string value as kubectl would read it back: plain where that is unambiguous, else double-quoted. */
    static String scalar(String value) {
        if (PLAIN.matcher(value).matches() && !YAML11_WORDS.contains(value.toLowerCase(Locale.ROOT))) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
