package io.smartmigration.internal;

import java.net.InetAddress;
import java.util.UUID;

/** Names this process in locks and history: {@code host/pid/random}. */
public final class InstanceIds {

    private static final String HOST = resolveHost();

    private InstanceIds() {
    }

    public static String host() {
        return HOST;
    }

    public static String newInstanceId() {
        return HOST + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String resolveHost() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
