package io.smartmigration.test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * Proxies of the Mongo client, database and collections that tell a {@link StepProbe} after every write reached
 * the store. Collections and databases handed out by a proxy are proxies too.
 */
final class WriteCounting {

    private static final Set<String> MONGO_WRITES = Set.of(
            "insertOne", "insertMany", "updateOne", "updateMany", "replaceOne", "deleteOne", "deleteMany",
            "findOneAndUpdate", "findOneAndReplace", "findOneAndDelete", "bulkWrite", "createIndex", "createIndexes",
            "dropIndex", "dropIndexes", "drop", "renameCollection", "createCollection", "createView");

    private WriteCounting() {
    }

    static MongoClient client(MongoClient client, StepProbe probe) {
        return proxy(MongoClient.class, client, probe, Set.of());
    }

    static MongoDatabase database(MongoDatabase database, StepProbe probe) {
        return proxy(MongoDatabase.class, database, probe, MONGO_WRITES);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, StepProbe probe, Set<String> writes) {
        InvocationHandler handler = new Counting(target, probe, writes);
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private record Counting(Object target, StepProbe probe, Set<String> writes) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "write-counting " + target;
                };
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (writes.contains(method.getName())) {
                probe.wrote(method.getDeclaringClass().getSimpleName() + "." + method.getName());
            }
            return wrap(result);
        }

        private Object wrap(Object result) {
            if (result instanceof MongoCollection<?> collection) {
                return proxy(MongoCollection.class, collection, probe, MONGO_WRITES);
            }
            if (result instanceof MongoDatabase database) {
                return proxy(MongoDatabase.class, database, probe, MONGO_WRITES);
            }
            return result;
        }
    }
}
