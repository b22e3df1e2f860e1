package io.smartmigration.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import software.amazon.awssdk.core.sync.RequestBody;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.smartmigration.embedded.EmbeddedS3;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** The embedded MongoDB and S3 servers of {@link ServerMain}, in a child JVM, and clients for them. */
final class Servers implements AutoCloseable {

    /** The child JVM's options: room for a million documents in memory, committed up front so that no pass pays for growing it. */
    static final List<String> SERVER_JVM_OPTIONS = List.of("-Xms3g", "-Xmx3g", "-XX:+UseG1GC");

    /** The Apache client's own default. */
    static final int DEFAULT_MAX_CONNECTIONS = 50;

    private final Process process;
    private final int mongoPort;
    private final int s3Port;
    private final MongoClient mongo;
    private final List<S3Client> s3Clients = new ArrayList<>();

    private Servers(Process process, int mongoPort, int s3Port) {
        this.process = process;
        this.mongoPort = mongoPort;
        this.s3Port = s3Port;
        this.mongo = newMongoClient();
    }

    static Servers start() throws IOException, InterruptedException {
        Process process = java(List.of()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("the server JVM did not report READY within 120 s", e);
        }
        if (line == null || !line.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IOException("the server JVM answered '" + line + "' instead of READY <mongo port> <s3 port>");
        }
        String[] parts = line.split(" ");
        return new Servers(process, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    /** A {@code java} command running {@link ServerMain} with {@code args} on this JVM's class path. */
    static ProcessBuilder java(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SERVER_JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerMain.class.getName());
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    /**
     * Exercises both servers and this JVM's clients before any row: the server JVM starts cold, and
     * the first thousands of requests run interpreted code on both sides.
     */
    void warmUp() {
        MongoCollection<Document> docs = mongo.getDatabase("warmup").getCollection("docs");
        for (int i = 0; i < 500; i++) {
            docs.replaceOne(Filters.eq("_id", i), new Document("_id", i).append("v", i), new ReplaceOptions().upsert(true));
        }
        for (int i = 0; i < 3000; i++) {
            docs.find(Filters.eq("_id", i % 500)).first();
        }
        S3Client s3 = newS3Client();
        s3.createBucket(b -> b.bucket("warmup"));
        for (int i = 0; i < 200; i++) {
            String key = "warmup/" + (i % 50);
            s3.putObject(b -> b.bucket("warmup").key(key), RequestBody.fromString("warm-up " + key));
            s3.getObjectAsBytes(b -> b.bucket("warmup").key(key));
            s3.listObjectsV2(b -> b.bucket("warmup").prefix("warmup/").maxKeys(10));
        }
    }

    MongoClient mongo() {
        return mongo;
    }

    int mongoPort() {
        return mongoPort;
    }

    int s3Port() {
        return s3Port;
    }

    /** A client of its own, as another application instance would have; closed with the servers. */
    MongoClient newMongoClient() {
        return newMongoClient(mongoPort);
    }

    /** A client of the MongoDB server at {@code port} of 127.0.0.1 (the server's, or a {@link LatencyProxy}'s); the caller closes it. */
    MongoClient newMongoClient(int port) {
        return MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString("mongodb://127.0.0.1:" + port))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS).readTimeout(120, TimeUnit.SECONDS))
                .build());
    }

    /** An S3 client (path style, the embedded server's credentials); closed with the servers. */
    synchronized S3Client newS3Client() {
        return newS3Client(s3Port, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * An S3 client of the server at {@code port} of 127.0.0.1 (the server's, or a {@link LatencyProxy}'s)
     * whose connection pool holds {@code maxConnections}; closed with the servers.
     */
    synchronized S3Client newS3Client(int port, int maxConnections) {
        S3Client client = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(EmbeddedS3.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClientBuilder(Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)).maxConnections(maxConnections))
                .build();
        s3Clients.add(client);
        return client;
    }

    @Override
    public synchronized void close() throws InterruptedException {
        mongo.close();
        s3Clients.forEach(S3Client::close);
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the child is gone already
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
