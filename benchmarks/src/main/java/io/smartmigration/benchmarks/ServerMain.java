package io.smartmigration.benchmarks;

import io.smartmigration.embedded.EmbeddedMongo;
import io.smartmigration.embedded.EmbeddedS3;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The embedded servers, in a JVM of their own, so the benchmark JVM's heap and GC hold the
 * clients and the runner only (as with a real MongoDB and S3 in other processes).
 *
 * <ul>
 *   <li>no argument: starts both servers, prints {@code READY <mongo port> <s3 port>}, serves until
 *       its standard input closes;</li>
 *   <li>{@code --startup N}: prints the start time of each server as the first in this fresh JVM
 *       (class loading included), then of N more started and closed one after the other.</li>
 * </ul>
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--startup")) {
            startup(Integer.parseInt(args[1]));
            return;
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(); EmbeddedS3 s3 = EmbeddedS3.inMemory()) {
            System.out.println("READY " + mongo.port() + " " + s3.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the benchmark closes our standard input (or dies)
            }
        }
    }

    private static void startup(int warm) {
        long t = System.nanoTime();
        EmbeddedMongo.inMemory().close();
        double coldMongo = Stats.millisSince(t);
        t = System.nanoTime();
        EmbeddedS3.inMemory().close();
        double coldS3 = Stats.millisSince(t);
        List<Double> mongo = new ArrayList<>();
        List<Double> s3 = new ArrayList<>();
        for (int i = 0; i < warm; i++) {
            t = System.nanoTime();
            EmbeddedMongo m = EmbeddedMongo.inMemory();
            mongo.add(Stats.millisSince(t));
            m.close();
            t = System.nanoTime();
            EmbeddedS3 s = EmbeddedS3.inMemory();
            s3.add(Stats.millisSince(t));
            s.close();
        }
        System.out.println("COLD " + fmt(coldMongo) + " " + fmt(coldS3));
        System.out.println("MONGO " + mongo.stream().map(ServerMain::fmt).collect(Collectors.joining(",")));
        System.out.println("S3 " + s3.stream().map(ServerMain::fmt).collect(Collectors.joining(",")));
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.3f", ms);
    }
}
