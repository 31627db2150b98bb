package io.cryptopipe.faults;

import io.cryptopipe.localstack.MongoWireServer;

import java.util.concurrent.CountDownLatch;

/**
 * The in-memory MongoDB wire server of the local stack as a process of its own, so that the CPU and memory it
 * spends on each document can be read apart from the clients': {@code WireServerMain <port>}. Runs until killed.
 */
public final class WireServerMain {

    private WireServerMain() {
    }

    public static void main(String[] args) throws Exception {
        MongoWireServer server = new MongoWireServer(null, Integer.parseInt(args[0])).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        new CountDownLatch(1).await();
    }
}
