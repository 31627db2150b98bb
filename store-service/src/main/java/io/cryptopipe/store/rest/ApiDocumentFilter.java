package io.cryptopipe.store.rest;

import io.cryptopipe.contract.RawField;
import io.cryptopipe.store.config.QueryConfig;
import io.cryptopipe.store.model.CoinSummary;
import io.cryptopipe.store.query.Step;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.smallrye.config.SmallRyeConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * Writes into the OpenAPI document, when the service starts, the parts of the API's rules that come from its
 * configuration or from code rather than constants: the page size and its maximum, the most ids a filter may name
 * (both {@link QueryConfig}) and the steps a price series takes ({@link Step}). So {@code /q/openapi} states the
 * limits this instance enforces, whatever they are set to. And which figures of a coin's latest observation may be
 * null: those the market record's field table ({@link RawField}) lets a valid record leave null. And the 414 every
 * operation answers to a request line longer than the HTTP server reads, which no request the document allows reaches.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ApiDocumentFilter implements OASFilter {

    private static final String MAX_REQUEST_LINE = "quarkus.http.limits.max-initial-line-length";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        SmallRyeConfig settings = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        QueryConfig config = settings.getConfigMapping(QueryConfig.class);
        Operation coins = openAPI.getPaths().getPathItem("/api/coins").getGET();
        schema(coins, "limit").minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(config.maxCoinsPageSize()))
                .defaultValue(config.coinsPageSize());
        schema(coins, "ids").maxItems(config.maxCoinsPageSize())
                .items(OASFactory.createSchema().addType(Schema.SchemaType.STRING).pattern(CoinResource.COIN_ID));
        Operation prices = openAPI.getPaths().getPathItem("/api/coins/{id}/prices").getGET();
        schema(prices, "step").enumeration(Arrays.stream(Step.values()).map(s -> (Object) s.label()).toList());
        openAPI.getComponents().getSchemas().get(CoinSummary.class.getSimpleName()).getProperties().forEach(
                (name, property) -> RawField.named(name).filter(RawField::nullable)
                        .ifPresent(field -> property.addType(Schema.SchemaType.NULL)));
        String longest = settings.getValue(MAX_REQUEST_LINE, String.class);
        openAPI.getPaths().getPathItems().values().forEach(path -> path.getOperations().values().forEach(operation ->
                operation.getResponses().addAPIResponse("414", OASFactory.createAPIResponse().description(
                        "URI Too Long, without a body: the request line is longer than " + longest + " bytes ("
                                + MAX_REQUEST_LINE + "). Every request this document allows is shorter."))));
    }

    private static Schema schema(Operation operation, String name) {
        List<Parameter> parameters = operation.getParameters();
        return parameters.stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException(operation.getOperationId() + " has no parameter " + name))
                .getSchema();
    }
}
