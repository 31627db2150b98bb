package io.cryptopipe.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * A TCP proxy on a free loopback port in front of a server (e.g. the MongoDB wire server) that can stop passing the
 * server's replies on while it keeps accepting connections and forwarding requests: what a client sees of a
 * half-open connection or of a server that stops answering mid-operation. Nothing is closed, nothing is refused,
 * the replies simply do not come; {@link #resume()} lets the held ones and all further ones through.
 */
public final class StallingProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StallingProxy.class.getName());

    private final int targetPort;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "stalling-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private boolean stalled;
    private volatile boolean closed;

    public StallingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** A MongoDB connection string that goes through this proxy. */
    public String mongoConnectionString() {
        return "mongodb://127.0.0.1:" + port();
    }

    /** From now on, no byte of any reply reaches a client; requests still reach the server. */
    public void stallReplies() {
        synchronized (gate) {
            stalled = true;
        }
        LOG.info("replies stalled");
    }

    /** Replies flow again, the held ones first. */
    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
        LOG.info("replies flow again");
    }

    @Override
    public void close() {
        closed = true;
        resume();
        closeQuietly(listener);
        sockets.forEach(StallingProxy::closeQuietly);
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                sockets.add(client);
                sockets.add(server);
                threads.execute(() -> pump(client, server, false));
                threads.execute(() -> pump(server, client, true));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warning("proxy connection failed: " + e.getMessage());
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean replies) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (replies) {
                    awaitFlowing();
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // One side closed (the client gave up on its connection, or the proxy stops): close the other too.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void awaitFlowing() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !closed) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
