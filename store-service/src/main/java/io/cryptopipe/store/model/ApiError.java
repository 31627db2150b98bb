package io.cryptopipe.store.model;

/**
 * The body of every refused API request.
 *
 * @param error   a stable code a client can branch on, e.g. {@code invalid_range}
 * @param message what was wrong, for a human
 */
public record ApiError(int status, String error, String message) {
}
