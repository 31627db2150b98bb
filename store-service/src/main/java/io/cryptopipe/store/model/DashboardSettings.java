package io.cryptopipe.store.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the dashboard page needs to know about the service.
 */
public record DashboardSettings(@JsonProperty("refresh_seconds") long refreshSeconds,
                                @JsonProperty("max_points") int maxPoints) {
}
