package io.smartmigration.internal;

import java.util.Map;
import java.util.StringJoiner;

/**
 * Keeps user data out of logs and messages in bulk: whatever a checkpoint value, an exception
 * message, a document or a history holds, what the library logs or puts in a message is cut to a
 * size a log line can carry. Cut text ends with a marker saying how long it was.
 */
public final class LogText {

    /** A value quoted in a log line or message: a checkpoint value, an {@code _id}, a key. */
    public static final int VALUE = 200;
    /** A cause's message quoted in a log line or message. */
    public static final int MESSAGE = 1_000;
    /** A ledger's content quoted in a LEDGER_CORRUPT message. */
    public static final int CONTENT = 500;
    /** A report (history validation) in one log line. */
    public static final int REPORT = 3_000;
    /** At most this many checkpoint entries are listed in one line. */
    private static final int ENTRIES = 5;

    private LogText() {
    }

    /** {@code text} cut to {@value #MESSAGE} characters. */
    public static String cut(String text) {
        return cut(text, MESSAGE);
    }

    /** {@code text} cut to {@code max} characters, with a marker giving its full length. */
    public static String cut(String text, int max) {
        if (text == null) {
            return "null";
        }
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "... [" + text.length() + " chars, cut]";
    }

    /** {@code value.toString()} cut to {@value #VALUE} characters. */
    public static String value(Object value) {
        return cut(String.valueOf(value), VALUE);
    }

    /** A throwable as {@code Type: message}, the message cut to {@value #MESSAGE} characters. */
    public static String of(Throwable e) {
        String message = e.getLocalizedMessage();
        return e.getClass().getName() + (message == null ? "" : ": " + cut(message));
    }

    /**
     * {@code e} to attach to a log event (its stack trace printed), or null when some message in its
     * cause chain is too long to print: the event then carries {@link #of(Throwable)} only.
     */
    public static Throwable attachable(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            String message = t.getMessage();
            if (message != null && message.length() > MESSAGE) {
                return null;
            }
        }
        return e;
    }

    /**
     * A checkpoint for a log line: its keys with the size of each value and the start of it, at most
     * {@value #ENTRIES} entries: {@code {documents:1:users:lastId=(12 chars) {"v": 4711}, ...}}.
     */
    public static String checkpoint(Map<String, String> data) {
        StringJoiner line = new StringJoiner(", ", "{", "}");
        int shown = 0;
        for (Map.Entry<String, String> entry : data.entrySet()) {
            if (shown++ == ENTRIES) {
                line.add("... " + (data.size() - ENTRIES) + " more keys");
                break;
            }
            String value = entry.getValue();
            line.add(cut(entry.getKey(), VALUE) + "=(" + (value == null ? 0 : value.length()) + " chars) "
                    + cut(value, VALUE));
        }
        return line.toString();
    }
}
