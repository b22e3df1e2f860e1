package io.smartmigration.internal.ledger.s3;

import io.smartmigration.internal.ledger.HistoryCodec;
import io.smartmigration.internal.ledger.HistoryCodec.Malformed;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;

/**
 * The S3 ledger's JSON, read and written with jackson-core's streaming API (no data binding).
 * Anyone with write access to the bucket can shape these objects, so reading is strict and
 * bounded: jackson-core's defaults refuse what a lenient parser would guess at (comments, single
 * quotes, unquoted names, trailing commas, leading zeros, NaN, control characters in strings,
 * trailing content), the bytes must be valid UTF-8, a member may not appear twice, and
 * {@link StreamReadConstraints} bound the nesting ({@value #MAX_DEPTH} levels), the document
 * ({@value #MAX_DOCUMENT_BYTES} bytes), strings and numbers. Every refusal is a {@link Malformed}.
 *
 * <p>Values map to {@code Map<String, Object>} (insertion ordered), {@code List<Object>},
 * {@code String}, {@code Long} (integers that fit) or {@code BigDecimal} (other numbers),
 * {@code Boolean} and {@code null}. Writing is two-space indented for people; surrogate characters
 * are written as {@code \\u} escapes, so a string cut inside a pair still encodes as UTF-8.
 *
 * <pre>{@code
 * Map<String, Object> doc = Json.parseObject(bytes);
 * byte[] out = Json.write(doc);
 * }</pre>
 */
final class Json {

    static final int MAX_DEPTH = 64;
    static final long MAX_DOCUMENT_BYTES = 64L * 1024 * 1024;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_DOCUMENT_BYTES)
                    .maxStringLength(16 * 1024 * 1024)
                    .maxNameLength(1024)
                    .maxNumberLength(100)
                    .build())
            .build();

    private Json() {
    }

    /** Parses one JSON object; a {@link Malformed} when the bytes are anything else. */
    static Map<String, Object> parseObject(byte[] utf8) {
        Object value = parse(utf8);
        if (!(value instanceof Map<?, ?>)) {
            throw new Malformed("the top level is " + kind(value) + ", expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }

    static Object parse(byte[] utf8) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("it is not valid UTF-8 text");
        }
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new Malformed("it is not valid JSON: no value at all");
            }
            Object value = value(parser, first);
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new Malformed("it is not valid JSON: unexpected content after the JSON value, at "
                        + parser.currentLocation().offsetDescription());
            }
            return value;
        } catch (StreamConstraintsException e) {
            String limit = e.getOriginalMessage().contains("nesting depth")
                    ? "nesting deeper than " + MAX_DEPTH + " levels" : e.getOriginalMessage();
            throw new Malformed("it is not valid JSON for a ledger: " + limit);
        } catch (JacksonException e) {
            throw new Malformed("it is not valid JSON: " + e.getOriginalMessage() + " at "
                    + (e.getLocation() == null ? "an unknown position" : e.getLocation().offsetDescription()));
        }
    }

    private static Object value(JsonParser parser, JsonToken token) {
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? new BigDecimal(parser.getBigIntegerValue()) : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new Malformed("it is not valid JSON: unexpected " + token + " at "
                    + parser.currentLocation().offsetDescription());
        };
    }

    private static Map<String, Object> object(JsonParser parser) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            Object value = value(parser, parser.nextToken());
            if (members.containsKey(name)) {
                throw new Malformed("it is not valid JSON for a ledger: the member \"" + name + "\" appears twice");
            }
            members.put(name, value);
        }
        return members;
    }

    private static List<Object> array(JsonParser parser) {
        List<Object> items = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            items.add(value(parser, token));
        }
        return items;
    }

    /** What a parsed value is, in a message: "a string", "an object", ... */
    static String kind(Object value) {
        return HistoryCodec.kind(value);
    }

    // ----------------------------------------------------------------------------------------- writing

    /** Writes a value made of maps, lists, strings, numbers, booleans and nulls, two-space indented. */
    static byte[] write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(WRITE_CONTEXT, out)) {
            write(g, value);
        }
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator g, Object value) {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Long || value instanceof Integer) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> member : map.entrySet()) {
                g.writeName((String) member.getKey());
                write(g, member.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                write(g, item);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    /** Two-space indentation with "\n" (not the platform's line separator), {@code "name": value}. */
    private static final ObjectWriteContext WRITE_CONTEXT = new ObjectWriteContext.Base() {
        private final DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        private final PrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        private final CharacterEscapes escapes = new SurrogateEscapes();

        @Override
        public PrettyPrinter getPrettyPrinter() {
            return ((DefaultPrettyPrinter) printer).createInstance();
        }

        @Override
        public boolean hasPrettyPrinter() {
            return true;
        }

        @Override
        public CharacterEscapes getCharacterEscapes() {
            return escapes;
        }
    };

    /** JSON's own escapes, plus {@code \\uXXXX} for every surrogate character (UTF-8 cannot encode a lone one). */
    private static final class SurrogateEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return Character.isSurrogate((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
