package dev.jminikube.core.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.ControlCharacters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A JSON or YAML file jminikube writes for itself and reads back later ({@code cluster.json}, {@code addons.json},
 * {@code config.yaml}, ...). Every such file is read here, so a damaged one is always reported the same way: as
 * {@link Reason#STATE_FILE_CORRUPT} naming the file, what is wrong with it (the line, and the field when known) and
 * what to do about it; never as "a bug in jminikube", and never read as a default. A value of the wrong type (a
 * string where a boolean belongs) is an error, not coerced: {@code "yes"} must not quietly become {@code false}.
 *
 * <p>Fields the reader does not know are ignored, so a file written by a newer jminikube still reads. Fields missing
 * from the file take the type's default; each file checks afterwards what it cannot do without
 * ({@link #damaged(String, String)}).
 *
 * @param fix what the user should do about a damaged file, one sentence; it should say what deleting the file
 *            costs, or name the command that starts afresh (e.g. {@code jminikube delete -p NAME})
 */
public record StateFile(Path path, Format format, String fix) {
    public enum Format {
        JSON, YAML
    }

    public StateFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(fix, "fix");
    }

    /**
     * The mappers live in holders so that Jackson (several hundred classes, a good part of a short command's
     * start-up) is loaded only once there is a file to parse: {@code status} of a profile that does not exist
     * never needs it.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = strict(JsonMapper.builder()).build();
    }

    private static final class Yaml {
        static final ObjectMapper MAPPER = strict(YAMLMapper.builder(new YAMLFactory())).build();
    }

    private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> B strict(
            B builder) {
        return builder
                // "yes" for a boolean, "2" for a number: the file was edited or damaged; say so instead of guessing.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // A second document or garbage after the first is damage too.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Forward compatibility: a newer jminikube may add fields.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The file's content as {@code type}; empty when there is no file. */
    public <T> Optional<T> read(Class<T> type) {
        if (Files.isDirectory(path)) {
            throw damaged("is a directory, not a " + format + " file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot read " + path + ": " + e.getMessage(), e);
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw damaged("is empty");
        }
        ObjectMapper mapper = format == Format.JSON ? Json.MAPPER : Yaml.MAPPER;
        T value;
        // The parser is closed only after the problem is described: it still stands on the value that did not fit.
        try (JsonParser parser = mapper.createParser(bytes)) {
            try {
                value = mapper.readValue(parser, type);
            } catch (IOException e) {
                throw new JmkException(Reason.STATE_FILE_CORRUPT, path + " is damaged: " + problem(e), fix, null, e);
            }
        } catch (IOException e) {
            throw new JmkException(Reason.STATE_FILE_CORRUPT, path + " is damaged: " + problem(e), fix, null, e);
        }
        if (value == null) {
            throw damaged("holds null instead of " + format + " settings");
        }
        return Optional.of(value);
    }

    /** The error for a file that parsed but holds something it must not (a field's value checked after reading). */
    public JmkException damaged(String problem) {
        return new JmkException(Reason.STATE_FILE_CORRUPT, path + " is damaged: it " + problem, fix, null, null);
    }

    /** As {@link #damaged(String)}, for one field: "field 'enabled.coredns' is ...". */
    public JmkException damaged(String field, String problem) {
        return new JmkException(Reason.STATE_FILE_CORRUPT, path + " is damaged: field '" + field + "' " + problem,
                fix, null, null);
    }

    /** What is wrong, in one line, with where when the parser knows. */
    static String problem(IOException e) {
        if (e instanceof JsonMappingException && e.getCause() instanceof StreamReadException syntax) {
            return problem(syntax); // a syntax error met while binding a field (e.g. the file ends inside an object)
        }
        if (e instanceof JsonEOFException eof) {
            return "it ends early" + at(eof.getLocation()) + " (cut off while being written?)";
        }
        if (e instanceof StreamReadException syntax) {
            return "it is not valid " + kind(syntax) + at(syntax.getLocation()) + ": " + firstLine(syntax.getOriginalMessage());
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = fieldPath(mismatch);
            String expected = "expected " + describe(mismatch.getTargetType());
            String found = e instanceof InvalidFormatException invalid ? ", found " + shown(invalid.getValue())
                    : found(mismatch);
            return (field.isEmpty() ? "its content" : "field '" + field + "'") + at(mismatch.getLocation()) + ": "
                    + expected + found;
        }
        if (e instanceof ValueInstantiationException instantiation) {
            Throwable cause = instantiation.getCause();
            String field = fieldPath(instantiation);
            // Records refuse a missing required field with Objects.requireNonNull(field, "field").
            if (cause instanceof NullPointerException npe && npe.getMessage() != null
                    && npe.getMessage().matches("[A-Za-z][A-Za-z0-9]*")) {
                return "the required field '" + npe.getMessage() + "' is missing"
                        + (field.isEmpty() ? "" : " in '" + field + "'");
            }
            return (field.isEmpty() ? "its content" : "field '" + field + "'") + " is not valid"
                    + at(instantiation.getLocation()) + ": "
                    + firstLine(cause == null ? instantiation.getOriginalMessage() : cause.getMessage());
        }
        if (e instanceof JsonMappingException mapping) {
            String field = fieldPath(mapping);
            return (field.isEmpty() ? "its content" : "field '" + field + "'") + " cannot be read"
                    + at(mapping.getLocation()) + ": " + firstLine(mapping.getOriginalMessage());
        }
        if (e instanceof JsonProcessingException processing) {
            return firstLine(processing.getOriginalMessage());
        }
        return firstLine(e.getMessage());
    }

    private static String kind(StreamReadException e) {
        return e.getProcessor() instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser ? "YAML" : "JSON";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + (location.getColumnNr() > 0 ? ", column " + location.getColumnNr() : "");
    }

    /** {@code enabled.coredns}, {@code ports[1].hostPort}. */
    private static String fieldPath(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return ControlCharacters.escape(out.toString()); // keys are the file's text, which may hold anything
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (type == String.class || type == Path.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object (key: value)";
        }
        return "a " + type.getSimpleName();
    }

    /** What the parser stood on when the value did not fit, e.g. ", found the string \"yes\"". */
    private static String found(MismatchedInputException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return "";
        }
        JsonToken token = parser.currentToken();
        if (token == null) {
            return "";
        }
        try {
            return switch (token) {
                case VALUE_STRING -> ", found the string " + shown(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> ", found the number " + parser.getText();
                case VALUE_TRUE, VALUE_FALSE -> ", found " + parser.getText();
                case VALUE_NULL -> ", found null";
                case START_ARRAY -> ", found a list";
                case START_OBJECT -> ", found an object";
                default -> "";
            };
        } catch (IOException ignored) {
            return "";
        }
    }

    private static String shown(Object value) {
        String text = String.valueOf(value);
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return "\"" + ControlCharacters.escape(text) + "\"";
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable";
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return ControlCharacters.escape(line);
    }
}
