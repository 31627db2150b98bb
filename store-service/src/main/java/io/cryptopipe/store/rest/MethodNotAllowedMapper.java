package io.cryptopipe.store.rest;

import io.cryptopipe.store.model.ApiError;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Set;

/**
 * A method a resource path does not answer: 405 with the {@code Allow} header RFC 9110 requires, listing the methods
 * the path does answer, and the API's JSON error ({@code method_not_allowed}).
 */
public class MethodNotAllowedMapper {

    private final AllowedMethods allowedMethods;

    MethodNotAllowedMapper(AllowedMethods allowedMethods) {
        this.allowedMethods = allowedMethods;
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e, ContainerRequestContext request) {
        Set<String> allowed = allowedMethods.forPath(request.getUriInfo().getPath());
        ApiError error = new ApiError(405, "method_not_allowed",
                request.getMethod() + " is not answered here; " + String.join(", ", allowed) + " are");
        return Response.status(error.status()).allow(allowed).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
