package io.cryptopipe.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback address, for the parts a test or the local stack starts on "any port". */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** A port free at the time of the call (another process may take it before it is bound again). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
