package io.cryptopipe.store.rest;

import io.cryptopipe.store.config.QueryConfig;
import io.cryptopipe.store.model.DashboardSettings;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Settings the dashboard page reads at load, so that its refresh follows the configured poll interval.
 */
@Path("/api/dashboard/settings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dashboard")
public class DashboardSettingsResource {

    private final QueryConfig config;

    DashboardSettingsResource(QueryConfig config) {
        this.config = config;
    }

    @GET
    @Operation(summary = "How often the dashboard reloads, and the point limit of a price series")
    public DashboardSettings settings() {
        return new DashboardSettings(Math.max(1, config.dashboardRefresh().toSeconds()), config.maxPoints());
    }
}
