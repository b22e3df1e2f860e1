package io.smartmigration.safety;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;

/**
 * Every command a client sends, as sent: mongo-java-server ignores write concern, read concern and
 * read preference, so what the ledger asks for can only be checked on the wire.
 */
final class CommandLog implements CommandListener {

    /** One command: its name, the collection it names (if any), the whole document sent. */
    record Sent(String name, String collection, BsonDocument command) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        BsonDocument command = event.getCommand().clone();
        String name = event.getCommandName();
        String collection = command.isString(name) ? command.getString(name).getValue() : "";
        sent.add(new Sent(name, collection, command));
    }

    List<Sent> all() {
        return List.copyOf(sent);
    }

    /** The commands sent to {@code collection} (the ledger's: {@code smartmigration_ledger}). */
    List<Sent> on(String collection) {
        return sent.stream().filter(s -> s.collection().equals(collection)).toList();
    }

    List<Sent> named(String name) {
        return sent.stream().filter(s -> s.name().equals(name)).toList();
    }

    void clear() {
        sent.clear();
    }
}
