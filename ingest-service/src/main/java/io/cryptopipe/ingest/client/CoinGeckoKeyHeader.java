package io.cryptopipe.ingest.client;

import io.cryptopipe.ingest.config.CoinGeckoAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import java.util.Optional;

/**
 * Adds the API key to every CoinGecko request, in the header of the plan in use ({@code x-cg-demo-api-key} or
 * {@code x-cg-pro-api-key}), or no header at all on the keyless plan. Set here once, so no method of
 * {@link CoinGeckoApi} carries the key as a parameter, where it would show in every call site and stack frame.
 * The key is never logged: this class only puts it on the request.
 */
@ApplicationScoped
public class CoinGeckoKeyHeader implements ClientHeadersFactory {

    private final Optional<CoinGeckoAccess.KeyHeader> header;

    CoinGeckoKeyHeader(CoinGeckoAccess access) {
        this.header = access.keyHeader();
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incomingHeaders,
            MultivaluedMap<String, String> clientOutgoingHeaders) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        header.ifPresent(key -> headers.putSingle(key.name(), key.value()));
        return headers;
    }

    @Override
    public String toString() {
        // Whatever prints this bean (a debugger, a CDI dump) must not print the key.
        return "CoinGeckoKeyHeader[" + header.map(CoinGeckoAccess.KeyHeader::name).orElse("no key header") + "]";
    }
}
